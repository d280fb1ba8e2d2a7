"""`explain` as text, a Markdown paragraph for a deliberation, and JSON (no Rich).

Every figure comes from the :class:`~tdi_split.explain.Explanation`, itself read from the
engine's trace; this module only words it, in English or in French.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..explain import Explanation, YearExplanation
from .formatting import Catalogue, Formatter, decimal_string

__all__ = [
    "explanation_dict",
    "explanation_json",
    "explanation_lines",
    "explanation_markdown",
    "explanation_text",
    "explanation_title",
]

_TEXT: Catalogue = {
    "title": {
        "en": "How the share of {name} ({id}) is obtained",
        "fr": "Comment la participation de {name} ({id}) est obtenue",
    },
    "total_cost": {"en": "Total cost", "fr": "Coût total"},
    "cost_formula": {
        "en": "{annual} a year × {months} months / 12 = {total}",
        "fr": "{annual} par an × {months} mois / 12 = {total}",
    },
    "rate_min": {
        "en": "{rate} of min({total}, eligible ceiling {ceiling}) = {rate} of {base} = {amount}",
        "fr": "{rate} de min({total} ; dépense éligible plafonnée à {ceiling}) = {rate} de {base} = {amount}",
    },
    "rate_of": {"en": "{rate} of {base} = {amount}", "fr": "{rate} de {base} = {amount}"},
    "cap_reached": {
        "en": "cap {cap}: reached, the subsidy is {amount}",
        "fr": "plafond de {cap} : atteint, la subvention est de {amount}",
    },
    "cap_free": {"en": "cap {cap}: not reached", "fr": "plafond de {cap} : non atteint"},
    "net": {"en": "Net cost", "fr": "Coût net"},
    "net_formula": {"en": "{terms} = {net}", "fr": "{terms} = {net}"},
    "net_years": {
        "en": "split over the years in proportion to their months: {years}",
        "fr": "réparti sur les années au prorata de leurs mois : {years}",
    },
    "year_net": {"en": "year {index} ({months} months) {net}", "fr": "année {index} ({months} mois) {net}"},
    "weight": {"en": "Weight of {name} in the key", "fr": "Poids de {name} dans la clé"},
    "term": {
        "en": "{criterion}: {share} × {figure} / {total} = {value}",
        "fr": "{criterion} : {share} × {figure} / {total} = {value}",
    },
    "term_single": {
        "en": "{criterion}: {figure} / {total} = {value}",
        "fr": "{criterion} : {figure} / {total} = {value}",
    },
    "weight_is": {"en": "weight = {weight} ({percent})", "fr": "poids = {weight} ({percent})"},
    "equal": {"en": "equal shares", "fr": "parts égales"},
    "year": {"en": "Year {index} ({months} months)", "fr": "Année {index} ({months} mois)"},
    "no_fixed": {
        "en": "no fixed contribution: the {count} keyed partners share {pool}",
        "fr": "aucune participation forfaitaire : les {count} partenaires à la clé se partagent {pool}",
    },
    "with_fixed": {
        "en": "fixed contributions {fixed}: the {count} keyed partners share {net} − {fixed} = {pool}",
        "fr": "participations forfaitaires {fixed} : les {count} partenaires à la clé se partagent {net} − {fixed} = {pool}",
    },
    "exact_plain": {
        "en": "exact share: {pool} × {weight} = {exact}",
        "fr": "part exacte : {pool} × {weight} = {exact}",
    },
    "exact_lambda": {
        "en": "floors or ceilings hold some partners this year; the others share in proportion, with λ = {lam} so that all the shares add up to {pool}: λ × {weight} = {proportional}",
        "fr": "des planchers ou plafonds tiennent certains partenaires cette année ; les autres partagent au prorata, avec λ = {lam} pour que les parts fassent {pool} : λ × {weight} = {proportional}",
    },
    "at_floor": {
        "en": "its floor for the year is {lower}: {proportional} is below it, so the share is held at {exact}",
        "fr": "son plancher pour l'année est de {lower} : {proportional} est en dessous, la part est donc tenue à {exact}",
    },
    "at_ceiling": {
        "en": "its ceiling for the year is {upper}: {proportional} is above it, so the share is held at {exact}",
        "fr": "son plafond pour l'année est de {upper} : {proportional} est au-dessus, la part est donc tenue à {exact}",
    },
    "within": {
        "en": "within its bounds ({bounds}): the share stays {exact}",
        "fr": "dans ses bornes ({bounds}) : la part reste {exact}",
    },
    "exact_cents": {
        "en": "the exact share is a whole number of cents: no rounding",
        "fr": "la part exacte tombe au centime : pas d'arrondi",
    },
    "lr_down": {
        "en": "rounded down to the cent: {down}, leaving {fraction} of a cent",
        "fr": "arrondi au centime inférieur : {down}, reste {fraction} centime",
    },
    "lr_cent": {
        "en": "{left} left after rounding every share down, one each for the largest fractions of a cent: this one ranks {rank} of {count}, so it gets one more cent",
        "fr": "{left} après l'arrondi inférieur de toutes les parts, un pour chacune des plus grandes fractions de centime : celle-ci est au {rank} rang sur {count}, elle reçoit donc un centime de plus",
    },
    "lr_none": {
        "en": "{left} left after rounding every share down, one each for the largest fractions of a cent: this one ranks {rank} of {count}, so it gets none",
        "fr": "{left} après l'arrondi inférieur de toutes les parts, un pour chacune des plus grandes fractions de centime : celle-ci est au {rank} rang sur {count}, elle n'en reçoit pas",
    },
    "cents_left": {"en": "{count} cents were", "fr": "{count} centimes restaient"},
    "cent_left": {"en": "1 cent was", "fr": "1 centime restait"},
    "tie": {
        "en": "(equal fractions at the cut: the larger weight goes first, then the smaller id)",
        "fr": "(fractions égales à la limite : le plus gros poids passe d'abord, puis le plus petit identifiant)",
    },
    "half_up": {"en": "rounded half-up to the cent", "fr": "arrondi au centime le plus proche"},
    "half_up_difference": {
        "en": "it takes the rounding difference of the year ({difference})",
        "fr": "il prend la différence d'arrondi de l'année ({difference})",
    },
    "amount": {"en": "amount for the year: {amount}", "fr": "montant de l'année : {amount}"},
    "fixed": {
        "en": "pays a fixed {fixed} a year, outside the key: {fixed} × {months} / 12 = {amount}",
        "fr": "verse un forfait de {fixed} par an, hors clé : {fixed} × {months} / 12 = {amount}",
    },
    "none": {
        "en": "does not contribute (contributes: false): it pays nothing",
        "fr": "ne contribue pas (contributes: false) : il ne verse rien",
    },
    "in_all": {"en": "In all", "fr": "Au total"},
    "sum": {"en": "{years} = {total}", "fr": "{years} = {total}"},
}


def _say(fmt: Formatter, key: str, /, **values: object) -> str:
    return fmt.phrase(_TEXT, key, **values)


def _exact(value: Fraction, fmt: Formatter, places: int = 6) -> str:
    """A fraction with ``places`` decimals, and an ellipsis when that is not all of it."""
    shown = Decimal(decimal_string(value, places))
    text = fmt.number(shown, places)
    return text if Fraction(shown) == value else text + "…"


def _figure(value: Decimal | Fraction, fmt: Formatter) -> str:
    exact = Fraction(value)
    return fmt.number(exact, 0) if exact.denominator == 1 else _exact(exact, fmt, 4)


def _ordinal(rank: int, fmt: Formatter) -> str:
    """The 0-based ``rank`` as a place: 1st, 2nd, 3rd, 4th... / 1er, 2e, 3e..."""
    place = rank + 1
    if fmt.locale == "fr":
        return "1er" if place == 1 else f"{place}e"
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def _list_separator(fmt: Formatter) -> str:
    # French typography puts a (no-break) space before a semicolon.
    return "\u00a0; " if fmt.locale == "fr" else "; "


def _share_amount(value: Fraction, fmt: Formatter) -> str:
    """An exact share: as an amount when it is a whole number of cents, else with six decimals."""
    if (value * 100).denominator == 1:
        return fmt.amount(Decimal(value.numerator) / value.denominator)
    return _exact(value, fmt)


def explanation_lines(explanation: Explanation, fmt: Formatter) -> list[tuple[str, list[str]]]:
    """The derivation as numbered steps: (heading, lines) pairs."""
    allocation, share = explanation.allocation, explanation.share
    steps: list[tuple[str, list[str]]] = [
        (
            _say(fmt, "total_cost"),
            [
                _say(
                    fmt,
                    "cost_formula",
                    annual=fmt.amount(allocation.annual_cost),
                    months=allocation.months,
                    total=fmt.amount(allocation.total_cost),
                )
            ],
        )
    ]
    for line in explanation.subsidies:
        rate = fmt.rate(line.rate)
        if line.ceiling is not None:
            text = _say(
                fmt,
                "rate_min",
                rate=rate,
                total=fmt.amount(allocation.total_cost),
                ceiling=fmt.amount(line.ceiling),
                base=fmt.amount(line.base),
                amount=fmt.amount(line.before_cap),
            )
        else:
            text = _say(fmt, "rate_of", rate=rate, base=fmt.amount(line.base), amount=fmt.amount(line.before_cap))
        lines = [text]
        if line.cap is not None:
            key = "cap_reached" if line.capped else "cap_free"
            lines.append(_say(fmt, key, cap=fmt.amount(line.cap), amount=fmt.amount(line.amount)))
        steps.append((line.name, lines))
    years = _list_separator(fmt).join(
        _say(fmt, "year_net", index=y.index, months=y.months, net=fmt.amount(y.net)) for y in allocation.years
    )
    terms = " − ".join(
        [fmt.amount(allocation.total_cost), *(fmt.amount(line.amount) for line in explanation.subsidies)]
    )
    steps.append(
        (
            _say(fmt, "net"),
            [
                _say(fmt, "net_formula", terms=terms, net=fmt.amount(allocation.net_cost)),
                _say(fmt, "net_years", years=years),
            ],
        )
    )
    if explanation.status == "keyed":
        steps.append((_say(fmt, "weight", name=share.name), _weight_lines(explanation, fmt)))
    for year in explanation.years:
        steps.append(
            (_say(fmt, "year", index=year.year.index, months=year.year.months), _year_lines(explanation, year, fmt))
        )
    if explanation.status == "none":
        steps.append((share.name, [_say(fmt, "none")]))
    steps.append(
        (
            _say(fmt, "in_all"),
            [_say(fmt, "sum", years=" + ".join(fmt.amount(a) for a in share.years), total=fmt.amount(share.total))],
        )
    )
    return steps


def _weight_lines(explanation: Explanation, fmt: Formatter) -> list[str]:
    lines = []
    single = len(explanation.terms) == 1
    for term in explanation.terms:
        name = _say(fmt, "equal") if term.criterion == "equal" else term.criterion
        values = {
            "criterion": name,
            "share": fmt.percent(term.share),
            "figure": _figure(term.figure, fmt),
            "total": _figure(term.total, fmt),
            "value": _exact(term.value, fmt, 7),
        }
        lines.append(_say(fmt, "term_single" if single else "term", **values))
    weight = explanation.share.weight
    lines.append(_say(fmt, "weight_is", weight=_exact(weight, fmt, 7), percent=fmt.percent(weight)))
    return lines


def _year_lines(explanation: Explanation, year: YearExplanation, fmt: Formatter) -> list[str]:
    step, slice_ = year.step, year.year
    if explanation.status == "fixed":
        assert explanation.fixed is not None
        return [
            _say(
                fmt, "fixed", fixed=fmt.amount(explanation.fixed), months=slice_.months, amount=fmt.amount(step.amount)
            )
        ]
    lines = []
    if slice_.fixed:
        lines.append(
            _say(
                fmt,
                "with_fixed",
                fixed=fmt.amount(slice_.fixed),
                count=explanation.keyed_count,
                net=fmt.amount(slice_.net),
                pool=fmt.amount(slice_.keyed),
            )
        )
    else:
        lines.append(_say(fmt, "no_fixed", count=explanation.keyed_count, pool=fmt.amount(slice_.keyed)))
    weight = _exact(explanation.share.weight, fmt, 7)
    exact = _share_amount(step.exact, fmt)
    if year.bounded_year:
        lines.append(
            _say(
                fmt,
                "exact_lambda",
                lam=_exact(slice_.multiplier, fmt, 2),
                pool=fmt.amount(slice_.keyed),
                weight=weight,
                proportional=_exact(step.proportional, fmt),
            )
        )
        if step.bound == "floor":
            lines.append(
                _say(
                    fmt,
                    "at_floor",
                    lower=fmt.amount(step.lower or Decimal(0)),
                    proportional=_exact(step.proportional, fmt),
                    exact=exact,
                )
            )
        elif step.bound == "ceiling":
            lines.append(
                _say(
                    fmt,
                    "at_ceiling",
                    upper=fmt.amount(step.upper or Decimal(0)),
                    proportional=_exact(step.proportional, fmt),
                    exact=exact,
                )
            )
        elif step.lower is not None or step.upper is not None:
            bounds = " – ".join(fmt.amount(b) if b is not None else "…" for b in (step.lower, step.upper))
            lines.append(_say(fmt, "within", bounds=bounds, exact=exact))
    else:
        lines.append(_say(fmt, "exact_plain", pool=fmt.amount(slice_.keyed), weight=weight, exact=exact))
    lines += _rounding_lines(explanation, year, fmt)
    lines.append(_say(fmt, "amount", amount=fmt.amount(step.amount)))
    return lines


def _rounding_lines(explanation: Explanation, year: YearExplanation, fmt: Formatter) -> list[str]:
    step = year.step
    if explanation.method == "half-up":
        lines = [_say(fmt, "half_up")]
        if explanation.remainder_to == explanation.share.id:
            lines.append(_say(fmt, "half_up_difference", difference=fmt.amount(step.adjustment)))
        return lines
    if step.remainder == 0:
        return [_say(fmt, "exact_cents")]
    lines = [_say(fmt, "lr_down", down=fmt.amount(step.rounded_down), fraction=_exact(step.remainder, fmt, 4))]
    if step.rank is not None:
        key = "lr_cent" if step.adjustment else "lr_none"
        left = _say(fmt, "cent_left") if step.cents_left == 1 else _say(fmt, "cents_left", count=step.cents_left)
        lines.append(_say(fmt, key, left=left, rank=_ordinal(step.rank, fmt), count=explanation.keyed_count))
        if step.tie_at_cut and step.rank in (step.cents_left - 1, step.cents_left):
            lines.append(_say(fmt, "tie"))
    return lines


def explanation_dict(explanation: Explanation) -> dict[str, Any]:
    """The derivation as data: every figure of the trace, amounts as two-decimal strings."""
    allocation, share = explanation.allocation, explanation.share

    def ratio(value: Fraction) -> dict[str, str]:
        return {"decimal": decimal_string(value, 10), "fraction": f"{value.numerator}/{value.denominator}"}

    return {
        "partner": {"id": share.id, "name": share.name, "status": explanation.status},
        "total_cost": {
            "annual": f"{allocation.annual_cost:.2f}",
            "months": allocation.months,
            "total": f"{allocation.total_cost:.2f}",
        },
        "subsidies": [
            {
                "id": line.id,
                "name": line.name,
                "rate": str(line.rate),
                "ceiling": None if line.ceiling is None else f"{line.ceiling:.2f}",
                "base": f"{line.base:.2f}",
                "before_cap": f"{line.before_cap:.2f}",
                "cap": None if line.cap is None else f"{line.cap:.2f}",
                "capped": line.capped,
                "amount": f"{line.amount:.2f}",
            }
            for line in explanation.subsidies
        ],
        "net_cost": f"{allocation.net_cost:.2f}",
        "fixed": None if explanation.fixed is None else f"{explanation.fixed:.2f}",
        "weight": {
            "terms": [
                {
                    "criterion": t.criterion,
                    "share": ratio(t.share),
                    "figure": str(t.figure),
                    "total": ratio(t.total),
                    "value": ratio(t.value),
                }
                for t in explanation.terms
            ],
            "value": ratio(share.weight),
        },
        "rounding": {"method": explanation.method, "remainder_to": explanation.remainder_to},
        "years": [
            {
                "index": y.year.index,
                "months": y.year.months,
                "net": f"{y.year.net:.2f}",
                "fixed": f"{y.year.fixed:.2f}",
                "keyed": f"{y.year.keyed:.2f}",
                "multiplier": ratio(y.year.multiplier),
                "proportional": ratio(y.step.proportional),
                "exact": ratio(y.step.exact),
                "lower": None if y.step.lower is None else f"{y.step.lower:.2f}",
                "upper": None if y.step.upper is None else f"{y.step.upper:.2f}",
                "bound": y.step.bound,
                "rounded_down": f"{y.step.rounded_down:.2f}",
                "remainder_cents": ratio(y.step.remainder),
                "rank": y.step.rank,
                "cents_left": y.step.cents_left,
                "tie_at_cut": y.step.tie_at_cut,
                "adjustment": f"{y.step.adjustment:.2f}",
                "amount": f"{y.step.amount:.2f}",
            }
            for y in explanation.years
        ],
        "amounts": [f"{a:.2f}" for a in share.years],
        "total": f"{share.total:.2f}",
    }


def explanation_json(explanation: Explanation) -> str:
    """:func:`explanation_dict` as indented JSON."""
    return json.dumps(explanation_dict(explanation), ensure_ascii=False, indent=2) + "\n"


_PARAGRAPH = {
    "en": {
        "cost": "The post costs {annual} a year for {months} months, {total} in all.",
        "subsidy": " {name} pays {rate} of {base}{eligible}{capped}, that is {amount}.",
        "eligible": " (eligible ceiling)",
        "capped": ", capped at {cap}",
        "net": " The remaining {net} is shared among the partners.",
        "keyed": " By the key ({key}), {name} weighs {percent} and pays {amounts}, {total} over the {months} months.",
        "fixed": " {name} pays a fixed {fixed} a year outside the key: {amounts}, {total} over the {months} months.",
        "none": " {name} signs the agreement but does not contribute.",
        "bound": " Its share is held at its {bound}.",
        "years": "{amount} in year {index}",
        "same": "{amount} a year",
    },
    "fr": {
        "cost": "Le coût du poste est estimé à {annual} par an pendant {months} mois, soit {total} au total.",
        "subsidy": " {name} finance {rate} de {base}{eligible}{capped}, soit {amount}.",
        "eligible": " (dépense éligible plafonnée)",
        "capped": ", plafonné à {cap}",
        "net": " Le solde, {net}, est réparti entre les partenaires.",
        "keyed": " Selon la clé de répartition ({key}), {name} représente {percent} et verse {amounts}, soit {total} sur {months} mois.",
        "fixed": " {name} verse un forfait de {fixed} par an hors clé : {amounts}, soit {total} sur {months} mois.",
        "none": " {name} est signataire de la convention sans y contribuer financièrement.",
        "bound": " Sa participation est maintenue à son {bound}.",
        "years": "{amount} l'année {index}",
        "same": "{amount} par an",
    },
}


def explanation_markdown(explanation: Explanation, fmt: Formatter) -> str:
    """A paragraph ready for a deliberation, then the steps as a list."""
    words = _PARAGRAPH[fmt.locale]
    allocation, share = explanation.allocation, explanation.share
    text = words["cost"].format(
        annual=fmt.amount(allocation.annual_cost), months=allocation.months, total=fmt.amount(allocation.total_cost)
    )
    for line in explanation.subsidies:
        text += words["subsidy"].format(
            name=line.name,
            rate=fmt.rate(line.rate),
            base=fmt.amount(line.base),
            eligible=words["eligible"] if line.ceiling_applied else "",
            capped=words["capped"].format(cap=fmt.amount(line.cap)) if line.capped and line.cap is not None else "",
            amount=fmt.amount(line.amount),
        )
    text += words["net"].format(net=fmt.amount(allocation.net_cost))
    if len(set(share.years)) == 1 and all(y.months == 12 for y in allocation.years):
        amounts = words["same"].format(amount=fmt.amount(share.years[0]))
    else:
        amounts = ", ".join(words["years"].format(amount=fmt.amount(a), index=i) for i, a in enumerate(share.years, 1))
    common = {"name": share.name, "amounts": amounts, "total": fmt.amount(share.total), "months": allocation.months}
    if explanation.status == "keyed":
        key = ", ".join(
            (_say(fmt, "equal") if t.criterion == "equal" else t.criterion)
            + ("" if len(explanation.terms) == 1 else f" {fmt.percent(t.share, 0)}")
            for t in explanation.terms
        )
        text += words["keyed"].format(key=key, percent=fmt.percent(share.weight), **common)
        bounds = {y.step.bound for y in explanation.years if y.step.bound}
        if bounds:
            bound = next(iter(sorted(bounds)))
            label = {"floor": {"en": "floor", "fr": "plancher"}, "ceiling": {"en": "ceiling", "fr": "plafond"}}[bound]
            text += words["bound"].format(bound=label[fmt.locale])
    elif explanation.status == "fixed":
        text += words["fixed"].format(fixed=fmt.amount(explanation.fixed or Decimal(0)), **common)
    else:
        text += words["none"].format(name=share.name)
    lines = [f"## {explanation_title(explanation, fmt)}", "", text, ""]
    for number, (heading, details) in enumerate(explanation_lines(explanation, fmt), start=1):
        lines.append(f"{number}. **{heading}**")
        lines += [f"   - {detail}" for detail in details]
    return "\n".join(lines) + "\n"


def explanation_title(explanation: Explanation, fmt: Formatter) -> str:
    """``How the share of Quimper Bretagne Occidentale (qbo) is obtained``."""
    return _say(fmt, "title", name=explanation.share.name, id=explanation.share.id)


def explanation_text(explanation: Explanation, fmt: Formatter) -> str:
    """The derivation as plain text: a title, then numbered steps."""
    out = [explanation_title(explanation, fmt), explanation.allocation.budget.title, ""]
    for number, (heading, details) in enumerate(explanation_lines(explanation, fmt), start=1):
        out.append(f"{number}. {heading}")
        out += [f"   {detail}" for detail in details]
    return "\n".join(out) + "\n"
