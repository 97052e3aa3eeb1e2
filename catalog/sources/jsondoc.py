"""What the JSON adapters share: decoding a file with its problems located (syntax errors by
line and column, a repeated key by its JSON path), the JSON path of a node, and text the catalog
database cannot store (NUL characters, lone surrogates from `\\uXXXX` escapes)."""

from __future__ import annotations

import json
import re
from typing import Any

from catalog.sources.records import CatalogFormatError

# Only a document whose text has such an escape is walked (a valid file costs one search).
SUSPECT_ESCAPE = re.compile(r"\\u(0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)


class RepeatedKey(dict):
    """A decoded JSON object that named `key` twice, kept so its JSON path can be reported."""

    key: str = ""


def load(text: str, *, name: str, expected: str, twice_hint: str = "") -> Any:
    """The decoded document. A CatalogFormatError refuses, saying what was `expected`: a syntax
    error (with its line and column), a key repeated in an object (json would keep the last
    silently; with its JSON path and `twice_hint`, what it may mean), nesting too deep to decode
    and text no database can store."""
    repeated: list[RepeatedKey] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) < len(items) and not repeated:
            keys = [k for k, _ in items]
            result = RepeatedKey(result)
            result.key = next(k for i, k in enumerate(keys) if k in keys[:i])
            repeated.append(result)
        return result

    try:
        document = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise CatalogFormatError(
            f"not valid JSON: {exc.msg}; expected {expected} (is the file truncated?)",
            path=name,
            location=f"line {exc.lineno} column {exc.colno}",
        ) from None
    except RecursionError:
        raise CatalogFormatError(f"JSON nested too deeply; expected {expected}", path=name) from None
    if repeated:
        hint = f" ({twice_hint})" if twice_hint else ""
        raise CatalogFormatError(
            f"key {repeated[0].key!r} appears twice in this object; expected every key once{hint}",
            path=name,
            location=path_of(document, repeated[0]) or "$",
        )
    unstorable = unstorable_text(text, document)
    if unstorable:
        raise CatalogFormatError(unstorable[1], path=name, location=unstorable[0])
    return document


def not_json(text: str, *, name: str, expected: str, hint: str) -> CatalogFormatError:
    """The error for a file that does not even start as JSON: what was expected, what the file
    starts with, and whether it looks like a CSV (a catalog given with the wrong --format). A
    line with a `{` or `[` near its start is JSON after something else (a stray mark), not a CSV;
    a file that is JSON of another kind (`null`, `42`, `"text"`) says which kind it is."""
    first = text.lstrip().split("\n", 1)[0]
    try:
        value = json.loads(text)
    except ValueError:
        pass
    else:
        return CatalogFormatError(
            f"expected {expected}; found {json_kind(value)} ({first[:20]!r}): the file is JSON, but holds no object",
            path=name,
            location="$",
        )
    after = any(c in first[:10] for c in "{[")
    looks = "this looks like a CSV" if "," in first and not after else "this is not JSON"
    if after:
        looks = "something is written before the JSON (remove it)"
    return CatalogFormatError(
        f"expected {expected}, starting with '{{'; it starts with {first[:20]!r}: {looks} ({hint})",
        path=name,
        location="line 1",
    )


def json_kind(value: Any) -> str:
    """What a JSON value is, in words (`a string` for `"3"`, `null` for None)."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, float) and not value.is_integer():
        return "a number with a fraction"
    kinds = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return next((word for kind, word in kinds.items() if isinstance(value, kind)), "null")


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
