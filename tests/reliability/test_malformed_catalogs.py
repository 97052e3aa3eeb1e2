"""Bad input: a corpus of malformed catalog files in all three formats, made here from small
valid ones, and random bytes and mutations (hypothesis).

Every file either fails as a whole with a message that names the file, the place (line, JSON
path or field) and what was expected, leaving every catalog table as it was (the failed run
is logged as an ImportRun, by design), or, where docs/sources.md says a bad record is not
fatal, is reported as quarantined, rejected or warned about.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import services, sources
from catalog.models import ImportRun
from catalog.sources.records import MAX_FILE_BYTES, CatalogFormatError
from tests.conftest import DEMO_CATALOG
from tests.reliability.checksums import catalog_checksum

pytestmark = pytest.mark.django_db

# --- small valid files --------------------------------------------------------------------------

UVA_HEADER = (
    "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,"
    "Title,Status,Enrollment,EnrollmentLimit,Waitlist,Description"
)
UVA_DATES = "08/26/2025 - 12/09/2025"


def uva_row(
    crn: str = "10001",
    subject: str = "CS",
    number: str = "1110",
    section: str = "001",
    kind: str = "Lecture",
    days: str = "MoWe 1:00pm - 1:50pm",
    dates: str = UVA_DATES,
    limit: str = "30",
    title: str = "Introduction to Programming",
) -> str:
    return ",".join(
        [crn, subject, number, section, kind, "3", "Ada Lovelace", days, "Rice Hall 130", dates]
        + [title, "Open", "10", limit, "0", "Programs."]
    )


UVA_ROWS = (
    uva_row(),
    uva_row(crn="10002", section="101", kind="Laboratory", days="Tu 2:00pm - 3:15pm"),
    uva_row(crn="10003", subject="MATH", number="1310", section="100", days="MoWeFr 9:00am - 9:50am", title="Calculus"),
)


def uva_csv(*rows: str, header: str = UVA_HEADER) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode()


UVA_VALID = uva_csv(*UVA_ROWS)

GT_CACHES: dict[str, list[Any]] = {
    "periods": ["8:25 am - 9:15 am", "TBA", "3:00 pm - 2:00 pm", "25:00 pm - 26:00 pm"],
    "dateRanges": ["Aug 22, 2022 - Dec 15, 2022", "Feb 30, 2022 - Mar 03, 2022"],
    "scheduleTypes": ["Lecture*", "Supervised Laboratory*"],
    "campuses": ["Georgia Tech-Atlanta *"],
    "attributes": ["STEM USG"],
    "gradeBases": ["L "],
    "locations": [],
    "finalDates": ["Dec 08, 2022"],
    "finalTimes": ["11:20 am - 2:10 pm"],
}


def gt_section(crn: Any, period: int = 0, dates: int = 0, kind: int = 0) -> list:
    return [crn, [[period, "MWF", "Skiles 005", 0, ["Ann Lee (P)"], dates, -1, -1]], 4, kind, 0, [0], 0]


def gt_document(**sections: list) -> dict:
    sections = sections or {"A": gt_section("80001"), "A01": gt_section("80002", kind=1)}
    return {
        "courses": {"MATH 1551": ["Differential Calculus", sections, [], "Limits."]},
        "caches": GT_CACHES,
        "updatedAt": "2023-01-06T15:38:29.017Z",
        "version": 3,
    }


def gt_json(doc: Any) -> bytes:
    return json.dumps(doc, indent=1).encode()


GT_VALID = gt_json(gt_document())
CANONICAL_VALID = DEMO_CATALOG.read_bytes()


def demo() -> dict:
    return json.loads(CANONICAL_VALID)


def canonical(change: Callable[[dict], Any]) -> bytes:
    doc = demo()
    change(doc)
    return json.dumps(doc, indent=1).encode()


def first_section(doc: dict) -> dict:
    return doc["courses"][0]["components"][0]["sections"][0]


def first_meeting(doc: dict) -> dict:
    return first_section(doc)["meetings"][0]


def deeply_nested(depth: int = 100_000) -> bytes:
    return b'{"courses": ' + b"[" * depth + b"]" * depth + b"}"


def over_the_limit() -> bytes:
    return b"{" + b" " * MAX_FILE_BYTES


def garbage(seed: int) -> bytes:
    """4 KiB of random bytes with no NUL (a NUL has its own case): not text in any encoding."""
    return random.Random(seed).randbytes(4096).replace(b"\x00", b"\xff")


def latin1(data: bytes, word: bytes) -> bytes:
    """`data` with an é (Latin-1, so not UTF-8) in the first `word`."""
    return data.replace(word, word[:2] + "é".encode("latin-1") + word[3:], 1)


# --- the corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One malformed file and what the importer must say about it.

    `outcome` is "error" (the file fails; the message starts with the file name and contains
    every `expect` string), or "quarantined", "rejected" or "warning" (the file imports, and
    that list of the report has an entry containing every `expect` string).
    """

    id: str
    format: str
    name: str
    data: bytes | Callable[[], bytes]
    expect: tuple[str, ...]
    outcome: str = "error"

    def bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data


