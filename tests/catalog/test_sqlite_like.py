"""SQLite's LIKE replaced by one that folds Unicode case (catalog/sqlite_like.py): the same
matches as SQLite's own for ASCII, and accented letters folded as PostgreSQL folds them."""

import pytest

from catalog.sqlite_like import like


@pytest.mark.parametrize(
    ("value", "pattern", "escape", "expected"),
    [
        ("Études françaises", "%études%", None, 1),
        ("ÉCON 100", "écon 100", None, 1),
        ("Chemistry", "chem%", None, 1),
        ("Chemistry", "%CHEM", None, 0),
        ("Hopper", "h_pper", None, 1),
        ("Hopper", "h_per", None, 0),
        ("100% online", "%100\\%%", "\\", 1),
        ("1000 online", "%100\\%%", "\\", 0),
        ("a_b", "a\\_b", "\\", 1),
        ("axb", "a\\_b", "\\", 0),
        ("back\\slash", "back\\\\slash", "\\", 1),
        ("two\nlines", "two%lines", None, 1),
        ("a.b", "a.b", None, 1),
        ("axb", "a.b", None, 0),
        (None, "%", None, None),
        ("x", None, None, None),
    ],
)
def test_like_matches_as_sqlite_does_and_folds_unicode_case(value, pattern, escape, expected):
    args = (pattern, value) if escape is None else (pattern, value, escape)
    assert like(*args) == expected
