import hashlib
import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import serializers
from django.utils import timezone

from catalog import selectors, services
from catalog.models import Component, Course, ImportRun, Institution, Meeting, Section, Term
from catalog.sources import canonical, gatech_json
from tests.catalog.sources.test_gatech_json import document as gatech_document
from tests.catalog.sources.test_gatech_json import meeting as gatech_meeting
from tests.catalog.sources.test_gatech_json import section as gatech_section
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

CATALOG_MODELS = (Institution, Term, Course, Component, Section, Meeting)


def catalog_checksum() -> str:
    """A digest of every catalog row, to prove an import wrote nothing."""
    digest = hashlib.sha256()
    for model in CATALOG_MODELS:
        rows = model.objects.order_by("pk")
        digest.update(serializers.serialize("json", rows).encode())
    return digest.hexdigest()


def demo_records():
    return canonical.parse(DEMO_CATALOG)


def import_records(records, **kwargs):
    return services.catalog_import(records=records, format="canonical", **kwargs)


def edit_section(records, registrar_id, **changes):
    """Records with one section changed."""
    courses = []
    for course in records.courses:
        sections = tuple(replace(s, **changes) if s.registrar_id == registrar_id else s for s in course.sections)
        courses.append(replace(course, sections=sections))
    return replace(records, courses=tuple(courses))


def drop_section(records, registrar_id):
    courses = tuple(
        replace(c, sections=tuple(s for s in c.sections if s.registrar_id != registrar_id)) for c in records.courses
    )
    return replace(records, courses=courses, sections_seen=records.sections_seen - 1)


def test_a_first_import_creates_every_row_of_the_demo_catalog():
    report = import_records(demo_records())

    assert report.counts["section"].created == 58 == Section.objects.count()
    assert report.counts["course"].created == 14 == Course.objects.count()
    assert report.counts["meeting"].created == Meeting.objects.count() == 76
    assert Term.objects.get().catalog_version == 1


def test_importing_the_same_file_twice_changes_nothing_and_keeps_primary_keys():
    # given
    import_records(demo_records())
    pks = sorted(Section.objects.values_list("pk", "registrar_id"))
    meeting_pks = sorted(Meeting.objects.values_list("pk", flat=True))
    # when
    report = import_records(demo_records())
    # then
    for model, counts in report.counts.items():
        assert (counts.created, counts.updated, counts.withdrawn, counts.deleted) == (0, 0, 0, 0), model
    assert report.counts["section"].unchanged == 58
    assert sorted(Section.objects.values_list("pk", "registrar_id")) == pks
    assert sorted(Meeting.objects.values_list("pk", flat=True)) == meeting_pks
    assert Term.objects.get().catalog_version == 1


def section_record(records, registrar_id):
    return next(s for c in records.courses for s in c.sections if s.registrar_id == registrar_id)


def stored_meetings(registrar_id):
    """The section's meeting rows in position order: (pk, kind, location)."""
    rows = Meeting.objects.filter(section__registrar_id=registrar_id).order_by("position")
    return list(rows.values_list("pk", "kind", "location"))


def test_a_reimport_listing_meetings_in_another_order_writes_nothing_and_reports_no_change():
    # given: CHEM 1410 lecture 40011's exams swapped, every meeting of 40010 listed backwards
    records = demo_records()
    import_records(records)
    before = catalog_checksum()
    weekly, first_exam, second_exam = section_record(records, "40011").meetings
    reordered = edit_section(records, "40011", meetings=(weekly, second_exam, first_exam))
    reordered = edit_section(reordered, "40010", meetings=section_record(records, "40010").meetings[::-1])
    # when
    report = import_records(reordered)
    # then
    assert report.changes == []
    assert not report.changed_anything
    assert (report.counts["meeting"].created, report.counts["meeting"].updated) == (0, 0)
    assert report.counts["meeting"].deleted == 0
    assert catalog_checksum() == before
    assert Term.objects.get().catalog_version == 1


def test_a_section_whose_meetings_change_keeps_them_in_one_order_whatever_order_the_file_lists():
    # given: an exam listed before MATH 1310 lecture 40023's weekly class
    records = demo_records()
    import_records(records)
    [(weekly_pk, _, _)] = stored_meetings("40023")
    weekly = section_record(records, "40023").meetings[0]
    exam = replace(weekly, days=(4,), first_date=date(2026, 12, 4), last_date=date(2026, 12, 4), location="Gym")
    exam = replace(exam, kind="exam")
    # when
    added = import_records(edit_section(records, "40023", meetings=(exam, weekly)))
    again = import_records(edit_section(records, "40023", meetings=(weekly, exam)))
    # then: the weekly row is kept as it was, the exam added after it; listing them the other way is no change
    assert [(c.registrar_id, c.fields) for c in added.changes] == [("40023", ["location", "time"])]
    assert (added.counts["meeting"].created, added.counts["meeting"].updated) == (1, 0)
    assert [(pk, kind) for pk, kind, _ in stored_meetings("40023")][0] == (weekly_pk, "weekly")
    assert [kind for _, kind, _ in stored_meetings("40023")] == ["weekly", "exam"]
    assert again.changes == [] and again.counts["meeting"].updated == 0


def test_a_reimport_that_reorders_meetings_and_moves_one_reports_only_the_room():
    # given: 40011's exams swapped and its weekly class moved to another room
    records = demo_records()
    import_records(records)
    weekly, first_exam, second_exam = section_record(records, "40011").meetings
    moved = replace(weekly, location="Elsewhere 101")
    # when
    report = import_records(edit_section(records, "40011", meetings=(second_exam, moved, first_exam)))
    # then
    assert [(c.registrar_id, c.fields) for c in report.changes] == [("40011", ["location"])]
    assert report.counts["meeting"].updated == 1


