"""Writes to the catalog. `catalog_import` is the one way records reach the database."""

from __future__ import annotations

import ast
import contextlib
import hashlib
import logging
import re
import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from catalog import reports, sources
from catalog.meetings import meeting_changes, meeting_key, meeting_order
from catalog.models import (
    MAX_MEETING_POSITION,
    Component,
    Course,
    ImportRun,
    Institution,
    Meeting,
    Section,
    Term,
    days_to_mask,
    mask_to_days,
    validate_campus_timezones,
    validate_term_code,
    validate_timezone,
)
from catalog.reports import ImportReport, SectionChange
from catalog.sources import sectioncodes, spreadsheet
from catalog.sources.clock import long_meeting_problem
from catalog.sources.records import (
    FAR_DATED_DAYS,
    NUMBER_EXAMPLE,
    OUTSIDE_TERM_GRACE,
    REGISTRAR_ID_EXAMPLE,
    SANE_DATES,
    SUBJECT_EXAMPLE,
    TERM_CODE_EXAMPLE,
    TIME_WITHOUT_DAYS,
    WEEKDAYS,
    CatalogFormatError,
    CatalogRecords,
    CourseRecord,
    InstitutionRecord,
    MeetingKind,
    Problem,
    SectionRecord,
    TermRecord,
    course_key,
    term_days_of,
    url_segment_problem,
)
from classtime_site.heartbeat import RowHeartbeat

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
INSTITUTION_CODE = re.compile(r"[-a-zA-Z0-9_]{1,40}")  # as the canonical schema's institution.code
BATCH = 1000
# an import withdrawing at least this many sections, and more than this share of the term's listed
# ones, is taken for a partial file (one department's extract) unless withdrawals are allowed
MASS_WITHDRAWAL_SECTIONS = 20
MASS_WITHDRAWAL_SHARE = 0.2
MASS_WITHDRAWAL = reports.MASS_WITHDRAWAL  # the reason of the dry run's warning, read by the admin
# a file quarantining at least this many sections, and this share of its sections, most likely
# writes a column in a form the importer does not read (another year's export): warned first
MASS_QUARANTINE_SECTIONS = 20
MASS_QUARANTINE_SHARE = 0.1
# a re-import leaving at least this many of the term's listed sections with set times, and more than
# this share of them, without any timed meeting most likely lost a column (days or times renamed,
# read by no one): refused unless allowed, as a mass withdrawal
MASS_UNTIMED_SECTIONS = 20
MASS_UNTIMED_SHARE = 0.2
MASS_UNTIMED = reports.MASS_UNTIMED  # the reason of the dry run's warning, read by the admin
MASS_UNTIMED_EXAMPLES = 5
# a file at least this many of whose timed sections, and over this share of them, meet only outside an
# existing term's days is most likely another term's file (a spring file filed under the fall): refused
# unless allowed, as a mass withdrawal; over half, as a term's part-of-term sessions never come near it
MASS_OUTSIDE_TERM_SECTIONS = 20
MASS_OUTSIDE_TERM_SHARE = 0.5
OUTSIDE_TERM = reports.OUTSIDE_TERM  # the reason of the dry run's warning, read by the admin
TERM_OF_FILE_NAME = reports.TERM_OF_FILE_NAME  # a warning under Check first, with no box
# what each guard's confirmation says yes to, for an apply refused for it (`import_run_execute`)
GUARD_CONFIRMS = {
    MASS_WITHDRAWAL: "the withdrawals",
    MASS_UNTIMED: "the sections left without set times",
    OUTSIDE_TERM: "the sections meeting outside the term's days",
}
# the import_catalog option each guard's refusal needs (the admin: its box)
GUARD_FLAGS = {
    MASS_WITHDRAWAL: "--allow-withdrawals",
    MASS_UNTIMED: "--allow-mass-untimed",
    OUTSIDE_TERM: "--allow-outside-term",
}
SECTIONS_CSV = "sections-csv"
SECTIONS_JSON = "sections-json"
# the formats read through a column mapping, whose files name neither their institution nor their term
COLUMN_FORMATS = (SECTIONS_CSV, SECTIONS_JSON)
SECTIONS_CSV_INSTITUTION = (
    "a sections-csv file does not say which institution it lists: give its code with --institution (the upload "
    "page's Institution field), such as 'uva'"
)


def institution_needed(format: str) -> str:
    """Why a file of a column format (`COLUMN_FORMATS`) cannot be imported without an institution code."""
    return SECTIONS_CSV_INSTITUTION.replace(SECTIONS_CSV, format)


class CatalogImportError(Exception):
    """An import that cannot be applied; nothing was written. The message says what to fix."""


def catalog_import(
    *,
    records: CatalogRecords,
    format: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    allow_withdrawals: bool = False,
    allow_mass_untimed: bool = False,
    allow_outside_term: bool = False,
    run_id: int | None = None,
) -> ImportReport:
    """Apply `records` to the database in one transaction and return the change report.
    `run_id`: the import run it is done for, whose lock the transaction holds (`run_lock_take`).

    Idempotent: unchanged rows keep their primary keys and are not written; sections the
    records no longer list are marked withdrawn, never deleted. A dry run does all the work
    and rolls it back, so its report is exactly what applying would do. An import that would
    withdraw many of the term's sections (`mass_withdrawal`) is refused unless
    `allow_withdrawals`, one that would leave many of its timed sections without a set time
    (`mass_untimed`, or on a term's first import `first_import_untimed`, `first_import_timeless`)
    unless `allow_mass_untimed`, one most of whose timed sections meet only outside the term's days
    (`mass_outside_term`: another term's file) unless `allow_outside_term`; a dry run warns instead.
    One refusal names every guard not allowed (`guards_refusal`). A file whose name reads as
    another term than the one it is filed under is warned of first (`term_of_file_name`).
    """
    started = clock.perf_counter()
    try:
        validate_timezone(records.institution.timezone)
    except ValidationError as exc:
        raise CatalogImportError(f"institution timezone: {exc.messages[0]}") from None
    if records.institution.campus_timezones is not None:
        try:
            validate_campus_timezones(dict(records.institution.campus_timezones))
        except ValidationError as exc:
            raise CatalogImportError(f"institution campus_timezones: {exc.messages[0]}") from None
    try:
        validate_term_code(records.term.code)
    except ValidationError as exc:
        raise CatalogImportError(exc.messages[0]) from None
    unaddressable = unaddressable_record(records) or unstorable_record(records)
    if unaddressable:
        raise CatalogImportError(unaddressable)
    if records.sections_seen and not records.section_count and records.rejected:
        listed = Section.objects.filter(
            term__institution__code=records.institution.code, term__code=records.term.code, withdrawn_at__isnull=True
        ).exists()
        why = " (importing it would withdraw every section of the term)" if listed else ""
        raise CatalogImportError(
            f"none of the file's {records.sections_seen:,} section(s) could be used, so nothing was written"
            f"{why}; the first: {records.rejected[0]}"
        )
    report = ImportReport(
        source_name=records.source_name,
        format=format,
        institution=records.institution.code,
        term=records.term.code,
        dry_run=dry_run,
        sections_seen=records.sections_seen,
    )
    try:
        with transaction.atomic():
            if run_id is not None:
                run_lock_take(run_id)
            writer = CatalogWriter(
                records,
                report,
                progress or (lambda n: None),
                code_field=sources.SPREADSHEET_FORMATS.get(format),
                days_from_meetings=format != "canonical",
                zones_from_file=format == "canonical",
            )
            term = writer.write()
            links_across_courses_refuse(term=term)
            unread = next((w.message for w in records.warnings if " column(s) not read: " in w.message), "")
            quarantined = {s.registrar_id: s.quarantine for c in records.courses for s in c.sections if s.quarantine}
            untimed, by_quarantine = mass_untimed(
                term=term,
                timed_before=writer.timed_before,
                unread=unread,
                columns=format != "canonical",
                quarantined=quarantined,
                times_unread=records.times_unread,
            )
            if not untimed and not writer.listed_before:  # nothing to compare with: the file alone says
                untimed = first_import_untimed(records, unread=unread) or first_import_timeless(records, unread=unread)
            # sections whose meetings were quarantined have no set time for want of a readable file, not
            # by the registrar's word: the override would apply them unschedulable, so it is no remedy
            refusals: list[ImportGuardRefusal] = []  # each guard's the file trips, when not allowed
            if untimed and (dry_run or not allow_mass_untimed):  # first among the warnings, after a withdrawal's
                message = (
                    f"{untimed} Applying it needs --allow-mass-untimed (import_catalog) or the confirmation box "
                    + ("(admin), and would leave those sections quarantined." if by_quarantine else "(admin).")
                )
                report.warnings.insert(
                    0, mass_withdrawal_warning(location=records.source_name, message=message, reason=MASS_UNTIMED)
                )
                remedy = (
                    "--allow-mass-untimed (import_catalog) or the confirmation box (admin) would apply it with "
                    "those sections quarantined, not schedulable: correct the file (a dry run's report lists every "
                    "quarantined section; import_catalog prints it with this refusal)."
                    if by_quarantine
                    else "if the registrar really gave those sections no set time, import it again with "
                    "--allow-mass-untimed (import_catalog) or tick the confirmation box (admin)."
                )
                refusals.append(MassUntimedError(f"{untimed} Nothing was written; {remedy}", guard=untimed))
            if writer.outside_term and (dry_run or not allow_outside_term):  # first: the wrong term explains the rest
                message = (
                    f"{writer.outside_term} Applying it as this term's needs --allow-outside-term (import_catalog) "
                    "or the confirmation box (admin)."
                )
                report.warnings.insert(
                    0, mass_withdrawal_warning(location=records.source_name, message=message, reason=OUTSIDE_TERM)
                )
                refusals.insert(
                    0,
                    MassOutsideTermError(
                        f"{writer.outside_term} Nothing was written; if it is this term's file and its classes are "
                        "held on those dates, import it again with --allow-outside-term (import_catalog) or tick the "
                        "confirmation box (admin).",
                        guard=writer.outside_term,
                    ),
                )
            too_many = mass_withdrawal(withdrawn=report.counts["section"].withdrawn, listed=writer.listed_before)
            if too_many and (dry_run or not allow_withdrawals):  # first among the warnings: a long list hides none
                message = (
                    f"{too_many} Applying it needs --allow-withdrawals (import_catalog) or the confirmation box "
                    "(admin)."
                )
                # after the wrong term's warning, which explains it: another term's file lists other sections
                first = 1 if report.warnings and report.warnings[0].get("reason") == OUTSIDE_TERM else 0
                report.warnings.insert(first, mass_withdrawal_warning(location=records.source_name, message=message))
                refusals.insert(
                    first,
                    MassWithdrawalError(
                        f"{too_many} Nothing was written; if the registrar really withdrew them, import it again "
                        "with --allow-withdrawals (import_catalog) or tick the confirmation box (admin).",
                        guard=too_many,
                    ),
                )
            refusal = guards_refusal(refusals)
            named = term_of_file_name(records, filed_name=writer.stored_term[0] if writer.stored_term else "")
            if named:  # first of all: a Check first of its own, no guard (a name may be wrong, not the file)
                report.warnings.insert(
                    0, mass_withdrawal_warning(location=records.source_name, message=named, reason=TERM_OF_FILE_NAME)
                )
            if refusal is not None and not dry_run:  # the raise rolls it back: a dry run's report, to print
                report.dry_run = True
                report.seconds = clock.perf_counter() - started
                refusal.report = report
                raise refusal
            if dry_run:
                transaction.set_rollback(True)
    except (DatabaseError, OverflowError) as exc:  # SQLite raises OverflowError for a number too large
        raise CatalogImportError(database_refusal(exc)) from exc
    report.seconds = clock.perf_counter() - started
    return report


def mass_withdrawal(*, withdrawn: int, listed: int) -> str:
    """What is wrong with withdrawing `withdrawn` of a term's `listed` sections ("" when
    nothing): a file that leaves out that many is more likely a partial extract than the term."""
    if withdrawn < MASS_WITHDRAWAL_SECTIONS or withdrawn <= MASS_WITHDRAWAL_SHARE * listed:
        return ""
    return (
        f"the file leaves out {withdrawn:,} of the term's {listed:,} listed sections ({withdrawn / listed:.0%}), "
        "which an import would withdraw: is it a partial extract (one department's)?"
    )


def mass_withdrawal_warning(*, location: str, message: str, reason: str = MASS_WITHDRAWAL) -> dict[str, str]:
    """The report's warning of a mass withdrawal (or, by `reason`, a mass untiming), in the shape
    of the adapters' problems (`problem_dict`); the admin's preview asks for a confirmation when
    its report holds one."""
    return {
        "location": location,
        "registrar_id": "",
        "field": "",
        "value": "",
        "message": message,
        "reason": reason,
    }


class ImportGuardRefusal(CatalogImportError):
    """An import a guard refused until allowed (its run is REFUSED, not FAILED: the file was read
    and the import done, then rolled back); `reason` is the dry run's warning's, `report` what
    applying it would have done, a dry run's report (`catalog_import`). `guard`: what the guard
    found, without the remedy; `parts`: (reason, message) of each guard refusing it (one here,
    several for `ImportGuardsRefusal`)."""

    reason = ""
    report: ImportReport | None = None

    def __init__(self, message: str, *, guard: str = ""):
        super().__init__(message)
        self.guard = guard or message
        self.parts: tuple[tuple[str, str], ...] = ((self.reason, message),)


class ImportGuardsRefusal(ImportGuardRefusal):
    """An import refused by several guards at once (`guards_refusal`): its message names each, with
    every option needed, so that the registrar is not refused again for the next one."""

    def __init__(self, refusals: list[ImportGuardRefusal]):
        flags = [GUARD_FLAGS[r.reason] for r in refusals]
        said = " ".join(
            f"({i}) {r.guard} {remedy[:1].upper()}{remedy[1:]}"
            for i, r in enumerate(refusals, 1)
            for remedy in [str(r).split(" Nothing was written; ", 1)[-1]]
        )
        super().__init__(
            f"this import is refused by {len(refusals)} guards: {said} Nothing was written. Applying it needs all "
            f"{len(refusals)} at once: {' '.join(flags)} (import_catalog), or the {len(refusals)} confirmation boxes "
            "ticked together (admin)."
        )
        self.reason = refusals[0].reason
        self.parts = tuple(part for r in refusals for part in r.parts)