C, U, G = "canonical", "uva-csv", "gatech-json"
CORPUS = (
    # every format: bytes that are no text, or no file at all
    Case("canonical-empty", C, "empty.json", b"", ("file is empty", "expected a catalog")),
    Case("canonical-only-a-bom", C, "bom.json", b"\xef\xbb\xbf", ("file is empty", "expected a catalog")),
    Case("canonical-white-space", C, "blank.json", b" \n\t\n", ("file is empty",)),
    Case(
        "canonical-nul-byte",
        C,
        "nul.json",
        CANONICAL_VALID[:200] + b"\x00" + CANONICAL_VALID[200:],
        ("line 11", "NUL byte at offset 200", "text file"),
    ),
    Case(
        "canonical-latin-1",
        C,
        "latin1.json",
        latin1(CANONICAL_VALID, b"Introduction"),
        ("line 25", "byte 0xe9", "not valid UTF-8", "expected UTF-8"),
    ),
    Case(
        "canonical-bom-then-nul",
        C,
        "bomnul.json",
        b"\xef\xbb\xbf" + CANONICAL_VALID[:200] + b"\x00" + CANONICAL_VALID[200:],
        ("line 11", "NUL byte at offset 203"),
    ),
    Case("canonical-utf-16", C, "utf16.json", CANONICAL_VALID.decode().encode("utf-16"), ("line 1", "UTF-16")),
    Case("canonical-gzip-renamed", C, "catalog.json", gzip.compress(CANONICAL_VALID), ("line 1", "NUL byte", "binary")),
    Case(
        "canonical-over-the-size-limit",
        C,
        "big.json",
        over_the_limit,
        (f"file is {MAX_FILE_BYTES + 1:,} bytes", f"the limit is {MAX_FILE_BYTES:,} bytes"),
    ),
    Case(
        "canonical-huge-field",
        C,
        "huge.json",
        canonical(lambda d: d["courses"][0].update(title="x" * 2_000_000)),
        ("$.courses[0].title", "is too long", "(2,000,000 characters)"),
    ),
    Case(
        "canonical-truncated",
        C,
        "cut.json",
        CANONICAL_VALID[: len(CANONICAL_VALID) // 2],
        ("line 1042 column 17", "not valid JSON", "truncated"),
    ),
    Case(
        "canonical-duplicate-key",
        C,
        "dup.json",
        CANONICAL_VALID.replace(b'"version": 1,', b'"version": 1,\n "version": 1,', 1),
        ("dup.json: $: ", "key 'version' appears twice in this object", "expected every key once"),
    ),
    Case(
        "canonical-duplicate-key-deep",
        C,
        "dup2.json",
        CANONICAL_VALID.replace(b'"code": "001",', b'"code": "001",\n       "code": "002",', 1),
        ("dup2.json: $.courses[0].components[0].sections[0]: ", "key 'code' appears twice"),
    ),
    Case(
        "canonical-top-level-list",
        C,
        "list.json",
        b"[1, 2, 3]",
        ("$: ", 'expected a JSON object with "format"', "found a list"),
    ),
    Case(
        "canonical-top-level-string",
        C,
        "string.json",
        b'"catalog"',
        ("$: ", "expected a JSON object", "found a string"),
    ),
    Case(
        "canonical-wrong-version",
        C,
        "v2.json",
        canonical(lambda d: d.update(version=2)),
        ("$.version", "version 2 is not supported; expected 1"),
    ),
    Case(
        "canonical-other-format",
        C,
        "other.json",
        canonical(lambda d: d.update(format="ical")),
        ("$.format", '"format": "classtime-catalog"', "--format"),
    ),
    Case(
        "canonical-missing-term",
        C,
        "noterm.json",
        canonical(lambda d: d.pop("term")),
        ("$", "'term' is a required property"),
    ),
    Case(
        "canonical-missing-section-id",
        C,
        "noid.json",
        canonical(lambda d: first_section(d).pop("id")),
        ("$.courses[0].components[0].sections[0]", "'id' is a required property"),
    ),
    Case(
        "canonical-impossible-date",
        C,
        "feb30.json",
        canonical(lambda d: d["term"].update(first_day="2026-02-30")),
        ("$.term.first_day", "'2026-02-30' is not a calendar date", "expected YYYY-MM-DD"),
    ),
    Case(
        "canonical-negative-capacity",
        C,
        "neg.json",
        canonical(lambda d: first_section(d).update(capacity=-5)),
        ("$.courses[0].components[0].sections[0].capacity", "-5"),
    ),
    Case(
        "canonical-capacity-too-large",
        C,
        "cap.json",
        canonical(lambda d: first_section(d).update(capacity=10**30)),
        ("$.courses[0].components[0].sections[0].capacity", "1000000000000000000000000000000"),
    ),
    Case(
        "canonical-nan",
        C,
        "nan.json",
        CANONICAL_VALID.replace(b'"capacity": 200', b'"capacity": NaN', 1),
        ("$.courses[0].components[0].sections[0].capacity", "nan"),
    ),
    Case("canonical-deeply-nested", C, "deep.json", deeply_nested, ("nested too deeply", "expected")),
    Case(
        "canonical-nul-in-a-string",
        C,
        "nulstr.json",
        canonical(lambda d: first_section(d).update(instructors=["Ada\u0000Byron"])),
        ("$.courses[0].components[0].sections[0].instructors[0]", "NUL character"),
    ),
    Case(
        "canonical-lone-surrogate",
        C,
        "surrogate.json",
        canonical(lambda d: d["courses"][0].update(title="\ud800")),
        ("$.courses[0].title", "surrogate"),
    ),
    Case("canonical-binary-garbage", C, "garbage.json", garbage(8), ("byte 0x", "not valid UTF-8")),
    Case(
        "canonical-unknown-timezone",
        C,
        "tz.json",
        canonical(lambda d: d["institution"].update(timezone="Mars/Olympus")),
        ("institution timezone", "Mars/Olympus"),
    ),
    Case(
        "canonical-end-before-start",
        C,
        "order.json",
        canonical(lambda d: first_meeting(d).update(end="08:00")),
        ("$.courses[0].components[0].sections[0].meetings[0]", "end 08:00 is not after start 09:00"),
        "quarantined",
    ),
    Case(
        "canonical-25-oclock",
        C,
        "h25.json",
        canonical(lambda d: first_meeting(d).update(start="25:00")),
        ("meetings[0]", "impossible time '25:00'", "expected HH:MM"),
        "quarantined",
    ),
    Case(
        "canonical-duplicate-section-id",
        C,
        "dupid.json",
        canonical(lambda d: d["courses"][0]["components"][0]["sections"][1].update(id="40001")),
        ("$.courses[0].components[0].sections[1]", "duplicate section id", "'40001'"),
        "rejected",
    ),
    # UVA CSV
    Case("uva-empty", U, "2025_fall.csv", b"", ("file is empty", "expected a UVA course listing CSV")),
    Case("uva-only-a-bom", U, "2025_fall.csv", b"\xef\xbb\xbf", ("file is empty", "ClassNumber")),
    Case(
        "uva-nul-byte",
        U,
        "2025_fall.csv",
        UVA_VALID.replace(b"Rice Hall 130", b"Rice\x00Hall", 1),
        ("line 2", "NUL byte at byte offset", "binary file, a spreadsheet or UTF-16"),
    ),
    Case(  # what Excel on Windows saves: read, with a warning naming the first line to check
        "uva-latin-1",
        U,
        "2025_fall.csv",
        latin1(UVA_VALID, b"Programs"),
        ("line 2", "the file is not UTF-8; it was read as Windows-1252", "check that accented names came through"),
        "warning",
    ),
    Case(  # a byte Windows-1252 has no character for: binary, not a spreadsheet's text
        "uva-undefined-cp1252-byte",
        U,
        "2025_fall.csv",
        UVA_VALID.replace(b"Programs", b"Pr\x81grams", 1),
        ("line 2", "not valid UTF-8", "Windows-1252"),
    ),
    Case("uva-over-the-size-limit", U, "2025_fall.csv", over_the_limit, (f"the limit is {MAX_FILE_BYTES:,} bytes",)),
    Case(  # a field longer than csv's default limit (131,072) is read, cut to what the catalog keeps
        "uva-huge-field",
        U,
        "2025_fall.csv",
        uva_csv(uva_row(title="T" * 200_000)),
        ("line 2", "field 'Title'", "200,000 characters, over the 300 the catalog keeps; cut to 300"),
        "warning",
    ),
    Case(
        "uva-missing-columns",
        U,
        "2025_fall.csv",
        uva_csv(*UVA_ROWS, header=UVA_HEADER.replace(",Title", ",Name")),
        ("line 1", "missing required column(s) Title", "any case, any order"),
    ),
    Case(
        "uva-tab-separated-missing-columns",
        U,
        "2025_fall.csv",
        uva_csv(*UVA_ROWS, header=UVA_HEADER.replace(",Title", ",Name")).replace(b",", b"\t"),
        ("line 1", "missing required column(s) Title"),
    ),
    Case(
        "uva-truncated-mid-row",
        U,
        "2025_fall.csv",
        UVA_VALID[: UVA_VALID.index(b"Calculus")],
        ("line 4", "the file ends inside this row (11 of the header's 16 fields", "is the file truncated?"),
    ),
    Case(
        "uva-header-only",
        U,
        "2025_fall.csv",
        uva_csv(),
        ("line 1", "no rows after the header", "would withdraw every section of the term"),
    ),
    Case("uva-json-instead", U, "2025_fall.csv", GT_VALID, ("line 1", "this looks like JSON")),
    Case(
        "uva-quoted-newline-gone-wrong",
        U,
        "2025_fall.csv",
        uva_csv(UVA_ROWS[0], '10002,CS,1110,"102,Lab\n10003'),
        ("line 3", "broken CSV", "quoted field never closed? it runs from this row to the end of the file"),
    ),
    Case("uva-gzip-renamed", U, "2025_fall.csv", gzip.compress(UVA_VALID), ("NUL byte", "binary file")),
    Case("uva-binary-garbage", U, "2025_fall.csv", garbage(9), ("not valid UTF-8",)),
    Case(
        "uva-end-before-start",
        U,
        "2025_fall.csv",
        uva_csv(uva_row(days="MoWe 1:50pm - 1:00pm")),
        ("line 2 Days1 'MoWe 1:50pm - 1:00pm'", "end 13:00 is before start 13:50"),
        "quarantined",
    ),
    Case(
        "uva-25-oclock",
        U,
        "2025_fall.csv",
        uva_csv(uva_row(days="MoWe 25:00pm - 26:00pm")),
        ("line 2 Days1", "impossible time"),
        "quarantined",
    ),
    Case(
        "uva-february-30",
        U,
        "2025_fall.csv",
        uva_csv(uva_row(dates="02/30/2025 - 05/01/2025")),
        ("line 2 MeetingDates1 '02/30/2025 - 05/01/2025'", "not a date range"),
        "quarantined",
    ),
    Case(
        "uva-negative-capacity",
        U,
        "2025_fall.csv",
        uva_csv(uva_row(limit="-5")),
        ("line 2", "'EnrollmentLimit'", "'-5'", "not a count"),
        "warning",
    ),
    Case(
        "uva-ragged-row",
        U,
        "2025_fall.csv",
        uva_csv(UVA_ROWS[0], UVA_ROWS[1] + ",extra,cells"),
        ("line 3", "1 row(s) have more or fewer fields than the 16 header columns"),
        "warning",
    ),
    Case(
        "uva-duplicate-class-number",
        U,
        "2025_fall.csv",
        uva_csv(UVA_ROWS[0], uva_row(section="002")),
        ("line 3", "'ClassNumber'", "'10001'", "already used by an earlier row"),
        "rejected",
    ),
    # Georgia Tech JSON
    Case("gatech-empty", G, "202208.json", b"", ("file is empty", "gt-scheduler crawler JSON")),
    Case("gatech-only-a-bom", G, "202208.json", b"\xef\xbb\xbf", ("file is empty",)),
    Case("gatech-nul-byte", G, "202208.json", GT_VALID.replace(b"Skiles", b"Ski\x00les", 1), ("NUL byte", "text file")),
    Case("gatech-latin-1", G, "202208.json", latin1(GT_VALID, b"Differential"), ("byte 0xe9", "not valid UTF-8")),
    Case(
        "gatech-utf-16",
        G,
        "202208.json",
        GT_VALID.decode().encode("utf-16-le").join([b"\xff\xfe", b""]),
        ("line 1", "UTF-16"),
    ),
    Case("gatech-over-the-size-limit", G, "202208.json", over_the_limit, (f"the limit is {MAX_FILE_BYTES:,} bytes",)),
    Case("gatech-truncated", G, "202208.json", GT_VALID[:-40], ("not valid JSON", "truncated")),
    Case(
        "gatech-duplicate-course",
        G,
        "202208.json",
        GT_VALID.replace(b'"courses": {', b'"courses": {"MATH 1551": ["x", {}, [], ""], ', 1),
        ("$.courses", "key 'MATH 1551' appears twice"),
    ),
    Case(
        "gatech-top-level-list",
        G,
        "202208.json",
        b"[1, 2]",
        ("$:", "expected gt-scheduler crawler JSON", "found [1, 2]"),
    ),
    Case(
        "gatech-wrong-version",
        G,
        "202208.json",
        gt_json({**gt_document(), "version": 2}),
        ("$.version", "version 2 is not supported", "expected 3"),
    ),
    Case(
        "gatech-no-sections",
        G,
        "202208.json",
        gt_json({**gt_document(), "courses": {"MATH 1551": ["Differential Calculus", {}, [], ""]}}),
        ("$.courses", "no sections in any course", "would withdraw every section of the term"),
    ),
    Case(
        "gatech-missing-caches",
        G,
        "202208.json",
        gt_json({"courses": {}, "version": 3}),
        ("$:", "missing key(s) caches"),
    ),
    Case(
        "gatech-cache-entry-not-a-string",
        G,
        "202208.json",
        gt_json({**gt_document(), "caches": {**GT_CACHES, "periods": ["TBA", 42]}}),
        ("$.caches.periods[1]", "expected a string such as '8:25 am - 9:15 am'", "found 42"),
    ),
    Case(
        "gatech-course-not-a-list",
        G,
        "202208.json",
        gt_json({**gt_document(), "courses": {"CS 1100": "CS"}}),
        ("$.courses['CS 1100']", "expected [title, {sectionId: section}"),
    ),
    Case("gatech-csv-instead", G, "202208.json", UVA_VALID, ("line 1", "this looks like a CSV")),
    Case("gatech-deeply-nested", G, "202208.json", deeply_nested, ("nested too deeply",)),
    Case(
        "gatech-nul-in-a-string",
        G,
        "202208.json",
        gt_json(gt_document(A=gt_section("8\u00000001"))),
        ("$.courses['MATH 1551'][1].A[0]", "NUL character"),
    ),
    Case(
        "gatech-end-before-start",
        G,
        "202208.json",
        gt_json(gt_document(A=gt_section("80001", period=2))),
        ("[1][0]", "period '3:00 pm - 2:00 pm' ($.caches.periods[2])", "end 14:00 is before start 15:00"),
        "quarantined",
    ),
    Case(
        "gatech-25-oclock",
        G,
        "202208.json",
        gt_json(gt_document(A=gt_section("80001", period=3))),
        ("period '25:00 pm - 26:00 pm'", "impossible time"),
        "quarantined",
    ),
    Case(
        "gatech-february-30",
        G,
        "202208.json",
        gt_json(gt_document(A=gt_section("80001", dates=1))),
        ("date range 'Feb 30, 2022 - Mar 03, 2022' ($.caches.dateRanges[1])", "not a date range"),
        "quarantined",
    ),
    Case(
        "gatech-duplicate-crn",
        G,
        "202208.json",
        gt_json(gt_document(A=gt_section("80001"), B=gt_section("80001"))),
        ("$.courses['MATH 1551'][1]['B']", "'crn'", "'80001'", "already used"),
        "rejected",
    ),
)


def test_the_corpus_covers_at_least_thirty_fatal_files_and_all_three_formats():
    fatal = [case for case in CORPUS if case.outcome == "error"]

    assert len(fatal) >= 30
    assert {case.format for case in fatal} == {C, U, G}
    assert len({case.id for case in CORPUS}) == len(CORPUS)


# --- the import service -------------------------------------------------------------------------


@pytest.fixture
def demo_imported():
    """The demo catalog in the database, so that 'unchanged' means something."""
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())


