"""A JSON dump of sections (`sections-json`): what a student-information system's API gives (Banner 9's
registration search, a PeopleSoft or Workday integration), an array of section or meeting objects.

It is sections-csv for JSON. Each record (or each meeting of a record's nested meetings array) is read as
a sections-csv row would be, by sections-csv's own `Reader`: the same columns, aliases, days, times,
dates, statuses, instructors, links, warnings and refusals, so a record reads exactly as a CSV row with the
same values. A column mapping names a path inside the record for each canonical column
(`{"start": "meetingTime.beginTime"}`), where the array of records lies (`"records": "data.sections"`) and
a record's meetings (`"meetings": "meetingsFaculty"`). Problems name JSON paths (`$[12].crn`), never lines.
docs/sources.md describes the format.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from catalog.sources import jsondoc, sections_csv
from catalog.sources.records import (
    CatalogFormatError,
    CatalogRecords,
    InstitutionRecord,
    Problem,
    SectionRecord,
    TermRecord,
)
from catalog.sources.textclean import bom_length, check_size

# mapping keys besides the canonical columns: where the records are, and a record's meetings
PLACES = ("records", "meetings")
KEYS = (*PLACES, *sections_csv.COLUMNS)
EXPECTED = (
    "a JSON array of section (or meeting) objects, or an object holding one under the path a column mapping names "
    '("records": "data.sections") (sections-json)'
)
MAPPING_EXPECTED = (
    "a JSON object of canonical column name → the path of its value inside a record, such as "
    '{"registrar_id": "crn", "start": "meetingTime.beginTime", "instructors": "faculty[].displayName"}'
)
PATH_EXPECTED = (
    'a path inside the record, its keys parted by dots ("meetingTime.beginTime"), a key ending in [] for each '
    'object of a list ("faculty[].displayName")'
)
MEETINGS_KEY = "meetings"  # a record's meetings array, read without a mapping naming it
INSTRUCTORS_JOIN = "; "  # how sections-csv's instructors cell parts names
SCALAR = (str, int, float, bool)
# a problem's place in a quarantine text, as sections-csv writes it: `<where> <column> '<value>'`
PLACED = re.compile(r"(?P<where>\$\S*) (?P<column>start/end|start_date/end_date|[a-z_]+) (?=')")
# sections-csv's warning of a day-flag cell that is no flag: its column (here a path) and the spellings it names
FLAG_WARNING = re.compile(
    r"(?P<head>not a day flag in the \w+ )column '(?P<path>[^']+)'(?P<then>; expected )(?P<on>\S+) \(or (?P<rest>.*?), "
    r"or blank \("
)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the file: a record, or one of its meetings with the record around it."""

    where: str  # the JSON path of the record, or of the meeting
    record: dict
    record_where: str
    meeting: dict | None = None