def guards_refusal(refusals: list[ImportGuardRefusal]) -> ImportGuardRefusal | None:
    """The refusal of an import the guards in `refusals` refuse (None when none does): the one
    guard's, or one naming them all (`ImportGuardsRefusal`)."""
    if len(refusals) > 1:
        return ImportGuardsRefusal(refusals)
    return refusals[0] if refusals else None


class MassWithdrawalError(ImportGuardRefusal):
    """An import refused because it would withdraw many sections (`mass_withdrawal`)."""

    reason = MASS_WITHDRAWAL


def mass_untimed(
    *,
    term: Term,
    timed_before: set[int],
    unread: str = "",
    columns: bool = True,
    quarantined: dict[str, str] | None = None,
    times_unread: str = "",
) -> tuple[str, bool]:
    """What is wrong with the import just written to `term` ("" when nothing): the sections that
    were listed with a timed meeting before it (`timed_before`, their ids) and are still listed
    with none, when at least MASS_UNTIMED_SECTIONS and over MASS_UNTIMED_SHARE of them (`unread`:
    the adapter's warning of the columns it did not read, quoted as the likely cause; `columns`:
    whether the format has columns at all, which a canonical file has not); and whether most of
    them lost their times to a quarantine (`quarantined`: the file's quarantine reasons by
    registrar id), whose commonest reason is then named as the cause instead: a column written
    in a form the adapter does not read (dates `26.08.2025`) drops every meeting it dates. A
    registrar rarely takes the times off a fifth of a term at once; a file whose days or times
    column the adapter did not read (renamed) does. `times_unread`: the adapter's account of the days and
    times columns it did not find (`CatalogRecords.times_unread`), said with the cause. Three queries,
    whatever the term's size."""
    if len(timed_before) < MASS_UNTIMED_SECTIONS:
        return "", False
    listed = Section.objects.filter(term=term, withdrawn_at__isnull=True)
    timed = set(listed.filter(meetings__start_time__isnull=False).values_list("pk", flat=True))
    ids = dict(listed.values_list("pk", "registrar_id"))
    lost = sorted((timed_before & ids.keys()) - timed)
    if len(lost) < MASS_UNTIMED_SECTIONS or len(lost) <= MASS_UNTIMED_SHARE * len(timed_before):
        return "", False
    examples = Section.objects.filter(pk__in=lost[:MASS_UNTIMED_EXAMPLES]).select_related("component__course")
    more = f"; and {len(lost) - MASS_UNTIMED_EXAMPLES:,} more" if len(lost) > MASS_UNTIMED_EXAMPLES else ""
    reasons = [(quarantined or {}).get(ids[pk], "") for pk in lost]
    reasons = [r for r in reasons if r]
    by_quarantine = len(reasons) * 2 > len(lost)
    if by_quarantine:
        reason, count, place, _ = commonest_quarantine(reasons)
        cause = (
            f"{len(reasons):,} of them are quarantined, their timed meetings dropped as unusable, {count:,} for one "
            f"reason: {reason} (the first: {place}). Is a column written in a form the importer does not read?"
        )
    elif columns:
        said = f" (here: {unread.split('; the columns read are')[0][:200]})" if unread else ""
        cause = (
            "Did the importer not read a column of days or times (renamed in this export)? "
            + (f"Here, {times_unread}. " if times_unread else "")
            + f"The report's warnings name the columns not read{said} and the days without a time."
        )
    else:
        cause = "Does the file list their meetings without days or times (an export that lost them)?"
    return (
        f"the file leaves {len(lost):,} of the term's {len(timed_before):,} listed sections with set times "
        f"({len(lost) / len(timed_before):.0%}) without any timed meeting: {'; '.join(map(str, examples))}{more}. "
        + cause
    ), by_quarantine


class MassUntimedError(ImportGuardRefusal):
    """An import refused because it would leave many timed sections untimed (`mass_untimed`)."""

    reason = MASS_UNTIMED


def first_import_untimed(records: CatalogRecords, *, unread: str = "") -> str:
    """What is wrong with a file going into a term that lists no section yet ("" when nothing):
    at least MASS_UNTIMED_SECTIONS of its meetings with a time, and over MASS_UNTIMED_SHARE of
    them, have no days, so the adapter kept them with no set time (its `a time without days`
    warnings, each counting the places folded into it). `mass_untimed` compares with the times
    the term had, and a first import has none: a file whose days the adapter did not read (a
    renamed column, Banner's day-flag columns) would leave every section unschedulable unseen."""
    dayless = [w for w in records.warnings if w.message.startswith(TIME_WITHOUT_DAYS)]
    lost = sum(1 + w.more for w in dayless)
    timed = sum(m.is_timed for c in records.courses for s in c.sections for m in s.meetings)
    if lost < MASS_UNTIMED_SECTIONS or lost <= MASS_UNTIMED_SHARE * (lost + timed):
        return ""
    first = dayless[0]
    said = f" (here: {unread.split('; the columns read are')[0][:200]})" if unread else ""
    return (
        f"the term has no sections yet, and {lost:,} of the file's {lost + timed:,} meetings with a time "
        f"({lost / (lost + timed):.0%}) have no days, so they would be imported as meetings with no set time, "
        f"which no student can schedule (the first: {first.location}"
        f"{f', [{first.registrar_id}]' if first.registrar_id else ''}, {first.field} {first.value!r}). Did the "
        "importer not read the file's days (a column renamed in this export, or days written in columns it does "
        f"not read)? The report's warnings name the columns not read{said}."
    )


def first_import_timeless(records: CatalogRecords, *, unread: str = "") -> str:
    """What is wrong with a file going into a term that lists no section yet ("" when nothing):
    its adapter did not find the columns it reads days and times from (`records.times_unread`: a
    uva-csv `Days1` renamed, which holds both), and at least MASS_UNTIMED_SECTIONS of its sections,
    and all but under MASS_UNTIMED_SHARE of them, have no timed meeting. `first_import_untimed`
    counts times without days, and such a file reads no time at all: it would publish a term
    where nothing has a set time. `unread`: the adapter's warning of the columns it did not read."""
    if not records.times_unread:
        return ""
    sections = [s for c in records.courses for s in c.sections]
    timed = sum(any(m.is_timed for m in s.meetings) for s in sections)
    untimed = len(sections) - timed
    if untimed < MASS_UNTIMED_SECTIONS or timed >= MASS_UNTIMED_SHARE * len(sections):
        return ""
    said = unread.split("; the columns read are")[0][:200]
    return (
        f"the term has no sections yet, and {untimed:,} of the file's {len(sections):,} sections "
        f"({untimed / len(sections):.0%}) have no timed meeting, which no student can schedule: "
        f"{records.times_unread}. Is a column of days or times renamed in this export?"
        + (f" The report's warnings name the columns not read (here: {said})." if unread else "")
    )


def mass_outside_term(
    records: CatalogRecords, *, term: Term, days: tuple[date | None, date | None] | None = None
) -> str:
    """What is wrong with filing `records` under `term`, a term the catalog had ("" when
    nothing): at least MASS_OUTSIDE_TERM_SECTIONS of the file's timed sections with dates, and
    over MASS_OUTSIDE_TERM_SHARE of them, meet only outside the term's days, each of their dated
    timed meetings ending before its first day or starting after its last. Such a file is most
    likely another term's (Banner's term roll keeps the CRNs: a spring file filed under the fall
    would move every section the fall's students saved into spring), or the term's days are wrong.
    `days`: the term's days as the catalog had them before this import, when it changed them (a
    canonical file gives its term's days: compared with those, it would be compared with itself)."""
    first_day, last_day = days if days is not None else (term.first_day, term.last_day)
    if first_day is None and last_day is None:
        return ""
    dated = outside = 0
    for course in records.courses:
        for s in course.sections:
            spans = [
                (m.first_date or m.last_date, m.last_date or m.first_date)
                for m in s.meetings
                if m.is_timed and (m.first_date or m.last_date)
            ]
            if not spans:
                continue
            dated += 1
            outside += all(
                (first_day is not None and end < first_day) or (last_day is not None and start > last_day)
                for start, end in spans
            )
    if outside < MASS_OUTSIDE_TERM_SECTIONS or outside <= MASS_OUTSIDE_TERM_SHARE * dated:
        return ""
    file_first, file_last = term_days_of(records.courses)
    implied = file_name_season(records.source_name)
    named = f" (its name reads as {implied})" if implied and implied != term_season(records.term) else ""
    return (
        f"{outside:,} of the file's {dated:,} timed sections ({outside / dated:.0%}) meet only outside the term's "
        f"days: the file's dates lie in {file_first} to {file_last}, the term {term.code}'s days are "
        f"{first_day or '?'} to {last_day or '?'}. Is this the right term's file{named}? If the term's days are "
        "wrong, widen them in the admin (Terms) and import the file again."
    )


def file_name_season(name: str) -> str:
    """The term a file's name reads as (`Class Schedule Spring 2026 (final).csv` → `Spring 2026`), or ""."""
    return spreadsheet.season_name(PurePath(name).stem)


def term_season(term: TermRecord) -> str:
    """The season and year a term's code or name give (`2025-fall`, `Fall 2025` → `Fall 2025`), or ""."""
    return spreadsheet.season_name(term.code) or spreadsheet.season_name(term.name)


def term_of_file_name(records: CatalogRecords, *, filed_name: str = "") -> str:
    """The report's warning that the file's name reads as another term than the one it is filed
    under ("" when it does not, or either says no season): `2026_spring.csv` with --term 2025-fall
    is most likely the wrong file, or the wrong --term. `filed_name`: the name the catalog had for
    that term before this import (a canonical file names its own term)."""
    filed_term = replace(records.term, name=filed_name) if filed_name else records.term
    implied, filed = file_name_season(records.source_name), term_season(filed_term)
    if not implied or not filed or implied == filed:
        return ""
    code = spreadsheet.default_term(PurePath(records.source_name).name).code
    return (
        f"the file's name, {PurePath(records.source_name).name!r}, reads as {implied}, but it is filed under the "
        f"term {filed_term.code} ({filed_term.name}): is this the right term's file? A file of {implied} "
        f"goes under its own term (--term {code}, the upload page's Term field)."
    )


class MassOutsideTermError(ImportGuardRefusal):
    """An import refused because most of its timed sections meet outside the term's days (`mass_outside_term`)."""

    reason = OUTSIDE_TERM


def links_across_courses(*, term: Term) -> QuerySet[Section]:
    """The term's sections taken with (whose parent is) a section of another course, with both
    courses: one query. A section is only ever taken with a section of its own course."""
    return (
        Section.objects.filter(term=term, parent__isnull=False)
        .exclude(parent__component__course=F("component__course"))
        .select_related("component__course", "parent__component__course")
        .order_by("registrar_id")
    )


def links_across_courses_refuse(*, term: Term) -> None:
    """Raise CatalogImportError, so the import rolls back whole, when it would leave a section
    of `term` taken with a section of another course. The writer never writes such a link and
    unlinks the sections it keeps without listing them; this one query, run after every write
    and before the commit, keeps any future path from bringing such links back."""
    crossing = list(links_across_courses(term=term))
    if not crossing:
        return
    links = [f"{s} with {s.parent}" for s in crossing]
    more = f"; and {len(links) - 5} more" if len(links) > 5 else ""
    raise CatalogImportError(
        f"the import would leave {len(crossing)} section(s) taken with a section of another course, so nothing "
        f"was written: {'; '.join(links[:5])}{more}. A section is only taken with a section of its own course; "
        "this is a fault of the importer, not of the file: please report it with the file."
    )


def unaddressable_record(records: CatalogRecords) -> str:
    """Why a course or section of `records` could not be addressed in the API's URLs
    (`courses/{subject}/{number}/`, `sections/{registrar_id}/`), or "" when all can. Every
    adapter rejects such a record and reports it (the canonical schema refuses the file); this
    keeps records from any other source from storing one."""
    for course in records.courses:
        problem = url_segment_problem("subject", course.subject, SUBJECT_EXAMPLE) or url_segment_problem(
            "course number", course.number, NUMBER_EXAMPLE
        )
        if problem:
            return f"course {course.code}: {problem}"
        for section in course.sections:
            problem = url_segment_problem("registrar id", section.registrar_id, REGISTRAR_ID_EXAMPLE)
            if problem:
                return f"{section.source or course.code}: {problem}"
    return ""


def unstorable_record(records: CatalogRecords) -> str:
    """Why a course or meeting of `records` could not be stored (the database's constraints,
    which would refuse the file whole naming only themselves), or "" when all can. Every adapter
    reports such a value at its place, quarantining or rejecting what it cannot use; this names
    the record of any other source instead of a constraint."""
    least, most = SANE_DATES
    for course in records.courses:
        low, high = course.credits_min, course.credits_max
        if (low is not None and low < 0) or (high is not None and high < 0):
            return f"course {course.code}: credits {low} to {high}; expected 0 or more"
        if low is not None and high is not None and low > high:
            return f"course {course.code}: credits_min {low} is above credits_max {high}; expected at most credits_max"
        for section in course.sections:
            where = f"{section.source or course.code} (registrar id {section.registrar_id})"
            if len(section.meetings) > MAX_MEETING_POSITION + 1:
                return f"{where}: {len(section.meetings):,} meetings; the catalog holds {MAX_MEETING_POSITION + 1:,}"
            for m in section.meetings:
                dates = [d for d in (m.first_date, m.last_date) if d is not None]
                if any(not least <= d <= most for d in dates):
                    return f"{where}: a meeting dated {' to '.join(map(str, dates))}, a year no term can have"
                if m.first_date and m.last_date and m.last_date < m.first_date:
                    return f"{where}: a meeting whose last date {m.last_date} is before its first {m.first_date}"
                timed = m.start is not None and m.end is not None
                if (m.start is None) != (m.end is None) or (timed and not (m.start < m.end and m.days)):
                    return f"{where}: a meeting {m.start}-{m.end} on days {m.days}; expected an end after its start"
    return ""