def test_two_meetings_swapping_rooms_is_a_location_change():
    # given: 40011's weekly class in Gilmer Hall 190, its first exam in Exam Hall 1; then they trade rooms
    records = demo_records()
    weekly, first_exam, _ = section_record(records, "40011").meetings
    import_records(edit_section(records, "40011", meetings=(weekly, replace(first_exam, location="Exam Hall 1"))))
    swapped = (replace(weekly, location="Exam Hall 1"), replace(first_exam, location=weekly.location))
    # when
    report = import_records(edit_section(records, "40011", meetings=swapped))
    # then
    assert [(c.registrar_id, c.fields) for c in report.changes] == [("40011", ["location"])]


def test_a_changed_section_is_updated_in_place_and_reported_with_what_changed():
    # given
    records = demo_records()
    import_records(records)
    target = records.courses[0].sections[0]
    pk = Section.objects.get(registrar_id=target.registrar_id).pk
    moved = replace(target.meetings[0], location="Elsewhere 101")
    changed = edit_section(records, target.registrar_id, status="closed", meetings=(moved,))
    # when
    report = import_records(changed)
    # then
    section = Section.objects.get(registrar_id=target.registrar_id)
    assert section.pk == pk
    assert section.status == "closed"
    assert section.meetings.get().location == "Elsewhere 101"
    assert report.counts["section"].updated == 1
    assert report.counts["meeting"].updated == 1
    assert [(c.registrar_id, c.fields) for c in report.changes] == [(target.registrar_id, ["location", "status"])]
    assert Term.objects.get().catalog_version == 2


def test_a_section_missing_from_a_reimport_is_withdrawn_not_deleted():
    # given
    records = demo_records()
    import_records(records)
    gone = records.courses[0].sections[0].registrar_id
    # when
    report = import_records(drop_section(records, gone))
    # then
    assert report.counts["section"].withdrawn == 1
    assert Section.objects.count() == 58
    assert Section.objects.get(registrar_id=gone).withdrawn_at is not None
    assert gone not in {
        s.registrar_id for c in selectors.catalog_records(term=Term.objects.get()).courses for s in c.sections
    }


def test_a_withdrawn_section_is_reported_under_its_course_like_every_other_change():
    # given: CS 1110 lab 40004 no longer listed, CHEM 1410 lecture 40011 closed
    records = demo_records()
    import_records(records)
    changed = edit_section(drop_section(records, "40004"), "40011", status="closed")
    # when
    report = import_records(changed)
    # then
    assert sorted((c.registrar_id, c.course, c.fields) for c in report.changes) == [
        ("40004", "CS 1110", ["withdrawn"]),
        ("40011", "CHEM 1410", ["status"]),
    ]
    text = report.render()
    assert "[40004] CS 1110: withdrawn" in text and "[40011] CHEM 1410: status" in text


def test_a_withdrawn_section_that_comes_back_is_restored_with_its_primary_key():
    records = demo_records()
    import_records(records)
    rid = records.courses[0].sections[0].registrar_id
    pk = Section.objects.get(registrar_id=rid).pk
    import_records(drop_section(records, rid))

    report = import_records(records)

    restored = Section.objects.get(registrar_id=rid)
    assert (restored.pk, restored.withdrawn_at) == (pk, None)
    assert report.counts["section"].updated == 1


def test_a_dry_run_reports_the_changes_and_writes_nothing():
    # given
    import_records(demo_records())
    before = catalog_checksum()
    records = edit_section(demo_records(), demo_records().courses[0].sections[0].registrar_id, enrolled=1)
    # when
    report = import_records(records, dry_run=True)
    # then
    assert report.counts["section"].updated == 1
    assert report.dry_run
    assert catalog_checksum() == before


def test_a_database_error_midway_rolls_back_the_whole_file():
    # given: the last section carries a negative capacity, which the database refuses
    import_records(demo_records())
    before = catalog_checksum()
    records = demo_records()
    last = records.courses[-1].sections[-1]
    records = edit_section(records, records.courses[0].sections[0].registrar_id, status="closed")
    records = edit_section(records, last.registrar_id, capacity=-5)
    # when
    with pytest.raises(services.CatalogImportError, match="nothing was written"):
        import_records(records)
    # then
    assert catalog_checksum() == before


def test_a_number_too_large_for_the_database_is_refused_whole_not_a_crash():
    # given: records from a source that did not bound a seat count (SQLite raises OverflowError)
    import_records(demo_records())
    before = catalog_checksum()
    records = demo_records()
    records = edit_section(records, records.courses[-1].sections[-1].registrar_id, capacity=10**20)
    # when
    with pytest.raises(services.CatalogImportError, match="the database refused the import, nothing was written"):
        import_records(records)
    # then
    assert catalog_checksum() == before


def test_a_file_whose_every_section_is_rejected_is_refused_and_withdraws_nothing():
    # given: the term imported, then a UVA file whose class numbers were all lost
    header = "ClassNumber,Mnemonic,Number,Section,Type,Title\n"
    services.catalog_import_file(
        data=(header + "1,CS,1110,001,Lecture,Intro\n").encode(), name="2025_fall.csv", format="uva-csv"
    )
    before = catalog_checksum()
    lost = header + ",CS,1110,001,Lecture,Intro\n,CS,1110,002,Lecture,Intro\n"
    # when
    run, report = services.catalog_import_file(data=lost.encode(), name="2025_fall.csv", format="uva-csv")
    # then
    assert (run.status, report) == (ImportRun.Status.FAILED, None)
    assert run.error == (
        "2025_fall.csv: none of the file's 2 section(s) could be used, so nothing was written (importing it "
        "would withdraw every section of the term); the first: line 2, field 'ClassNumber': no class number; "
        "every section needs one (CS 1110 section 001)"
    )
    assert catalog_checksum() == before