def report_list(report, outcome: str) -> list[str]:
    if outcome == "quarantined":
        return [f"{q['location']}: {q['message']}" for q in report.quarantined]
    return [p["message"] for p in getattr(report, {"rejected": "rejected", "warning": "warnings"}[outcome])]


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_a_malformed_catalog_gets_a_precise_error_and_changes_nothing(case, demo_imported):
    # given
    before = catalog_checksum()
    runs = ImportRun.objects.count()
    # when
    run, report = services.catalog_import_file(
        data=case.bytes(), name=case.name, format=case.format, dry_run=case.outcome != "error"
    )
    # then
    assert catalog_checksum() == before
    assert ImportRun.objects.count() == runs + 1
    if case.outcome == "error":
        assert run.status == ImportRun.Status.FAILED
        assert report is None
        assert run.error.startswith(f"{case.name}: ")
        for expected in case.expect:
            assert expected in run.error
        assert len(run.error) < 2000  # a message a person reads, not a dump of the file
    else:
        assert run.status == ImportRun.Status.DRY_RUN, run.error
        assert report.sections_seen == report.sections_imported + len(report.rejected)
        entries = report_list(report, case.outcome)
        assert any(all(expected in entry for expected in case.expect) for entry in entries), entries


# --- the command and the admin upload, on a sample ----------------------------------------------