# what each of the catalog's constraints keeps out, for a refusal no check above foresaw
CONSTRAINT_WORDS = {
    "term_natural_key": "a second term of one code",
    "term_first_day_not_after_last_day": "a term whose first day is after its last",
    "term_first_day_sane": "a term's first day in a year no term can have",
    "term_last_day_sane": "a term's last day in a year no term can have",
    "course_natural_key": "a second course of one code in the term",
    "course_credit_range_ordered": "a course whose credits_min is above its credits_max",
    "course_credits_not_negative": "a course with credits below 0",
    "course_credits_max_not_negative": "a course with credits below 0",
    "component_natural_key": "a second component of one kind in a course",
    "section_natural_key": "a second section of one registrar id in the term",
    "section_not_own_parent": "a section taken with itself",
    "meeting_days_in_week": "a meeting on days outside the week",
    "meeting_position_in_range": "a section with more meetings than the catalog holds",
    "meeting_timed_start_before_end": "a meeting whose end is not after its start, or with a time and no days",
    "meeting_first_date_not_after_last": "a meeting whose first date is after its last",
    "meeting_first_date_sane": "a meeting dated in a year no term can have",
    "meeting_last_date_sane": "a meeting dated in a year no term can have",
}


def database_refusal(exc: Exception) -> str:
    """The import's error for the database refusing a write: what the constraint it names keeps
    out, in words, rather than only its name."""
    text = str(exc)
    name = next((n for n in CONSTRAINT_WORDS if re.search(rf"\b{n}\b", text)), "")
    if not name:
        return f"the database refused the import, nothing was written: {text}"
    return (
        f"the database refused the import, nothing was written: the file would put in the catalog "
        f"{CONSTRAINT_WORDS[name]} (constraint {name}), which the importer should have reported at its place; "
        f"please report it with the file ({text.splitlines()[0][:200]})"
    )


def catalog_import_file(
    *,
    data: bytes,
    name: str,
    format: str,
    institution_code: str = "",
    term_code: str = "",
    dry_run: bool = False,
    user: Any = None,
    progress: Progress | None = None,
    allow_withdrawals: bool = False,
    allow_mass_untimed: bool = False,
    allow_outside_term: bool = False,
    column_mapping: dict[str, Any] | None = None,
) -> tuple[ImportRun, ImportReport | None]:
    """Parse a catalog file with its format's adapter, import it here and now (the command
    line), and log an ImportRun.

    Returns the run and the report; on a format or import error the run is FAILED, its `error`
    says why, the report is None and the catalog is unchanged. When a guard refused it
    (`ImportGuardRefusal`) the run is REFUSED, its `error` says why, the catalog is unchanged and
    the report is a dry run's, of what applying would have done. `column_mapping`
    (sections-csv): `{"name": the mapping's file, "columns": {canonical name: header}}`.
    """
    run = ImportRun(
        source_name=name[:255],
        format=format,
        sha256=hashlib.sha256(data).hexdigest(),
        # the log keeps what fits (a code too long is refused below, its error quoting it whole)
        institution_code=institution_code[:40],
        term_code=term_code[:40],
        dry_run=dry_run,
        allow_withdrawals=allow_withdrawals,
        allow_mass_untimed=allow_mass_untimed,
        allow_outside_term=allow_outside_term,
        column_mapping=column_mapping or {},
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        started_at=timezone.now(),
    )
    report = import_file_outcome(
        run=run,
        data=data,
        institution_code=institution_code,
        term_code=term_code,
        progress=progress,
    )
    run.finished_at = timezone.now()
    run.save()
    if run.status == ImportRun.Status.APPLIED:
        import_previews_of_file_release(run=run)
    return run, report


def import_file_outcome(
    *,
    run: ImportRun,
    data: bytes,
    institution_code: str,
    term_code: str,
    progress: Progress | None = None,
    raise_withdrawals: bool = False,
) -> ImportReport | None:
    """Import `data` as `run` asks (its format, `dry_run`, `allow_withdrawals`,
    `allow_mass_untimed`, `allow_outside_term`) and set the run's outcome on it, unsaved: its status, report or error,
    codes and term, and its bytes when it is a dry run to apply later. The report, or None when
    the import failed; when a guard refused it, the dry run's report of what applying would have
    done, with the guard's warning first (`raise_withdrawals`: a guard's refusal raises its
    ImportGuardRefusal, MassWithdrawalError, MassUntimedError or MassOutsideTermError, instead)."""
    name, format = run.source_name, run.format
    report = None
    run.content = None
    try:
        records = adapter_parse(run=run, data=data, institution_code=institution_code)
        records = with_codes(records, format=format, institution_code=institution_code, term_code=term_code)
        report = catalog_import(
            records=records,
            format=format,
            dry_run=run.dry_run,
            progress=progress,
            allow_withdrawals=run.allow_withdrawals,
            allow_mass_untimed=run.allow_mass_untimed,
            allow_outside_term=run.allow_outside_term,
            run_id=run.pk,
        )
    except CatalogFormatError as exc:  # its message starts with the file name
        run.status = ImportRun.Status.FAILED
        run.error = str(exc)
    except ImportGuardRefusal as exc:
        if raise_withdrawals:  # the admin's apply: its preview goes back to pending, to confirm
            raise
        run.status = ImportRun.Status.REFUSED
        run.error = f"{name}: {exc}"
        report = exc.report  # what applying would have done, a dry run's: the command prints it
    except (CatalogImportError, ValueError) as exc:
        run.status = ImportRun.Status.FAILED
        run.error = f"{name}: {exc}"
    else:
        run.status = ImportRun.Status.DRY_RUN if run.dry_run else ImportRun.Status.APPLIED
        run.report = report.to_dict()
        run.institution_code = records.institution.code
        run.term_code = records.term.code
        run.term = Term.objects.filter(institution__code=records.institution.code, code=records.term.code).first()
        # the version it found: a new term's first import takes it from 0 to 1
        run.catalog_version = report.catalog_version - (1 if report.changed_anything else 0)
        if run.dry_run:
            run.content = data  # kept so the admin can apply exactly what it previewed
    return report


def adapter_parse(*, run: ImportRun, data: bytes, institution_code: str) -> CatalogRecords:
    """The records of `data` read by the adapter of the run's format, with the run's column
    mapping for a sections-csv or sections-json file, which also needs an institution code to be filed under."""
    if run.format not in COLUMN_FORMATS:
        return sources.adapter(run.format).parse_bytes(data, name=run.source_name)
    if not institution_code:
        raise ValueError(institution_needed(run.format))
    mapping = run.column_mapping or {}
    return sources.adapter(run.format).parse_bytes(
        data,
        name=run.source_name,
        columns=mapping.get("columns") or {},
        columns_name=mapping.get("name") or "the column mapping",
    )


# An admin's run is done by a worker within these limits (the task's), below the broker's
# visibility timeout (300 s). A term seven times UVA's (60,830 sections) takes 30 s. While it
# runs, the worker beats the run's heartbeat (`heartbeat_at`); a run whose beat stopped lost its
# worker and is failed (`import_run_lost_fail`), its transaction rolled back.
IMPORT_SOFT_TIME_LIMIT = 240
IMPORT_TIME_LIMIT = 270


def import_run_submit(
    *,
    data: bytes,
    name: str,
    format: str,
    institution_code: str = "",
    term_code: str = "",
    user: Any = None,
    column_mapping: dict[str, Any] | None = None,
) -> ImportRun:
    """Log a dry run of the file as queued and send it to the workers once the row is
    committed; the run's page follows it to its report. Codes that cannot file an import
    fail the run at once (the row keeps only 40 characters of each), and so does a
    sections-csv file given no institution."""
    run = ImportRun(
        source_name=name[:255],
        format=format,
        sha256=hashlib.sha256(data).hexdigest(),
        status=ImportRun.Status.QUEUED,
        dry_run=True,
        institution_code=institution_code[:40],
        term_code=term_code[:40],
        column_mapping=column_mapping or {},
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        content=data,
    )
    try:
        filing_codes_check(institution_code=institution_code, term_code=term_code)
        if format in COLUMN_FORMATS and not institution_code:
            raise ValueError(institution_needed(format))
    except ValueError as exc:
        run.status, run.error, run.content = ImportRun.Status.FAILED, f"{name}: {exc}", None
        run.finished_at = timezone.now()
    run.save()
    if run.status == ImportRun.Status.QUEUED:
        import_run_enqueue_on_commit(run_id=run.pk)
    return run


def queued_run_of_file(*, dry_run: ImportRun, user: Any, content: bytes) -> dict[str, Any]:
    """The fields of a queued run of the dry run's own file (its name, format, checksum, codes and
    column mapping), asked for by `user`: an apply of it, or its dry run checked again."""
    return {
        "source_name": dry_run.source_name,
        "format": dry_run.format,
        "sha256": dry_run.sha256,
        "status": ImportRun.Status.QUEUED,
        "institution_code": dry_run.institution_code,
        "term_code": dry_run.term_code,
        "column_mapping": dry_run.column_mapping,
        "requested_by": user if getattr(user, "is_authenticated", False) else None,
        "content": content,
    }


def dry_run_locked(*, run: ImportRun) -> ImportRun | None:
    """The dry run `run`, locked for this transaction, while it is pending (it holds its file);
    None once it was applied, checked again or let go."""
    return (
        ImportRun.objects.select_for_update()
        .filter(pk=run.pk, status=ImportRun.Status.DRY_RUN, content__isnull=False)
        .first()
    )


def import_run_apply_submit(
    *,
    run: ImportRun,
    user: Any = None,
    allow_withdrawals: bool = False,
    allow_mass_untimed: bool = False,
    allow_outside_term: bool = False,
) -> ImportRun:
    """Claim the pending dry run `run` and log applying it as a queued run, sent to the workers
    once committed (`allow_withdrawals`, `allow_mass_untimed`, `allow_outside_term`: the admin
    confirmed the withdrawals, the sections left without set times or those meeting outside the
    term's days its preview warned of). Of two admins applying one
    preview at once (two tabs, a double click), one gets it and the other is told, instead of both
    importing and logging twice. A dry run whose file was
    applied since (`import_run_applied_since`) is used up and refused; one out of date
    (`import_run_preview_stale`: its term's catalog changed since, or it is too old) is refused,
    writing nothing, and stays pending to be checked again (`import_run_check_again`)."""
    with transaction.atomic():
        claimed = dry_run_locked(run=run)
        if claimed is None:
            if run.status != ImportRun.Status.DRY_RUN:
                raise CatalogImportError(f"import run {run.pk} is not a pending dry run")
            applied_since = import_run_applied_since(run=run)
            if applied_since is not None:
                raise CatalogImportError(applied_since_said(run=run, applied=applied_since))
            if (again := import_run_checked_again(run=run)) is not None:
                raise CatalogImportError(checked_again_said(run=run, again=again))
            raise CatalogImportError(
                f"import run {run.pk} has already been used (applied or failed), or has expired (a dry run keeps "
                f"its file {IMPORT_PREVIEW_DAYS} days): upload the file again"
            )
        applied_since = import_run_applied_since(run=claimed)
        if applied_since is None:
            stale = import_run_preview_stale(run=claimed)
            if stale:
                raise CatalogImportError(stale)
            data = bytes(claimed.content)
        ImportRun.objects.filter(pk=run.pk).update(content=None)  # used up, applied now or before
        if applied_since is None:
            applied = ImportRun.objects.create(
                **queued_run_of_file(dry_run=claimed, user=user, content=data),
                dry_run=False,
                allow_withdrawals=allow_withdrawals,
                allow_mass_untimed=allow_mass_untimed,
                allow_outside_term=allow_outside_term,
                preview=claimed,
                term=claimed.term,
            )
    if applied_since is not None:
        raise CatalogImportError(applied_since_said(run=claimed, applied=applied_since))
    import_run_enqueue_on_commit(run_id=applied.pk)  # the claim is committed (or commits with the caller's)
    return applied


def same_file_runs(*, run: ImportRun) -> QuerySet[ImportRun]:
    """The runs of the very import `run` is (its file's bytes, format, column mapping aside, and
    the term it was filed under), without their files."""
    return ImportRun.objects.defer("content").filter(
        sha256=run.sha256, format=run.format, institution_code=run.institution_code, term_code=run.term_code
    )


def import_run_applied_since(*, run: ImportRun) -> ImportRun | None:
    """The last run that applied the dry run `run`'s own file (the same bytes read the same way
    into the same term) after the dry run was made, from the command line or from another dry
    run; None when there is none. Applying the dry run then would apply that file a second
    time, on a catalog it already made (or others changed since): the dry run is used up."""
    later = same_file_runs(run=run).filter(status=ImportRun.Status.APPLIED, created_at__gt=run.created_at)
    later = later.exclude(preview=run.pk).order_by("-created_at")
    return next((r for r in later if r.column_mapping == run.column_mapping), None)


def applied_since_said(*, run: ImportRun, applied: ImportRun) -> str:
    """Why the dry run `run` is not applied: its file was applied since by `applied`."""
    how = "from the command line" if applied.preview_id is None else f"from dry run {applied.preview_id}"
    when = f" at {applied.finished_at:%Y-%m-%d %H:%M} UTC" if applied.finished_at else ""
    return (
        f"The file of this dry run ({run.source_name}) was applied since by import run {applied.pk} ({how}{when}), "
        "so there is nothing left to apply. To import it again, upload it again for a fresh dry run."
    )


def import_previews_of_file_release(*, run: ImportRun) -> int:
    """Let go of the files of the pending dry runs of the file the applied run `run` applied
    (made before it, by the command line or the admin): they are used up, and their pages no
    longer offer to apply them. Returns how many."""
    earlier = same_file_runs(run=run).filter(
        status=ImportRun.Status.DRY_RUN, content__isnull=False, created_at__lt=run.created_at
    )
    same = [pk for pk, mapping in earlier.values_list("pk", "column_mapping") if mapping == run.column_mapping]
    return ImportRun.objects.filter(pk__in=same).update(content=None)


