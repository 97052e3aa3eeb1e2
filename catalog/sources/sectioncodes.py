"""Section codes a spreadsheet shortened: Excel reads `001` as the number 1 and saves `1`.

`restore_leading_zeros` gives such codes their zeros back where the rest of their course shows
the width (docs/sources.md, *Leading zeros a spreadsheet dropped*). Standard library only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from catalog.sources.records import CatalogRecords, CourseRecord, Problem, course_key

# the import service passes the term's codes per course, by (subject, number) in capitals (`course_key`)
KnownCodes = Mapping[tuple[str, str], Collection[str]]


@dataclass(frozen=True, slots=True)
class Padding:
    """What the rule did to one course: its codes padded (old → new), or the code that padding
    would have repeated (then nothing was padded), and where the width came from."""

    course: CourseRecord
    width: int
    padded: dict[str, str]
    clash: tuple[str, str] | None = None  # (a short code, the code of another section it would become)
    from_term: bool = False


def restore_leading_zeros(
    records: CatalogRecords,
    *,
    known: KnownCodes | None = None,
    held: Mapping[str, str] | None = None,
    field: str = "",
) -> CatalogRecords:
    """`records` with each all-digit section code shorter than the width its course uses padded
    with zeros (its `parent_code` references too), and one warning for the file saying how many
    and showing one; records unchanged when no course shows a width.

    A course uses width W when every all-digit code with a leading zero among its codes in the
    file, and else among `known` (the term's current codes of that course), is W digits long
    and no all-digit code is longer. A course whose padded codes would repeat another of its
    codes is left as it is, with a warning. A code the term already holds for the same
    registrar id (`held`: registrar id → code) lost no zero and is never padded (Georgia Tech's
    section `0` beside `01` exported and imported back stays `0`).
    """
    known, held = known or {}, held or {}
    courses, done = [], []
    for course in records.courses:
        padding = course_padding(course, known.get(course_key(course.subject, course.number), ()), held)
        if padding is not None and padding.clash is None:
            course = padded(course, padding.padded)
        if padding is not None:
            done.append(padding)
        courses.append(course)
    if not done:
        return records
    warnings = (*records.warnings, *padding_warnings(done, field=field))
    return replace(records, courses=tuple(courses), warnings=warnings)


def all_digits(code: str) -> bool:
    return code.isascii() and code.isdigit()


def zero_width(codes: list[str]) -> int | None:
    """The one width of the all-digit `codes` that start with a zero, when no all-digit code is
    longer; None when none starts with a zero, or their widths disagree (they genuinely vary)."""
    digits = [c for c in codes if all_digits(c)]
    widths = {len(c) for c in digits if len(c) > 1 and c[0] == "0"}
    if len(widths) != 1:
        return None
    (width,) = widths
    return None if any(len(c) > width for c in digits) else width


def course_padding(course: CourseRecord, known: Collection[str], held: Mapping[str, str]) -> Padding | None:
    """How the course's short codes would be padded, or None when it shows no width or has
    no code shorter than it but those the term holds for their registrar ids (`held`)."""
    codes = [s.code for s in course.sections]
    from_term = False
    width = zero_width(codes)
    if width is None and not any(all_digits(c) and len(c) > 1 and c[0] == "0" for c in codes) and known:
        width, from_term = zero_width([*codes, *known]), True  # the file shows none: the term may
    if width is None:
        return None
    short = {
        s.code: s.code.zfill(width)
        for s in course.sections
        if all_digits(s.code) and len(s.code) < width and held.get(s.registrar_id) != s.code
    }
    if not short:
        return None
    clash = next(((old, new) for old, new in short.items() if new in codes), None)
    return Padding(course, width, short, clash, from_term)


def padded(course: CourseRecord, codes: dict[str, str]) -> CourseRecord:
    sections = tuple(
        replace(
            s,
            code=codes.get(s.code, s.code),
            parent_code=codes.get(s.parent_code, s.parent_code) if s.parent_code else s.parent_code,
        )
        for s in course.sections
    )
    return replace(course, sections=sections)


def padding_warnings(done: list[Padding], *, field: str) -> list[Problem]:
    """One warning for the codes padded, with a count and the first; one for the courses left
    alone because padding would repeat a code."""
    warnings = []
    applied = [p for p in done if p.clash is None]
    if applied:
        first = applied[0]
        old, new = next(iter(first.padded.items()))
        section = next(s for s in first.course.sections if s.code == old)
        where = "the term's current sections of its course" if first.from_term else "the other codes of its course"
        count = sum(len(p.padded) for p in applied)
        warnings.append(
            Problem(
                section.code_source or section.source or first.course.code,
                f"{count:,} all-digit section code(s) in {len(applied):,} course(s) were shorter than the width "
                f"their course uses and got their leading zeros back (a spreadsheet drops them), such as "
                f"{first.course.code} {old!r} → {new!r}: {where} are {first.width} digits, zero-padded",
                field=field,
                value=old,
                registrar_id=section.registrar_id,
            )
        )
    clashes = [p for p in done if p.clash is not None]
    if clashes:
        first = clashes[0]
        old, new = first.clash
        section = next(s for s in first.course.sections if s.code == old)
        warnings.append(
            Problem(
                section.code_source or section.source or first.course.code,
                f"{len(clashes):,} course(s) have all-digit section codes shorter than the width of their other "
                f"codes, but padding them would repeat a code, such as {first.course.code} {old!r} → {new!r}, "
                "which another section has; their codes were left as the file gives them",
                field=field,
                value=old,
                registrar_id=section.registrar_id,
            )
        )
    return warnings