def test_an_unknown_timezone_is_refused_before_writing():
    records = demo_records()
    records = replace(records, institution=replace(records.institution, timezone="Mars/Olympus"))

    with pytest.raises(services.CatalogImportError, match="IANA"):
        import_records(records)

    assert Institution.objects.count() == 0


@pytest.mark.parametrize("zone", ["localtime", "Factory", "EST", "posix/Europe/Paris"])
def test_a_time_zone_that_is_no_places_clock_is_refused_before_writing(zone):
    # given: the server's own zone, a placeholder, a fixed offset with no summer time, a duplicate tree
    records = demo_records()
    records = replace(records, institution=replace(records.institution, timezone=zone))
    # when
    with pytest.raises(services.CatalogImportError) as error:
        import_records(records)
    # then
    assert str(error.value).startswith(f"institution timezone: {zone!r} is not")
    assert Institution.objects.count() == 0


@pytest.mark.parametrize(("zone", "utc"), [("Etc/GMT+5", "UTC-5"), ("Etc/GMT-14", "UTC+14")])
def test_a_fixed_offset_zone_is_refused_saying_its_sign_is_reversed(zone, utc):
    # given: POSIX's Etc/GMT+5 is five hours behind UTC, and never keeps summer time
    records = demo_records()
    records = replace(records, institution=replace(records.institution, timezone=zone))
    # when
    with pytest.raises(services.CatalogImportError) as error:
        import_records(records)
    # then
    assert f"{zone!r} is a fixed offset ({utc}: the sign is reversed)" in str(error.value)
    assert Institution.objects.count() == 0


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "Etc/GMT+0", "Etc/GMT-0", "Europe/Paris"])
def test_utc_and_places_zones_are_taken(zone):
    # when
    import_records(replace(demo_records(), institution=replace(demo_records().institution, timezone=zone)))
    # then
    assert Institution.objects.get().timezone == zone


def test_links_between_sections_are_stored_and_exported():
    import_records(demo_records())

    discussion = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201")

    assert discussion.parent.code == "200"
    assert discussion.parent.component.kind == "LEC"


def test_export_then_import_round_trips_with_no_change():
    # given
    import_records(demo_records())
    term = Term.objects.get()
    exported = canonical.dump(selectors.catalog_records(term=term))
    before = catalog_checksum()
    # when
    report = import_records(canonical.parse_bytes(exported, name="export.json"))
    # then
    assert not report.changed_anything
    assert catalog_checksum() == before
    again = canonical.dump(selectors.catalog_records(term=term))
    strip = lambda data: {k: v for k, v in json.loads(data).items() if k != "generated_at"}
    assert strip(again) == strip(exported)


def test_quarantined_sections_are_imported_unschedulable_and_reported():
    records = demo_records()
    rid = records.courses[0].sections[0].registrar_id
    records = edit_section(records, rid, quarantine="placeholder meeting 00:00-00:00")

    report = import_records(records)

    assert Section.objects.get(registrar_id=rid).is_schedulable is False
    assert [q["registrar_id"] for q in report.quarantined] == [rid]
    assert report.sections_imported == 58


def test_course_credit_ranges_are_kept():
    records = demo_records()
    import_records(records)

    course = Course.objects.get(subject="CS", number="4993")

    assert (course.credits_min, course.credits_max) == (Decimal("1"), Decimal("3"))


def test_an_import_file_run_is_logged_with_its_report_or_its_error():
    ok, report = services.catalog_import_file(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical")
    bad, none = services.catalog_import_file(data=b"{", name="broken.json", format="canonical")

    assert ok.status == ImportRun.Status.APPLIED
    assert ok.report["counts"]["section"]["created"] == 58
    assert bad.status == ImportRun.Status.FAILED and none is None
    assert "broken.json: line 1" in bad.error


def test_institution_and_term_codes_can_be_overridden():
    services.catalog_import_file(
        data=DEMO_CATALOG.read_bytes(),
        name="demo.json",
        format="canonical",
        institution_code="other",
        term_code="2027-spring",
    )

    term = Term.objects.get()

    assert (term.institution.code, term.code) == ("other", "2027-spring")


def test_a_reimport_that_only_changes_links_counts_each_section_once():
    # given: CHEM 1410's discussion 201 moves from lecture 200 to lecture 100
    records = demo_records()
    import_records(records)
    chem = next(c for c in records.courses if c.code == "CHEM 1410")
    moved = next(s for s in chem.sections if s.code == "201")
    # when
    report = import_records(edit_section(records, moved.registrar_id, parent_code="100"))
    # then
    counts = report.counts["section"]
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 57)
    assert report.sections_imported == report.sections_seen == 58
    assert [(c.registrar_id, c.course, c.fields) for c in report.changes] == [
        (moved.registrar_id, "CHEM 1410", ["parent"])
    ]


def test_a_reimport_that_changes_a_link_and_other_fields_reports_them_all():
    # given: CHEM 1410's discussion 201 moves to lecture 100 and closes in the same import
    records = demo_records()
    import_records(records)
    chem = next(c for c in records.courses if c.code == "CHEM 1410")
    moved = next(s for s in chem.sections if s.code == "201")
    # when
    report = import_records(edit_section(records, moved.registrar_id, parent_code="100", status="closed"))
    # then
    assert [(c.registrar_id, c.fields) for c in report.changes] == [(moved.registrar_id, ["parent", "status"])]
    assert report.counts["section"].updated == 1
    assert Section.objects.get(registrar_id=moved.registrar_id).parent.code == "100"


