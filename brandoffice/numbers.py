"""How numbers read to the clerk: one percent rule and one way of writing amounts.

The screen, the reports and the charts all format shares here, so 14 of 17 reads
82.4% everywhere (rounded half up from the exact fraction, never from a rounded
float), and amounts read as officials write them: 15万元, 1.5万元, 8000元.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NO_SHARE = "—"
"""Stands for a share of nothing (no task, no member to count)."""

_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


def percent_value(part: int, whole: int) -> Decimal | None:
    """Return ``part / whole`` in percent rounded half up to one decimal, or None for no whole."""
    if not whole:
        return None
    exact = Fraction(part, whole) * 100
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        _TENTH, rounding=ROUND_HALF_UP
    )


def percent(part: int, whole: int, *, empty: str = "0.0%") -> str:
    """Return a share as ``82.4%``; all of it reads ``100%`` (narrow columns).

    Args:
        part: The counted part.
        whole: The whole; 0 gives ``empty``.
        empty: The text for a share of nothing.
    """
    value = percent_value(part, whole)
    if value is None:
        return empty
    if part == whole:
        return "100%"
    return f"{value}%"


def percent_of(ratio: float | None, *, empty: str = NO_SHARE) -> str:
    """Return a ratio (0 to 1) as :func:`percent` writes it, for callers holding only a ratio.

    The ratio is read as the decimal it prints as (0.8235 → 82.4%), so a rate already
    rounded to four places reads like the fraction it came from.
    """
    if ratio is None:
        return empty
    value = (Decimal(repr(float(ratio))) * 100).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return "100%" if value == 100 else f"{value}%"


def wan_yuan(fen: int) -> str:
    """Return an amount in fen as a 公文 writes it: ``15万元``, ``1.25万元``, ``8000元``.

    Amounts of 10,000 yuan and more are written in 万元 with at most two decimals
    (trailing zeros dropped); smaller ones in whole yuan, with 角分 only when present.
    """
    sign = "-" if fen < 0 else ""
    yuan = Decimal(abs(fen)) / 100
    if yuan >= 10000:
        wan = (yuan / 10000).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
        return f"{sign}{_plain(wan)}万元"
    return f"{sign}{_plain(yuan.quantize(_HUNDREDTH))}元"


def wan(fen: int) -> str:
    """Return an amount in fen as a number of 万元 for a table headed ``（万元）``: ``1.5``."""
    sign = "-" if fen < 0 else ""
    value = (Decimal(abs(fen)) / 1_000_000).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    return f"{sign}{_plain(value)}"


def _plain(value: Decimal) -> str:
    """Write a decimal without trailing zeros or exponent: 15.00 → 15, 1.50 → 1.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