def import_run_enqueue_on_commit(*, run_id: int) -> None:
    """Send the run to the workers once the transaction that logged it commits, so a worker
    always finds its row; in-process (the embedded default, no worker to race) it is done here
    and now. A broker that does not take it fails the run, saying so, rather than leave it
    queued for ever (an apply gives its preview back)."""

    def enqueue() -> None:
        from catalog.tasks import import_run_execute

        try:
            if settings.CELERY_TASK_ALWAYS_EAGER:
                # here and now whatever the Celery app's own copy of the setting says (a test
                # that turned it off for its workers leaves it so)
                import_run_execute.apply(args=[run_id], throw=True)
            else:
                import_run_execute.apply_async(args=[run_id], retry=False)
        except Exception as exc:  # kombu/redis raise many types; the run must not stay queued unseen
            if settings.CELERY_TASK_ALWAYS_EAGER:
                raise  # in-process there is no queue: this is the task failing, and it says so itself
            log.warning("import run %s: the broker did not take it (%s)", run_id, exc)
            import_run_finish_unexpectedly(
                run_id=run_id, why=f"the task queue did not take it ({exc}): try again in a moment"
            )

    if settings.CELERY_TASK_ALWAYS_EAGER:
        enqueue()
    else:
        transaction.on_commit(enqueue)


IMPORT_PREVIEW_DAYS = 7  # a dry run keeps its file this long to be applied, then lets it go


def import_previews_release(*, now: Any = None) -> int:
    """Let go of the files of dry runs never applied within IMPORT_PREVIEW_DAYS (the periodic
    task): an abandoned preview would otherwise keep its file, up to 64 MB, for ever. Their
    reports stay; applying one then asks for the file again. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=IMPORT_PREVIEW_DAYS)
    stale = ImportRun.objects.filter(status=ImportRun.Status.DRY_RUN, content__isnull=False, created_at__lt=cutoff)
    return stale.update(content=None)


IMPORT_QUEUED_RESEND_SECONDS = 60


def import_run_stale_seconds() -> float:
    """How long a running run may go without a heartbeat before its worker is taken for lost:
    CLASSTIME_JOB_STALE_SECONDS, as generation jobs; in-process (the embedded default, where the
    request itself does the run and nothing beats) the time limit."""
    return float(IMPORT_TIME_LIMIT) if settings.CELERY_TASK_ALWAYS_EAGER else settings.CLASSTIME_JOB_STALE_SECONDS


RUN_LOCK_SPACE = 7031  # PostgreSQL advisory locks of import runs: (this, the run's id)


def run_lock_key(run_id: int) -> list[int]:
    """The run's advisory lock, as PostgreSQL's two 32-bit keys."""
    return [RUN_LOCK_SPACE, run_id & 0x7FFFFFFF]


IMPORT_IDLE_LIMIT_MS = 60_000  # an import's transaction waits on nothing outside the database


def run_lock_take(run_id: int) -> None:
    """Hold the run's lock for the rest of this transaction (PostgreSQL; SQLite has one writer
    at a time and no advisory locks). While the import's transaction is open anywhere, even in
    a worker that went silent (frozen, or cut off by a network that still takes its packets),
    the run is not judged lost: what that transaction writes is not yet known. PostgreSQL rolls
    the transaction back once it has waited IMPORT_IDLE_LIMIT_MS for its next statement (the
    worker is gone), which frees the lock, and the run is then failed as having written nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", run_lock_key(run_id))
            cursor.execute(f"SET LOCAL idle_in_transaction_session_timeout = {IMPORT_IDLE_LIMIT_MS}")


# How long an import waits for another import of its term to end (the term row's lock), whatever
# CLASSTIME_STATEMENT_TIMEOUT says: longer than an import in a worker may run (IMPORT_TIME_LIMIT)
TERM_LOCK_WAIT_MS = 300_000


@contextlib.contextmanager
def term_lock_wait():
    """Lift the statement timeout to TERM_LOCK_WAIT_MS (never lower it) for the statement taking
    the term row's lock, then put the connection's own back for the rest of the transaction: an
    import of the same term queues behind the one running instead of failing after the statement
    timeout (before 2026-12-07 it did). PostgreSQL only: on SQLite writers queue on the database
    lock already."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout'")  # ms
        (before,) = cursor.fetchone()
        if not 0 < before < TERM_LOCK_WAIT_MS:  # off (0), or already long enough
            yield
            return
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(TERM_LOCK_WAIT_MS)])
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(before)])


def run_transaction_open(run_id: int) -> bool:
    """Whether the run's import transaction is still open somewhere (`run_lock_take`), asked
    inside a transaction: trying the lock takes it until that one ends when it is free."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", run_lock_key(run_id))
        return not cursor.fetchone()[0]


def import_runs_lost_q(*, now: Any = None) -> Q:
    """Running runs whose worker is lost: no heartbeat within `import_run_stale_seconds()`; a run
    with no heartbeat at all (claimed by a worker of a release before heartbeats: a deploy during
    an import) is judged by when it started, against the time limit, after which no worker still
    imports it."""
    beat, start = import_run_lost_before(now)
    beat_stopped = Q(heartbeat_at__lt=beat) | Q(heartbeat_at__isnull=True, started_at__lt=start)
    return Q(status=ImportRun.Status.RUNNING) & beat_stopped


def import_run_lost_before(now: Any = None) -> tuple[Any, Any]:
    """(the heartbeat, the start with no heartbeat at all) before which a running run's worker
    is lost: `import_runs_lost_q` for querysets, `import_run_is_lost` for one run."""
    now = now or timezone.now()
    return now - timedelta(seconds=import_run_stale_seconds()), now - timedelta(seconds=IMPORT_TIME_LIMIT)


def import_run_is_lost(run: ImportRun, *, now: Any = None) -> bool:
    """Whether the run is running with its worker lost (`import_runs_lost_q`), for its page."""
    if run.status != ImportRun.Status.RUNNING:
        return False
    beat, start = import_run_lost_before(now)
    if run.heartbeat_at is not None:
        return run.heartbeat_at < beat
    return run.started_at is not None and run.started_at < start


def import_runs_requeue_stale() -> int:
    """The periodic task (beat, every minute): fail the runs whose worker was lost (killed, out
    of memory, restarted: its heartbeat stopped; `import_run_lost_fail`), and send again the
    queued runs whose message was lost (a Redis restarted without keeping its queue) and not sent
    in the last minute. Returns how many runs it failed or sent; claiming makes a duplicate
    message harmless."""
    now = timezone.now()
    lost = list(ImportRun.objects.filter(import_runs_lost_q(now=now)).order_by("pk").values_list("pk", flat=True)[:100])
    failed = sum(import_run_lost_fail(run_id=run_id) for run_id in lost)
    waiting = now - timedelta(seconds=IMPORT_QUEUED_RESEND_SECONDS)
    # not sent again within the minute
    rows = ImportRun.objects.filter(status=ImportRun.Status.QUEUED, updated_at__lt=waiting)
    ids = list(rows.order_by("pk").values_list("pk", flat=True)[:100])
    ImportRun.objects.filter(pk__in=ids).update(updated_at=now)  # stamped: a busy queue gets one more a minute
    for run_id in ids:
        import_run_enqueue_on_commit(run_id=run_id)
    return failed + len(ids)


def import_run_lost_fail(*, run_id: int) -> bool:
    """Fail the run if its worker is lost (`import_runs_lost_q`, checked again under the row's
    lock), saying so on the run's page; whether it did. The import is one transaction, so a lost
    worker wrote nothing; an apply gives its dry run back, to be applied again with one click,
    and a dry run is uploaded again. Not taken up again unasked: an apply an admin asked for is
    not redone minutes later without them, nor a file that took its worker down tried on another."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(import_runs_lost_q(), pk=run_id).first()
        if run is None:
            return False
        if run_transaction_open(run_id):
            # its worker beats no more, but its import's transaction is still open on the
            # database: PostgreSQL ends it (keepalives, idle_in_transaction_session_timeout),
            # and only then is it known that nothing was written; or the worker comes back and
            # commits, and the run says applied
            log.warning("import run %s: no heartbeat, but its transaction is still open", run_id)
            return False
        seconds = import_run_stale_seconds()
        import_run_finish_unexpectedly(
            run_id=run_id,
            why=f"its worker stopped while importing it (no sign of it for over {seconds:.0f} s: the worker was "
            "killed, ran out of memory or was restarted)",
            then="" if not run.dry_run else " Upload the file again to run it again.",
        )
    log.warning("import run %s failed: its worker was lost", run_id)
    return True


RUNS_ELSEWHERE = "runs elsewhere"


def import_run_claim(*, run_id: int) -> ImportRun | str | None:
    """Mark the run running for this worker, its heartbeat beating from now, and return it; None
    when it is finished (or gone), RUNS_ELSEWHERE when another worker has it with a live
    heartbeat. A run whose worker was lost (its heartbeat stopped) is failed, saying so
    (`import_run_lost_fail`), and None returned."""
    now = timezone.now()
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return None
        if run.status == ImportRun.Status.QUEUED:
            run.status, run.started_at, run.heartbeat_at = ImportRun.Status.RUNNING, now, now
            run.attempts += 1
            run.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "updated_at"])
            return run
        if not import_run_is_lost(run, now=now):
            return RUNS_ELSEWHERE
    # lost, unless its import's transaction is still open somewhere: then it runs elsewhere still
    return None if import_run_lost_fail(run_id=run_id) else RUNS_ELSEWHERE


def import_run_execute(*, run_id: int) -> bool:
    """The task body: claim the queued run, do the dry run or the apply it asks for, and write
    its outcome on the row. Safe to call twice: a finished run is left as it is. False when
    another worker runs it (a redelivered message): try again once its time limit is past."""
    run = import_run_claim(run_id=run_id)
    if run is RUNS_ELSEWHERE:
        return False
    if run is None:
        return True
    data = bytes(run.content or b"")
    # in-process (the embedded default) nothing else could take the run up; and SQLite would hold
    # a beat back until the import commits
    beating = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.RUNNING)
    heartbeat = (
        RowHeartbeat(beating, name=f"import run {run_id}")
        if not settings.CELERY_TASK_ALWAYS_EAGER
        else contextlib.nullcontext()
    )
    try:
        with heartbeat:
            import_file_outcome(
                run=run,
                data=data,
                institution_code=run.institution_code,
                term_code=run.term_code,
                raise_withdrawals=not run.dry_run,
            )
    except ImportGuardRefusal as exc:
        # the term grew since the preview (or the preview predates the check): the preview goes
        # back to pending and now carries the warning, so its page asks for the confirmation
        preview_pending_again(run=run, data=data, parts=exc.parts)
        run.status, run.content = ImportRun.Status.REFUSED, None
        confirm = " and ".join(GUARD_CONFIRMS.get(reason, GUARD_CONFIRMS[MASS_WITHDRAWAL]) for reason, _ in exc.parts)
        if import_run_preview_given_back_stale(run=run):  # the catalog changed since: always, for a guard's refusal
            then = f"run the dry run again there (Run the dry run again) and confirm {confirm} on the new one."
        else:
            then = f"confirm {confirm} there."
        run.error = f"{run.source_name}: {exc} The dry run is pending again: {then}"
    except Exception as exc:  # a bug, the time limit, the database gone: the import rolled back whole
        log.exception("import run %s stopped", run_id)
        import_run_finish_unexpectedly(run_id=run_id, why=f"it stopped ({type(exc).__name__}: {exc})", data=data)
        return True
    if run.status == ImportRun.Status.APPLIED:
        preview_changed_warn(run=run)
        # a worker only slow, not lost, whose run was failed meanwhile: what it wrote stands, and
        # the dry run given back to be applied again is used after all
        ImportRun.objects.filter(pk=run.preview_id, status=ImportRun.Status.DRY_RUN).update(content=None)
    run.finished_at = timezone.now()
    run.save()
    if run.status in (ImportRun.Status.FAILED, ImportRun.Status.REFUSED):  # the worker's log names it too
        log.warning("import run %s %s: %s", run_id, run.status, run.error)
    if run.status == ImportRun.Status.APPLIED:
        import_previews_of_file_release(run=run)
    return True


def preview_changed_warn(*, run: ImportRun) -> None:
    """Put first among the applied run's warnings, when the term's catalog changed between its dry
    run and the apply (another import, an admin edit), what the dry run showed and what the apply
    did: they differ, and the admin read the dry run. A term that grew enough to withdraw many is
    refused before this (`MassWithdrawalError`); a dry run stored before versions were kept is not
    compared."""
    preview = ImportRun.objects.filter(pk=run.preview_id).values("catalog_version", "report").first()
    if preview is None or preview["catalog_version"] is None or preview["catalog_version"] == run.catalog_version:
        return
    message = (
        f"the term's catalog changed since the dry run (version {preview['catalog_version']} then, "
        f"{run.catalog_version} when applied: another import or an admin edit came between), so this apply did "
        f"otherwise than the dry run showed: the dry run showed {changes_said(preview['report'] or {})}; this "
        f"apply made {changes_said(run.report)}. Read this report, not the dry run's."
    )
    warning = {**mass_withdrawal_warning(location=run.source_name, message=message), "reason": reports.STALE_PREVIEW}
    run.report = {**run.report, "warnings": [warning, *run.report.get("warnings", [])]}


def changes_said(report: dict[str, Any]) -> str:
    """A stored report's changes in a phrase: `4 section change(s) (1 created, 2 updated, 1 withdrawn)`."""
    sections = report.get("counts", {}).get("section", {})
    parts = [f"{sections.get(k, 0)} {k}" for k in ("created", "updated", "withdrawn") if sections.get(k)]
    said = f"{sum(sections.get(k, 0) for k in ('created', 'updated', 'withdrawn'))} section change(s)"
    said += f" ({', '.join(parts)})" if parts else ""
    if report.get("term_changes"):
        said += f" and {len(report['term_changes'])} change(s) to the term"
    if report.get("institution_changes"):
        said += f" and {len(report['institution_changes'])} change(s) to the institution"
    return said


def import_run_catalog_version_now(*, run: ImportRun) -> int:
    """The catalog version of the term the run was filed under, now (0: no such term yet)."""
    now = Term.objects.filter(institution__code=run.institution_code, code=run.term_code).values_list(
        "catalog_version", flat=True
    )
    return now.first() or 0


CHECK_AGAIN = (
    "Check again: run the dry run again on the catalog as it is now (the button below, or upload the file again), "
    "read its report, and apply that one."
)