def test_a_file_with_credits_of_nan_fails_with_its_path_and_writes_nothing():
    # given: NaN passes the schema's bounds, and the database cannot store it
    data = DEMO_CATALOG.read_text().replace('"credits_max": 3,', '"credits_max": NaN,', 1).encode()
    # when
    run, report = services.catalog_import_file(data=data, name="nan.json", format="canonical")
    # then
    assert report is None and run.status == ImportRun.Status.FAILED
    assert run.error == (
        "nan.json: $.courses[0].credits_max: NaN is not a number of credits; "
        "expected 0 to 999 with at most two decimals, or null"
    )
    assert Course.objects.count() == 0


UVA_HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Days1,Room1,MeetingDates1,Title\n"
UVA_LECTURE = "10001,CS,1110,001,Lecture,MoWe 1:00pm - 1:50pm,Rice Hall 130,08/26/2025 - 12/09/2025,Programming\n"
UVA_LAB = "10002,CS,1110,101,Laboratory,Fr 9:00am - 9:50am,Rice Hall 011,08/26/2025 - 12/09/2025,Programming\n"


def test_a_section_whose_row_is_rejected_in_a_reimport_is_kept_not_withdrawn():
    # given: the lab is in the catalog, then a re-import's row for it lost its Type
    import_uva = lambda text: services.catalog_import_file(  # noqa: E731
        data=text.encode(), name="2025_fall.csv", format="uva-csv"
    )
    import_uva(UVA_HEADER + UVA_LECTURE + UVA_LAB)
    # when
    run, report = import_uva(UVA_HEADER + UVA_LECTURE + UVA_LAB.replace("Laboratory", ""))
    # then: the file still lists class number 10002, so the registrar did not withdraw it
    assert run.status == ImportRun.Status.APPLIED
    assert [p["registrar_id"] for p in report.rejected] == ["10002"]
    assert report.counts["section"].withdrawn == 0
    assert Section.objects.get(registrar_id="10002").withdrawn_at is None


def test_a_reimport_filed_under_a_term_keeps_the_terms_name_when_the_file_names_none():
    # given: Fall 2025 imported from a file named after it
    upload = lambda name, **codes: services.catalog_import_file(  # noqa: E731
        data=(UVA_HEADER + UVA_LECTURE).encode(), name=name, format="uva-csv", **codes
    )
    upload("2025_fall.csv")
    # when: the registrar's next export has another name, filed under the same term
    run, report = upload("uva export v2.csv", term_code="2025-fall")
    upload("uva export v2.csv", term_code="2026-spring")
    # then: a file name is not a term name; a new term is named after its code's season and year
    assert report.counts["term"].updated == 0
    assert dict(Term.objects.values_list("code", "name")) == {"2025-fall": "Fall 2025", "2026-spring": "Spring 2026"}


def test_a_reimport_of_a_registrars_own_format_keeps_the_holidays_days_and_name_staff_set():
    # given: a UVA term imported, then given its holidays, days and name in the admin
    upload = lambda: services.catalog_import_file(  # noqa: E731
        data=(UVA_HEADER + UVA_LECTURE).encode(), name="2025_fall.csv", format="uva-csv"
    )
    upload()
    Term.objects.update(
        name="Fall 2025 (Grounds)",
        first_day=date(2025, 8, 26),
        last_day=date(2025, 12, 9),
        holidays=["2025-10-06", "2025-11-26"],
    )
    # when: the registrar's next export is imported
    run, report = upload()
    # then: the file names none of them, so none is wiped
    term = Term.objects.get()
    assert run.status == ImportRun.Status.APPLIED and report.counts["term"].unchanged == 1
    assert (term.name, term.first_day, term.last_day) == ("Fall 2025 (Grounds)", date(2025, 8, 26), date(2025, 12, 9))
    assert term.holidays == ["2025-10-06", "2025-11-26"]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ({"institution_code": "Bad Code!"}, "institution code 'Bad Code!': expected 1-40 letters, digits, - or _"),
        ({"term_code": "x" * 41}, "term code 'xxxxxxxx"),
    ],
)
def test_codes_given_to_file_an_import_are_held_to_the_formats_rules(codes, expected):
    # when: codes the canonical format refuses (an export of them could not be imported back)
    run, report = services.catalog_import_file(
        data=(UVA_HEADER + UVA_LECTURE).encode(), name="2025_fall.csv", format="uva-csv", **codes
    )
    # then
    assert run.status == ImportRun.Status.FAILED and report is None
    assert run.error.startswith(f"2025_fall.csv: {expected}")
    assert Institution.objects.count() == Term.objects.count() == 0


def test_a_file_filed_under_another_institution_keeps_that_institutions_name_and_timezone():
    # given
    import_records(demo_records())
    # when: a UVA listing is filed under the demo institution
    run, report = services.catalog_import_file(
        data=(UVA_HEADER + UVA_LECTURE).encode(),
        name="2025_fall.csv",
        format="uva-csv",
        institution_code="demo",
    )
    # then: the adapter's default (University of Virginia) does not rename it
    assert run.status == ImportRun.Status.APPLIED
    assert report.counts["institution"].unchanged == 1
    assert Institution.objects.values_list("code", "name").get() == ("demo", "Classtime Demo University")


# Sections an import keeps without listing them (withdrawn, or their row rejected) never stay
# taken with a section of another course.

LECTURE_100 = "40010"  # CHEM 1410 lecture 100
ITS_DISCUSSIONS = ["40012", "40013", "40014"]  # CHEM 1410 discussions 101-103, taken with lecture 100


def move_section(records, registrar_id, course_code):
    """Records with one section listed under another course."""
    moving = next(s for c in records.courses for s in c.sections if s.registrar_id == registrar_id)
    courses = []
    for course in records.courses:
        sections = tuple(s for s in course.sections if s.registrar_id != registrar_id)
        if course.code == course_code:
            sections += (moving,)
        courses.append(replace(course, sections=sections))
    return replace(records, courses=tuple(courses))


