from datetime import date, time

import pytest

from catalog.sources import uva_csv
from catalog.sources.records import CatalogFormatError

HEADER = (
    "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,"
    "Days2,Room2,MeetingDates2,Title,Status,Enrollment,EnrollmentLimit,Waitlist,Description\n"
)
TERM = "08/26/2025 - 12/09/2025"


def row(
    crn="1",
    subject="CS",
    number="1110",
    section="001",
    kind="Lecture",
    days="MoWe 1:00pm - 1:50pm",
    dates=TERM,
    days2="",
    dates2="",
    status="Open",
    enrolled="3",
    units="3",
    title="Intro",
):
    return (
        f'{crn},{subject},{number},{section},{kind},{units},"Ada, Grace",{days},Rice 130,{dates},'
        f"{days2},Rice 130,{dates2},{title},{status},{enrolled},30,0,About\n"
    )


def parse(text: str, name: str = "2025_fall.csv"):
    return uva_csv.parse_bytes(text.encode(), name=name)


def test_the_real_uva_file_accounts_for_every_section(uva_csv_path):
    records = uva_csv.parse(uva_csv_path)
    sections = [s for c in records.courses for s in c.sections]
    quarantined = [s for s in sections if s.quarantine]
    timed = [s for s in sections if any(m.is_timed for m in s.meetings)]

    assert records.sections_seen == 8690
    assert records.section_count + len(records.rejected) == 8690
    assert len(records.rejected) == 0
    # the README's 4,044 sections "with a timed meeting" include 16 whose only meeting is the
    # 12:00am - 12:00am placeholder; those are quarantined, not schedulable
    assert len(quarantined) == 16
    assert {s.quarantine.split(": ", 1)[1] for s in quarantined} == {"placeholder meeting 12:00am - 12:00am"}
    assert len(timed) == 4044 - 16
    assert (records.term.code, records.term.name) == ("2025-fall", "Fall 2025")


def test_real_uva_links_follow_the_hundred_block_rule(uva_csv_path):
    courses = {c.code: c for c in uva_csv.parse(uva_csv_path).courses}

    chem = {s.code: s.parent_code for s in courses["CHEM 1410"].sections}
    cs = {s.code: s.parent_code for s in courses["CS 1110"].sections}

    assert chem["101"] == "100" and chem["201"] == "200" and chem["100"] is None
    assert set(cs.values()) == {None}
    assert len(courses["CHEM 1411"].sections) == 72


def test_real_uva_single_date_slots_beside_a_weekly_slot_are_exams(uva_csv_path):
    chem = {c.code: c for c in uva_csv.parse(uva_csv_path).courses}["CHEM 1410"]

    kinds = {m.kind for s in chem.sections for m in s.meetings}

    assert kinds == {"weekly", "exam"}


def test_a_timed_slot_is_read_with_days_times_and_dates():
    records = parse(HEADER + row(days="MoWeFr 1:00PM - 1:50pm"))

    meeting = records.courses[0].sections[0].meetings[0]

    assert meeting.days == (0, 2, 4)
    assert (meeting.start, meeting.end) == (time(13, 0), time(13, 50))
    assert (meeting.first_date, meeting.last_date) == (date(2025, 8, 26), date(2025, 12, 9))


def test_comma_joined_instructors_and_html_entities_are_cleaned():
    records = parse(HEADER + row(title="Writer&#39;s Craft"))

    course = records.courses[0]

    assert course.title == "Writer's Craft"
    assert course.sections[0].instructors == ("Ada", "Grace")


def test_a_tba_section_has_no_timed_meeting_and_is_not_quarantined():
    records = parse(HEADER + row(days="TBA", dates="TBA"))

    section = records.courses[0].sections[0]

    assert not any(m.is_timed for m in section.meetings)
    assert section.quarantine == ""


@pytest.mark.parametrize(
    ("days", "reason"),
    [
        ("Mo 12:00am - 12:00am", "placeholder meeting"),
        ("Mo 3:00pm - 2:00pm", "end 14:00 is before start 15:00"),
        ("Mo 13:00pm - 2:00pm", "not a possible time"),
        ("Xy 1:00pm - 2:00pm", "unknown day token 'Xy'"),
    ],
)
def test_an_unusable_meeting_quarantines_the_section_with_the_line_and_reason(days, reason):
    records = parse(HEADER + row(days=days))

    section = records.courses[0].sections[0]

    assert reason in section.quarantine
    assert "line 2 Days1" in section.quarantine
    assert records.section_count == 1


def test_missing_and_duplicate_class_numbers_are_rejected_with_their_line():
    records = parse(HEADER + row(crn="7") + row(crn="7", section="002") + row(crn="", section="003"))

    assert records.sections_seen == 3
    assert records.section_count == 1
    assert [(p.location, p.field) for p in records.rejected] == [
        ("line 3", "ClassNumber"),
        ("line 4", "ClassNumber"),
    ]


def test_columns_are_found_by_name_in_any_case_and_order_with_extra_columns():
    header = "extra,classnumber,TITLE,mnemonic,NUMBER,section,type\n"
    records = parse(header + "x,99,Thing,cs,2100,001,LECTURE\n")

    section = records.courses[0].sections[0]

    assert (records.courses[0].code, section.registrar_id, section.component) == (
        "CS 2100",
        "99",
        "LEC",
    )


def test_an_unknown_type_is_kept_with_a_warning():
    records = parse(HEADER + row(kind="Colloquium"))

    assert records.courses[0].sections[0].component == "COL"
    assert [w.field for w in records.warnings] == ["Type"]


def test_missing_columns_are_named():
    with pytest.raises(CatalogFormatError, match=r"f.csv: line 1: missing column\(s\) Section, Type"):
        parse("ClassNumber,Mnemonic,Number,Title\n1,CS,1,x\n", name="f.csv")


def test_an_unterminated_quote_names_the_line():
    with pytest.raises(CatalogFormatError, match=r"f.csv: line \d+: broken CSV"):
        parse(HEADER + row() + '2,CS,1,001,Lecture,3,"Ada\n', name="f.csv")


def test_json_given_as_csv_is_refused_with_a_hint():
    with pytest.raises(CatalogFormatError, match="this looks like JSON"):
        parse('{"courses": {}}', name="f.csv")


def test_latin1_bytes_are_refused_with_the_line():
    data = (HEADER + row(title="Caf\u00e9")).encode("latin-1")

    with pytest.raises(CatalogFormatError, match=r"line 2: byte 0xe9 .* not valid UTF-8"):
        uva_csv.parse_bytes(data, name="f.csv")