def checked_again_said(*, run: ImportRun, again: ImportRun) -> str:
    """Why the dry run `run` is not applied: its file was dry-run again since, as `again`."""
    return f"Not applied: import run {run.pk}'s file was dry-run again since, as import run {again.pk}: apply that one."


def import_run_preview_stale(*, run: ImportRun, now: Any = None, current: int | None = None) -> str:
    """Why the dry run `run` is out of date and is not to be applied ("" when it is not): its
    term's catalog changed since (another import or an admin edit moved the term's catalog
    version, which every write of it does), the dry run predates the versions, or it is older
    than IMPORT_PREVIEW_DAYS. Its report may no longer say what applying it would do. `current`:
    the term's catalog version now, when the caller read it already (a list of runs)."""
    if current is None:
        current = import_run_catalog_version_now(run=run) if run.catalog_version is not None else 0
    if run.catalog_version is None:
        why = "this dry run was made before dry runs noted the catalog they found, so whether it changed is unknown"
    elif current != run.catalog_version:
        why = (
            f"the term's catalog changed since this dry run (version {run.catalog_version} then, {current} now: "
            "another import or an admin edit)"
        )
    elif run.created_at < (now or timezone.now()) - timedelta(days=IMPORT_PREVIEW_DAYS):
        why = f"this dry run is over {IMPORT_PREVIEW_DAYS} days old"
    else:
        return ""
    return f"Not applied: {why}, so its report may no longer say what applying it would do. {CHECK_AGAIN}"


