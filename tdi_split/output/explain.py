"""`explain` in every format: numbered steps, a Markdown paragraph for a deliberation, JSON.

Every figure comes from the :class:`~tdi_split.core.explain.Explanation`, itself read from
the engine's trace; this module only words it, in English or in French. Rich is imported
only by the function that draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..core.engine import SubsidyLine
from ..core.explain import CriterionTerm, Explanation, YearExplanation
from ..core.money import to_text, to_text_or_none
from .document import Document, Paragraph, Steps, Table, markdown_document
from .formatting import Formatter, decimal_string
from .plain import CsvCell, CsvDialect, csv_text, indented_json
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

__all__ = [
    "ExplanationReport",
    "explanation_dict",
    "explanation_document",
    "explanation_json",
    "explanation_lines",
    "explanation_renderable",
    "explanation_title",
]


def _say(fmt: Formatter, key: str, /, **values: object) -> str:
    return fmt.word(f"explain.{key}", **values)


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
    if allocation.annual_cost is None:
        years = " + ".join(fmt.amount(year.cost) for year in allocation.years)
        cost = _say(fmt, "cost_by_year", years=years, total=fmt.amount(allocation.total_cost))
    else:
        annual = fmt.amount(allocation.annual_cost)
        cost = _say(
            fmt, "cost_formula", annual=annual, months=allocation.months, total=fmt.amount(allocation.total_cost)
        )
    steps: list[tuple[str, list[str]]] = [(_say(fmt, "total_cost"), [cost])]
    steps += [(line.name, _subsidy_lines(line, allocation.total_cost, fmt)) for line in explanation.subsidies]
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
                _say(fmt, "net_years" if allocation.annual_cost is not None else "net_years_cost", years=years),
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


def _subsidy_lines(line: SubsidyLine, total_cost: Decimal, fmt: Formatter) -> list[str]:
    """A subsidy: its rate of the base (bounded by the eligible ceiling), then its cap if any;
    a fixed sum; in a settlement, the limit of the amount voted."""
    if line.rate is None:
        return [_say(fmt, "fixed_sum", amount=fmt.amount(line.amount))]
    rate = fmt.rate(line.rate)
    if line.ceiling is not None:
        text = _say(
            fmt,
            "rate_min",
            rate=rate,
            total=fmt.amount(total_cost),
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
    if line.limited_to_plan and line.planned is not None:
        lines.append(_say(fmt, "limited", planned=fmt.amount(line.planned), amount=fmt.amount(line.amount)))
    return lines


def _weight_lines(explanation: Explanation, fmt: Formatter) -> list[str]:
    return _terms_lines(explanation.terms, explanation.share.weight, fmt)


def _terms_lines(terms: Sequence[CriterionTerm], weight: Fraction, fmt: Formatter) -> list[str]:
    """A weight, criterion by criterion (``population: 50% × 100,208 / 551,453 = ...``), then in all."""
    lines = []
    single = len(terms) == 1
    for term in terms:
        name = _say(fmt, "equal") if term.criterion == "equal" else term.criterion
        values = {
            "criterion": name,
            "share": fmt.percent(term.share),
            "figure": _figure(term.figure, fmt),
            "total": _figure(term.total, fmt),
            "value": _exact(term.value, fmt, 7),
        }
        lines.append(_say(fmt, "term_single" if single else "term", **values))
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
                count=year.keyed_count,
                net=fmt.amount(slice_.net),
                pool=fmt.amount(slice_.keyed),
            )
        )
    else:
        lines.append(_say(fmt, "no_fixed", count=year.keyed_count, pool=fmt.amount(slice_.keyed)))
    if year.weight != explanation.share.weight:  # members joined or left: the key is renormalised
        lines.append(_say(fmt, "year_weight", count=year.keyed_count))
        lines += ["  " + line for line in _terms_lines(year.terms, year.weight, fmt)]
    weight = _exact(year.weight, fmt, 7)
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
        if step.bound is not None:
            held = {"lower": step.lower} if step.bound == "floor" else {"upper": step.upper}
            amounts = {name: fmt.amount(value or Decimal(0)) for name, value in held.items()}
            lines.append(
                _say(fmt, f"at_{step.bound}", proportional=_exact(step.proportional, fmt), exact=exact, **amounts)
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
        lines.append(_say(fmt, key, left=left, rank=_ordinal(step.rank, fmt), count=year.keyed_count))
        if step.tie_at_cut and step.rank in (step.cents_left - 1, step.cents_left):
            lines.append(_say(fmt, "tie"))
    return lines


MAX_FRACTION_DIGITS = 1_000
"""Longest numerator or denominator written out: a key of many criteria over large figures can
make exact weights of thousands of digits (the decimal form is always given)."""


def _ratio(value: Fraction) -> dict[str, str | None]:
    """An exact ratio as JSON: ten decimals, and the fraction itself when it is of a readable size."""
    digits = max(value.numerator.bit_length(), value.denominator.bit_length()) * 0.30103  # log10(2)
    fraction = f"{value.numerator}/{value.denominator}" if digits <= MAX_FRACTION_DIGITS else None
    return {"decimal": decimal_string(value, 10), "fraction": fraction}


def _year_dict(y: YearExplanation) -> dict[str, Any]:
    """One year of the derivation as data."""
    return {
        "index": y.year.index,
        "months": y.year.months,
        "net": to_text(y.year.net),
        "fixed": to_text(y.year.fixed),
        "keyed": to_text(y.year.keyed),
        "multiplier": _ratio(y.year.multiplier),
        "weight": _ratio(y.weight),
        "proportional": _ratio(y.step.proportional),
        "exact": _ratio(y.step.exact),
        "lower": to_text_or_none(y.step.lower),
        "upper": to_text_or_none(y.step.upper),
        "bound": y.step.bound,
        "rounded_down": to_text(y.step.rounded_down),
        "remainder_cents": _ratio(y.step.remainder),
        "rank": y.step.rank,
        "cents_left": y.step.cents_left,
        "tie_at_cut": y.step.tie_at_cut,
        "adjustment": to_text(y.step.adjustment),
        "amount": to_text(y.step.amount),
    }


def explanation_dict(explanation: Explanation) -> dict[str, Any]:
    """The derivation as data: every figure of the trace, amounts as two-decimal strings."""
    allocation, share = explanation.allocation, explanation.share
    return {
        "partner": {"id": share.id, "name": share.name, "status": explanation.status},
        "total_cost": {
            "annual": to_text_or_none(allocation.annual_cost),
            "months": allocation.months,
            "total": to_text(allocation.total_cost),
        },
        "subsidies": [
            {
                "id": line.id,
                "name": line.name,
                "rate": None if line.rate is None else format(line.rate, "f"),
                "ceiling": to_text_or_none(line.ceiling),
                "base": to_text(line.base),
                "before_cap": to_text(line.before_cap),
                "cap": to_text_or_none(line.cap),
                "capped": line.capped,
                "amount": to_text(line.amount),
            }
            for line in explanation.subsidies
        ],
        "net_cost": to_text(allocation.net_cost),
        "fixed": to_text_or_none(explanation.fixed),
        "weight": {
            "terms": [
                {
                    "criterion": t.criterion,
                    "share": _ratio(t.share),
                    "figure": str(t.figure),
                    "total": _ratio(t.total),
                    "value": _ratio(t.value),
                }
                for t in explanation.terms
            ],
            "value": _ratio(share.weight),
        },
        "rounding": {"method": explanation.method, "remainder_to": explanation.remainder_to},
        "years": [_year_dict(y) for y in explanation.years],
        "amounts": [to_text(a) for a in share.years],
        "total": to_text(share.total),
    }


def explanation_json(explanation: Explanation) -> str:
    """:func:`explanation_dict` as indented JSON."""
    return indented_json(explanation_dict(explanation))


def explanation_document(explanation: Explanation, fmt: Formatter) -> Document:
    """A paragraph ready for a deliberation, then the steps as a numbered list."""

    def words(key: str, /, **values: object) -> str:
        return fmt.word(f"paragraph.{key}", **values)

    allocation, share = explanation.allocation, explanation.share
    if allocation.annual_cost is None:
        amounts = ", ".join(fmt.amount(year.cost) for year in allocation.years)
        text = words("cost_by_year", amounts=amounts, total=fmt.amount(allocation.total_cost))
    else:
        annual, total = fmt.amount(allocation.annual_cost), fmt.amount(allocation.total_cost)
        text = words("cost", annual=annual, months=allocation.months, total=total)
    for line in explanation.subsidies:
        if line.rate is None:
            text += words("subsidy_sum", name=line.name, amount=fmt.amount(line.amount))
            continue
        text += words(
            "subsidy",
            name=line.name,
            rate=fmt.rate(line.rate),
            base=fmt.amount(line.base),
            eligible=words("eligible") if line.ceiling_applied else "",
            capped=words("capped", cap=fmt.amount(line.cap)) if line.capped and line.cap is not None else "",
            amount=fmt.amount(line.amount),
        )
    text += words("net", net=fmt.amount(allocation.net_cost))
    if len(set(share.years)) == 1 and all(y.months == 12 for y in allocation.years):
        amounts = words("same", amount=fmt.amount(share.years[0]))
    else:
        amounts = ", ".join(words("years", amount=fmt.amount(a), index=i) for i, a in enumerate(share.years, 1))
    common = {"name": share.name, "amounts": amounts, "total": fmt.amount(share.total), "months": allocation.months}
    if explanation.status == "keyed":
        key = ", ".join(
            (_say(fmt, "equal") if t.criterion == "equal" else t.criterion)
            + ("" if len(explanation.terms) == 1 else f" {fmt.percent(t.share, 0)}")
            for t in explanation.terms
        )
        percent = fmt.percent(share.weight)
        if any(y.weight != share.weight for y in explanation.years):  # a member joined or left
            percent = ", ".join(
                f"{fmt.percent(y.weight)} {fmt.word('explain.in_year', index=y.year.index)}" for y in explanation.years
            )
        text += words("keyed", key=key, percent=percent, **common)
        bounds = {y.step.bound for y in explanation.years if y.step.bound}
        if bounds:
            bound = next(iter(sorted(bounds)))
            text += words("bound", bound=words(bound))
    elif explanation.status == "fixed":
        text += words("fixed", fixed=fmt.amount(explanation.fixed or Decimal(0)), **common)
    else:
        text += words("none", name=share.name)
    steps = Steps(explanation_lines(explanation, fmt))
    title = explanation_title(explanation, fmt)
    years = Table(
        share.name,
        [fmt.word("schedule.period"), fmt.word("amount")],
        [
            [fmt.year(y.index, y.months, fmt.dates(y.start, y.end)), fmt.amount(amount)]
            for y, amount in zip(allocation.years, share.years, strict=True)
        ],
        [fmt.word("total"), fmt.amount(share.total)],
    )
    return Document(title, fmt.locale, [Paragraph(text), years, steps], subtitle=[allocation.budget.title])


def explanation_title(explanation: Explanation, fmt: Formatter) -> str:
    """``How the share of Quimper Bretagne Occidentale (qbo) is obtained``."""
    return _say(fmt, "title", name=explanation.share.name, id=explanation.share.id)


def explanation_renderable(explanation: Explanation, fmt: Formatter) -> RenderableType:
    """The derivation: a title, then numbered steps. Only the title and the steps' headings are
    bold; each sentence wraps at words under itself (never inside an amount)."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import Prose

    top = Text()
    top.append(explanation_title(explanation, fmt), style="bold")
    top.append("\n" + explanation.allocation.budget.title, style="dim")
    parts: list[RenderableType] = [Prose(top)]
    for number, (heading, details) in enumerate(explanation_lines(explanation, fmt), start=1):
        label = f"{number}. "
        parts += [Text(""), Prose(Text(label + heading, style="bold"), hang=len(label))]
        parts += [Prose(detail, indent=3, hang=2) for detail in details]
    return Group(*parts)