SAMPLE = (
    "canonical-truncated",
    "canonical-duplicate-key",
    "uva-missing-columns",
    "uva-nul-byte",
    "gatech-wrong-version",
    "gatech-no-sections",
    "uva-truncated-mid-row",
    "uva-header-only",
)


@pytest.fixture
def cli(monkeypatch):
    """`manage.py` as a shell runs it (exit code, stderr), in this process so it sees the test
    database; the command's closing of every connection at exit is skipped, as the test still
    needs its own."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> None:
        execute_from_command_line(["manage.py", *args])

    return run


def sample_cases() -> list[Case]:
    return [case for case in CORPUS if case.id in SAMPLE]


@pytest.mark.parametrize("case", sample_cases(), ids=lambda case: case.id)
def test_import_catalog_exits_non_zero_with_the_message_and_changes_nothing(case, demo_imported, tmp_path, capsys, cli):
    # given
    path = tmp_path / case.name
    path.write_bytes(case.bytes())
    before = catalog_checksum()
    # when
    with pytest.raises(SystemExit) as exit_:
        cli("import_catalog", str(path), "--format", case.format)
    # then
    stderr = capsys.readouterr().err
    assert exit_.value.code not in (0, None)
    assert f"CommandError: {path}: " in stderr
    assert all(expected in stderr for expected in case.expect)
    assert catalog_checksum() == before


@override_settings(CLASSTIME_MAX_IMPORT_BYTES=1000)
def test_import_catalog_refuses_a_file_over_the_configured_limit_before_reading_it(
    demo_imported, tmp_path, capsys, cli
):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 1001)
    before = catalog_checksum()

    with pytest.raises(SystemExit) as exit_:
        cli("import_catalog", str(path), "--format", "canonical")

    assert exit_.value.code == 1
    assert f"{path}: file is 1,001 bytes; the limit is 1,000 bytes" in capsys.readouterr().err
    assert catalog_checksum() == before


def test_import_catalog_refuses_an_unknown_format(demo_imported, tmp_path, capsys, cli):
    path = tmp_path / "demo.json"
    path.write_bytes(CANONICAL_VALID)

    with pytest.raises(SystemExit) as exit_:
        cli("import_catalog", str(path), "--format", "xml")

    assert exit_.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_the_import_service_refuses_an_unknown_format_naming_the_known_ones(demo_imported):
    before = catalog_checksum()

    run, report = services.catalog_import_file(data=CANONICAL_VALID, name="demo.json", format="xml")

    assert run.status == ImportRun.Status.FAILED and report is None
    known = "canonical, uva-csv, gatech-json, sections-csv, sections-json"
    assert run.error == f"demo.json: unknown catalog format 'xml'; expected one of {known}"
    assert catalog_checksum() == before


@pytest.fixture
def staff_client(client, settings):
    """A superuser's client; the import task runs within the upload, as in the embedded default
    (with a broker it runs on a worker and the run's page shows the message)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1"))
    return client


@pytest.mark.parametrize("case", sample_cases(), ids=lambda case: case.id)
def test_an_admin_upload_of_a_malformed_file_shows_the_message_and_changes_nothing(case, demo_imported, staff_client):
    # given
    before = catalog_checksum()
    upload = SimpleUploadedFile(case.name, case.bytes())
    # when
    response = staff_client.post(reverse("admin:catalog_importrun_upload"), {"file": upload, "format": case.format})
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in page
    error = ImportRun.objects.filter(status=ImportRun.Status.FAILED).latest("pk").error
    assert error.startswith(f"{case.name}: ")
    assert all(expected in error for expected in case.expect)
    assert escape(error) in page  # shown on the form, as the registrar reads it
    assert catalog_checksum() == before


@override_settings(CLASSTIME_MAX_IMPORT_BYTES=1000)
def test_an_admin_upload_over_the_limit_is_refused_on_the_form(demo_imported, staff_client):
    before = catalog_checksum()

    response = staff_client.post(
        reverse("admin:catalog_importrun_upload"),
        {"file": SimpleUploadedFile("big.json", b" " * 1001), "format": "canonical"},
    )

    assert response.status_code == 200
    assert "big.json is 1,001 bytes; the limit is 1,000 bytes." in response.content.decode()
    assert catalog_checksum() == before


# --- hypothesis: random bytes and random mutations of valid files -------------------------------

VALID = {C: CANONICAL_VALID, U: UVA_VALID, G: GT_VALID}
NAMES = {C: "demo.json", U: "2025_fall.csv", G: "202208.json"}


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A valid file of some format with one to four random edits: bytes deleted, inserted,
    overwritten, a slice repeated, or the end cut off."""
    fmt = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[fmt])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["delete", "insert", "overwrite", "repeat", "cut"]))
        if edit == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            data[at : at + len(chunk)] = chunk
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return fmt, bytes(data)


def parse_or_refuse(fmt: str, data: bytes) -> str:
    """'parsed' or 'refused'; any other exception escapes and fails the test."""
    try:
        sources.adapter(fmt).parse_bytes(data, name=NAMES[fmt])
    except CatalogFormatError as exc:
        assert str(exc).startswith(f"{NAMES[fmt]}: ")
        return "refused"
    return "parsed"


@settings(max_examples=300, deadline=None)
@given(fmt=st.sampled_from(sorted(VALID)), data=st.binary(max_size=2048))
def test_random_bytes_are_parsed_or_refused_with_a_catalog_format_error(fmt, data):
    assert parse_or_refuse(fmt, data) in ("parsed", "refused")


@settings(max_examples=300, deadline=None)
@given(case=mutated())
def test_random_edits_of_a_valid_file_are_parsed_or_refused_with_a_catalog_format_error(case):
    fmt, data = case
    assert parse_or_refuse(fmt, data) in ("parsed", "refused")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_a_mutated_file_either_imports_or_fails_without_touching_the_catalog(demo_imported, case):
    # given
    fmt, data = case
    before = catalog_checksum()
    # when: imported for real, so a half-written import would show
    run, report = services.catalog_import_file(data=data, name=NAMES[fmt], format=fmt)
    # then
    assert run.status in (ImportRun.Status.APPLIED, ImportRun.Status.FAILED)
    if run.status == ImportRun.Status.FAILED:
        assert run.error.startswith(f"{NAMES[fmt]}: ")
        assert catalog_checksum() == before
    else:
        assert report.sections_seen == report.sections_imported + len(report.rejected)


def test_the_demo_catalog_and_the_small_samples_are_valid_to_begin_with():
    for fmt, data in VALID.items():
        records = sources.adapter(fmt).parse_bytes(data, name=NAMES[fmt])

        assert records.section_count >= 2
        assert not records.rejected
        assert not any(s.quarantine for c in records.courses for s in c.sections)