def columns_load(data: bytes, *, name: str) -> dict[str, Any]:
    """The column mapping of a mapping file's bytes (canonical name → a path inside a record; `records`
    and `meetings` → where the records and a record's meetings are; for `days` also a list or object of
    day-flag paths, for `status` also an object with a value map); a CatalogFormatError naming the file
    and the key when it is not one. Decoded as a catalog file is (`jsondoc.load`)."""
    try:
        text = data[bom_length(data) :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogFormatError(f"not JSON ({exc}); expected {MAPPING_EXPECTED}", path=name) from None
    mapping = jsondoc.load(
        text, name=name, expected=MAPPING_EXPECTED, twice_hint="a column is mapped to one path: which is meant?"
    )
    if not isinstance(mapping, dict):
        raise CatalogFormatError(f"a JSON {type(mapping).__name__}; expected {MAPPING_EXPECTED}", path=name)
    columns_check(mapping, name=name)
    return mapping


def columns_check(mapping: Mapping[str, Any], *, name: str) -> None:
    """A CatalogFormatError naming the first key of `mapping` that is neither a canonical column nor
    `records`/`meetings`, or whose value is not a path (for `days`, day-flag paths; for `status`, a
    path and a value map, checked as sections-csv checks them)."""
    for key, value in mapping.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise CatalogFormatError(
                f"{key!r} is not a canonical column name; {hint}the names are {', '.join(KEYS)}",
                path=name,
                location=f"key {key!r}",
            )
        if key == "days" and isinstance(value, (list, dict)):
            problem = sections_csv.day_flags_of(value)[1]
            paths = [v for v in (value if isinstance(value, list) else value.values())]
            problem = problem or next(filter(None, (path_problem(p, each=False) for p in paths)), "")
        elif key == "status" and isinstance(value, dict):
            problem = sections_csv.status_map_problem(value)
            if not problem and "column" in value:
                problem = path_problem(value["column"], each=False)
        else:
            problem = path_problem(value, each=key == "instructors")
        if problem:
            raise CatalogFormatError(problem, path=name, location=f"key {key!r}")


def path_problem(value: object, *, each: bool) -> str:
    """Why `value` is not a path inside a record ("" when it is); `each`: whether it may step into each
    object of a list (`faculty[].displayName`, for instructors)."""
    if not isinstance(value, str) or not value.strip():
        return f"{value!r} is not a path; expected {PATH_EXPECTED}"
    for key in value.split("."):
        name = key[:-2] if key.endswith("[]") else key
        if not name or "[" in name or "]" in name:
            return f"{value!r}: {key!r} is not a key; expected {PATH_EXPECTED}"
        if key.endswith("[]") and not each:
            return f"{value!r}: {key!r} steps into a list, which only instructors may (their names are joined)"
    return ""


def parse(
    path: str | os.PathLike[str],
    *,
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
    columns: Mapping[str, Any] | None = None,
    columns_name: str = "the column mapping",
) -> CatalogRecords:
    """Records from a sections-json file; its size is checked before it is read."""
    path = Path(path)
    check_size(path)
    return parse_bytes(
        path.read_bytes(), name=str(path), institution=institution, term=term, columns=columns,
        columns_name=columns_name,
    )  # fmt: skip


def parse_bytes(
    data: bytes,
    *,
    name: str = "<upload>",
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
    columns: Mapping[str, Any] | None = None,
    columns_name: str = "the column mapping",
) -> CatalogRecords:
    """Records from sections-json bytes, read through `columns` (canonical name → a path inside a record,
    as `columns_load` gives it, checked again here). The term defaults to the one the file name implies
    (`2025_fall.json` → `2025-fall`); the institution has no default (the import service asks for one)."""
    mapping = dict(columns or {})
    columns_check(mapping, name=columns_name)
    try:
        text = data[bom_length(data) :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogFormatError(f"not UTF-8 text ({exc}); expected {EXPECTED}", path=name) from None
    if text.lstrip()[:1] not in ("{", "["):
        raise jsondoc.not_json(text, name=name, expected=EXPECTED, hint="is it a sections-csv file?")
    document = jsondoc.load(text, name=name, expected=EXPECTED)
    records, base = records_of(document, mapping.get("records"), name=name, mapping_name=columns_name)
    return JsonReader(name, mapping, columns_name, base).read_records(records, institution=institution, term=term)


def records_of(document: Any, place: str | None, *, name: str, mapping_name: str) -> tuple[list, str]:
    """(the records, the JSON path of their array): the document itself when it is an array, else the
    array at the mapping's `records` path."""
    if place is None:
        if isinstance(document, list):
            return document, "$"
        if not isinstance(document, dict):
            raise CatalogFormatError(f"{jsondoc.json_kind(document)}; expected {EXPECTED}", path=name, location="$")
        raise CatalogFormatError(
            f"an object, not an array of records; a column mapping names the path of its array of records"
            f"{records_hint(document, '')}; its keys are {', '.join(map(str, document)) or 'none'}; "
            f"expected {EXPECTED}",
            path=name,
            location="$",
        )
    node, where = document, "$"
    keys = place.split(".")
    for n, key in enumerate(keys):
        if not isinstance(node, dict) or key not in node:
            if isinstance(node, dict):
                lacks = f"{where} has no key {key!r} (it has {', '.join(map(str, node)) or 'no keys'})"
            else:
                lacks = f"{where} is {kind_of(node)}, not an object (with a key {key!r})"
                if n and isinstance(node, list) and any(isinstance(i, dict) for i in node):
                    lacks += f" (here perhaps {json.dumps({'records': '.'.join(keys[:n])})})"
            raise CatalogFormatError(
                f"{mapping_name}: key 'records' names the path {place!r}, which {name} lacks: {lacks}; expected the "
                "path of the array of records",
                path=name,
                location=where,
            )
        node, where = node[key], where + jsondoc.step(key)
    if not isinstance(node, list):
        raise CatalogFormatError(
            f"{kind_of(node)}, at the mapping's records path {place!r}"
            f"{records_hint(node, place) if isinstance(node, dict) else ''}; expected an array of records",
            path=name,
            location=where,
        )
    return node, where


def kind_of(value: Any) -> str:
    """What a JSON value is, in JSON's words (`an array`, where Python's would say a list)."""
    return "an array" if isinstance(value, list) else jsondoc.json_kind(value)


def records_hint(node: dict, prefix: str) -> str:
    """The mapping's records path to an array of objects inside `node` (at path `prefix`), as a hint
    (` (here perhaps {"records": "data.sections"})`), or "" when it holds none."""
    arrays = [p for p, v in walk(node, prefix) if isinstance(v, list) and any(isinstance(i, dict) for i in v)]
    return f" (here perhaps {json.dumps({'records': arrays[0]})})" if arrays else ""


def walk(node: Any, prefix: str, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every key of `node`'s objects, nested objects too (three deep), in order."""
    if not isinstance(node, dict) or depth > 3:
        return
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        yield path, value
        yield from walk(value, path, depth + 1)


MISSING = object()


def at_path(node: Any, path: str) -> Any:
    """The value at a dotted path inside `node` (a list of values for a path stepping into a list with
    `[]`), or MISSING when a key on the way is absent (a null on the way is null)."""
    keys = path.split(".")
    for n, key in enumerate(keys):
        each = key.endswith("[]")
        key = key[:-2] if each else key
        if node is None:
            return None
        if not isinstance(node, dict) or key not in node:
            return MISSING
        node = node[key]
        if each:
            rest = ".".join(keys[n + 1 :])
            items = node if isinstance(node, list) else [] if node is None else [node]
            found = [at_path(item, rest) if rest else item for item in items]
            if found and all(v is MISSING for v in found):
                return MISSING  # `faculty[].displayNam`: no object of the list has it
            return [v for v in found if v is not MISSING and v is not None]
    return node


def keys_shown(node: dict, limit: int = 40) -> str:
    """A record's paths, as a mapping names them (`meetingTime.beginTime`, `faculty[].displayName`)."""
    shown = []
    for path, value in walk(node, ""):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            shown.append(f"{path}[]")
            shown += [f"{path}[].{p}" for p, _ in walk(value[0], "")]
        elif not isinstance(value, dict):
            shown.append(path)
    return ", ".join(shown[:limit]) + (", ..." if len(shown) > limit else "")


class JsonReader(sections_csv.Reader):
    """sections-csv's Reader given a JSON file's records as its rows: the header is the paths the mapping
    names, then every key of the records (read by the names and aliases sections-csv knows them by)."""

    def __init__(self, name: str, mapping: Mapping[str, Any], mapping_name: str, base: str):
        super().__init__(name, {k: v for k, v in mapping.items() if k not in PLACES}, mapping_name)
        self.meetings_path = mapping.get("meetings")
        self.given = mapping
        self.base = base
        self.rows: dict[str, Row] = {}
        self.paths: list[str] = []  # the header: paths inside a meeting or a record

    def read_records(
        self, records: list, *, institution: InstitutionRecord | None, term: TermRecord | None
    ) -> CatalogRecords:
        if not records:
            raise self.fail(
                self.base,
                "no records; expected one object per section or meeting (imported, this file would withdraw every "
                "section of the term)",
            )
        rows = self.rows_of(records)
        self.paths_check(rows)
        header = self.header_of(rows)
        self.header_cells = [sections_csv.column_key(h) for h in header]
        self.header_cells_shown = header
        every = f"{self.base}[*]"
        index = self.index(header, quiet=False, where=every)
        missing = self.missing(index)
        if missing:
            raise self.fail(every, self.missing_message_json(missing, rows[0]))
        self.times_found(index, header, noun="key")
        read = {i: c for c, i in index.items()} | {i: "days" for _, i in self.day_flags}
        cells = ((row.where, [self.cell(row, header[i], read.get(i)) for i in range(len(header))]) for row in rows)
        parsed = self.rows_read(cells, index, every, institution=institution, term=term)
        return self.located(parsed, index, header)

    def rows_of(self, records: list) -> list[Row]:
        """A row per record, or per meeting of a record's meetings array (one for a record with none)."""
        rows = []
        for n, record in enumerate(records):
            where = f"{self.base}[{n}]"
            if not isinstance(record, dict):
                raise self.fail(
                    where,
                    f"{jsondoc.json_kind(record)}; expected an object, a section or one meeting of a section, such as "
                    '{"crn": "10423", "subject": "CS", ...}',
                )
            meetings = at_path(record, self.meetings_path or MEETINGS_KEY)
            if meetings is MISSING or meetings is None or (not self.meetings_path and not isinstance(meetings, list)):
                meetings = []
            if not isinstance(meetings, list):
                raise self.fail(
                    where + "".join(jsondoc.step(k) for k in str(self.meetings_path).split(".")),
                    f"{jsondoc.json_kind(meetings)}; expected the record's array of meetings (the mapping's meetings "
                    "path), each an object",
                )
            at = where + "".join(jsondoc.step(k) for k in (self.meetings_path or MEETINGS_KEY).split("."))
            for m, meeting in enumerate(meetings):
                if not isinstance(meeting, dict):
                    raise self.fail(f"{at}[{m}]", f"{jsondoc.json_kind(meeting)}; expected a meeting, an object")
                rows.append(Row(f"{at}[{m}]", record, where, meeting))
            if not meetings:
                rows.append(Row(where, record, where))
        self.rows = {row.where: row for row in rows}
        return rows

    def mapped_paths(self) -> list[tuple[str, str]]:
        """(mapping key, path) of every path the mapping names inside a record."""
        pairs = []
        for key, value in self.given.items():
            if key == "records":
                continue
            if key == "days" and isinstance(value, (list, dict)):
                pairs += [(key, p) for p in (value if isinstance(value, list) else value.values())]
            elif key == "status" and isinstance(value, dict):
                pairs += [(key, value["column"])] if "column" in value else []
            else:
                pairs.append((key, value))
        return pairs

    def paths_check(self, rows: list[Row]) -> None:
        """A format error for a path the mapping names that no record (nor meeting) has, naming the path and
        the keys the first record has."""
        for key, path in self.mapped_paths():
            if key == "meetings":
                found = any(at_path(row.record, path) is not MISSING for row in rows)
            else:
                found = any(self.value(row, path)[0] is not MISSING for row in rows)
            if found:
                continue
            first = rows[0]
            keys = keys_shown(first.record)
            if first.meeting is not None:
                keys += f"; its first meeting ({first.where}) has {keys_shown(first.meeting)}"
            candidates = [p for p, _ in walk(first.record, "")] + [p for p, _ in walk(first.meeting or {}, "")]
            close = difflib.get_close_matches(path, candidates, n=1)
            raise self.fail(
                first.record_where,
                f"{self.mapping_name}: key {key!r} names the path {path!r}, which no record of {self.name} has"
                f"{f' (did you mean {close[0]!r}?)' if close else ''}; the first record ({first.record_where}) has "
                f"{keys}",
            )

    def header_of(self, rows: list[Row]) -> list[str]:
        """The paths the mapping names, then every other path of the records' and meetings' values that
        are not lists (in the order first seen), for the names and aliases sections-csv knows. Every row is
        looked at: an API leaves out a key holding its default, so a key (a status) may first appear in the
        last record, and a key left unseen would be neither read nor warned of."""
        header = dict.fromkeys(path for key, path in self.mapped_paths() if key != "meetings")
        seen = {path.casefold() for path in header}
        meetings = {(self.meetings_path or MEETINGS_KEY).casefold()}
        for row in rows:
            for node in (row.meeting or {}, row.record):
                for path, value in walk(node, ""):
                    # a list is a cell only of names (instructors); the meetings array is rows of its own
                    names = not isinstance(value, list) or (value and all(isinstance(v, SCALAR) for v in value))
                    if not isinstance(value, dict) and names and path.casefold() not in seen | meetings:
                        header[path] = None
                        seen.add(path.casefold())
        return list(header)

    def value(self, row: Row, path: str) -> tuple[Any, str]:
        """(value, JSON path) of `path` in the row's meeting, else its record (a CSV row repeats the
        section's cells on each meeting's row), or (MISSING, "")."""
        for node, where in ((row.meeting, row.where), (row.record, row.record_where)):
            if node is None:
                continue
            found = at_path(node, path)
            if found is not MISSING:
                return found, where + "".join(jsondoc.step(k) if "[" not in k else f".{k[:-2]}[*]" for k in
                                               path.split("."))  # fmt: skip
        return MISSING, ""

    def cell(self, row: Row, path: str, column: str | None) -> str:
        """The text a CSV's cell would hold for `path` in `row`, read as `column`: text as it is, a number or
        true/false as its JSON text (`10423`, `3`, `true`), null or absent empty; a list of instructors' names
        joined with `; `; a list or object anywhere else a format error naming its path. "" for a path not
        read (no column)."""
        if column is None:
            return ""
        found, where = self.value(row, path)
        if found is MISSING or found is None:
            return ""
        if isinstance(found, list) and column == "instructors":
            names = [text_of(v) for v in found]
            if all(n is not None for n in names):
                return INSTRUCTORS_JOIN.join(n for n in names if n)
        text = text_of(found)
        if text is None:
            inside = f" (its keys: {keys_shown(found, 10)})" if isinstance(found, dict) else ""
            raise self.fail(
                where,
                f"{jsondoc.json_kind(found)}{inside}; expected text, a number or true/false (does the mapping name "
                "a key inside it?)",
            )
        return text

    def missing_message_json(self, missing: list[str], first: Row) -> str:
        """What records lacking required fields miss, the first record's keys and the mapping to write."""
        example = json.dumps({c: "<path inside the record>" for c in missing})
        return (
            f"missing required field(s) {', '.join(missing)}; expected records with keys naming "
            f"{', '.join(sections_csv.REQUIRED)} (any case; spaces, _ and - ignored; or a common alias, "
            f"docs/sources.md), or a column mapping naming their paths (--columns mapping.json, or the upload "
            f"page's Column mapping): {example}; the first record ({first.record_where}) has {keys_shown(first.record)}"
        )

    def located(self, parsed: CatalogRecords, index: dict[str, int], header: list[str]) -> CatalogRecords:
        """`parsed` with each problem at the JSON path of its field (`$[12].meetingTime.beginTime`), not
        its row's, and each quarantine naming the paths of its fields the same way."""

        def place(where: str, column: str) -> str:
            row = self.rows.get(where)
            column = {"start/end": "start", "start_date/end_date": "start_date"}.get(column, column)
            if row is None or column not in index:
                return ""
            return self.value(row, header[index[column]])[1]

        def problem(p: Problem) -> Problem:
            flag = FLAG_WARNING.match(p.message) if p.field == "days" else None
            row = self.rows.get(p.location)
            if flag and row is not None:
                return replace(p, location=self.value(row, flag["path"])[1] or p.location, message=flag_message(flag))
            found = place(p.location, p.field)
            return replace(p, location=found) if found else p

        def quarantine(text: str) -> str:
            def one(match: re.Match) -> str:
                found = place(match["where"], match["column"])
                return f"{found} ({match['column']}) " if found else match[0]

            return PLACED.sub(one, text)

        def section(s: SectionRecord) -> SectionRecord:
            return replace(
                s, quarantine=quarantine(s.quarantine) if s.quarantine else "", code_source=place(s.source, "section")
            )

        courses = tuple(replace(c, sections=tuple(map(section, c.sections))) for c in parsed.courses)
        return replace(
            parsed,
            courses=courses,
            rejected=tuple(map(problem, parsed.rejected)),
            warnings=tuple(map(problem, parsed.warnings)),
        )


def flag_message(flag: re.Match) -> str:
    """sections-csv's day-flag warning said of a JSON key, with JSON's spelling first: `true` for a meeting
    that day, `false` or null for none."""
    rest = flag.string[flag.end() :]
    return (
        f"{flag['head']}key {flag['path']!r}{flag['then']}true (or {flag['on']}, {flag['rest']}, "
        f"or false, null or blank ({rest}"
    )


def text_of(value: Any) -> str | None:
    """A JSON value's text as a CSV cell holds it (`10423`, `3`, `2.5`, `true`), "" for null; None for a
    list or an object."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, SCALAR):
        return str(value)
    return None