def _numbered(explanation: Explanation, fmt: Formatter) -> list[list[str | int]]:
    """One row per line of the derivation: step number, heading, line."""
    rows: list[list[str | int]] = []
    for number, (heading, details) in enumerate(explanation_lines(explanation, fmt), start=1):
        rows += [[number, heading, detail] for detail in details]
    return rows


@dataclass(frozen=True, kw_only=True)
class ExplanationReport(ResultReport[Explanation]):
    """`explain`: one partner's derivation."""

    def json(self) -> str:
        """Every figure of the trace."""
        return explanation_json(self.result)

    def csv(self, dialect: CsvDialect) -> str:
        """One row per line of the derivation."""
        rows: list[list[CsvCell]] = [["step", "heading", "detail"]]
        rows += [list(row) for row in _numbered(self.result, self.fmt)]
        return csv_text(rows, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """A paragraph for a deliberation, then the steps."""
        return markdown_document(self.document(), title_level=2)

    def document(self) -> Document:
        """A paragraph for a deliberation, then the steps."""
        return explanation_document(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """The numbered steps, their sentences wrapped at the width."""
        from .terminal import Layout, print_fitted

        print_fitted(console, self.fmt, [Layout(explanation_renderable(self.result, self.fmt))])

    def xlsx(self) -> bytes:
        """One sheet: the steps, then the partner's amount for each year."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        rows: list[list[XlsxCell]] = [list(row) for row in _numbered(self.result, self.fmt)]
        share = self.result.share
        rows += [[None, self.fmt.word("year", index=i), amount] for i, amount in enumerate(share.years, start=1)]
        sheet = Sheet(share.id, ["#", self.fmt.word("item"), self.fmt.word("basis")], rows, {2}, set())
        return workbook([sheet], self.result.allocation.budget.currency, self.sources, self.fmt.word("document.source"))