def lecture_100_moved_to_math(records, *, keep_discussions=False):
    """CHEM 1410's lecture 100 listed under MATH 1310, its discussions no longer listed."""
    records = move_section(records, LECTURE_100, "MATH 1310")
    for rid in [] if keep_discussions else ITS_DISCUSSIONS:
        records = drop_section(records, rid)
    return records


def test_discussions_withdrawn_as_their_lecture_moves_to_another_course_are_unlinked_and_reported():
    # given
    records = demo_records()
    import_records(records)
    # when
    report = import_records(lecture_100_moved_to_math(records))
    # then: the registrar no longer lists them, so nothing says what they go with now
    lecture = Section.objects.get(registrar_id=LECTURE_100)
    assert lecture.component.course.code == "MATH 1310"
    discussions = Section.objects.filter(registrar_id__in=ITS_DISCUSSIONS).order_by("registrar_id")
    assert [(s.withdrawn_at is not None, s.parent_id) for s in discussions] == [(True, None)] * 3
    lecture.full_clean()  # what the admin runs before saving the lecture: no link across courses
    assert report.counts["section"].withdrawn == 3
    assert sorted((c.registrar_id, c.fields) for c in report.changes if c.registrar_id in ITS_DISCUSSIONS) == [
        (rid, ["parent", "withdrawn"]) for rid in ITS_DISCUSSIONS
    ]
    assert [(u["registrar_id"], u["value"]) for u in report.unlinked] == [(rid, LECTURE_100) for rid in ITS_DISCUSSIONS]
    assert "[40012] CHEM 1410 DIS 101 (withdrawn) was taken with 40010, now MATH 1310 LEC 100" in report.render()


def test_discussions_withdrawn_earlier_are_unlinked_when_their_lecture_moves_to_another_course():
    # given: the discussions were withdrawn by an earlier import, still taken with lecture 100
    records = demo_records()
    import_records(records)
    without_discussions = lecture_100_moved_to_math(records, keep_discussions=True)
    for rid in ITS_DISCUSSIONS:
        records = drop_section(records, rid)
        without_discussions = drop_section(without_discussions, rid)
    import_records(records)
    assert set(
        Section.objects.filter(registrar_id__in=ITS_DISCUSSIONS).values_list("parent__registrar_id", flat=True)
    ) == {LECTURE_100}
    # when
    report = import_records(without_discussions)
    # then
    assert not Section.objects.filter(registrar_id__in=ITS_DISCUSSIONS, parent__isnull=False).exists()
    assert Section.objects.filter(registrar_id__in=ITS_DISCUSSIONS, withdrawn_at__isnull=False).count() == 3
    assert sorted(
        (c.registrar_id, c.course, c.fields) for c in report.changes if c.registrar_id in ITS_DISCUSSIONS
    ) == [(rid, "CHEM 1410", ["parent"]) for rid in ITS_DISCUSSIONS]
    assert report.counts["section"].withdrawn == 0
    assert report.sections_imported == report.sections_seen  # they are not counted as imported


UVA_CHEM_LECTURE = (
    "10010,CHEM,1410,100,Lecture,MoWeFr 10:00am - 10:50am,Chemistry 402,08/26/2025 - 12/09/2025,Chemistry\n"
)
UVA_CHEM_DISCUSSION = (
    "10012,CHEM,1410,101,Discussion,Tu 9:00am - 9:50am,Chemistry 101,08/26/2025 - 12/09/2025,Chemistry\n"
)


def test_a_section_whose_row_is_rejected_is_unlinked_when_its_parent_moves_to_another_course():
    # given: discussion 101 is taken with lecture 100 (hundred blocks)
    import_uva = lambda text: services.catalog_import_file(  # noqa: E731
        data=text.encode(), name="2025_fall.csv", format="uva-csv"
    )
    import_uva(UVA_HEADER + UVA_CHEM_LECTURE + UVA_CHEM_DISCUSSION)
    assert Section.objects.get(registrar_id="10012").parent.registrar_id == "10010"
    # when: the lecture is listed under MATH 1310 and the discussion's row lost its Type
    moved = UVA_CHEM_LECTURE.replace("CHEM,1410", "MATH,1310")
    run, report = import_uva(UVA_HEADER + moved + UVA_CHEM_DISCUSSION.replace("Discussion", ""))
    # then: still listed, so kept and not withdrawn, but no longer taken with a MATH 1310 lecture
    assert run.status == ImportRun.Status.APPLIED
    discussion = Section.objects.get(registrar_id="10012")
    assert (discussion.withdrawn_at, discussion.parent, discussion.component.course.code) == (None, None, "CHEM 1410")
    assert [(c.registrar_id, c.course, c.fields) for c in report.changes if c.registrar_id == "10012"] == [
        ("10012", "CHEM 1410", ["parent"])
    ]
    assert [u["registrar_id"] for u in report.unlinked] == ["10012"]
    assert "its row was rejected" in report.unlinked[0]["message"]


def test_a_link_across_courses_left_by_an_earlier_import_is_cleared_by_the_next_one():
    # given: a withdrawn discussion taken with a MATH 1310 lecture, as older imports could leave it
    import_records(demo_records())
    records = drop_section(demo_records(), "40012")
    import_records(records)
    Section.objects.filter(registrar_id="40012").update(parent=Section.objects.get(registrar_id="40023"))
    version = Term.objects.get().catalog_version
    # when: the same file again
    report = import_records(records)
    # then
    assert Section.objects.get(registrar_id="40012").parent is None
    assert [(c.registrar_id, c.fields) for c in report.changes] == [("40012", ["parent"])]
    assert report.changed_anything
    assert Term.objects.get().catalog_version == version + 1


