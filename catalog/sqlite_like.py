"""SQLite's LIKE with Unicode case folding, as PostgreSQL's UPPER(...) LIKE UPPER(...) folds.

Django runs `iexact`, `icontains` and `istartswith` (and, on SQLite, their case-sensitive forms)
as `LIKE ... ESCAPE '\\'`, and SQLite's own LIKE folds ASCII letters only: on the embedded
database a search for "études" missed "Études", and a username differing from another only in
the case of an accented letter was taken as new. SQLite lets an application replace its LIKE
(`like(pattern, value[, escape])`); this one compares the values case-folded, so both backends
find the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=512)
def matcher(pattern: str, escape: str | None) -> Callable[[str], bool]:
    """A LIKE pattern (`%` any run, `_` one character, `escape` making the next literal) as a
    test of a case-folded value: a plain `in` or `startswith` for the patterns searches send
    (`%word%`, `word%`), an anchored regular expression for the others."""
    pieces: list[str | None] = []  # literal characters, None for `%`, "" for `_`
    chars = iter(pattern.casefold())
    for ch in chars:
        if escape is not None and ch == escape.casefold():
            pieces.append(next(chars, ""))
        elif ch == "%":
            pieces.append(None)
        elif ch == "_":
            pieces.append("")
        else:
            pieces.append(ch)
    inner = pieces[1:-1] if len(pieces) >= 2 and pieces[0] is None and pieces[-1] is None else None
    if inner is not None and all(inner):
        text = "".join(inner)
        return lambda value: text in value
    if pieces and pieces[-1] is None and all(pieces[:-1]):
        text = "".join(pieces[:-1])
        return lambda value: value.startswith(text)
    if all(pieces):
        text = "".join(pieces)
        return lambda value: value == text
    regex = "".join(".*" if p is None else "." if p == "" else re.escape(p) for p in pieces)
    return re.compile(regex, re.DOTALL).fullmatch


def like(pattern: str | None, value: str | None, escape: str | None = None) -> int | None:
    """SQLite's `value LIKE pattern [ESCAPE escape]`, folding case as Unicode does."""
    if pattern is None or value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    return 1 if matcher(pattern, escape)(value.casefold()) else 0


def install(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give a new SQLite connection this LIKE."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
