"""`tdi-split explain`: hand-worked derivations for each kind of partner."""

from __future__ import annotations

import json

import pytest

from ..helpers import REFERENCE, ROOT, Invoke

EXAMPLE = ROOT / "examples" / "manager-de-commerce.yaml"


# Worked out by hand: 63,800.00 x 100,208 / 551,453 = 11,593.50008...; the four cents left
# after rounding every share down go to Pleyben, Poher, Landivisiau and Brest.
QBO = """\
How the share of Quimper Bretagne Occidentale (qbo) is obtained
Chef·fe de projet Territoire d'industrie Finistère

1. Total cost
   103,800.00 a year × 24 months / 12 = 207,600.00

2. État (ANCT), Territoires d'industrie
   50% of min(207,600.00, eligible ceiling 160,000.00) = 50% of 160,000.00 = 80,000.00
   cap 80,000.00: reached, the subsidy is 80,000.00

3. Net cost
   207,600.00 − 80,000.00 = 127,600.00
   split over the years in proportion to their months: year 1 (12 months) 63,800.00; year 2 (12 months) 63,800.00

4. Weight of Quimper Bretagne Occidentale in the key
   population: 100,208 / 551,453 = 0.1817163…
   weight = 0.1817163… (18.17%)

5. Year 1 (12 months)
   no fixed contribution: the 10 keyed partners share 63,800.00
   exact share: 63,800.00 × 0.1817163… = 11,593.500081…
   rounded down to the cent: 11,593.50, leaving 0.0081… of a cent
   4 cents were left after rounding every share down, one each for the largest fractions of a cent: \
this one ranks 10th of 10, so it gets none
   amount for the year: 11,593.50
"""


def unwrapped(text: str) -> str:
    """``explain``'s text with each sentence on one line again: the terminal wraps a sentence at
    its width, continuing it under five spaces (tests/test_terminal_fit.py checks the width)."""
    return text.replace("\n     ", " ")


def test_a_keyed_partner_from_103800_and_80000_to_11593_50(invoke: Invoke) -> None:
    result = invoke("explain", "qbo", str(REFERENCE))
    assert result.exit_code == 0
    assert unwrapped(result.stdout).startswith(QBO)
    assert result.stdout.endswith("7. In all\n   11,593.50 + 11,593.50 = 23,187.00\n")


def test_a_partner_that_receives_a_remainder_cent(invoke: Invoke) -> None:
    text = unwrapped(invoke("explain", "poher", str(REFERENCE)).stdout)
    assert "   exact share: 63,800.00 × 0.0267113… = 1,704.177872…\n" in text
    assert "   rounded down to the cent: 1,704.17, leaving 0.7872… of a cent\n" in text
    assert "this one ranks 2nd of 10, so it gets one more cent\n   amount for the year: 1,704.18\n" in text


def test_a_tie_at_the_cut_says_how_it_was_broken(invoke: Invoke, tmp_path: object) -> None:
    path = ROOT / "tests" / "data" / "tie.yaml"
    text = unwrapped(invoke("explain", "a", str(path)).stdout)
    assert "1 cent was left after rounding every share down" in text
    assert "this one ranks 1st of 3, so it gets one more cent" in text
    assert "(equal fractions at the cut: the larger weight goes first, then the smaller id)" in text


def test_a_floored_partner(invoke: Invoke) -> None:
    text = invoke("explain", "commune-est", str(EXAMPLE)).stdout
    assert "   population: 50.00% × 1,375 / 23,615 = 0.0291129…\n" in text
    assert "   equal shares: 50.00% × 1 / 4 = 0.1250000\n" in text
    assert "   weight = 0.1541129… (15.41%)\n" in text
    assert "   fixed contributions 3,000.00: the 4 keyed partners share 41,000.00 − 3,000.00 = 38,000.00\n" in text
    assert (
        "   its floor for the year is 4,000.00: 2,732.861925… is below it, so the share is held at 4,000.00\n" in text
    )
    assert "   the exact share is a whole number of cents: no rounding\n" in text
    assert text.endswith("   8,000.00 + 8,000.00 + 4,000.00 = 20,000.00\n")


def test_a_fixed_partner_and_a_capped_subsidy(invoke: Invoke) -> None:
    text = invoke("explain", "cci", str(EXAMPLE)).stdout
    assert (
        "2. Banque des Territoires\n   40% of 155,000.00 = 62,000.00\n"
        "   cap 40,000.00: reached, the subsidy is 40,000.00\n" in text
    )
    assert "   pays a fixed 3,000.00 a year, outside the key: 3,000.00 × 6 / 12 = 1,500.00\n" in text
    assert "Weight of" not in text


def test_a_partner_that_does_not_contribute(invoke: Invoke) -> None:
    text = invoke("explain", "departement", str(EXAMPLE)).stdout
    assert "does not contribute (contributes: false): it pays nothing" in text