def test_an_import_that_would_leave_a_link_across_courses_is_refused_and_writes_nothing(monkeypatch):
    # given: a path that forgets to unlink what it keeps (here: unlinking switched off)
    records = demo_records()
    import_records(records)
    before = catalog_checksum()
    monkeypatch.setattr(services.CatalogWriter, "kept_links_clear", lambda *args, **kwargs: None)
    # when
    with pytest.raises(services.CatalogImportError) as refused:
        import_records(lecture_100_moved_to_math(records))
    # then
    assert str(refused.value).startswith(
        "the import would leave 3 section(s) taken with a section of another course, so nothing was written: "
        "CHEM 1410 Discussion 101 (40012) with MATH 1310 Lecture 100 (40010);"
    )
    assert catalog_checksum() == before


def one_course_only(records, code="CS 1110"):
    """The records as a department's extract: one course alone."""
    courses = tuple(c for c in records.courses if c.code == code)
    return replace(records, courses=courses, sections_seen=sum(len(c.sections) for c in courses))


def test_a_partial_file_that_would_withdraw_most_of_the_term_is_refused_and_writes_nothing():
    # given: the demo term, then an extract holding CS 1110 alone (9 of its 58 sections)
    import_records(demo_records())
    before = catalog_checksum()
    # when
    with pytest.raises(services.CatalogImportError) as refused:
        import_records(one_course_only(demo_records()))
    # then
    assert "leaves out 49 of the term's 58 listed sections (84%)" in str(refused.value)
    assert "partial extract" in str(refused.value) and "--allow-withdrawals" in str(refused.value)
    assert catalog_checksum() == before


def test_a_dry_run_of_a_partial_file_warns_and_allowed_withdrawals_are_applied():
    # given
    import_records(demo_records())
    extract = one_course_only(demo_records())
    # when
    preview = import_records(extract, dry_run=True)
    applied = import_records(extract, allow_withdrawals=True)
    # then
    assert [w["reason"] for w in preview.warnings] == [services.MASS_WITHDRAWAL]
    assert applied.counts["section"].withdrawn == 49
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 9


def test_withdrawing_a_few_sections_needs_no_permission():
    # given: a re-import leaving out three sections (under the threshold of 20)
    import_records(demo_records())
    records = drop_section(drop_section(drop_section(demo_records(), "40001"), "40002"), "40042")
    # when
    report = import_records(records)
    # then
    assert report.counts["section"].withdrawn == 3 and report.warnings == []


def test_a_file_quarantining_most_of_its_sections_for_one_reason_is_warned_about_first():
    # given: an export writing its dates day first, which no row's date can be read as
    rows = "".join(
        f"{10101 + n},CS,{2110 + n},001,Lecture,MoWe 1:00pm - 1:50pm,Rice Hall 130,26/08/2025 - 09/12/2025,Data\n"
        for n in range(20)
    )
    # when
    run, report = services.catalog_import_file(
        data=(UVA_HEADER + UVA_LECTURE + rows).encode(), name="2025_fall.csv", format="uva-csv", dry_run=True
    )
    # then
    assert len(report.quarantined) == 20
    first = report.warnings[0]
    assert (first["location"], first["registrar_id"]) == ("2025_fall.csv", "10101")
    assert first["reason"] == "mass quarantine"
    assert first["message"].startswith(
        "2025_fall.csv: 95% of the sections are quarantined (20 of 21), not schedulable, 20 of them for one reason: "
        "not a date range such as '08/26/2025 - 12/09/2025'"
    )
    assert "(the first: line 3 MeetingDates1 '26/08/2025 - 09/12/2025')" in first["message"]
    # and the text report shows it above the list of 20 quarantined sections
    text = report.render()
    assert text.index("Check first:\n  ! 2025_fall.csv: 95% of the sections") < text.index("Quarantined (20):")


def test_a_few_quarantined_sections_add_no_warning_of_their_own():
    rows = "".join(
        f"{10001 + n},CS,{1110 + n},001,Lecture,Mo 12:00am - 12:00am,Rice Hall 130,08/26/2025 - 12/09/2025,X\n"
        for n in range(20)
    )
    fine = "".join(
        f"{20001 + n},MATH,{1110 + n},001,Lecture,MoWe 1:00pm - 1:50pm,Kerchof 317,08/26/2025 - 12/09/2025,Y\n"
        for n in range(181)
    )

    run, report = services.catalog_import_file(data=(UVA_HEADER + rows + fine).encode(), name="f.csv", format="uva-csv")

    assert (len(report.quarantined), report.warnings) == (20, [])


def test_a_dry_runs_text_report_shows_a_mass_withdrawal_above_its_lists():
    # given
    import_records(demo_records())
    # when
    text = import_records(one_course_only(demo_records()), dry_run=True).render()
    # then: above the 49 sections changed, which scroll it away on the admin's page
    assert text.index("Check first:\n  ! the file leaves out 49 of the term's 58 listed sections") < text.index(
        "Sections changed (49):"
    )


