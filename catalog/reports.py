"""What an import did: counts per model, every section accounted for, and data-quality notes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from catalog.sources.records import FAR_DATED_DAYS

MODELS = ("institution", "term", "course", "component", "section", "meeting")
# the reasons of the warnings about the whole file, which the text report shows above its lists
MASS_WITHDRAWAL = "mass withdrawal"
MASS_QUARANTINE = "mass quarantine"
MASS_UNTIMED = "mass untimed"
OUTSIDE_TERM = "outside the term's days"
TERM_OF_FILE_NAME = "file name of another term"
# an apply that found the term's catalog changed since its dry run (another import, an admin edit)
STALE_PREVIEW = "catalog changed since the dry run"
HEADLINES = (STALE_PREVIEW, TERM_OF_FILE_NAME, OUTSIDE_TERM, MASS_WITHDRAWAL, MASS_UNTIMED, MASS_QUARANTINE)


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    deleted: int = 0


# a changed field as the report's text names it where its values are shown: `component (CS 1331 LEC → CS 1301 LEC)`
FIELD_NAMES = {"component_id": "component"}


@dataclass
class SectionChange:
    """A section an import changed, with the fields that changed (for alerts on saved schedules)
    and, for what a registrar checks before applying (`SHOWN_VALUES`: status, instructors, campus,
    modality, the meetings that differ when a time or room changed, and the course and component
    a section moved from and to), each one's value before and after as text: {"status": ["open",
    "cancelled"]}, {"component_id": ["CS 1331 LEC", "CS 1301 LEC"]} (reports stored before 2026-12-06
    have none; before 2026-12-07, none for a move)."""

    registrar_id: str
    course: str
    fields: list[str]
    values: dict[str, list[str]] = field(default_factory=dict)

    def said(self) -> str:
        """`status (open → cancelled), location` — the fields, each with its values when kept."""
        shown = [
            f"{FIELD_NAMES.get(name, name)} ({' → '.join(self.values[name])})" if name in self.values else name
            for name in self.fields
        ]
        if "meetings" in self.values and "meetings" not in self.fields:  # time/location: the meetings say both
            shown.append(f"meetings ({' → '.join(self.values['meetings'])})")
        return ", ".join(shown)


@dataclass
class ImportReport:
    """The change report of one import; `dry_run` reports what would have been written."""

    source_name: str
    format: str
    institution: str
    term: str
    dry_run: bool
    sections_seen: int = 0
    counts: dict[str, ModelCounts] = field(default_factory=lambda: {m: ModelCounts() for m in MODELS})
    quarantined: list[dict[str, str]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    changes: list[SectionChange] = field(default_factory=list)
    # components added to courses the catalog had before this import (a discussion now required),
    # each {"course", "component", "name"}: saved schedules holding the course are told they hold
    # no section of it (scheduler.change_notices)
    components_added: list[dict[str, str]] = field(default_factory=list)
    # sections kept without being listed (withdrawn, or their row rejected) whose parent is now
    # a section of another course: the link was cleared (each also in `changes`, with "parent")
    unlinked: list[dict[str, str]] = field(default_factory=list)
    # changes to the term's own fields (name, first_day, last_day, holidays), each
    # {"field": ..., "before": ..., "after": ...} with dates as YYYY-MM-DD
    term_changes: list[dict[str, Any]] = field(default_factory=list)
    # changes to the institution's own fields (name, timezone), each {"field", "before", "after"}:
    # an import puts back an admin edit of them, which moves every class's time in a calendar
    institution_changes: list[dict[str, Any]] = field(default_factory=list)
    # the import created its term hidden from students (CLASSTIME_NEW_TERMS_HIDDEN)
    term_created_hidden: bool = False
    # a new term's first and last day (YYYY-MM-DD) taken from the meetings' dates, for a format
    # that names none (uva-csv, gatech-json, sections-csv): a meeting dated far from the rest is
    # left out of them (`records.term_days_of`) and warned about, as every meeting outside them is
    term_days_from_meetings: list[str] = field(default_factory=list)
    catalog_version: int = 0
    seconds: float = 0.0

    @property
    def sections_imported(self) -> int:
        c = self.counts["section"]
        return c.created + c.updated + c.unchanged

    @property
    def changed_anything(self) -> bool:
        return bool(self.unlinked) or any(c.created or c.updated or c.withdrawn for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for change in data["changes"]:  # a change with no values shown keeps its old shape
            if not change["values"]:
                del change["values"]
        data["sections_imported"] = self.sections_imported
        data["quarantine_reasons"] = dict(self.reason_summary(self.quarantined))
        data["rejection_reasons"] = dict(self.reason_summary(self.rejected))
        data["warning_reasons"] = dict(self.reason_summary(self.others()))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        """The report `to_dict` stored (extra keys such as summaries are ignored), its counts in
        MODELS order whatever order they were stored in (PostgreSQL's jsonb keeps its own)."""
        plain = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        order = {name: i for i, name in enumerate(MODELS)}
        stored = sorted(data["counts"].items(), key=lambda item: order.get(item[0], len(MODELS)))
        plain["counts"] = {k: ModelCounts(**v) for k, v in stored}
        plain["changes"] = [SectionChange(**c) for c in data["changes"]]
        return cls(**plain)

    @staticmethod
    def reason_summary(problems: list[dict[str, Any]]) -> Counter[str]:
        """How many places share each reason, for the short report: a problem's own reason, or
        the text after the place and value (`line 5 Days1 'Mo 12:00am - 12:00am': <reason>`),
        each problem counting once plus the `more` places folded into it (`records.Tally`), so the
        summary adds up to the file's rows, not to the report's lines (before 2026-12-09 it
        counted lines, and split one reason over a line per fold count)."""
        summary: Counter[str] = Counter()
        for p in problems:
            reason, more = folded_reason(p)
            summary[summary_reason(reason)] += 1 + more
        return summary

    def others(self) -> list[dict[str, Any]]:
        """The warnings the text report lists under Warnings: all but those said under Check first."""
        return [w for w in self.warnings if w.get("reason") not in HEADLINES]

    def render(self, *, limit: int = 20, more: str = "see --json") -> str:
        """The report as text for a terminal or the admin page; `more` says where the problems
        past the first `limit` of each list are (the command's `--json`, the admin's JSON report)."""
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"Catalog import of {self.source_name} ({self.format}) into "
            f"{self.institution} {self.term}{' — DRY RUN, nothing written' if self.dry_run else ''}",
            f"{'model':<12}{'created':>9}{'updated':>9}{'unchanged':>11}{'withdrawn':>11}{'deleted':>9}",
        ]
        for name, c in self.counts.items():
            lines.append(f"{name:<12}{c.created:>9}{c.updated:>9}{c.unchanged:>11}{c.withdrawn:>11}{c.deleted:>9}")
        lines.append(
            f"Sections in file: {self.sections_seen} = {self.sections_imported} imported "
            f"({len(self.quarantined)} of them quarantined, not schedulable) + "
            f"{len(self.rejected)} rejected."
        )
        if self.term_created_hidden:
            lines.append(
                f"Term {self.term} is new and {'would start' if self.dry_run else 'starts'} hidden from students "
                "(CLASSTIME_NEW_TERMS_HIDDEN): only staff see it until it is published (admin, Terms)."
            )
        if self.term_days_from_meetings:
            first, last = self.term_days_from_meetings
            lines.append(
                f"Term {self.term} is new: its first and last day, {first} and {last}, are its meetings' first and "
                f"last dates (a meeting dated over {FAR_DATED_DAYS} days from most of them, a mistyped year, is "
                "left out, and every meeting outside them is among the warnings); set them in the admin (Terms) if its "
                "days of classes differ."
            )
        if self.term_changes:
            lines.append(f"Term {self.term} changed ({len(self.term_changes)}):")
            lines.extend(
                f"  {c['field']}: {term_shown(c['before'])} → {term_shown(c['after'])}" for c in self.term_changes
            )
        if self.institution_changes:
            lines.append(f"Institution {self.institution} changed ({len(self.institution_changes)}):")
            lines.extend(f"  {c['field']}: {c['before']} → {c['after']}" for c in self.institution_changes)
        headlines = [w for w in self.warnings if w.get("reason") in HEADLINES]
        if headlines:  # above the lists: thousands of quarantined sections must not hide them
            lines.append("Check first:")
            lines.extend(f"  ! {w['message']}" for w in headlines)
        for title, problems in (
            ("Quarantined", self.quarantined),
            ("Rejected", self.rejected),
            ("Warnings", self.others()),  # each headline said once
            ("Links cleared", self.unlinked),
        ):
            if not problems:
                continue
            summary = self.reason_summary(problems)
            places = sum(summary.values())
            # a warning folding others stands for them all: the count is of the file's places
            counted = f"{places:,} in all, listed in {len(problems):,} lines" if places > len(problems) else places
            lines.append(f"{title} ({counted}):")
            for reason, n in summary.most_common(10):
                lines.append(f"  {n:>6,} × {reason}")
            for p in problems[:limit]:
                who = f"[{p['registrar_id']}] " if p.get("registrar_id") else ""
                lines.append(f"    {who}{p['message']}")
            if len(problems) > limit:
                lines.append(f"    ... and {len(problems) - limit} more ({more})")
        if self.components_added:
            lines.append(f"Components added to courses the catalog had ({len(self.components_added)}):")
            lines.extend(f"    {c['course']} {c['name']} ({c['component']})" for c in self.components_added[:limit])
            if len(self.components_added) > limit:
                lines.append(f"    ... and {len(self.components_added) - limit} more ({more})")
        if self.changes:
            lines.append(f"Sections changed ({len(self.changes)}):")
            fields = Counter(name for change in self.changes for name in change.fields)
            for name, n in fields.most_common():
                lines.append(f"  {n:>6} × {name}")
            for change in self.changes[:limit]:
                course = change.course or "(course not recorded)"  # reports stored before 2026-12
                lines.append(f"    [{change.registrar_id}] {course}: {change.said()}")
            if len(self.changes) > limit:
                lines.append(f"    ... and {len(self.changes) - limit} more ({more})")
        if not self.changed_anything:
            lines.append(
                f"Nothing {'would change' if self.dry_run else 'changed'}: every row already matches the file; "
                f"catalog version {'stays' if not self.dry_run else 'would stay'} {self.catalog_version}"
                f"{'' if self.dry_run else f' (checked in {self.seconds:.1f} s)'}."
            )
        elif not self.dry_run:
            lines.append(
                f"Catalog version is now {self.catalog_version}; changes {verb} applied in {self.seconds:.1f} s."
            )
        return "\n".join(lines)


