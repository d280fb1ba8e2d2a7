"""Numbers and words for people: amounts, percentages, labels, in English or French.

English is the default (``1,234.50``); ``fr`` gives ``1 234,50 €`` through Babel's
CLDR data (narrow no-break space between thousands, decimal comma, no-break space
before the currency sign), as a French council report writes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Final, Literal

from ..core.money import round_half_up
from .words import WORDS

__all__ = ["LOCALES", "Formatter", "Locale", "decimal_string"]

Locale = Literal["en", "fr"]
LOCALES: Final = ("en", "fr")


def decimal_string(value: Fraction | Decimal, places: int) -> str:
    """``value`` rounded half-up to ``places`` decimals, as a plain string (``0.1817163``)."""
    exact = Fraction(value)
    scaled = round_half_up(exact * 10**places) if exact.denominator != 1 else exact.numerator * 10**places
    sign, digits = ("-" if scaled < 0 else ""), str(abs(scaled)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


@dataclass(frozen=True, slots=True)
class Formatter:
    """Formats figures and labels for one locale and one currency."""

    locale: Locale = "en"
    """``en`` (1,234.50) or ``fr`` (1 234,50 €)."""
    currency: str = "EUR"
    """The ISO 4217 code shown after French amounts."""

    def word(self, key: str, /, **values: object) -> str:
        """The label or sentence ``key`` of :data:`~tdi_split.output.words.WORDS` in this locale,
        with ``values`` filled in."""
        return WORDS[key][self.locale].format(**values)

    def amount(self, value: Decimal) -> str:
        """An amount: ``1,234.50`` or ``1 234,50 €``."""
        if self.locale == "fr":
            from babel.numbers import format_currency

            # Always the cents the arithmetic computed: a currency without them (XPF, JPY) would
            # otherwise be rounded for display only, and a row would not add up.
            return format_currency(
                value, self.currency, format="#,##0.00\u00a0¤", locale="fr_FR", currency_digits=False
            )
        return f"{value:,.2f}"

    def signed(self, value: Decimal, *, plus: bool = False) -> str:
        """An amount with a true minus sign when negative (``−1,234.50``); with ``plus``, a ``+``
        when positive too, as a difference is written (zero never has a sign)."""
        if value < 0:
            return "−" + self.amount(abs(value))
        return ("+" if plus and value > 0 else "") + self.amount(abs(value))

    def number(self, value: Decimal | Fraction, places: int = 2) -> str:
        """A plain number with ``places`` decimals (no currency)."""
        exact = Decimal(decimal_string(value, places))
        if self.locale == "fr":
            from babel.numbers import format_decimal

            return format_decimal(exact, format="#,##0." + "0" * places if places else "#,##0", locale="fr_FR")
        return f"{exact:,.{places}f}"

    def percent(self, value: Decimal | Fraction, places: int = 2) -> str:
        """A ratio as a percentage: ``18.17%`` / ``18,17 %``."""
        return f"{self.number(Fraction(value) * 100, places)}{self._percent_sign}"

    def rate(self, value: Decimal) -> str:
        """A rate with only the decimals it needs: ``50%``, ``12.5%`` (``50 %`` in French)."""
        with localcontext() as context:  # a rate has up to 30 digits: none lost on display
            context.prec = 60
            text = format((value * 100).normalize(), "f")
        if self.locale == "fr":
            text = text.replace(".", ",")
        return f"{text}{self._percent_sign}"

    @property
    def _percent_sign(self) -> str:
        # French typography puts a no-break space before %; English puts none.
        return "\u00a0%" if self.locale == "fr" else "%"

    def dates(self, start: dt.date | None, end: dt.date | None) -> str | None:
        """A year's dates: ``2022-09 .. 2023-08``, or ``sept. 2022 – août 2023`` in French; the
        days too when the year does not start on the 1st (``2023-04-15 .. 2024-04-14``,
        ``15/04/2023 – 14/04/2024``), for months alone would then overlap."""
        if start is None or end is None:
            return None
        if self.locale == "fr":
            from babel.dates import format_date

            pattern = "MMM y" if start.day == 1 else "dd/MM/y"
            return f"{format_date(start, pattern, locale='fr_FR')} – {format_date(end, pattern, locale='fr_FR')}"
        if start.day == 1:
            return f"{start:%Y-%m} .. {end:%Y-%m}"
        return f"{start:%Y-%m-%d} .. {end:%Y-%m-%d}"

    def day(self, day: dt.date | None) -> str:
        """A date: ``2023-09-01``, or ``01/09/2023`` in French; empty for none."""
        if day is None:
            return ""
        return f"{day:%d/%m/%Y}" if self.locale == "fr" else day.isoformat()

    def year(self, index: int, months: int, label: str | None = None, *, separator: str = " ") -> str:
        """A year's heading: ``Year 1``, ``Year 3 (6 months)``, with its date label if any.

        ``separator`` goes between the parts (a newline stacks them in a narrow column).
        """
        parts = [self.word("year", index=index)]
        if label:
            parts.append(label)
        if months != 12:
            parts.append(f"({self.word('months', months=months)})")
        return separator.join(parts)