def demo_with_first_course_subject(subject: str) -> bytes:
    """The demo catalog with its first course (CS 1110) under another subject."""
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["courses"][0]["subject"] = subject
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("stored", "written", "renamed"),
    [("CS", "cs", False), ("cs", "CS", True), ("cs", "cs", True), ("straße", "STRASSE", True), ("écon", "ÉCON", True)],
)
def test_a_reimport_writing_a_course_code_in_another_case_keeps_the_course_and_its_sections(stored, written, renamed):
    # given: CS 1110 stored as `stored` (codes not in capitals: a canonical import before 2026-12-06)
    import_records(canonical.parse_bytes(demo_with_first_course_subject("CS"), name="before.json"))
    Course.objects.filter(subject="CS", number="1110").update(subject=stored)
    course = Course.objects.get(subject=stored, number="1110")
    sections = set(Section.objects.filter(component__course=course).values_list("pk", flat=True))
    # when: a file writes it `written`
    report = import_records(canonical.parse_bytes(demo_with_first_course_subject(written), name="after.json"))
    # then: one course, with its sections, its code in capitals, as generation requests name it
    capitals = written.upper()
    assert Course.objects.filter(number="1110").count() == 1
    course.refresh_from_db()
    assert (course.subject, course.number) == (capitals, "1110")
    assert set(Section.objects.filter(component__course=course, withdrawn_at=None).values_list("pk", flat=True)) == (
        sections
    )
    assert report.counts["section"].withdrawn == 0
    said = [w["message"] for w in report.warnings if w["field"] == "subject+number"]
    assert (f"course {stored} 1110 is written {capitals} 1110 in the file" in " ".join(said)) == renamed
    assert ("course code(s) not in capitals were upper-cased" in " ".join(said)) == (written != capitals)
    assert selectors.course_get(term=course.term, subject=written, number="1110") == course


def test_a_first_day_after_the_last_day_the_term_keeps_is_refused_naming_the_term_and_writes_nothing():
    # given: the term ends 2026-12-11; a file gives a first day after it and leaves the last day out
    import_records(demo_records())
    before = catalog_checksum()
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["term"]["first_day"] = "2026-12-30"
    del doc["term"]["last_day"]
    # when
    with pytest.raises(services.CatalogImportError) as error:
        import_records(canonical.parse_bytes(json.dumps(doc).encode(), name="t.json"))
    # then
    assert str(error.value) == (
        "term 2026-fall: first_day 2026-12-30 is after last_day 2026-12-11 (last_day kept from the catalog: the file "
        "leaves it out); expected the first day of classes on or before the last, so nothing was written"
    )
    assert catalog_checksum() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda c: replace(c, credits_min=Decimal(4), credits_max=Decimal(3)),
            "course CS 1110: credits_min 4 is above credits_max 3; expected at most credits_max",
        ),
        (
            lambda c: replace(
                c,
                sections=(
                    replace(c.sections[0], meetings=(replace(c.sections[0].meetings[0], last_date=date(2201, 1, 1)),)),
                ),
            ),
            "$.courses[0].components[0].sections[0] (registrar id 40001): a meeting dated 2026-08-24 to 2201-01-01, a "
            "year no term can have",
        ),
    ],
)
def test_records_the_database_would_refuse_are_refused_naming_the_record_not_a_constraint(change, expected):
    # given: records of a source that let through what the catalog cannot store
    records = demo_records()
    records = replace(records, courses=(change(records.courses[0]), *records.courses[1:]))
    # when
    with pytest.raises(services.CatalogImportError) as error:
        import_records(records)
    # then
    assert str(error.value) == expected
    assert Course.objects.count() == 0


def test_a_refusal_no_check_foresaw_says_what_the_constraint_keeps_out(monkeypatch):
    # given: the check of the records skipped, so the database meets the reversed credits itself
    monkeypatch.setattr(services, "unstorable_record", lambda records: "")
    records = demo_records()
    records = replace(
        records,
        courses=(replace(records.courses[0], credits_min=Decimal(4), credits_max=Decimal(3)), *records.courses[1:]),
    )
    # when
    with pytest.raises(services.CatalogImportError) as error:
        import_records(records)
    # then
    assert str(error.value).startswith(
        "the database refused the import, nothing was written: the file would put in the catalog a course whose "
        "credits_min is above its credits_max (constraint course_credit_range_ordered), which the importer should "
        "have reported at its place; please report it with the file ("
    )


def test_a_gatech_reimport_writing_a_crn_as_a_float_keeps_its_section_and_the_labs_linked_to_it():
    # given: lecture A (CRN 80001) with its studio A01, imported; the next file writes the CRN 80001.0
    def gatech_file(crn):
        sections = {"A": gatech_section(crn, [gatech_meeting()]), "A01": gatech_section("80002", [], kind=1)}
        doc = gatech_document(sections)
        return gatech_json.parse_bytes(json.dumps(doc).encode(), name="202208.json")

    services.catalog_import(records=gatech_file("80001"), format="gatech-json")
    # when
    report = services.catalog_import(records=gatech_file(80001.0), format="gatech-json")
    # then
    assert report.counts["section"].withdrawn == 0
    assert report.changes == []
    assert Section.objects.get(registrar_id="80002").parent == Section.objects.get(registrar_id="80001")
    assert [w["field"] for w in report.warnings] == ["crn"]


def test_a_reimport_stamps_the_sections_it_changes_and_withdraws_and_no_other():
    # given the demo, every section stamped a day ago
    import_records(demo_records())
    day_ago = timezone.now() - timedelta(days=1)
    Section.objects.update(updated_at=day_ago)
    # when: 40001 gets another status, 40002 leaves the file
    records = drop_section(edit_section(demo_records(), "40001", status="closed"), "40002")
    import_records(records)
    # then
    stamped = set(Section.objects.filter(updated_at__gt=day_ago).values_list("registrar_id", flat=True))
    assert stamped == {"40001", "40002"}


