"""Reading a course's credits as a registrar writes them: `3`, `3.0`, `1 - 12`, `1-4`, `1 to 4`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

LIMIT = Decimal(1000)  # the catalog stores credits as 5 digits, 2 after the point
RANGE_SEPARATOR = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b|\bor\b)\s*", re.IGNORECASE)
# a word after the number, as another export writes it: `3 credits`, `4.0 Units`, `1-4 hrs`
UNIT_WORD = re.compile(r"\s*(?:credits?|cr|units?|hours?|hrs?|credit hours?|ch|sh|semester hours?)\.?\s*$", re.I)
EXPECTED = "a number of credits from 0 to 999.99 such as '3', or a range such as '1 - 12'"


def numbers_of(text: str) -> list[Decimal]:
    """The numbers of a credits cell, in the order written (a unit word after them left out);
    [] when one of its parts is no number."""
    try:
        return [Decimal(p) for p in RANGE_SEPARATOR.split(UNIT_WORD.sub("", text.strip()))]
    except InvalidOperation:
        return []


def credit_range(text: str) -> tuple[Decimal, Decimal]:
    """(least, most) credits of `text`; ValueError when it is no number or range of 0 to 999.99
    with at most two decimals (what the catalog stores). A range written the wrong way round
    (`4 - 3`) is read the right way round: `reversed_range` says so.

    >>> credit_range("3"), credit_range("1-4") == credit_range("1 to 4") == credit_range("1 \u2013 4")
    ((Decimal('3'), Decimal('3')), True)
    >>> credit_range("3 credits") == credit_range("3.0 Units") == credit_range("3 cr.")
    True
    """
    parts = numbers_of(text)
    if not (1 <= len(parts) <= 2) or not all(
        p.is_finite() and 0 <= p < LIMIT and p == p.quantize(Decimal("0.01")) for p in parts
    ):
        raise ValueError(f"{text!r} is not {EXPECTED}")
    return min(parts), max(parts)


def reversed_range(text: str) -> str:
    """The warning for a credit range written the wrong way round (`4 - 3`, read as 3 to 4), in
    the words the canonical format warns with, or '' for any other text.

    >>> reversed_range("4 - 3")[:65]
    "the range's first number 4 is above its last 3; read as the range"
    >>> reversed_range("3 - 4"), reversed_range("3")
    ('', '')
    """
    parts = numbers_of(text)
    if len(parts) != 2 or not parts[0] > parts[1]:
        return ""
    first, last = parts
    return (
        f"the range's first number {first} is above its last {last}; read as the range {last} to {first}: expected "
        f"the least first, such as '{last} - {first}'"
    )
