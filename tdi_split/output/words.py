"""Every label and sentence tdi-split prints, in English and in French: one catalogue.

Keys are ``section.name`` (``explain.title``, ``schedule.need``) or a plain name for the
labels several commands share. A test checks that every key has both languages and the
same placeholders in each.
"""

from __future__ import annotations

from typing import Final

__all__ = ["WORDS", "Catalogue"]

Catalogue = dict[str, dict[str, str]]
"""Sentences by key, then by locale (``en``, ``fr``), with ``{placeholders}``."""

WORDS: Final[Catalogue] = {
    # common labels
    "funding_plan": {"en": "Funding plan", "fr": "Plan de financement"},
    "partners": {"en": "Partners' shares", "fr": "Répartition entre les partenaires"},
    "item": {"en": "Item", "fr": "Poste"},
    "basis": {"en": "Basis", "fr": "Base de calcul"},
    "amount": {"en": "Amount", "fr": "Montant"},
    "cost": {"en": "Cost of the post", "fr": "Coût du poste"},
    "net": {"en": "Partners (net cost)", "fr": "Partenaires (coût net)"},
    "partner": {"en": "Partner", "fr": "Partenaire"},
    "weight": {"en": "Weight", "fr": "Poids"},
    "total": {"en": "Total", "fr": "Total"},
    "note": {"en": "Note", "fr": "Remarque"},
    "year": {"en": "Year {index}", "fr": "Année {index}"},
    "months": {"en": "{months} months", "fr": "{months} mois"},
    "by_year": {"en": "{amounts} by year", "fr": "{amounts} par année"},
    "fixed_sum": {"en": "a fixed sum", "fr": "somme forfaitaire"},
    "limited_to_plan": {"en": ", limited to the {planned} voted", "fr": ", limitée aux {planned} votés"},
    "a_year_for": {"en": "{amount} a year × {months} months", "fr": "{amount} par an × {months} mois"},
    "rate_of": {"en": "{rate} of {base}", "fr": "{rate} de {base}"},
    "eligible": {"en": " (eligible ceiling)", "fr": " (dépense éligible plafonnée)"},
    "capped": {"en": ", capped at {cap}", "fr": ", plafonné à {cap}"},
    "not_capped": {"en": ", cap {cap} not reached", "fr": ", plafond de {cap} non atteint"},
    "net_basis": {"en": "{count} partners, key: {key}", "fr": "{count} partenaires, clé : {key}"},
    "fixed": {"en": "fixed, {amount} a year", "fr": "forfait de {amount} par an"},
    "no_pay": {"en": "does not contribute", "fr": "ne contribue pas"},
    "at_floor": {"en": "held at its floor", "fr": "maintenu à son plancher"},
    "at_ceiling": {"en": "held at its ceiling", "fr": "maintenu à son plafond"},
    "takes_part": {"en": "takes part in {years} only", "fr": "participe en {years} seulement"},
    "in_years": {"en": " ({years})", "fr": " ({years})"},
    "beneficiary": {"en": "beneficiary: {name}", "fr": "bénéficiaire : {name}"},
    "period": {"en": "{months} months", "fr": "{months} mois"},
    "equal": {"en": "equal shares", "fr": "parts égales"},
    "a_year": {"en": "a year", "fr": "par an"},
    "in_all": {"en": "in all", "fr": "au total"},
    "base": {"en": "base", "fr": "référence"},
    "absent": {"en": "absent", "fr": "absent"},
    "total_cost": {"en": "Total cost", "fr": "Coût total"},
    "net_cost": {"en": "Net cost", "fr": "Coût net"},
    "no_change": {"en": "no change", "fr": "aucun changement"},
    "comparison": {"en": "Scenarios compared with the base", "fr": "Scénarios comparés à la référence"},
    "sweep": {
        "en": "Annual amounts (first year) for each value of {path}",
        "fr": "Montants annuels (première année) pour chaque valeur de {path}",
    },
    # explain
    "explain.title": {
        "en": "How the share of {name} ({id}) is obtained",
        "fr": "Comment la participation de {name} ({id}) est obtenue",
    },
    "explain.total_cost": {"en": "Total cost", "fr": "Coût total"},
    "explain.cost_formula": {
        "en": "{annual} a year × {months} months / 12 = {total}",
        "fr": "{annual} par an × {months} mois / 12 = {total}",
    },
    "explain.rate_min": {
        "en": "{rate} of min({total}, eligible ceiling {ceiling}) = {rate} of {base} = {amount}",
        "fr": "{rate} de min({total} ; dépense éligible plafonnée à {ceiling}) = {rate} de {base} = {amount}",
    },
    "explain.cost_by_year": {"en": "{years} = {total}", "fr": "{years} = {total}"},
    "explain.fixed_sum": {
        "en": "a fixed sum over the period: {amount}",
        "fr": "une somme forfaitaire sur la période : {amount}",
    },
    "explain.limited": {
        "en": "recomputed on the actual cost, limited to the {planned} voted: {amount}",
        "fr": "recalculée sur le coût réel, limitée aux {planned} votés : {amount}",
    },
    "explain.rate_of": {"en": "{rate} of {base} = {amount}", "fr": "{rate} de {base} = {amount}"},
    "explain.cap_reached": {
        "en": "cap {cap}: reached, the subsidy is {amount}",
        "fr": "plafond de {cap} : atteint, la subvention est de {amount}",
    },
    "explain.cap_free": {"en": "cap {cap}: not reached", "fr": "plafond de {cap} : non atteint"},
    "explain.net": {"en": "Net cost", "fr": "Coût net"},
    "explain.net_formula": {"en": "{terms} = {net}", "fr": "{terms} = {net}"},
    "explain.net_years_cost": {
        "en": "split over the years in proportion to their costs: {years}",
        "fr": "réparti sur les années au prorata de leur coût : {years}",
    },
    "explain.net_years": {
        "en": "split over the years in proportion to their months: {years}",
        "fr": "réparti sur les années au prorata de leurs mois : {years}",
    },
    "explain.year_net": {"en": "year {index} ({months} months) {net}", "fr": "année {index} ({months} mois) {net}"},
    "explain.weight": {"en": "Weight of {name} in the key", "fr": "Poids de {name} dans la clé"},
    "explain.term": {
        "en": "{criterion}: {share} × {figure} / {total} = {value}",
        "fr": "{criterion} : {share} × {figure} / {total} = {value}",
    },
    "explain.term_single": {
        "en": "{criterion}: {figure} / {total} = {value}",
        "fr": "{criterion} : {figure} / {total} = {value}",
    },
    "explain.weight_is": {"en": "weight = {weight} ({percent})", "fr": "poids = {weight} ({percent})"},
    "explain.equal": {"en": "equal shares", "fr": "parts égales"},
    "explain.year": {"en": "Year {index} ({months} months)", "fr": "Année {index} ({months} mois)"},
    "explain.no_fixed": {
        "en": "no fixed contribution: the {count} keyed partners share {pool}",
        "fr": "aucune participation forfaitaire : les {count} partenaires à la clé se partagent {pool}",
    },
    "explain.with_fixed": {
        "en": "fixed contributions {fixed}: the {count} keyed partners share {net} − {fixed} = {pool}",
        "fr": "participations forfaitaires {fixed} : les {count} partenaires à la clé se partagent {net} − {fixed} = {pool}",
    },
    "explain.exact_plain": {
        "en": "exact share: {pool} × {weight} = {exact}",
        "fr": "part exacte : {pool} × {weight} = {exact}",
    },
    "explain.exact_lambda": {
        "en": "floors or ceilings hold some partners this year; the others share in proportion, with λ = {lam} so that all the shares add up to {pool}: λ × {weight} = {proportional}",
        "fr": "des planchers ou plafonds tiennent certains partenaires cette année ; les autres partagent au prorata, avec λ = {lam} pour que les parts fassent {pool} : λ × {weight} = {proportional}",
    },
    "explain.at_floor": {
        "en": "its floor for the year is {lower}: {proportional} is below it, so the share is held at {exact}",
        "fr": "son plancher pour l'année est de {lower} : {proportional} est en dessous, la part est donc tenue à {exact}",
    },
    "explain.at_ceiling": {
        "en": "its ceiling for the year is {upper}: {proportional} is above it, so the share is held at {exact}",
        "fr": "son plafond pour l'année est de {upper} : {proportional} est au-dessus, la part est donc tenue à {exact}",
    },
    "explain.within": {
        "en": "within its bounds ({bounds}): the share stays {exact}",
        "fr": "dans ses bornes ({bounds}) : la part reste {exact}",
    },
    "explain.exact_cents": {
        "en": "the exact share is a whole number of cents: no rounding",
        "fr": "la part exacte tombe au centime : pas d'arrondi",
    },
    "explain.lr_down": {
        "en": "rounded down to the cent: {down}, leaving {fraction} of a cent",
        "fr": "arrondi au centime inférieur : {down}, reste {fraction} centime",
    },
    "explain.lr_cent": {
        "en": "{left} left after rounding every share down, one each for the largest fractions of a cent: this one ranks {rank} of {count}, so it gets one more cent",
        "fr": "{left} après l'arrondi inférieur de toutes les parts, un pour chacune des plus grandes fractions de centime : celle-ci est au {rank} rang sur {count}, elle reçoit donc un centime de plus",
    },
    "explain.lr_none": {
        "en": "{left} left after rounding every share down, one each for the largest fractions of a cent: this one ranks {rank} of {count}, so it gets none",
        "fr": "{left} après l'arrondi inférieur de toutes les parts, un pour chacune des plus grandes fractions de centime : celle-ci est au {rank} rang sur {count}, elle n'en reçoit pas",
    },
    "explain.cents_left": {"en": "{count} cents were", "fr": "{count} centimes restaient"},
    "explain.cent_left": {"en": "1 cent was", "fr": "1 centime restait"},
    "explain.tie": {
        "en": "(equal fractions at the cut: the larger weight goes first, then the smaller id)",
        "fr": "(fractions égales à la limite : le plus gros poids passe d'abord, puis le plus petit identifiant)",
    },
    "explain.half_up": {"en": "rounded half-up to the cent", "fr": "arrondi au centime le plus proche"},
    "explain.half_up_difference": {
        "en": "it takes the rounding difference of the year ({difference})",
        "fr": "il prend la différence d'arrondi de l'année ({difference})",
    },
    "explain.amount": {"en": "amount for the year: {amount}", "fr": "montant de l'année : {amount}"},
    "explain.fixed": {
        "en": "pays a fixed {fixed} a year, outside the key: {fixed} × {months} / 12 = {amount}",
        "fr": "verse un forfait de {fixed} par an, hors clé : {fixed} × {months} / 12 = {amount}",
    },
    "explain.none": {
        "en": "does not contribute (contributes: false): it pays nothing",
        "fr": "ne contribue pas (contributes: false) : il ne verse rien",
    },
    "explain.in_all": {"en": "In all", "fr": "Au total"},
    "explain.sum": {"en": "{years} = {total}", "fr": "{years} = {total}"},
    # paragraph
    "paragraph.cost": {
        "en": "The post costs {annual} a year for {months} months, {total} in all.",
        "fr": "Le coût du poste est estimé à {annual} par an pendant {months} mois, soit {total} au total.",
    },
    "paragraph.cost_by_year": {
        "en": "The post costs {amounts} year by year, {total} in all.",
        "fr": "Le coût du poste est estimé à {amounts} année par année, soit {total} au total.",
    },
    "paragraph.subsidy_sum": {
        "en": " {name} pays a fixed sum of {amount}.",
        "fr": " {name} verse une somme forfaitaire de {amount}.",
    },
    "paragraph.subsidy": {
        "en": " {name} pays {rate} of {base}{eligible}{capped}, that is {amount}.",
        "fr": " {name} finance {rate} de {base}{eligible}{capped}, soit {amount}.",
    },
    "paragraph.eligible": {"en": " (eligible ceiling)", "fr": " (dépense éligible plafonnée)"},
    "paragraph.capped": {"en": ", capped at {cap}", "fr": ", plafonné à {cap}"},
    "paragraph.net": {
        "en": " The remaining {net} is shared among the partners.",
        "fr": " Le solde, {net}, est réparti entre les partenaires.",
    },
    "paragraph.keyed": {
        "en": " By the key ({key}), {name} weighs {percent} and pays {amounts}, {total} over the {months} months.",
        "fr": " Selon la clé de répartition ({key}), {name} représente {percent} et verse {amounts}, soit {total} sur {months} mois.",
    },
    "paragraph.fixed": {
        "en": " {name} pays a fixed {fixed} a year outside the key: {amounts}, {total} over the {months} months.",
        "fr": " {name} verse un forfait de {fixed} par an hors clé : {amounts}, soit {total} sur {months} mois.",
    },
    "paragraph.none": {
        "en": " {name} signs the agreement but does not contribute.",
        "fr": " {name} est signataire de la convention sans y contribuer financièrement.",
    },
    "paragraph.bound": {
        "en": " Its share is held at its {bound}.",
        "fr": " Sa participation est maintenue à son {bound}.",
    },
    "paragraph.years": {"en": "{amount} in year {index}", "fr": "{amount} l'année {index}"},
    "paragraph.same": {"en": "{amount} a year", "fr": "{amount} par an"},
    "paragraph.floor": {"en": "floor", "fr": "plancher"},
    "paragraph.ceiling": {"en": "ceiling", "fr": "plafond"},
    # schedule
    "schedule.period": {"en": "Period", "fr": "Période"},
    "schedule.cost": {"en": "Cost", "fr": "Dépense"},
    "schedule.contributions": {"en": "Contributions", "fr": "Participations"},
    "schedule.balance": {"en": "Balance", "fr": "Solde"},
    "schedule.treasury": {"en": "Treasury", "fr": "Trésorerie"},
    "schedule.total": {"en": "Total", "fr": "Total"},
    "schedule.month": {"en": "month {index}", "fr": "mois {index}"},
    "schedule.year": {"en": "year {index}", "fr": "année {index}"},
    "schedule.negative": {"en": "Pre-financing", "fr": "Préfinancement"},
    "schedule.need": {
        "en": "Lowest treasury {amount} at the end of {period}: the beneficiary pre-finances {need}.",
        "fr": "Trésorerie la plus basse {amount} à la fin de {period} : le bénéficiaire préfinance {need}.",
    },
    "schedule.no_need": {
        "en": "The treasury never goes below zero: no pre-financing is needed.",
        "fr": "La trésorerie ne passe jamais sous zéro : aucun préfinancement n'est nécessaire.",
    },
    "schedule.calls": {
        "en": "Contributions and subsidies received at the {when} of each year.",
        "fr": "Participations et subventions reçues en {when} de chaque année.",
    },
    "schedule.start": {"en": "start", "fr": "début"},
    "schedule.end": {"en": "end", "fr": "fin"},
    "schedule.sheet": {"en": "Treasury", "fr": "Trésorerie"},
    "change.with": {"en": "with {item}", "fr": "avec {item}"},
    "change.without": {"en": "without {item}", "fr": "sans {item}"},
    "change.none": {"en": "none", "fr": "aucune"},
    "change.true": {"en": "true", "fr": "oui"},
    "change.false": {"en": "false", "fr": "non"},
    "change.more": {"en": "and {count} more changes", "fr": "et {count} autres changements"},
    "revision_title": {"en": "Budgets compared with {rev}", "fr": "Budgets comparés à {rev}"},
    "revision_now": {"en": "now", "fr": "maintenant"},
    "revision_same": {"en": "no partner's total changes", "fr": "le total d'aucun partenaire ne change"},
    "revision_notice": {
        "en": "{count} partner(s) pay a different total than at {rev}",
        "fr": "{count} partenaire(s) paient un autre total qu'à {rev}",
    },
    # settle
    "settle.title": {"en": "Settlement on actual spending", "fr": "Solde sur dépenses réelles"},
    "settle.final": {
        "en": "final: every year's spending is certified",
        "fr": "définitif : les dépenses de chaque année sont certifiées",
    },
    "settle.provisional": {
        "en": "provisional: spending certified for {years}; the other years as planned",
        "fr": "provisoire : dépenses certifiées pour {years} ; les autres années comme prévu",
    },
    "settle.none_reported": {"en": "no year", "fr": "aucune année"},
    "settle.years": {"en": "Cost by year", "fr": "Coût par année"},
    "settle.planned_cost": {"en": "Planned cost", "fr": "Coût prévu"},
    "settle.actual_cost": {"en": "Actual cost", "fr": "Coût réel"},
    "settle.reported": {"en": "Certified", "fr": "Certifié"},
    "settle.yes": {"en": "yes", "fr": "oui"},
    "settle.no": {"en": "no", "fr": "non"},
    "settle.net": {"en": "Partners' net", "fr": "Reste à charge des partenaires"},
    "settle.subsidies": {"en": "Subsidies", "fr": "Subventions"},
    "settle.partners": {"en": "Partners", "fr": "Partenaires"},
    "settle.planned": {"en": "Planned", "fr": "Prévu"},
    "settle.final_amount": {"en": "Final", "fr": "Définitif"},
    "settle.due": {"en": "Due", "fr": "Dû"},
    "settle.received": {"en": "Received", "fr": "Reçu"},
    "settle.paid": {"en": "Paid", "fr": "Versé"},
    "settle.balance": {"en": "Balance", "fr": "Solde"},
    "settle.to_call": {"en": "to call", "fr": "à appeler"},
    "settle.to_refund": {"en": "to refund", "fr": "à rembourser"},
    "settle.sheet_partners": {"en": "Partners", "fr": "Partenaires"},
    "settle.sheet_subsidies": {"en": "Subsidies", "fr": "Subventions"},
    # calls
    "calls.title": {"en": "Calls for funds, year {year}", "fr": "Appels de fonds, année {year}"},
    "calls.balance_title": {"en": "Settlement: calls and refunds", "fr": "Solde : appels et remboursements"},
    "calls.provisional": {"en": "(provisional settlement)", "fr": "(solde provisoire)"},
    "calls.id": {"en": "Call", "fr": "Appel"},
    "calls.partner": {"en": "Partner", "fr": "Partenaire"},
    "calls.siren": {"en": "SIREN", "fr": "SIREN"},
    "calls.kind": {"en": "Kind", "fr": "Nature"},
    "calls.call": {"en": "call", "fr": "appel"},
    "calls.refund": {"en": "refund", "fr": "remboursement"},
    "calls.due": {"en": "Due", "fr": "Échéance"},
    "calls.amount": {"en": "Amount", "fr": "Montant"},
    "calls.total": {"en": "Total", "fr": "Total"},
    "calls.convention": {"en": "Convention {reference}", "fr": "Convention {reference}"},
    "calls.convention_label": {"en": "Convention", "fr": "Convention"},
    "calls.document_title": {"en": "Call for funds {id}", "fr": "Appel de fonds {id}"},
    "calls.refund_title": {"en": "Refund {id}", "fr": "Remboursement {id}"},
    "calls.from": {"en": "From", "fr": "Émetteur"},
    "calls.to": {"en": "To", "fr": "Destinataire"},
    "calls.object": {"en": "Object", "fr": "Objet"},
    "calls.object_year": {
        "en": "contribution to {title}, year {year} ({dates})",
        "fr": "participation au financement de : {title}, année {year} ({dates})",
    },
    "calls.object_balance": {
        "en": "settlement of the contribution to {title} on actual spending",
        "fr": "solde de la participation au financement de : {title}, sur dépenses réelles",
    },
    "calls.basis": {"en": "Basis", "fr": "Base de calcul"},
    "calls.basis_year": {
        "en": "its share of the year's net cost {net}, by the key of the convention ({weight})",
        "fr": "sa part du reste à charge de l'année, {net}, selon la clé de répartition ({weight})",
    },
    "calls.basis_balance": {
        "en": "due on actual spending {due}, paid {paid}",
        "fr": "dû sur dépenses réelles {due}, déjà versé {paid}",
    },
    "calls.amount_due": {"en": "Amount due", "fr": "Montant à verser"},
    "calls.amount_refunded": {"en": "Amount refunded", "fr": "Montant remboursé"},
    "calls.due_date": {"en": "Due date", "fr": "Date d'échéance"},
    "calls.reference": {"en": "Reference to quote", "fr": "Référence à rappeler"},
    "reference_label": {"en": "Deliberation", "fr": "Délibération"},
    "calls.no_date": {"en": "on receipt", "fr": "à réception"},
}