def import_run_checked_again(*, run: ImportRun) -> ImportRun | None:
    """The newest dry run of the same file into the same term made after the dry run `run`
    (`import_run_check_again`'s, or the file uploaded again) that still holds the file (queued,
    running or pending): the one to read and apply instead of `run`, once `run` no longer holds
    its file; None when there is none."""
    return (
        ImportRun.objects.defer("content")
        .filter(
            dry_run=True,
            content__isnull=False,
            sha256=run.sha256,
            format=run.format,
            institution_code=run.institution_code,
            term_code=run.term_code,
            created_at__gt=run.created_at,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def import_run_check_again(*, run: ImportRun, user: Any = None) -> ImportRun:
    """Queue a new dry run of the pending dry run `run`'s own file (its bytes, format, codes and
    column mapping) on the catalog as it is now, and let go of `run`'s file: the new one is the
    one to read and apply. Refused (CatalogImportError) when `run` is no longer pending."""
    with transaction.atomic():
        claimed = dry_run_locked(run=run)
        if claimed is None:
            raise CatalogImportError(
                f"import run {run.pk} is no longer a pending dry run (applied, checked again or expired): "
                "upload the file again"
            )
        again = ImportRun.objects.create(
            **queued_run_of_file(dry_run=claimed, user=user, content=bytes(claimed.content)), dry_run=True
        )
        ImportRun.objects.filter(pk=claimed.pk).update(content=None)  # superseded by `again`
    import_run_enqueue_on_commit(run_id=again.pk)
    return again


def import_run_finish_unexpectedly(*, run_id: int, why: str, data: bytes | None = None, then: str = "") -> None:
    """Fail an unfinished run that could not be done, saying why (and `then`, what to do next);
    nothing was written. An apply gives its preview back its bytes, so that dry run can be
    applied again."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        return
    if not run.dry_run and run.preview_id is not None:
        preview_pending_again(run=run, data=data if data is not None else bytes(run.content or b""))
    run.status, run.content, run.finished_at = ImportRun.Status.FAILED, None, timezone.now()
    run.error = f"{run.source_name}: {why}; nothing was written." + (
        "" if run.dry_run else " The dry run it applied is pending again."
    )
    run.error += then
    run.save()


def preview_pending_again(
    *, run: ImportRun, data: bytes, parts: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()
) -> None:
    """Give the dry run that `run` applied its bytes back, so it can be applied again, with the
    warning of each guard that refused the apply (`parts`: (reason, message), as
    `ImportGuardRefusal.parts`) first in its report, each with its box."""
    if run.preview_id is None:
        return
    values: dict[str, Any] = {"content": data}
    if parts:
        report = ImportRun.objects.values_list("report", flat=True).get(pk=run.preview_id) or {}
        reasons = {reason for reason, _ in parts}
        report["warnings"] = [  # in place of the dry run's own warnings of them, if it had them: said once
            *(mass_withdrawal_warning(location=run.source_name, message=m, reason=r) for r, m in parts),
            *(w for w in report.get("warnings", []) if w.get("reason") not in reasons),
        ]
        values["report"] = report
    ImportRun.objects.filter(pk=run.preview_id).update(**values)


def import_run_preview_given_back_stale(*, run: ImportRun) -> bool:
    """Whether the dry run that `run` applied, given back (`preview_pending_again`), is out of
    date (`import_run_preview_stale`): to be run again before it is applied, not applied again."""
    preview = ImportRun.objects.defer("content").filter(pk=run.preview_id).first() if run.preview_id else None
    return preview is not None and bool(import_run_preview_stale(run=preview))


def import_run_preview_pending(*, run: ImportRun) -> bool:
    """Whether the dry run `run` applied is pending again (its apply was refused or stopped)."""
    return (
        run.preview_id is not None
        and ImportRun.objects.filter(pk=run.preview_id, status=ImportRun.Status.DRY_RUN, content__isnull=False).exists()
    )


def terms_status_set(*, term_ids: list[int], status: str) -> int:
    """Publish, hide or archive the terms (docs/operations.md, "A term's life"); how many changed.
    Their `updated_at` moves, so the API's term lists change their validator at once."""
    terms = Term.objects.filter(pk__in=term_ids).exclude(status=status)
    return terms.update(status=status, updated_at=timezone.now())


def institution_catalog_edited(*, institution_id: int, but: str = "") -> None:
    """Bump the catalog version of each of the institution's terms (but the one coded `but`)
    after an edit of its own fields (the admin, or an import of one of its terms, which bumps
    its own term itself): its time zone places every class in a calendar, and a dry run
    previewed before the edit is then told it is out of date."""
    catalog_versions_bump(Term.objects.filter(institution_id=institution_id).exclude(code=but))


def term_catalog_edited(*, term_id: int) -> None:
    """Bump the term's catalog version after an edit made outside an import (the admin), as an
    import that changes it does: cached answers, reused generation jobs and the planner's
    course cache are keyed on it, so students see the edit at once."""
    catalog_versions_bump(Term.objects.filter(pk=term_id))


def catalog_versions_bump(terms: QuerySet[Term]) -> None:
    """One more catalog version for each of `terms`, in one UPDATE."""
    terms.update(catalog_version=F("catalog_version") + 1, updated_at=timezone.now())


def filing_codes_check(*, institution_code: str, term_code: str) -> None:
    """ValueError when the --institution/--term codes given to file an import could not be
    kept: held to the canonical format's rules, so an export of them imports back."""
    if institution_code and not INSTITUTION_CODE.fullmatch(institution_code):
        raise ValueError(
            f"institution code {institution_code!r}: expected 1-40 letters, digits, - or _ (such as 'uva')"
        )
    if len(term_code) > 40:
        raise ValueError(f"term code {term_code!r}: expected at most 40 characters (such as '2025-fall')")


def with_codes(records: CatalogRecords, *, format: str, institution_code: str, term_code: str) -> CatalogRecords:
    """Records filed under other institution/term codes (the --institution/--term options).

    The codes are held to the canonical format's rules, so an export of them imports back. An
    institution or term name an adapter could only make up (UVA for any `uva-csv`, a term named
    after `uva export v2.csv`; canonical files name both) is not the catalog's: filed under an
    institution or term, the records keep its name and time zone, or a new term gets its code.
    """
    filing_codes_check(institution_code=institution_code, term_code=term_code)
    if format in COLUMN_FORMATS and not term_code:  # the file names no term: its name is read as one
        records = replace(records, warnings=(term_from_file_name(records, format=format), *records.warnings))
    if institution_code:
        institution = replace(records.institution, code=institution_code)
        known = Institution.objects.filter(code=institution_code).first()
        if format != "canonical" and known is not None:  # its campus zones: the writer merges them
            institution = replace(institution, name=known.name, timezone=known.timezone)
        records = replace(records, institution=institution)
        if format in COLUMN_FORMATS and known is None:  # the file names no institution: one is made up
            institution = replace(institution, name=institution_code, timezone=settings.TIME_ZONE)
            note = Problem(
                "institution",
                f"institution {institution_code!r} is new: it is created named {institution_code!r} in time zone "
                f"{settings.TIME_ZONE} (a {format} file names neither); set its name and time zone in the admin "
                "(Institutions) before publishing the term, since every meeting time is read in that zone",
                field="institution",
                value=institution_code,
            )
            records = replace(records, institution=institution, warnings=(note, *records.warnings))
    if term_code:
        term = replace(records.term, code=term_code)
        if format != "canonical":
            # a new term is named after its code's season and year (`2025-fall` → Fall 2025), as a file
            # name is; else, when the file name implied nothing, after the code itself
            known = Term.objects.filter(institution__code=records.institution.code, code=term_code)
            by_code = spreadsheet.season_name(term_code)
            by_file = term.name if term.name != PurePath(records.source_name).stem[:200] else ""
            term = replace(term, name=known.values_list("name", flat=True).first() or by_code or by_file or term_code)
        records = replace(records, term=term)
    if format != "canonical":
        records = replace(records, term=term_kept(records))
    return records


def term_from_file_name(records: CatalogRecords, *, format: str = SECTIONS_CSV) -> Problem:
    """The report's note that a sections-csv (or sections-json) file's term code was read from its name (the file
    names no term: `uva export v2.csv` files its sections under a term `uva export v2`), or
    ValueError when that name cannot be a term code."""
    code = records.term.code
    problem = url_segment_problem("term code", code, TERM_CODE_EXAMPLE)
    if problem:
        raise ValueError(
            f"{problem} It was taken from the file name, as a {format} file names no term: give the term's "
            "code with --term (the upload page's Term field)"
        )
    return Problem(
        "term",
        f"term code taken from the file name: {code!r}, named {records.term.name!r} (a {format} file names "
        "no term); give the term's code with --term (the upload page's Term field) to file the sections under "
        + ("another" if code == "2025-fall" else "another, such as '2025-fall'"),
        field="term",
        value=code,
    )


def term_kept(records: CatalogRecords) -> TermRecord:
    """The term of a file in a registrar's own format (uva-csv, gatech-json, sections-csv), which
    names no term and no holidays: a term already in the catalog keeps its name, days and
    holidays (the file's are guesses from its name and meeting dates; the holidays staff set in
    the admin were wiped by every re-import), so a re-import or a sections-csv export imported
    back changes none of them. A term with no holidays takes the file's guess (gatech-json's
    final exam dates; a Georgia Tech term imported before it made them holidays gets them so)."""
    known = Term.objects.filter(institution__code=records.institution.code, code=records.term.code).first()
    if known is None:
        return records.term
    return replace(
        records.term,
        name=known.name,
        first_day=known.first_day or records.term.first_day,
        last_day=known.last_day or records.term.last_day,
        holidays=tuple(date.fromisoformat(d) for d in known.holidays) or records.term.holidays,
    )


def term_days_check(rec: TermRecord, *, values: dict[str, Any], stored: Term | None) -> None:
    """CatalogImportError when the term's first and last day, the file's or, where it leaves one
    out, the catalog's, could not be stored: a year no term can have, or the first after the last."""
    days = {name: values[name] if name in values else getattr(stored, name, None) for name in ("first_day", "last_day")}
    kept = [name for name in days if name not in values and days[name] is not None]
    note = f" ({' and '.join(kept)} kept from the catalog: the file leaves it out)" if kept else ""
    for name, day in days.items():
        if day is not None and not SANE_DATES[0] <= day <= SANE_DATES[1]:
            raise CatalogImportError(f"term {rec.code}: {name} {day}{note}: a year no term can have")
    first, last = days["first_day"], days["last_day"]
    if first is not None and last is not None and last < first:
        raise CatalogImportError(
            f"term {rec.code}: first_day {first} is after last_day {last}{note}; expected the first day of classes on "
            "or before the last, so nothing was written"
        )


def new_institution_check(rec: InstitutionRecord) -> None:
    """CatalogImportError when the import would create an institution that looks like one the
    catalog has, its code differing only in case or its name the same: most likely a mistyped
    --institution, which would publish a second copy of the catalog beside the first (whose
    terms could then not be deleted, and which commands could no longer tell apart)."""
    known = Institution.objects.filter(Q(code__iexact=rec.code) | Q(name=rec.name)).order_by("code").first()
    if known is not None:
        raise CatalogImportError(
            f"institution {rec.code!r} would be new, but the catalog's institution {known.code!r} {alike(known, rec)}: "
            "give "
            f"--institution {known.code} (the upload page's Institution field) to import into it, or give the new "
            "institution a name of its own (in a canonical file, or add it first in the admin, Institutions); "
            "nothing was written"
        )


def new_term_check(rec: TermRecord, *, institution: Institution) -> None:
    """CatalogImportError when the import would create a term that looks like one the
    institution has, its code differing only in case or its name the same: most likely a
    mistyped --term, which would publish a second "Fall 2026" beside the first."""
    alike_terms = Term.objects.filter(Q(code__iexact=rec.code) | Q(name=rec.name), institution=institution)
    known = alike_terms.order_by("code").first()
    if known is not None:
        raise CatalogImportError(
            f"term {rec.code!r} would be new, but {institution.code}'s term {known.code!r} {alike(known, rec)}: "
            f"give --term {known.code} (the upload page's Term field) to import into it, or give the new term a name "
            "of its own (in a canonical file, or add the term first in the admin, Terms); nothing was written"
        )


def alike(known: Institution | Term, rec: InstitutionRecord | TermRecord) -> str:
    """How a new institution or term looks like the catalog's `known` one, for the refusal."""
    return "differs from it only in case" if known.code.lower() == rec.code.lower() else f"is named {rec.name!r} too"


def term_value(value: Any) -> Any:
    """A term field's value as the report keeps it (JSON): dates as `YYYY-MM-DD`."""
    if isinstance(value, date):
        return value.isoformat()
    return list(value) if isinstance(value, list) else value


SECTION_FIELDS = (
    "code",
    "status",
    "capacity",
    "enrolled",
    "waitlist",
    "instructors",
    "campus",
    "modality",
    "notes",
    "quarantine_reason",
    "withdrawn_at",
    "component_id",
)


def section_values(s: SectionRecord, component_id: int) -> dict[str, Any]:
    return {
        "code": s.code,
        "status": s.status,
        "capacity": s.capacity,
        "enrolled": s.enrolled,
        "waitlist": s.waitlist,
        "instructors": list(s.instructors),
        "campus": s.campus,
        "modality": s.modality,
        "notes": s.notes,
        "quarantine_reason": s.quarantine,
        "withdrawn_at": None,
        "component_id": component_id,
    }


COURSE_FIELDS = ("title", "credits_min", "credits_max", "description", "prerequisites")


def course_values(c: CourseRecord) -> dict[str, Any]:
    return {
        "title": c.title,
        "credits_min": c.credits_min,
        "credits_max": c.credits_max,
        "description": c.description,
        "prerequisites": c.prerequisites,
    }


# the section fields whose values an import's report gives before and after (`SectionChange.values`),
# with its meetings when they changed: what a registrar checks before applying a dry run
SHOWN_VALUES = ("status", "instructors", "campus", "modality")
SAID_LENGTH = 200  # a value said longer is cut: a report is read, not a copy of the catalog


def value_said(value: Any) -> str:
    """A section field's value as the report says it, nothing "none": a list of names joined by
    `; ` (a name holding a `;` quoted), so two names read apart from one name holding a comma
    (`Lee, Ann`), as `sections-csv` writes and reads them. Reports stored before 2026-12-07
    keep their values as said then (names joined by `, `).

    >>> value_said(["Ann Lee", "Bo Li"]), value_said(["Ann Lee, Bo Li"]), value_said([])
    ('Ann Lee; Bo Li', 'Ann Lee, Bo Li', 'none')
    """
    if isinstance(value, list | tuple):
        text = "; ".join(repr(name) if ";" in name else name for name in value)
    else:
        text = str(value or "")
    return (text or "none")[:SAID_LENGTH]


def meetings_said(keys: list[tuple]) -> str:
    """A section's meetings (`meeting_key` tuples) in a line: `MoWeFr 09:00-09:50 Rice 130; exam
    Th 19:00-20:30 2026-09-24 Gilmer 190`, in their canonical order; "none" without any."""
    said = []
    for mask, start, end, first, last, location, kind in sorted(keys, key=lambda k: tuple(map(str, k))):
        days = "".join(WEEKDAYS[day] for day in mask_to_days(mask or 0))
        when = f"{days} {start:%H:%M}-{end:%H:%M}".lstrip() if start and end else "no set time"
        dates = "" if kind == Meeting.Kind.WEEKLY else f" {first}" + (f" to {last}" if last and last != first else "")
        label = "" if kind == Meeting.Kind.WEEKLY else f"{kind.replace('_', '-')} "
        said.append(f"{label}{when}{dates}{f' {location}' if location else ''}")
    return ("; ".join(said) or "none")[:SAID_LENGTH]


def changed_fields(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set `values` on `obj`; return the names that differed."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def changes_set(obj: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Set `values` on `obj` (`changed_fields`); each field that differed as the report lists it,
    `{"field", "before", "after"}`, its values as the report keeps them (`term_value`)."""
    before = {name: term_value(getattr(obj, name)) for name in values}
    return [
        {"field": name, "before": before[name], "after": term_value(getattr(obj, name))}
        for name in changed_fields(obj, values)
    ]


class CatalogWriter:
    """One import's writes, batched: a handful of queries per model whatever the catalog size."""

    def __init__(
        self,
        records: CatalogRecords,
        report: ImportReport,
        progress: Progress,
        *,
        code_field: str | None = None,
        days_from_meetings: bool = False,
        zones_from_file: bool = False,
    ):
        self.records = records
        self.report = report
        self.progress = progress
        # a spreadsheet's format: its section codes' dropped leading zeros are restored, naming this column
        self.code_field = code_field
        # the format names no term days (uva-csv, gatech-json, sections-csv): a new term's are its meetings' dates
        self.days_from_meetings = days_from_meetings
        # a canonical file describes the institution: its campus zones win over the stored ones; a
        # registrar's file never puts back a stored zone (an admin's edit, or an earlier import's)
        self.zones_from_file = zones_from_file
        self.now = timezone.now()
        self.listed_before = 0  # the term's sections not withdrawn before this import
        self.timed_before: set[int] = set()  # the ids of those with a timed meeting (`mass_untimed`)
        # a term the catalog had, most of the file meeting only outside its days (`mass_outside_term`)
        self.outside_term = ""
        # the term's name and days as the catalog had them before this import (None: a new term)
        self.stored_term: tuple[str, date | None, date | None] | None = None
        self.renamed: list[Problem] = []  # courses whose code the file writes in another case
        # sections not linked to the catalog's kept section their id names, which is of their own component
        self.own_component_parents: list[Problem] = []

    def count(self, model: str, outcome: str, n: int = 1) -> None:
        c = self.report.counts[model]
        setattr(c, outcome, getattr(c, outcome) + n)

    def write(self) -> Term:
        """Write the records; return the term they were written to."""
        institution = self.institution()
        term = self.term(institution)
        self.listed_twice_elsewhere(term)
        self.rejected_by_code(term)
        kept = self.kept_rejected(term)
        courses = self.courses(term, kept)
        components = self.components(courses)
        self.sections(term, courses, components, kept)
        self.report.rejected = [problem_dict(p) for p in self.records.rejected]
        if not self.report.counts["term"].created:  # a new term's days are the file's, or the file's meetings'
            self.outside_term = mass_outside_term(self.records, term=term, days=self.stored_term[1:])
        warnings = [
            *self.renamed,
            *self.records.warnings,
            *self.own_component_parents,
            *meetings_never_held(self.records),
            *meetings_outside_term(
                self.records, first_day=term.first_day, last_day=term.last_day, wrong_term=bool(self.outside_term)
            ),
            *meetings_too_long(self.records),
        ]
        far = term_days_far(self.records, term=term) if self.days_from_meetings else None
        warnings += [far] if far is not None else []
        self.report.warnings = [problem_dict(p) for p in warnings]
        flood = mass_quarantine(self.records)
        if flood is not None:  # first among the warnings: thousands of quarantines must not hide it
            self.report.warnings.insert(0, {**problem_dict(flood), "reason": reports.MASS_QUARANTINE})
        if self.report.changed_anything:
            term.catalog_version += 1
            term.imported_at = self.now
            term.save(update_fields=["catalog_version", "imported_at", "updated_at"])
        self.report.catalog_version = term.catalog_version
        return term

    def institution(self) -> Institution:
        rec = self.records.institution
        values: dict[str, Any] = {"name": rec.name, "timezone": rec.timezone}
        obj = Institution.objects.filter(code=rec.code).first()
        if rec.campus_timezones is not None:  # the stored zones of campuses the file does not name stay
            stored, given = (obj.campus_timezones if obj else {}), dict(rec.campus_timezones)
            values["campus_timezones"] = {**stored, **given} if self.zones_from_file else {**given, **stored}
        if obj is None:
            new_institution_check(rec)
            self.count("institution", "created")
            return Institution.objects.create(code=rec.code, **values)
        changes = changes_set(obj, values)
        if changes:
            obj.save()
            self.count("institution", "updated")
            self.report.institution_changes = changes
            # its other terms read differently too (a dry run's transaction takes this back)
            institution_catalog_edited(institution_id=obj.pk, but=self.records.term.code)
        else:
            self.count("institution", "unchanged")
        return obj

    def term(self, institution: Institution) -> Term:
        """The term, created or updated; every change to its own fields (name, days, holidays)
        is reported with its value before and after. A field the file leaves out
        (`TermRecord.absent`) keeps its stored value."""
        rec = self.records.term
        values = {
            "name": rec.name,
            "first_day": rec.first_day,
            "last_day": rec.last_day,
            "holidays": [d.isoformat() for d in rec.holidays],
        }
        values = {k: v for k, v in values.items() if k not in rec.absent}
        with term_lock_wait():
            obj = Term.objects.select_for_update().filter(institution=institution, code=rec.code).first()
        term_days_check(rec, values=values, stored=obj)
        if obj is None:
            new_term_check(rec, institution=institution)
            self.count("term", "created")
            # CLASSTIME_NEW_TERMS_HIDDEN: staff check a new term before students see it
            status = Term.Status.HIDDEN if settings.CLASSTIME_NEW_TERMS_HIDDEN else Term.Status.PUBLISHED
            self.report.term_created_hidden = status == Term.Status.HIDDEN
            if self.days_from_meetings and rec.first_day is not None:
                self.report.term_days_from_meetings = [rec.first_day.isoformat(), rec.last_day.isoformat()]
            return Term.objects.create(institution=institution, code=rec.code, status=status, **values)
        self.stored_term = (obj.name, obj.first_day, obj.last_day)
        changes = changes_set(obj, values)
        if changes:
            obj.save()
            self.count("term", "updated")
            self.report.term_changes = changes
        else:
            self.count("term", "unchanged")
        return obj

    def rejected_by_code(self, term: Term) -> None:
        """Name the catalog's section in each rejection that names its section only by course and
        section code (`Problem.course`, `Problem.section`: a CRN missing), so that section is kept
        as it was, not withdrawn, as a rejection naming its registrar id keeps it; the reason says so."""
        wanted = [p for p in self.records.rejected if not p.registrar_id and p.course and p.section]
        if not wanted:
            return
        listed = {s.registrar_id for c in self.records.courses for s in c.sections}
        # a course and code the file lists under a registrar id is that section's (renumbered:
        # the old one is not kept beside it)
        listed_codes = {
            (course_key(c.subject, c.number), code_key(s.code)) for c in self.records.courses for s in c.sections
        }
        # the catalog's sections of each course and code the file does not list elsewhere: one is
        # the section meant; two (a LEC A and a LAB A) could be either, so neither is named
        held: dict[tuple[tuple[str, str], str], list[Section]] = {}
        subjects = {p.course.partition(" ")[0].upper() for p in wanted}
        candidates = Section.objects.filter(
            term=term, withdrawn_at__isnull=True, component__course__subject__in=subjects
        ).select_related("component__course")
        for s in candidates.order_by("pk"):
            course = s.component.course
            if s.registrar_id not in listed:
                held.setdefault((course_key(course.subject, course.number), code_key(s.code)), []).append(s)
        rejected = []
        for p in self.records.rejected:
            subject, _, number = p.course.partition(" ")
            key = (course_key(subject, number), code_key(p.section))
            named = not p.registrar_id and key not in listed_codes
            matches = held.get(key, []) if named else []
            if len(matches) == 1:
                found = matches[0]
                kept = f"{found.component.course.code} {found.component.kind} {found.code}"
                p = replace(
                    p,
                    registrar_id=found.registrar_id,
                    message=f"{p.message}; the catalog's {kept} (registrar id {found.registrar_id}), found by its "
                    "course and section code, is kept as it was",
                )
            rejected.append(p)
        self.records = replace(self.records, rejected=tuple(rejected))

    def listed_twice_elsewhere(self, term: Term) -> None:
        """Reject too each section the file takes under a registrar id it also rejects (listed twice:
        the adapters take the first listing and reject the later) when the term's section of that id is
        in another course than the one taken. Which listing is the section cannot be told, and taking
        the first would move the catalog's section, and every saved schedule holding it, into another
        course; rejected, the catalog's section is kept as it was, as for any rejected id, and so is the
        catalog's section of the course and code the taken listing named. A section moved to another
        course by a file listing it once is a registrar's move, and is taken."""
        rejected = {p.registrar_id: p for p in self.records.rejected if p.registrar_id}
        taken = {s.registrar_id: c for c in self.records.courses for s in c.sections if s.registrar_id in rejected}
        if not taken:
            return
        elsewhere: dict[str, Section] = {}
        for chunk in chunks(sorted(taken)):
            for held in Section.objects.filter(term=term, registrar_id__in=chunk).select_related("component__course"):
                course = held.component.course
                rec = taken[held.registrar_id]
                if course_key(course.subject, course.number) != course_key(rec.subject, rec.number):
                    elsewhere[held.registrar_id] = held
        if not elsewhere:
            return
        courses, problems = [], list(self.records.rejected)
        for rec in self.records.courses:
            for s in rec.sections:
                held = elsewhere.get(s.registrar_id)
                if held is not None:
                    other = rejected[s.registrar_id]
                    catalog_section = f"{held.component.course.code} {held.component.kind} {held.code}"
                    why = (
                        f"listed twice, here as {rec.code} {s.component} {s.code} and at {other.location}, and the "
                        f"catalog's section of this id is {catalog_section}: which listing is that section cannot "
                        f"be told, so neither is used and the catalog's {catalog_section} is kept as it was (give "
                        "each section an id of its own)"
                    )
                    # named by course and code, as a rejection without its id: the catalog's section of that
                    # course and code, one the file lists under no id of its own, is kept too (`rejected_by_code`)
                    problems.append(Problem(s.source, why, other.field, s.registrar_id, "", rec.code, s.code))
            kept = tuple(s for s in rec.sections if s.registrar_id not in elsewhere)
            courses.append(replace(rec, sections=kept) if len(kept) != len(rec.sections) else rec)
        self.records = replace(self.records, courses=tuple(courses), rejected=tuple(problems))

    def kept_rejected(self, term: Term) -> dict[str, Section]:
        """The term's sections, by registrar id, that this import keeps as they were because the file
        lists them but rejects their rows (not withdrawn, and listed nowhere else in the file)."""
        listed = {s.registrar_id for c in self.records.courses for s in c.sections}
        ids = sorted({p.registrar_id for p in self.records.rejected if p.registrar_id} - listed)
        kept: dict[str, Section] = {}
        for chunk in chunks(ids):
            rows = Section.objects.filter(term=term, registrar_id__in=chunk, withdrawn_at__isnull=True)
            kept.update((s.registrar_id, s) for s in rows.select_related("component"))
        return kept

    def courses(self, term: Term, kept_rejected: dict[str, Section]) -> dict[tuple[str, str], Course]:
        """The file's courses by their codes as the records write them, created or updated (a course
        holding a section kept as it was, `kept_rejected`, keeps its credits when the file gives none). A
        course of the term is matched in any case (`course_key`, as the adapters and the admin
        compare codes, and the API finds them): a file writing `cs 1110` for the term's `CS
        1110` updates that course, whose sections stay with it, and its code takes the file's
        spelling, with a warning (`renamed`)."""
        stored = list(Course.objects.filter(term=term).order_by("pk"))
        exact = {(c.subject, c.number): c for c in stored}
        any_case: dict[tuple[str, str], Course] = {}
        for c in stored:
            any_case.setdefault(course_key(c.subject, c.number), c)
        courses: dict[tuple[str, str], Course] = {}
        created, updated = [], []
        kept = {s.component.course_id for s in kept_rejected.values()}  # courses with a section kept
        for rec in self.records.courses:
            values = course_values(rec)
            obj = exact.get((rec.subject, rec.number)) or any_case.get(course_key(rec.subject, rec.number))
            if obj is None:
                obj = Course(term=term, subject=rec.subject, number=rec.number, **values)
                any_case[course_key(rec.subject, rec.number)] = obj
                created.append(obj)
            else:
                if rec.credits_min is None and rec.credits_max is None and obj.pk in kept:
                    # the file gives no credits, and may hold them on a section it rejects (gatech-json's parent)
                    values = {k: v for k, v in values.items() if k not in ("credits_min", "credits_max")}
                changed = changed_fields(obj, values)
                if (obj.subject, obj.number) != (rec.subject, rec.number):
                    self.renamed.append(course_renamed(rec, obj.code))
                    obj.subject, obj.number = rec.subject, rec.number
                    changed.append("code")
                if changed:
                    updated.append(obj)
                else:
                    self.count("course", "unchanged")
            courses[(rec.subject, rec.number)] = obj
        Course.objects.bulk_create(created, batch_size=BATCH)
        if updated:
            Course.objects.bulk_update(updated, ["subject", "number", *COURSE_FIELDS], batch_size=BATCH)
        self.count("course", "created", len(created))
        self.count("course", "updated", len(updated))
        return courses

    def components(self, courses: dict[tuple[str, str], Course]) -> dict[tuple[int, str], Component]:
        course_ids = [c.pk for c in courses.values()]
        existing: dict[tuple[int, str], Component] = {}
        for chunk in chunks(course_ids):
            for comp in Component.objects.filter(course_id__in=chunk):
                existing[(comp.course_id, comp.kind)] = comp
        created, updated, seen = [], [], set()
        had_components = {course_id for course_id, _ in existing}  # courses the catalog had
        for rec in self.records.courses:
            course = courses[(rec.subject, rec.number)]
            for s in rec.sections:
                key = (course.pk, s.component)
                if key in seen:
                    continue
                seen.add(key)
                obj = existing.get(key)
                if obj is None:
                    obj = Component(course=course, kind=s.component, name=s.component_name)
                    existing[key] = obj
                    created.append(obj)
                    if course.pk in had_components:
                        added = {"course": course.code, "component": s.component, "name": s.component_name}
                        self.report.components_added.append(added)
                elif changed_fields(obj, {"name": s.component_name}):
                    updated.append(obj)
                else:
                    self.count("component", "unchanged")
        Component.objects.bulk_create(created, batch_size=BATCH)
        if updated:
            Component.objects.bulk_update(updated, ["name"], batch_size=BATCH)
        self.count("component", "created", len(created))
        self.count("component", "updated", len(updated))
        return existing

    def sections(
        self,
        term: Term,
        courses: dict[tuple[str, str], Course],
        components: dict[tuple[int, str], Component],
        kept_rejected: dict[str, Section],
    ) -> None:
        # with their courses, so a section this import withdraws is reported under its course
        sections = Section.objects.filter(term=term).select_related("component__course").prefetch_related("meetings")
        existing = {s.registrar_id: s for s in sections}
        # read under the term's lock (`term`), so two imports of one term never count the same rows
        self.listed_before = sum(1 for s in existing.values() if s.withdrawn_at is None)
        self.timed_before = {
            s.pk
            for s in existing.values()
            if s.withdrawn_at is None and any(m.start_time is not None for m in s.meetings.all())
        }
        if self.code_field is not None:
            known: dict[tuple[str, str], list[str]] = defaultdict(list)
            for s in existing.values():
                if s.withdrawn_at is None:
                    known[course_key(s.component.course.subject, s.component.course.number)].append(s.code)
            held = {s.registrar_id: s.code for s in existing.values() if s.withdrawn_at is None}
            self.records = sectioncodes.restore_leading_zeros(
                self.records, known=known, held=held, field=self.code_field
            )
        created: list[Section] = []
        updated: list[Section] = []
        changed_meetings: list[tuple[Section, SectionRecord]] = []
        by_course_code: dict[tuple[int, str], Section] = {}
        changes: dict[str, SectionChange] = {}  # by registrar id, so a relinked section's gets "parent"
        pending_parents: list[tuple[Section, CourseRecord, int, str | None]] = []
        listed: set[str] = set()
        dirty: dict[int, set[str]] = {}  # by id(): the fields of each stored section to write
        # a section the file rejects, kept as it was, still parents the sections it lists under it
        kept_by_code = {(s.component.course_id, s.code): s for s in kept_rejected.values()}
        for rec in self.records.courses:
            course = courses[(rec.subject, rec.number)]
            codes = {s.code for s in rec.sections}
            for s in rec.sections:
                listed.add(s.registrar_id)
                if s.parent_code and s.parent_code not in codes:
                    kept_parent = kept_by_code.get((course.pk, s.parent_code))
                    if kept_parent is None:
                        s = parent_missing(s)
                    if kept_parent is not None and kept_parent.component.kind == s.component:
                        # named after a section of its own component (a rejected row whose type was
                        # unreadable): an alternative to it, not its child, as such prefixes are
                        self.own_component_parents.append(own_component_parent_dropped(s, kept_parent))
                        s = replace(s, parent_code=None)
                values = section_values(s, components[(course.pk, s.component)].pk)
                obj = existing.get(s.registrar_id)
                if s.quarantine:
                    field, value = quarantine_field_value(s)
                    self.report.quarantined.append(
                        {
                            "location": s.source,
                            "registrar_id": s.registrar_id,
                            "field": field,
                            "value": value,
                            "message": s.quarantine,
                        }
                    )
                if obj is None:
                    obj = Section(term=term, registrar_id=s.registrar_id, **values)
                    created.append(obj)
                    changed_meetings.append((obj, s))
                else:
                    # listed in the file, a section withdrawn before is `relisted` (one the file leaves out is
                    # `withdrawn`, below); a quarantine reason worded anew, the section still quarantined, is
                    # `quarantine_note`: no student is told of it (nothing they can take changed)
                    renamed = {"withdrawn_at": "relisted"}
                    if obj.quarantine_reason and s.quarantine:
                        renamed["quarantine_reason"] = "quarantine_note"
                        if place_free(obj.quarantine_reason) == place_free(s.quarantine):
                            # the same reason at another line or index of this file (a row added or left
                            # out above it): kept as stored, no change (the report's quarantined list
                            # names the place in this file)
                            values["quarantine_reason"] = obj.quarantine_reason
                    before = {name: getattr(obj, name) for name in SHOWN_VALUES}
                    was = f"{obj.component.course.code} {obj.component.kind}"  # read before component_id is set
                    written = changed_fields(obj, values)
                    dirty[id(obj)] = set(written)
                    fields = [renamed.get(f, f) for f in written]
                    shown = {f: [value_said(before[f]), value_said(getattr(obj, f))] for f in written if f in before}
                    if "component_id" in written:  # moved to another component, maybe of another course
                        shown["component_id"] = [was, f"{rec.code} {s.component}"]
                    old = [meeting_key(m) for m in obj.meetings.all()]
                    new = [meeting_key(m) for m in s.meetings]
                    # the same meetings listed in another order are no change (catalog/meetings.py)
                    if Counter(old) != Counter(new):
                        changed_meetings.append((obj, s))
                        fields += meeting_change_names(old, new)
                        # the meetings that differ: the rest stay as they were
                        gone, came = Counter(old) - Counter(new), Counter(new) - Counter(old)
                        shown["meetings"] = [meetings_said(list(gone.elements())), meetings_said(list(came.elements()))]
                    else:
                        self.count("meeting", "unchanged", len(old))
                    if fields:
                        updated.append(obj)
                        changes[s.registrar_id] = SectionChange(s.registrar_id, rec.code, sorted(set(fields)), shown)
                        self.report.changes.append(changes[s.registrar_id])
                    else:
                        self.count("section", "unchanged")
                by_course_code[(course.pk, s.code)] = obj
                pending_parents.append((obj, rec, course.pk, s.parent_code))
            self.progress(len(rec.sections))
        Section.objects.bulk_create(created, batch_size=BATCH)
        self.count("section", "created", len(created))

        relinked = []
        updated_ids = {id(obj) for obj in updated}
        for obj, rec, course_id, parent_code in pending_parents:
            parent = by_course_code.get((course_id, parent_code)) or kept_by_code.get((course_id, parent_code))
            if parent is obj:  # the adapters quarantine a section linked to itself; no catalog holds the link
                parent = None
            parent_id = parent.pk if parent else None
            if obj.parent_id != parent_id:
                obj.parent_id = parent_id
                dirty.setdefault(id(obj), set()).add("parent_id")
                relinked.append(obj)
                if obj.registrar_id not in existing:
                    continue
                if obj.registrar_id in changes:
                    changes[obj.registrar_id].fields = sorted([*changes[obj.registrar_id].fields, "parent"])
                else:
                    updated.append(obj)
                    updated_ids.add(id(obj))
                    self.count("section", "unchanged", -1)  # it was counted unchanged above
                    self.report.changes.append(SectionChange(obj.registrar_id, rec.code, ["parent"]))
        if updated:
            # each field written for the sections whose value of it changed, alone: one CASE over every
            # field of every updated row took 34 of 47 s of a UVA seat-count refresh (8,690 sections)
            for name in sorted(set().union(*(dirty.get(id(obj), set()) for obj in updated))):
                rows = [obj for obj in updated if name in dirty.get(id(obj), ())]
                if rows:
                    Section.objects.bulk_update(rows, [name], batch_size=BATCH)
            self.count("section", "updated", len(updated))
        new_links = [s for s in relinked if id(s) not in updated_ids]
        if new_links:
            Section.objects.bulk_update(new_links, ["parent_id"], batch_size=BATCH)

        # a rejected row still lists its id: the registrar did not withdraw that section, the
        # row is unreadable, so the section stays as the last good import left it
        rejected = {p.registrar_id for p in self.records.rejected if p.registrar_id}
        withdrawn = [
            s for rid, s in existing.items() if rid not in listed and rid not in rejected and s.withdrawn_at is None
        ]
        for s in withdrawn:
            s.withdrawn_at = self.now
            changes[s.registrar_id] = SectionChange(s.registrar_id, s.component.course.code, ["withdrawn"])
            self.report.changes.append(changes[s.registrar_id])
        if withdrawn:
            Section.objects.bulk_update(withdrawn, ["withdrawn_at"], batch_size=BATCH)
        self.count("section", "withdrawn", len(withdrawn))
        self.kept_links_clear(term, listed=listed, rejected=rejected, changes=changes)
        self.meetings(changed_meetings, existing_ids={s.pk for s in existing.values()})
        # `bulk_update` leaves `auto_now` alone: each section this import changed is stamped, so
        # its admin page's "Updated at" says when (before 2026-12-06 it kept its first import's)
        changed_ids = sorted({c.registrar_id for c in self.report.changes})
        for chunk in chunks(changed_ids):
            Section.objects.filter(term=term, registrar_id__in=chunk).update(updated_at=self.now)

    def kept_links_clear(
        self, term: Term, *, listed: set[str], rejected: set[str], changes: dict[str, SectionChange]
    ) -> None:
        """Unlink every section kept without being listed (withdrawn, now or earlier, or its row
        rejected) that is taken with a section now of another course, and report each.

        Its parent's registrar id moved to another course (lecture 40010 from CHEM 1410 to MATH
        1310), and the file does not say what the section goes with now: a link across courses
        is none the catalog holds (the admin refuses it, the scheduler reads a parent by its code
        within the course). Listed sections were linked within their course above; a link such
        an import left behind earlier is cleared the same way."""
        kept = [s for s in links_across_courses(term=term) if s.registrar_id not in listed]
        for chunk in chunks([s.pk for s in kept]):
            Section.objects.filter(pk__in=chunk).update(parent=None, updated_at=self.now)
        for s in kept:
            course, parent = s.component.course.code, s.parent
            why = "withdrawn" if s.withdrawn_at is not None else "its row was rejected"
            now = f"{parent.component.course.code} {parent.component.kind} {parent.code}"
            self.report.unlinked.append(
                {
                    "location": "",
                    "registrar_id": s.registrar_id,
                    "field": "parent",
                    "value": parent.registrar_id,
                    "message": f"{course} {s.component.kind} {s.code} ({why}) was taken with "
                    f"{parent.registrar_id}, now {now}: the link is cleared",
                    "reason": "not listed, and taken with a section now of another course: the link is cleared",
                }
            )
            change = changes.get(s.registrar_id)
            if change is None:
                self.report.changes.append(SectionChange(s.registrar_id, course, ["parent"]))
            else:
                change.fields = sorted([*change.fields, "parent"])

    def meetings(self, changed: list[tuple[Section, SectionRecord]], existing_ids: set[int]) -> None:
        """Rewrite meetings position by position, in their canonical order (`meeting_order`),
        for the sections whose meetings changed: the order the file lists them in is kept by no
        row, so the next file's order changes nothing either."""
        creates, updates, deletes = [], [], []
        for section, rec in changed:
            old = list(section.meetings.all()) if section.pk in existing_ids else []
            for position, m in enumerate(sorted(rec.meetings, key=meeting_order)):
                values = {
                    "position": position,
                    "days": days_to_mask(m.days),
                    "start_time": m.start,
                    "end_time": m.end,
                    "first_date": m.first_date,
                    "last_date": m.last_date,
                    "location": m.location,
                    "kind": m.kind,
                }
                if position < len(old):
                    if changed_fields(old[position], values):
                        updates.append(old[position])
                    else:
                        self.count("meeting", "unchanged")
                else:
                    creates.append(Meeting(section=section, **values))
            deletes.extend(m.pk for m in old[len(rec.meetings) :])
        if deletes:
            for chunk in chunks(deletes):
                Meeting.objects.filter(pk__in=chunk).delete()
        Meeting.objects.bulk_create(creates, batch_size=BATCH)
        if updates:
            Meeting.objects.bulk_update(
                updates,
                ["position", "days", "start_time", "end_time", "first_date", "last_date", "location", "kind"],
                batch_size=BATCH,
            )
        self.count("meeting", "created", len(creates))
        self.count("meeting", "updated", len(updates))
        self.count("meeting", "deleted", len(deletes))


def course_renamed(rec: CourseRecord, stored: str) -> Problem:
    """The warning for a course of the term the file writes in another case (`CS 1110` written
    `cs 1110`): the same course, kept with its sections, its code now spelled as the file does."""
    where = rec.sections[0].source.split(".components[")[0] if rec.sections else ""
    return Problem(
        where or rec.code,
        f"course {stored} is written {rec.code} in the file: the same course (codes are compared in any case), "
        f"kept with its sections; its code now reads {rec.code}",
        field="subject+number",
        value=rec.code,
    )


def meeting_change_names(old: list[tuple], new: list[tuple]) -> list[str]:
    """'time' when days, times, dates or kinds differ; 'location' when rooms do (`meeting_key`s
    compared as multisets, by `meeting_changes`)."""
    pairs = lambda keys: [(k[:5] + k[6:], k[5]) for k in keys]  # noqa: E731 - (when, where)
    return meeting_changes(pairs(old), pairs(new)) or ["meetings"]


def mass_quarantine(records: CatalogRecords) -> Problem | None:
    """A warning when many of the file's sections are quarantined (`MASS_QUARANTINE_SECTIONS`,
    `MASS_QUARANTINE_SHARE`), naming their commonest reason and the first section with it: a
    column the importer cannot read in this export quarantines nearly every section, and
    applying it would take them all away from students' schedules."""
    quarantined = [s for c in records.courses for s in c.sections if s.quarantine]
    total = records.section_count
    if len(quarantined) < MASS_QUARANTINE_SECTIONS or len(quarantined) < MASS_QUARANTINE_SHARE * total:
        return None
    reason, count, place, at = commonest_quarantine([s.quarantine for s in quarantined])
    first = quarantined[at]
    return Problem(
        records.source_name,
        f"{len(quarantined) / total:.0%} of the sections are quarantined ({len(quarantined):,} of {total:,}), not "
        f"schedulable, {count:,} of them for one reason: {reason} (the first: {place}). Is a column written in a "
        "form the importer does not read? Check the file before applying it",
        registrar_id=first.registrar_id,
    )


def commonest_quarantine(quarantines: list[str]) -> tuple[str, int, str, int]:
    """The commonest reason of `quarantines` (`quarantine_reason`), how many have it, and the place
    the first of them names and its index in `quarantines`."""
    split = [quarantine_reason(q) for q in quarantines]
    reason, count = Counter(reason for _, reason in split).most_common(1)[0]
    at = next(i for i, (_, said) in enumerate(split) if said == reason)
    return reason, count, split[at][0], at


LINE_NUMBER = re.compile(r"\blines? \d+(?:[-–]\d+)?\b")
INDEX = re.compile(r"\[\d+\]")


def place_free(reason: str) -> str:
    """A quarantine reason without the line numbers (`line 4837`) and JSON indexes
    (`$.courses[3]`) that place it in its file: the same reason in a file with a row added or
    left out above it reads the same."""
    return INDEX.sub("[]", LINE_NUMBER.sub("line", reason))


def quarantine_reason(quarantine: str) -> tuple[str, str]:
    """A quarantine's first reason split into its place and value and the reason itself
    (`line 5 Days1 'Mo 12:00am - 12:00am': placeholder...; the slot was dropped` → (`line 5 Days1
    'Mo 12:00am - 12:00am'`, `placeholder...`)), to count alike ones."""
    first = quarantine.split("; the slot was dropped")[0].split("; the meeting was dropped")[0]
    parts = re.split(r"(?<=')(\s*(?:\([^)]*\))?):\s", first, maxsplit=1)
    if len(parts) < 3:
        return first[:120], first[:120]
    return (parts[0] + parts[1])[:200], parts[2].strip()[:120]


# where a quarantine reason names its place below the section's own (a canonical file's JSON path:
# `.meetings[0].first_date`) and the cell or key with its value as the adapters write it (`Days1 'Mo 9:00am'`)
SUBPATH = re.compile(r"(?:\.[A-Za-z_]\w*|\[\d+\])+")
QUOTED_VALUE = re.compile(r"(?:(?P<field>[A-Za-z_][\w+/.\[\]-]*) )?(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
PLAIN_VALUE = re.compile(r"(?P<value>[^:;'\"]{1,80}): ")


def quarantine_field_value(s: SectionRecord) -> tuple[str, str]:
    """The field (column, key) and value the section `s` was quarantined for, read from its first
    reason as the adapters write it (`line 5 Days1 'Mo 12:00am - 12:00am': ...`, `$...meetings[0].first_date:
    1800-01-01: ...`, `...parent: linked to section '999' ...`), so the report's entry has them as a
    rejection's or a warning's has; ("", "") for what is not known (a reason about the whole row)."""
    first = s.quarantine.split("; the slot was dropped")[0].split("; the meeting was dropped")[0]
    rest = first[len(s.source) :] if s.source and first.startswith(s.source) else first
    below = SUBPATH.match(rest)
    field = below.group().lstrip(".") if below and re.search(r"[A-Za-z]", below.group()) else ""  # not `[1][0]`
    rest = (rest[below.end() :] if below else rest).lstrip(":").lstrip()
    if field.split(".")[-1] == "parent" and s.parent_code:
        return field, s.parent_code
    quoted = QUOTED_VALUE.match(rest)
    if quoted and (quoted["field"] or field):
        try:
            value = ast.literal_eval(quoted["value"])
        except (ValueError, SyntaxError):
            value = quoted["value"][1:-1]
        return quoted["field"] or field, str(value)
    plain = PLAIN_VALUE.match(rest) if field else None
    return field, plain["value"].strip() if plain else ""


def meetings_never_held(records: CatalogRecords) -> list[Problem]:
    """A warning for each section with a meeting that never takes place (`never_held`): imported
    as listed, but no student will ever be there, so the registrar should check its dates. An
    exam or one-off meeting dated on another weekday than listed is held on its date (the
    scheduler and the calendar go by it), and is warned about as such."""
    problems = []
    for course in records.courses:
        for s in course.sections:
            for m in s.meetings:
                if m.days_dates_text:
                    problems.append(
                        Problem(
                            s.source,
                            f"{course.code} {s.component} {s.code}: {m.days_dates_text}",
                            registrar_id=s.registrar_id,
                        )
                    )
                    break  # one warning per section is enough to send the registrar to it
    return problems


def meetings_outside_term(
    records: CatalogRecords, *, first_day: date | None, last_day: date | None, wrong_term: bool = False
) -> list[Problem]:
    """Meetings dated outside the term's days: weekly ones before its first day or after its
    last (as the admin warns, `selectors.section_warnings`), exams and one-offs over OUTSIDE_TERM_GRACE
    outside them. Imported as listed (each is held on its own dates). A section dated over
    FAR_DATED_DAYS away (more likely a mistyped year, `2125` for `2025`, than a class held then)
    gets a warning of its own at its line; the others, part-of-term sections a term's days set in
    the admin leave out, one warning counting them, so they do not crowd out the rest (`wrong_term`:
    most of the file does, `mass_outside_term`, and the warning asks whether it is this term's file
    rather than saying the sections are imported as listed)."""
    near, far = [], []
    for course in records.courses:
        for s in course.sections:
            outside, most = [], 0
            for m in s.meetings:
                grace = timedelta(0) if m.kind == MeetingKind.WEEKLY else OUTSIDE_TERM_GRACE
                off = [
                    (first_day - d).days
                    if first_day is not None and d < first_day - grace
                    else (d - last_day).days
                    if last_day is not None and d > last_day + grace
                    else 0
                    for d in (m.first_date, m.last_date)
                    if d is not None
                ]
                if any(off):
                    outside.append(f"{m.first_date or '?'} to {m.last_date or '?'}")
                    most = max(most, *off)
            if outside:
                dated = ", ".join(dict.fromkeys(outside))  # a slot listed twice is said once
                (far if most > FAR_DATED_DAYS else near).append((course, s, dated, most))
    if wrong_term:  # another term's file, a year on too: its sections are not each a mistyped year
        near, far = near + far, []
    days = f"{first_day or '?'} to {last_day or '?'}"
    problems = [
        Problem(
            s.source,
            f"{course.code} {s.component} {s.code}: dated {dated}, over {FAR_DATED_DAYS} days outside the term's days, "
            f"{days}; imported as listed (it is held on its own dates), but check its dates (a mistyped year?)",
            field="dates",
            value=dated,
            registrar_id=s.registrar_id,
        )
        for course, s, dated, _ in far
    ]
    if near:
        examples = "; ".join(f"{c.code} {x.component} {x.code} ({d})" for c, x, d, _ in near[:3])
        more = f" and {len(near) - 3:,} more" if len(near) > 3 else ""
        counted = f"{len(near):,} section{'s' if len(near) > 1 else ''}"
        advice = (
            "most of the file's timed sections meet only outside them (Check first): is this the right term's file? "
            "If it is and the term's days are wrong, widen them in the admin (Terms)"
            if wrong_term
            else "imported as listed (each is held on its own dates); widen the term's days in the admin (Terms) if "
            "they belong to it"
        )
        problems.append(
            Problem(
                "term",
                f"{counted} meet up to {max(most for *_, most in near):,} days outside the term's days, {days}: "
                f"{examples}{more}; {advice}",
                field="dates",
                value=days,
            )
        )
    return problems


def term_days_far(records: CatalogRecords, *, term: Term) -> Problem | None:
    """A warning when a term keeps a first or last day over FAR_DATED_DAYS from every meeting
    of a file that names no term days (uva-csv, gatech-json, sections-csv): a term whose days an
    earlier file's mistyped year stretched (before 2026-12-06) keeps them, since a known term keeps
    its days, so a corrected file must say so; None otherwise."""
    first, last = term_days_of(records.courses)
    if first is None or term.first_day is None or term.last_day is None:
        return None
    far = []
    if (first - term.first_day).days > FAR_DATED_DAYS:
        far.append(f"first day {term.first_day} is {(first - term.first_day).days:,} days before")
    if (term.last_day - last).days > FAR_DATED_DAYS:
        far.append(f"last day {term.last_day} is {(term.last_day - last).days:,} days after")
    if not far:
        return None
    return Problem(
        "term",
        f"term {term.code}'s {' and '.join(far)} its meetings' dates ({first} to {last}); it keeps the days it has "
        "(a known term keeps its days), so set them in the admin (Terms) if an earlier file's mistyped year put them "
        "there",
        field="term",
        value=f"{term.first_day} to {term.last_day}",
    )


def meetings_too_long(records: CatalogRecords) -> list[Problem]:
    """A warning for each meeting longer than a class meets (`long_meeting_problem`): an am
    or pm mistyped (`10:00am - 10:50pm`) is read as a 12-hour class, which would clash with the
    student's whole day; imported as read, since only the registrar knows which half is wrong."""
    problems = []
    for course in records.courses:
        for s in course.sections:
            for m in s.meetings:
                why = m.is_timed and long_meeting_problem(m.start, m.end)
                if why:
                    days = "".join(WEEKDAYS[d] for d in m.days)
                    problems.append(
                        Problem(
                            s.source,
                            f"{course.code} {s.component} {s.code}: the meeting {days} {why}",
                            field="time",
                            value=f"{days} {m.start:%H:%M}-{m.end:%H:%M}",
                            registrar_id=s.registrar_id,
                        )
                    )
    return problems


def parent_missing(s: SectionRecord) -> SectionRecord:
    """`s` quarantined, when it is not already, for being taken with a section neither the file
    gives nor the catalog keeps (its row rejected in a catalog without it): not offered alone. The
    adapter's reason why (`parent_problem`) is said when it gave one, beside any other."""
    if s.parent_problem:
        return replace(s, quarantine="; ".join(filter(None, [s.quarantine, s.parent_problem])), parent_problem="")
    if s.quarantine:
        return s
    why = f"taken with section {s.parent_code!r}, whose row was rejected and which the catalog does not hold"
    return replace(s, quarantine=f"{s.source}: {why}; not offered without it")


def own_component_parent_dropped(s: SectionRecord, parent: Section) -> Problem:
    """The warning that `s` is not linked to `parent`, the catalog's section kept as it
    was for a rejected row, which is of `s`'s own component: a schedule takes one section of a
    component, so the two are alternatives, and `s` is imported unlinked."""
    return Problem(
        s.source,
        f"taken with section {s.parent_code!r}, whose row was rejected: the catalog's {parent} kept as it was is "
        f"a section of this one's own component ({s.component_name or s.component}), and a schedule takes one "
        "section of a component, so the link was dropped and this section is imported unlinked (an alternative to it)",
        field="parent",
        value=s.parent_code or "",
        registrar_id=s.registrar_id,
    )


def problem_dict(p: Problem) -> dict[str, Any]:
    """A problem as the report keeps it: `message` the whole line (a folded warning's ends with
    `(N more like it)`), `reason` without place or fold count, `more` the places folded into it."""
    return {
        "location": p.location,
        "registrar_id": p.registrar_id,
        "field": p.field,
        "value": p.value,
        "message": str(p),
        "reason": p.message,
        "more": p.more,
    }


def code_key(code: str) -> str:
    """A section code as a rejection without a registrar id is matched to the catalog's: any case,
    and an all-digit code by its number (`1` is `001`: Excel drops the zeros)."""
    return str(int(code)) if code.isdecimal() else code.upper()  # not isdigit: int("²") fails


def chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]
