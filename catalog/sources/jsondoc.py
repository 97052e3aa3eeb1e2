"""Checks shared by the JSON adapters on a decoded document: the JSON path of a node, and text
the catalog database cannot store (NUL characters, lone surrogates from `\\uXXXX` escapes)."""

from __future__ import annotations

import re
from typing import Any

from catalog.sources.records import CatalogFormatError

# Only a document whose text has such an escape is walked (a valid file costs one search).
SUSPECT_ESCAPE = re.compile(r"\\u(0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def not_json(text: str, *, name: str, expected: str, hint: str) -> CatalogFormatError:
    """The error for a file that does not even start as JSON: what was expected, and whether it
    looks like a CSV (a catalog given with the wrong --format)."""
    looks = "this looks like a CSV" if "," in text.lstrip().split("\n", 1)[0] else "this is not JSON"
    return CatalogFormatError(
        f"expected {expected}, starting with '{{'; {looks} ({hint})", path=name, location="line 1"
    )


def step(key: Any) -> str:
    return f".{key}" if isinstance(key, str) and key.isidentifier() else f"[{key!r}]"


def path_of(node: Any, target: Any, path: str = "$") -> str:
    """The JSON path of `target` (by identity) inside `node`, or '' when it is not there."""
    if node is target:
        return path
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        if isinstance(child, (dict, list)):
            found = path_of(child, target, path + step(key))
            if found:
                return found
    return ""


def unstorable_text(text: str, document: Any) -> tuple[str, str] | None:
    """(JSON path, why) of the first key or string of `document` that no database can store
    (PostgreSQL refuses NUL characters; a lone surrogate is no Unicode text), or None."""
    if not SUSPECT_ESCAPE.search(text):
        return None
    stack: list[tuple[str, Any]] = [("$", document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key in node:
                problem = why_unstorable(key)
                if problem:
                    return f"{path}{step(key)} (the key)", problem
            stack.extend(reversed([(path + step(key), child) for key, child in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([(f"{path}[{i}]", child) for i, child in enumerate(node)]))
        elif isinstance(node, str):
            problem = why_unstorable(node)
            if problem:
                return path, problem
    return None


def why_unstorable(value: str) -> str:
    if "\x00" in value:
        return "a NUL character (\\u0000) in the text; expected printable text"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"a lone surrogate \\u{ord(value[exc.start]):04x} in the text; expected valid Unicode text"
    return ""