def term_shown(value: Any) -> str:
    """A term field's value in the text report: `(none)` for no date or no holidays."""
    if value is None or value == []:
        return "(none)"
    return ", ".join(value) if isinstance(value, list) else str(value)


# the fold count a report stored before 2026-12-09 wrote into a folded warning's reason
FOLDED = re.compile(r" \((\d+) more like it\)$")


def folded_reason(problem: dict[str, Any]) -> tuple[str, int]:
    """A report problem's reason and how many more places it stands for: its `more`, or, in a
    report stored before 2026-12-09, the `(N more like it)` its reason ended with.

    >>> folded_reason({"message": "line 2: a time without days (3 more like it)"})
    ('a time without days', 3)
    """
    reason = problem.get("reason") or problem["message"].rsplit(": ", 1)[-1]
    if "more" in problem:
        return reason, int(problem["more"] or 0)
    legacy = FOLDED.search(reason)
    return (reason[: legacy.start()], int(legacy[1])) if legacy else (reason, 0)


def summary_reason(reason: str, limit: int = 100) -> str:
    """A reason as the report's summary lists it: whole, or cut where a word ends and ended with
    "…", so a cut never reads as a value ("Sect as sect" for "Sect as section").

    >>> summary_reason("a b c", limit=4)
    'a b…'
    """
    reason = reason.strip()
    if len(reason) <= limit:
        return reason
    cut = reason[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