def test_a_report_gives_the_values_a_registrar_checks_before_and_after_and_only_the_meetings_that_differ():
    # given the demo; then 40001 closed, taught by another, and its lecture in another room
    import_records(demo_records())
    lecture = next(s for c in demo_records().courses for s in c.sections if s.registrar_id == "40001")
    moved = (replace(lecture.meetings[0], location="Olsson Hall 009"), *lecture.meetings[1:])
    records = edit_section(demo_records(), "40001", status="closed", instructors=("Grace Hopper",), meetings=moved)
    # when
    report = import_records(records, dry_run=True)
    # then: the values, in the JSON and in the text
    (change,) = report.changes
    assert change.values == {
        "status": ["open", "closed"],
        "instructors": ["Ada Byron", "Grace Hopper"],
        "meetings": ["MoWeFr 09:00-09:50 Rice Hall 130", "MoWeFr 09:00-09:50 Olsson Hall 009"],
    }
    assert (
        "[40001] CS 1110: instructors (Ada Byron → Grace Hopper), location, status (open → closed), "
        "meetings (MoWeFr 09:00-09:50 Rice Hall 130 → MoWeFr 09:00-09:50 Olsson Hall 009)"
    ) in report.render()


def test_a_report_tells_two_instructors_from_one_name_holding_a_comma():
    # given 40001 taught by two; then a file naming them as one name with a comma
    import_records(edit_section(demo_records(), "40001", instructors=("Ada Byron", "Grace Hopper")))
    records = edit_section(demo_records(), "40001", instructors=("Ada Byron, Grace Hopper",))
    # when
    report = import_records(records, dry_run=True)
    # then
    (change,) = report.changes
    assert change.values == {"instructors": ["Ada Byron; Grace Hopper", "Ada Byron, Grace Hopper"]}
    assert "[40001] CS 1110: instructors (Ada Byron; Grace Hopper → Ada Byron, Grace Hopper)" in report.render()


def import_uva(text: str):
    return services.catalog_import_file(data=text.encode(), name="2025_fall.csv", format="uva-csv")


def test_a_uva_row_without_a_class_number_keeps_the_catalogs_section_of_its_course_and_code_zeros_dropped_or_not():
    # given the lecture and the lab, then a file whose lab row lost its class number and, as Excel
    # saves it, its section code's zeros
    import_uva(UVA_HEADER + UVA_LECTURE + UVA_LAB)
    lab = UVA_LAB.replace("10002,CS,1110,101,", ",CS,1110,0101,")
    # when
    run, report = import_uva(UVA_HEADER + UVA_LECTURE + lab)
    # then: the lab is kept as it was, not withdrawn, and the rejection says so
    assert run.status == ImportRun.Status.APPLIED
    assert Section.objects.get(registrar_id="10002").withdrawn_at is None
    (rejected,) = report.rejected
    assert rejected["registrar_id"] == "10002" and rejected["reason"].endswith("is kept as it was")


def test_a_row_without_a_class_number_keeps_no_old_section_of_a_code_the_file_lists_renumbered():
    # given the lecture 10001; then a file listing it as 50001, with a second row of it without a number
    import_uva(UVA_HEADER + UVA_LECTURE)
    renumbered = UVA_LECTURE.replace("10001,", "50001,")
    again = UVA_LECTURE.replace("10001,", ",")
    # when
    run, report = import_uva(UVA_HEADER + renumbered + again)
    # then: 10001 is withdrawn, not kept beside 50001
    assert Section.objects.get(registrar_id="10001").withdrawn_at is not None
    assert [p["registrar_id"] for p in report.rejected] == [""]


@pytest.mark.parametrize(("code", "key"), [("001", "1"), ("1", "1"), ("a01", "A01"), ("²", "²"), ("٠١", "1")])
def test_a_section_code_is_matched_in_any_case_and_an_all_digit_one_by_its_number(code, key):
    assert services.code_key(code) == key


def test_a_gatech_import_gives_its_campuses_abroad_their_zones_and_keeps_the_admins(tmp_path):
    # given: a Georgia Tech file imported, then an admin's zone for a campus it does not know, and
    # another for one it does
    def gatech_file():
        doc = gatech_document({"A": gatech_section("80001", [gatech_meeting()])})
        return gatech_json.parse_bytes(json.dumps(doc).encode(), name="202208.json")

    services.catalog_import(records=gatech_file(), format="gatech-json")
    first = dict(Institution.objects.get(code="gatech").campus_timezones)
    edited = {**first, "Georgia Tech Studies Abroad": "Europe/Berlin", "Georgia Tech - Korea": "Asia/Tokyo"}
    Institution.objects.filter(code="gatech").update(campus_timezones=edited)
    # when: the next file
    services.catalog_import(records=gatech_file(), format="gatech-json")
    # then: Lorraine on Paris time from the start; the admin's zones kept, the file's not put back
    assert first["GT Lorraine-Undergrad Programs"] == "Europe/Paris" and first["Georgia Tech - Korea"] == "Asia/Seoul"
    assert Institution.objects.get(code="gatech").campus_timezones == edited


def test_campus_time_zones_round_trip_through_a_canonical_export_and_a_bad_one_is_refused(tmp_path):
    # given: the demo catalog, its institution with a campus on Paris time, exported
    import_records(demo_records())
    Institution.objects.filter(code="demo").update(campus_timezones={"Lorraine": "Europe/Paris"})
    term = Term.objects.get(code="2026-fall")
    exported = canonical.dump(selectors.catalog_records(term=term))
    document = json.loads(exported)
    Institution.objects.filter(code="demo").update(campus_timezones={})
    # when
    import_records(canonical.parse_bytes(exported, name="export.json"))
    document["institution"]["campus_timezones"] = {"Lorraine": "Europe/Metz"}
    with pytest.raises(services.CatalogImportError) as error:
        import_records(canonical.parse_bytes(json.dumps(document).encode(), name="bad.json"))
    # then
    assert document["institution"]["timezone"] == "America/New_York"
    assert Institution.objects.get(code="demo").campus_timezones == {"Lorraine": "Europe/Paris"}
    assert str(error.value) == (
        "institution campus_timezones: 'Lorraine': 'Europe/Metz' is not an IANA time zone name such as 'Europe/Paris'."
    )