def test_json_carries_every_figure_of_the_trace(invoke: Invoke) -> None:
    data = json.loads(invoke("explain", "qbo", str(REFERENCE), "--format", "json").stdout)
    assert data["partner"] == {"id": "qbo", "name": "Quimper Bretagne Occidentale", "status": "keyed"}
    assert data["weight"]["value"] == {"decimal": "0.1817163022", "fraction": "100208/551453"}
    year = data["years"][0]
    assert year["exact"]["fraction"] == "6393270400/551453"
    assert (year["rounded_down"], year["rank"], year["cents_left"], year["amount"]) == ("11593.50", 9, 4, "11593.50")
    assert data["total"] == "23187.00"


def test_markdown_is_a_paragraph_for_the_deliberation_in_french(invoke: Invoke) -> None:
    text = invoke("explain", "qbo", str(REFERENCE), "--format", "markdown", "--locale", "fr").stdout
    assert text.startswith("## Comment la participation de Quimper Bretagne Occidentale (qbo) est obtenue\n\n")
    title, paragraph = text.split("\n")[2:5:2]  # the budget's title, then the paragraph
    assert title == "Chef·fe de projet Territoire d'industrie Finistère"
    assert paragraph == (
        "Le coût du poste est estimé à 103\u202f800,00\xa0€ par an pendant 24 mois, "
        "soit 207\u202f600,00\xa0€ au total. "
        "État (ANCT), Territoires d'industrie finance 50\xa0% de 160\u202f000,00\xa0€ (dépense éligible plafonnée), "
        "plafonné à 80\u202f000,00\xa0€, soit 80\u202f000,00\xa0€. Le solde, 127\u202f600,00\xa0€, est réparti entre "
        "les partenaires. Selon la clé de répartition (population), Quimper Bretagne Occidentale représente "
        "18,17\xa0% et verse 11\u202f593,50\xa0€ par an, soit 23\u202f187,00\xa0€ sur 24 mois."
    )


def test_an_unknown_partner_names_the_closest(invoke: Invoke) -> None:
    result = invoke("explain", "qob", str(REFERENCE))
    assert result.exit_code == 2  # a usage error
    assert f"no partner 'qob' in {REFERENCE}; did you mean 'qbo'?" in result.stderr


@pytest.mark.parametrize(
    ("query", "partner"),
    [
        ("QBO", "qbo"),
        ("quimper", "qbo"),
        ("Quimper Bretagne", "qbo"),
        ("brest", "brest-metropole"),
        ("haut-leon", "haut-leon"),
    ],
)
def test_a_partner_is_found_by_its_id_in_any_case_or_the_start_of_its_name(
    invoke: Invoke, query: str, partner: str
) -> None:
    result = invoke("explain", query, str(REFERENCE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["partner"]["id"] == partner


def test_a_name_start_shared_by_several_partners_lists_them(invoke: Invoke) -> None:
    result = invoke("explain", "cc", str(REFERENCE))
    assert result.exit_code == 2
    assert "could be any of landerneau-daoulas, landivisiau" in result.stderr


CONVENTION = ROOT / "examples" / "convention" / "partners.yaml"


def test_a_year_in_which_a_member_joins_states_that_year_s_weight(invoke: Invoke) -> None:
    """A member joins in year 2: QBO's weight goes from 18.17 % to 17.56 %. The year's equation
    showed the first year's weight (66,067.68 × 0.1817163… = 11,599.40, a false product)."""
    text = unwrapped(invoke("explain", "qbo", str(CONVENTION)).stdout)
    year2 = text[text.index("6. Year 2") :]
    assert "its weight this year, over the 11 keyed partners taking part:" in year2
    assert "exact share: 66,067.68 × 0.1755685… = 11,599.403040…" in year2
    markdown = invoke("explain", "qbo", str(CONVENTION), "--format", "markdown", "--locale", "fr").stdout
    assert "représente 18,17 % en année 1, 17,56 % en année 2" in markdown.replace("\u00a0", " ")


@pytest.mark.parametrize("partner", ["qbo", "brest-metropole", "poher", "morlaix-communaute"])
def test_each_year_s_weight_gives_the_engine_s_exact_share(partner: str) -> None:
    """Held to the engine: in a year no floor or ceiling holds anyone, the exact share is what the
    keyed partners share times that year's weight, to the last digit; in the first year the
    partner takes part in, that weight is the engine's own."""
    from fractions import Fraction

    from tdi_split import compute, load
    from tdi_split.core.explain import explain

    for budget in (CONVENTION, REFERENCE, EXAMPLE):
        allocation = compute(load(budget))
        if partner not in {p.id for p in allocation.partners}:
            continue
        explanation = explain(allocation, partner)
        if explanation.status != "keyed":
            continue
        for year in explanation.years:
            assert year.weight == sum((t.value for t in year.terms), Fraction(0))
            if year.year.index == explanation.share.weight_year:
                assert year.weight == explanation.share.weight
            if not year.bounded_year:
                assert year.step.exact == Fraction(year.year.keyed) * year.weight, (budget.name, year.year.index)
