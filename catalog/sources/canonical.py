"""The canonical Classtime catalog format (JSON, version 1): parse and dump.

The format is documented in docs/catalog-format.md and described by
`schema/catalog-v1.schema.json`. Structure errors make the whole file fail (it is our own
format, so a broken file is a broken export); per-section problems quarantine or reject that
section as the foreign adapters do.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from catalog.sources import clock, jsondoc, textclean
from catalog.sources.jsondoc import json_kind
from catalog.sources.records import (
    EXAM_OVER_A_RANGE,
    MAX_FILE_BYTES,
    OUTSIDE_TERM_GRACE,
    SANE_DATES,
    TERM_OPTIONAL,
    WEEKDAYS,
    CatalogFormatError,
    CatalogRecords,
    CourseRecord,
    InstitutionRecord,
    MeetingRecord,
    Problem,
    SectionRecord,
    TermRecord,
    course_key,
    parent_loops,
)

FORMAT = "classtime-catalog"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "catalog-v1.schema.json"


# the command's option and the admin upload page's field that name a file's format
OTHER_FORMAT = "choose its format with --format or the upload page's Format: uva-csv, gatech-json, sections-csv"
EXPECTED = f'a canonical catalog (a JSON object with "format": "{FORMAT}")'


@cache
def schema_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def read_text(data: bytes, *, name: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or a CatalogFormatError for what makes any catalog file unreadable:
    empty, too large, NUL bytes, not UTF-8. UTF-8 byte-order marks (one, or several) are dropped."""
    if len(data) > max_bytes:
        raise CatalogFormatError(
            f"file is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
            "(split the catalog or raise CLASSTIME_MAX_IMPORT_BYTES)",
            path=name,
        )
    bom = textclean.bom_length(data)  # any number of marks; offsets below count them, as an editor does
    data = data[bom:]
    if not data.strip():
        raise CatalogFormatError("file is empty; expected a catalog", path=name)
    if data.startswith(textclean.UTF16_BOMS):  # Windows' "Unicode" text: NUL bytes between the letters
        raise CatalogFormatError(
            f"file is UTF-16 text; expected {EXPECTED} in UTF-8 (re-save it as UTF-8)", path=name, location="line 1"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise CatalogFormatError(
            f"NUL byte at offset {bom + nul}; a catalog is a text file (is this a binary or UTF-16 file?)",
            path=name,
            location=f"line {line}",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogFormatError(
            f"byte 0x{data[exc.start]:02x} at offset {bom + exc.start} is not valid UTF-8; "
            "expected UTF-8 text (re-save the file as UTF-8)",
            path=name,
            location=f"line {line}",
        ) from None


def check_size(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file over the limit before reading it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise CatalogFormatError(f"file is {size:,} bytes; the limit is {max_bytes:,} bytes", path=str(path))


def parse(path: str | os.PathLike[str]) -> CatalogRecords:
    """Records from a canonical catalog file."""
    path = Path(path)
    check_size(path)
    return parse_bytes(path.read_bytes(), name=str(path))


def parse_bytes(
    data: bytes,
    *,
    name: str = "<upload>",
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
) -> CatalogRecords:
    """Records from canonical JSON bytes; `institution`/`term` override the file's own."""
    text = read_text(data, name=name)
    try:
        document = jsondoc.load(text, name=name, expected=EXPECTED)
    except CatalogFormatError:
        if text.lstrip()[:1] in ("{", "["):
            raise  # broken or cut JSON: its line and column say where
        raise jsondoc.not_json(
            text,
            name=name,
            expected=EXPECTED,
            hint=f"is it a uva-csv catalog? {OTHER_FORMAT}",
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        looks = ""
        if isinstance(document, dict) and {"courses", "caches"} <= document.keys():
            looks = "; this looks like gt-scheduler crawler JSON (gatech-json)"
        found = "" if isinstance(document, dict) else f"; found {json_kind(document)}"
        raise CatalogFormatError(
            f'expected a JSON object with "format": "{FORMAT}"{found}{looks} (is this another format? {OTHER_FORMAT})',
            path=name,
            location="$.format" if isinstance(document, dict) else "$",
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version != VERSION:
        # another version of the format (another Classtime release's export): said as that, as
        # gatech-json says it, not as a schema mismatch
        raise CatalogFormatError(
            f"version {version} is not supported; expected {VERSION} (a file of another Classtime release: "
            "export it again with this one's export_catalog)",
            path=name,
            location="$.version",
        )
    errors = sorted(schema_validator().iter_errors(document), key=lambda e: list(e.path))
    if errors:
        shown = "; ".join(f"{e.json_path}: {schema_message(e)}" for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise CatalogFormatError(f"does not match the catalog schema v{VERSION}: {shown}{more}", path=name)
    return Reader(name).read(document, institution=institution, term=term)


# what the schema's patterns mean, in words, instead of the regular expression
PATTERN_WORDS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "expected a date YYYY-MM-DD such as 2026-08-24",
    "^[0-9]{2}:[0-9]{2}$": "expected a 24-hour time HH:MM such as 09:00 or 13:30",
    "^[-a-zA-Z0-9_]{1,40}$": "expected 1-40 letters, digits, - or _ such as 'uva'",
}


def schema_message(error: jsonschema.ValidationError) -> str:
    """The validator's message with a long value cut short (a 2 MB title must not fill the
    message), giving its length instead. Of a value that is none of several kinds (a number or
    null), the one reason that is not its kind: `inf is greater than the maximum of 999`. A
    value a pattern or `not` refuses where the schema gives the rule a title and a description
    is refused in those words, as the importer words it: `term code '2025/fall' cannot be
    used: it is part of the API's URLs, ...`, not `'2025/fall' does not match '^[^/]*$'`."""
    message = error.message
    reasons = [e for e in error.context or () if e.validator != "type"]
    if error.validator == "anyOf" and error.context and not reasons:  # of none of the kinds: say which
        message = f"{shown(error.instance)}: expected {kinds_expected(error.context)}, not {json_kind(error.instance)}"
    if error.validator == "anyOf" and len(reasons) == 1:
        message = reasons[0].message
        if reasons[0].validator == "pattern":
            error = reasons[0]
    if error.validator == "pattern" and error.validator_value in PATTERN_WORDS:
        message = f"{error.instance!r}: {PATTERN_WORDS[error.validator_value]}"
    if error.validator in ("pattern", "not") and isinstance(error.schema, dict):
        if "title" in error.schema and "description" in error.schema:
            message = f"{error.schema['title']} {error.instance!r} cannot be used: {error.schema['description']}"
    if isinstance(error.instance, str) and len(error.instance) > 80:
        message = message.replace(
            repr(error.instance), f"{error.instance[:40]!r}... ({len(error.instance):,} characters)"
        )
    return message if len(message) <= 300 else message[:297] + "..."


# a JSON type in words, as a registrar reads it
TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "string": "a string",
    "null": "null",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
}


def kinds_expected(errors: list[jsonschema.ValidationError]) -> str:
    """The kinds a value of several allowed kinds may be, from each kind's type error, in
    words: `a number from 0 to 999 or null`, `a date YYYY-MM-DD such as 2026-08-24 or null`."""
    words = []
    for error in errors:
        schema = error.schema if isinstance(error.schema, dict) else {}
        if schema.get("pattern") in PATTERN_WORDS:
            word = PATTERN_WORDS[schema["pattern"]].removeprefix("expected ")
        else:
            word = TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
            if "minimum" in schema and "maximum" in schema:
                word += f" from {schema['minimum']} to {schema['maximum']}"
        words.append(word)
    return " or ".join(dict.fromkeys(words))


def shown(value: Any) -> str:
    """A value as the file writes it: a string quoted as the validator's messages quote them
    (`'3'`), anything else as JSON (`true`, `3.5`, `null`), not as Python writes it (`True`)."""
    return repr(value) if isinstance(value, str) else json.dumps(value)


class Reader:
    """Turns a schema-valid document into records, collecting per-section problems."""

    def __init__(self, name: str):
        self.name = name
        self.rejected: list[Problem] = []
        self.warnings: list[Problem] = []

    def date(self, value: str | None, where: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CatalogFormatError(
                f"{value!r} is not a calendar date; expected YYYY-MM-DD",
                path=self.name,
                location=where,
            ) from None

    def term(self, t: dict[str, Any]) -> TermRecord:
        """The file's term; days the catalog could not store (a year no term can have, the first
        after the last) fail the file with their JSON path, as the database would refuse it whole."""
        first_day = self.sane_date(t.get("first_day"), "$.term.first_day")
        last_day = self.sane_date(t.get("last_day"), "$.term.last_day")
        if first_day and last_day and last_day < first_day:
            raise CatalogFormatError(
                f"{t['first_day']!r} is after last_day {t['last_day']!r}; expected the term's first day of classes on "
                "or before its last",
                path=self.name,
                location="$.term.first_day",
            )
        return TermRecord(
            code=t["code"],
            name=t["name"],
            first_day=first_day,
            last_day=last_day,
            holidays=self.holidays(t.get("holidays", []), first_day, last_day),
            absent=frozenset(k for k in TERM_OPTIONAL if k not in t),  # kept as stored; null or [] clears
        )

    def holidays(self, given: list[str], first_day: date | None, last_day: date | None) -> tuple[date, ...]:
        """The term's holidays, each once, with a warning for one listed again (kept once) and for
        one over OUTSIDE_TERM_GRACE outside the term's days (kept: a finals week just after the last day
        of classes is a term's holidays, but no class meets months away: a mistyped year?)."""
        holidays: dict[date, str] = {}
        for i, text in enumerate(given):
            where = f"$.term.holidays[{i}]"
            day = self.date(text, where)
            if day in holidays:
                again = f"{day} is listed before, at {holidays[day]}; kept once"
                self.warnings.append(Problem(where, again, field="holidays", value=text))
                continue
            holidays[day] = where
            if (first_day and day < first_day - OUTSIDE_TERM_GRACE) or (
                last_day and day > last_day + OUTSIDE_TERM_GRACE
            ):
                self.warnings.append(
                    Problem(
                        where,
                        f"{day} is over {OUTSIDE_TERM_GRACE.days} days outside the term's days, {first_day or '?'} to "
                        f"{last_day or '?'}, so no class meets then; kept, but check it (a mistyped year?)",
                        field="holidays",
                        value=text,
                    )
                )
        return tuple(holidays)

    def sane_date(self, value: str | None, where: str) -> date | None:
        day = self.date(value, where)
        if day is not None and not SANE_DATES[0] <= day <= SANE_DATES[1]:
            raise CatalogFormatError(
                f"{value!r}: a year no term can have; expected a date from {SANE_DATES[0]} to {SANE_DATES[1]}",
                path=self.name,
                location=where,
            )
        return day

    def read(
        self,
        doc: dict[str, Any],
        *,
        institution: InstitutionRecord | None,
        term: TermRecord | None,
    ) -> CatalogRecords:
        inst = doc["institution"]
        campus_zones = inst.get("campus_timezones")
        institution = institution or InstitutionRecord(
            inst["code"],
            inst["name"],
            inst["timezone"],
            None if campus_zones is None else tuple(sorted(campus_zones.items())),
        )
        t = doc["term"]
        term = term or self.term(t)
        if not any(comp["sections"] for c in doc["courses"] for comp in c["components"]):
            n = len(doc["courses"])
            found = f"no sections in any of its {n:,} course(s)" if n else "no courses"
            raise CatalogFormatError(
                f"{found}; expected courses with their sections (imported, this file would withdraw every section of "
                "the term), as every format refuses a catalog with no section",
                path=self.name,
                location="$.courses",
            )
        seen_ids: set[str] = set()
        courses: list[CourseRecord] = []
        sections_seen = 0
        seen_courses: dict[tuple[str, str], str] = {}  # each code in capitals → where it came first
        upper_cased: list[tuple[str, str, str]] = []  # (JSON path, code, in capitals): codes not so written
        for ci, c in enumerate(doc["courses"]):
            where = f"$.courses[{ci}]"
            # in any case: the API finds a course by its code in any case, and the admin refuses
            # `cs 1110` beside `CS 1110`, so one of the two would be out of reach
            key = course_key(c["subject"], c["number"])
            sections: list[SectionRecord] = []
            codes: dict[str, str] = {}  # each section code of the course, in capitals → where it came first
            rejected_codes: dict[str, str] = {}  # the code of each section of the course rejected → where
            for ki, comp in enumerate(c["components"]):
                for si, s in enumerate(comp["sections"]):
                    sections_seen += 1
                    swhere = f"{where}.components[{ki}].sections[{si}]"
                    if key in seen_courses:
                        self.rejected.append(
                            Problem(
                                swhere,
                                f"course {c['subject']} {c['number']} appears twice in the file (first at "
                                f"{seen_courses[key]}, codes compared in any case)",
                                field="subject+number",
                                value=f"{c['subject']} {c['number']}",
                                registrar_id=s["id"],
                            )
                        )
                        continue
                    if s["id"] in seen_ids:
                        rejected_codes.setdefault(s["code"], swhere)
                        self.rejected.append(
                            Problem(
                                swhere,
                                "duplicate section id; ids are unique in a term",
                                field="id",
                                value=s["id"],
                                registrar_id=s["id"],
                            )
                        )
                        continue
                    seen_ids.add(s["id"])
                    code = s["code"].upper()
                    if code in codes:
                        # sections name their parent by code within the course: a second one of
                        # a code would make every such link ambiguous (uva-csv and sections-csv
                        # refuse it too, and the admin)
                        self.rejected.append(
                            Problem(
                                swhere,
                                f"section code {s['code']!r} already used in {c['subject']} {c['number']} (at "
                                f"{codes[code]}, codes compared in any case); a section's code is unique in its course",
                                field="code",
                                value=s["code"],
                                registrar_id=s["id"],
                            )
                        )
                        continue
                    codes[code] = swhere
                    sections.append(self.section(s, comp, swhere))
            if key in seen_courses:
                continue
            seen_courses[key] = where
            if key != (c["subject"], c["number"]):
                upper_cased.append((where, f"{c['subject']} {c['number']}", " ".join(key)))
            least = self.credits(c.get("credits_min"), f"{where}.credits_min")
            most = self.credits(c.get("credits_max"), f"{where}.credits_max")
            if least is not None and most is not None and least > most:
                # a range written the wrong way round, read as the CSV adapters read `4 - 3`: warned
                self.warnings.append(
                    Problem(
                        f"{where}.credits_min",
                        f"credits_min {c['credits_min']} is above credits_max {c['credits_max']}; read as the range "
                        f"{c['credits_max']} to {c['credits_min']}: expected credits_min at most credits_max",
                        field="credits_min",
                        value=str(c["credits_min"]),
                    )
                )
                least, most = most, least
            courses.append(
                CourseRecord(
                    subject=key[0],
                    number=key[1],
                    title=c["title"],
                    credits_min=least,
                    credits_max=most,
                    description=self.cut(c.get("description", ""), textclean.DESCRIPTION_LIMIT, where, "description"),
                    sections=tuple(self.checked_links(sections, rejected_codes)),
                    prerequisites=self.cut(
                        c.get("prerequisites", ""), textclean.PREREQUISITES_LIMIT, where, "prerequisites"
                    ),
                )
            )
        if upper_cased:
            # generation requests name courses in capitals (`CS 1110` for `cs 1110`), as the other
            # formats write them: a code stored otherwise could never be planned
            where, code, capitals = upper_cased[0]
            self.warnings.append(
                Problem(
                    where,
                    f"{len(upper_cased):,} course code(s) not in capitals were upper-cased, such as {code!r} → "
                    f"{capitals!r}: expected codes in capitals, as courses are named in generation requests",
                    field="subject+number",
                    value=code,
                )
            )
        return CatalogRecords(
            institution=institution,
            term=term,
            courses=tuple(courses),
            sections_seen=sections_seen,
            rejected=tuple(self.rejected),
            warnings=tuple(self.warnings),
            source_name=self.name,
        )

    def cut(self, text: str, limit: int, where: str, field: str, rid: str = "") -> str:
        """`text` cut to the `limit` characters the catalog keeps of `field`, with the warning
        every format gives (`textclean.cut`): a description or notes stored longer before (an
        admin edit, an older import) exports and imports again."""
        if len(text) > limit:
            shown = text[: textclean.CUT_SHOWN]
            self.warnings.append(
                Problem(
                    f"{where}.{field}",
                    textclean.cut_words(len(text), limit),
                    field=field,
                    value=shown,
                    registrar_id=rid,
                )
            )
        return text[:limit]

    def credits(self, value: float | int | None, where: str) -> Decimal | None:
        """The number of credits; NaN (which the schema's bounds let through) is refused, and so
        is a third decimal, which the catalog cannot store: rounded, the course would read as
        changed at every re-import of the same file."""
        number = decimal_or_none(value)
        if number is not None and not (number.is_finite() and number == number.quantize(CENT)):
            raise CatalogFormatError(
                f"{json.dumps(value)} is not a number of credits; expected 0 to 999 with at most two decimals, or null",
                path=self.name,
                location=where,
            )
        return number

    def section(self, s: dict[str, Any], comp: dict[str, Any], where: str) -> SectionRecord:
        meetings: list[MeetingRecord] = []
        reasons = [s["quarantine"]] if s.get("quarantine") else []
        for mi, m in enumerate(s.get("meetings", [])):
            at = f"{where}.meetings[{mi}]"
            meeting, reason = self.meeting(m, at)
            if meeting is not None and meeting.exam_over_a_range:
                dates = f"'{meeting.last_date}' (first_date {meeting.first_date})"
                reason = f"{at}.last_date {dates}: {EXAM_OVER_A_RANGE}; the meeting was dropped"
            elif meeting is not None and meeting.over_a_range_text:
                self.warnings.append(
                    Problem(
                        f"{at}.last_date",
                        meeting.over_a_range_text,
                        field="last_date",
                        value=str(meeting.last_date),
                        registrar_id=s["id"],
                    )
                )
            if reason:
                reasons.append(reason)
            else:
                meetings.append(meeting)
        return SectionRecord(
            registrar_id=s["id"],
            code=s["code"],
            component=comp["kind"],
            component_name=comp["name"],
            status=s.get("status", "open"),
            capacity=s.get("capacity"),
            enrolled=s.get("enrolled"),
            waitlist=s.get("waitlist"),
            instructors=tuple(s.get("instructors", ())),
            campus=s.get("campus", ""),
            modality=s.get("modality", "in_person"),
            notes=self.cut(s.get("notes", ""), textclean.NOTES_LIMIT, where, "notes", s["id"]),
            parent_code=s.get("parent"),
            meetings=tuple(meetings),
            quarantine="; ".join(reasons),
            source=where,
        )

    def meeting(self, m: dict[str, Any], where: str) -> tuple[MeetingRecord | None, str]:
        """The meeting, or None and the quarantine reason."""
        first = self.date(m.get("first_date"), f"{where}.first_date")
        last = self.date(m.get("last_date"), f"{where}.last_date")
        start, end = m.get("start"), m.get("end")
        days = tuple(sorted(WEEKDAYS.index(d) for d in m.get("days", [])))
        if first and last and last < first:
            return None, f"{where}: last_date {last} is before first_date {first}"
        for day, key in ((first, "first_date"), (last, "last_date")):
            if day and not SANE_DATES[0] <= day <= SANE_DATES[1]:  # as uva-csv and gatech-json quarantine it
                return None, f"{where}.{key}: {day}: a year no term can have; the meeting was dropped"
        if (start is None) != (end is None):
            return None, f"{where}: start and end must both be set or both be null"
        if start is not None:
            try:
                # a class ending at midnight may say 24:00 (or 00:00 after an evening start): 23:59
                start_t = time.fromisoformat(start)
                end_t = clock.midnight_end(start_t, time(0, 0) if end == "24:00" else time.fromisoformat(end))
            except ValueError:
                return (
                    None,
                    f"{where}: impossible time {start!r}-{end!r}; expected HH:MM 00:00-23:59",
                )
            if start_t >= end_t:
                return None, f"{where}: end {end} is not after start {start}"
            if not days:
                return None, f"{where}: a timed meeting needs at least one day"
            return MeetingRecord(days, start_t, end_t, first, last, m.get("location", ""), m.get("kind", "weekly")), ""
        return MeetingRecord((), None, None, first, last, m.get("location", ""), m.get("kind", "weekly")), ""

    def checked_links(self, sections: list[SectionRecord], rejected: dict[str, str]) -> list[SectionRecord]:
        """Quarantine sections whose parent code names no section of the course (saying so of a
        section `rejected`, by code → JSON path, as a duplicate id), the section
        itself, a section of its own component (one section of a component is taken, so never
        both) or a section linked back to it, directly or through others (a loop of any length:
        every section in it). A section linked to itself also loses the link, which no catalog
        can hold."""
        by_code = {s.code: s for s in sections}
        loops = parent_loops({s.code: s.parent_code for s in sections if s.parent_code != s.code})
        in_loop = {code: loop for loop in loops for code in loop}
        result = []
        for s in sections:
            parent = by_code.get(s.parent_code) if s.parent_code is not None else None
            reason = ""
            if s.parent_code is None:
                pass
            elif parent is None and s.parent_code in rejected:
                reason = (
                    f"linked to section {s.parent_code!r}, which was rejected as a duplicate, its id being another "
                    f"section's (at {rejected[s.parent_code]}); expected a section the course keeps"
                )
            elif parent is None:
                reason = f"linked to section {s.parent_code!r}, which the course does not have"
            elif parent is s or parent.code == s.code:
                reason = "linked to itself; expected the code of a section of another component"
            elif parent.component == s.component:
                reason = (
                    f"linked to section {s.parent_code!r} of its own component {s.component}; a schedule takes "
                    "one section of a component, so never both: expected a section of another component"
                )
            elif s.code in in_loop and len(in_loop[s.code]) == 2:
                reason = f"linked to section {s.parent_code!r}, which is linked back to it; expected one of them"
            elif s.code in in_loop:
                reason = (
                    f"linked to section {s.parent_code!r} in a loop of links ({loop_text(in_loop[s.code], s.code)})"
                )
                reason += ", so none of them is taken first; expected links that end at a section taken with no other"
            if reason and parent is None and s.parent_code in rejected:
                # the import quarantines it with this only where the catalog keeps no such section
                s = replace(s, parent_problem=f"{s.source}.parent: {reason}")
            elif reason:
                s = replace(s, quarantine="; ".join(filter(None, [s.quarantine, f"{s.source}.parent: {reason}"])))
            if parent is not None and parent.code == s.code:  # the database holds no section taken with itself
                s = replace(s, parent_code=None)
            result.append(s)
        return result


def loop_text(loop: tuple[str, ...], start: str) -> str:
    """The loop's sections from `start` round to it again: `'001' → '101' → '201' → '001'`."""
    at = loop.index(start)
    codes = (*loop[at:], *loop[:at], start)
    return " → ".join(repr(code) for code in codes)


CENT = Decimal("0.01")


def decimal_or_none(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def number_or_none(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def dump(records: CatalogRecords) -> bytes:
    """Canonical JSON for `records`, stable (sorted) so two exports of one catalog are equal."""

    def meeting(m: MeetingRecord) -> dict[str, Any]:
        return {
            "days": [WEEKDAYS[d] for d in m.days],
            "start": m.start.strftime("%H:%M") if m.start else None,
            "end": m.end.strftime("%H:%M") if m.end else None,
            "first_date": m.first_date.isoformat() if m.first_date else None,
            "last_date": m.last_date.isoformat() if m.last_date else None,
            "location": m.location,
            "kind": m.kind,
        }

    def section(s: SectionRecord) -> dict[str, Any]:
        out = {
            "id": s.registrar_id,
            "code": s.code,
            "status": s.status,
            "capacity": s.capacity,
            "enrolled": s.enrolled,
            "waitlist": s.waitlist,
            "instructors": list(s.instructors),
            "campus": s.campus,
            "modality": s.modality,
            "notes": s.notes,
            "parent": s.parent_code,
            "meetings": [meeting(m) for m in s.meetings],
        }
        if s.quarantine:
            out["quarantine"] = s.quarantine
        return out

    courses = []
    for c in sorted(records.courses, key=lambda c: (c.subject, c.number)):
        components: dict[str, dict[str, Any]] = {}
        for s in sorted(c.sections, key=lambda s: (s.component, s.code, s.registrar_id)):
            comp = components.setdefault(s.component, {"kind": s.component, "name": s.component_name, "sections": []})
            comp["sections"].append(section(s))
        courses.append(
            {
                "subject": c.subject,
                "number": c.number,
                "title": c.title,
                "credits_min": number_or_none(c.credits_min),
                "credits_max": number_or_none(c.credits_max),
                "description": c.description,
                "prerequisites": c.prerequisites,
                "components": list(components.values()),
            }
        )
    t = records.term
    document = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "institution": {
            "code": records.institution.code,
            "name": records.institution.name,
            "timezone": records.institution.timezone,
            **(
                {"campus_timezones": dict(records.institution.campus_timezones)}
                if records.institution.campus_timezones
                else {}
            ),
        },
        "term": {
            "code": t.code,
            "name": t.name,
            "first_day": t.first_day.isoformat() if t.first_day else None,
            "last_day": t.last_day.isoformat() if t.last_day else None,
            "holidays": [h.isoformat() for h in t.holidays],
        },
        "courses": courses,
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
