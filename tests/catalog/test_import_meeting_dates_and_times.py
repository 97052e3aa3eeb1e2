"""What the import says of meetings dated outside their term, and of the days it gives a new term."""

import json
from datetime import date

import pytest

from catalog import services
from catalog.models import Term
from catalog.sources import canonical, gatech_json
from tests.catalog.sources.test_gatech_json import CACHES
from tests.catalog.sources.test_gatech_json import document as gatech_document
from tests.catalog.sources.test_gatech_json import meeting as gatech_meeting
from tests.catalog.sources.test_gatech_json import section as gatech_section
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

UVA_HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Days1,Room1,MeetingDates1,Title\n"
UVA_ROWS = [
    "10001,CS,1110,001,Lecture,MoWe 1:00pm - 1:50pm,Rice Hall 130,08/26/2025 - 12/09/2025,Programming\n",
    "10002,CS,1110,101,Laboratory,Fr 9:00am - 9:50am,Rice Hall 011,08/26/2025 - 12/09/2025,Programming\n",
    "10003,CS,1110,102,Laboratory,Fr 11:00am - 11:50am,Rice Hall 011,08/26/2025 - 12/09/2025,Programming\n",
]
UVA_TYPO = "10004,CS,1110,103,Laboratory,Th 9:00am - 9:50am,Rice Hall 011,08/26/2125 - 12/09/2125,Programming\n"


def upload_uva(text: str, name: str = "2025_fall.csv"):
    return services.catalog_import_file(data=text.encode(), name=name, format="uva-csv")


def warnings_of(report, field: str) -> list[dict]:
    return [w for w in report.warnings if w["field"] == field]


def warnings_at(report, field: str) -> list[str]:
    return [w["message"] for w in warnings_of(report, field)]


def test_a_mistyped_year_does_not_stretch_a_new_term_and_its_meeting_is_warned_about_at_its_line():
    # when: one row of a new term's file dated 2125 instead of 2025
    run, report = upload_uva(UVA_HEADER + "".join(UVA_ROWS) + UVA_TYPO)
    # then: the term takes the other meetings' days, says so, and names the row dated outside them
    term = Term.objects.get()
    assert (term.first_day, term.last_day) == (date(2025, 8, 26), date(2025, 12, 9))
    assert report.term_days_from_meetings == ["2025-08-26", "2025-12-09"]
    assert "Term 2025-fall is new: its first and last day, 2025-08-26 and 2025-12-09, are its meetings'" in (
        report.render()
    )
    assert warnings_at(report, "dates") == [
        "line 5, field 'dates', value '2125-08-26 to 2125-12-09': CS 1110 LAB 103: dated 2125-08-26 to 2125-12-09, "
        "over 300 days outside the term's days, 2025-08-26 to 2025-12-09; imported as listed (it is held on its own "
        "dates), but check its dates (a mistyped year?)"
    ]


def test_a_section_whose_two_slots_are_both_mistyped_is_warned_about_once():
    # given: a second slot repeating the first's dates (as an exam would on another row)
    header = UVA_HEADER.replace("MeetingDates1,", "MeetingDates1,Days2,Room2,MeetingDates2,")
    rows = [row.replace("2025,Programming", "2025,,,,Programming") for row in UVA_ROWS]
    typo = UVA_TYPO.replace(
        "2125,Programming", "2125,Tu 9:00am - 9:50am,Rice Hall 011,08/26/2125 - 12/09/2125,Programming"
    )
    # when
    run, report = upload_uva(header + "".join(rows) + typo)
    # then: one warning for the section, its dates said once
    [said] = warnings_at(report, "dates")
    assert said.startswith(
        "line 5, field 'dates', value '2125-08-26 to 2125-12-09': CS 1110 LAB 103: dated 2125-08-26 "
    )


def test_a_corrected_reimport_after_a_mistyped_year_warns_no_more():
    # given
    upload_uva(UVA_HEADER + "".join(UVA_ROWS) + UVA_TYPO)
    # when: the registrar corrects the year
    run, report = upload_uva(UVA_HEADER + "".join(UVA_ROWS) + UVA_TYPO.replace("2125", "2025"))
    # then
    assert warnings_at(report, "dates") == []
    assert report.term_days_from_meetings == []  # a known term keeps its days
    assert Term.objects.values_list("first_day", "last_day").get() == (date(2025, 8, 26), date(2025, 12, 9))


def test_a_meeting_outside_the_days_staff_gave_a_known_term_is_warned_about():
    # given: the term's days set in the admin, shorter than a part-of-term section's
    upload_uva(UVA_HEADER + "".join(UVA_ROWS))
    Term.objects.update(first_day=date(2025, 9, 1))
    # when
    run, report = upload_uva(UVA_HEADER + "".join(UVA_ROWS))
    # then: one warning counting the sections, not one a meeting (a real catalog has hundreds), and
    # no mistyped year suggested for dates days away
    [said] = warnings_at(report, "dates")
    assert said.startswith("term, field 'dates', value '2025-09-01 to 2025-12-09': 3 sections meet up to 6 days ")
    assert "outside the term's days, 2025-09-01 to 2025-12-09: " in said and "mistyped" not in said


def test_a_gatech_date_range_with_a_mistyped_year_does_not_stretch_a_new_term():
    # given: three sections meeting Aug 22 to Dec 15 2022, one dated 2122
    caches = {**CACHES, "dateRanges": [*CACHES["dateRanges"], "Aug 22, 2022 - Dec 15, 2122"]}
    sections = {code: gatech_section(f"8000{n}", [gatech_meeting()]) for n, code in enumerate("ABC")}
    sections["D"] = gatech_section("80009", [gatech_meeting(dates=2)])
    records = gatech_json.parse_bytes(json.dumps(gatech_document(sections, caches=caches)).encode(), name="202208.json")
    # when
    report = services.catalog_import(records=records, format="gatech-json")
    # then
    assert Term.objects.values_list("first_day", "last_day").get() == (date(2022, 8, 22), date(2022, 12, 15))
    assert report.term_days_from_meetings == ["2022-08-22", "2022-12-15"]
    assert [w["location"] for w in report.warnings if w["field"] == "dates"] == ["$.courses['MATH 1551'][1]['D']"]


def test_a_canonical_meeting_dated_outside_its_terms_days_is_warned_about_at_its_path():
    # given: the demo catalog's first meeting dated a year late
    doc = json.loads(DEMO_CATALOG.read_text())
    meeting = doc["courses"][0]["components"][0]["sections"][0]["meetings"][0]
    meeting["first_date"], meeting["last_date"] = "2027-08-24", "2027-12-11"
    # when
    report = services.catalog_import(records=canonical.parse_bytes(json.dumps(doc).encode()), format="canonical")
    # then: the file names its term's days, so they are not the meetings'
    assert report.term_days_from_meetings == []
    assert [(w["location"], w["value"]) for w in report.warnings if w["field"] == "dates"] == [
        ("$.courses[0].components[0].sections[0]", "2027-08-24 to 2027-12-11")
    ]


def test_an_exam_after_the_last_day_of_classes_is_warned_about_only_when_far_after_it():
    # given: a finals-week exam four days after the last day, and one dated a century late
    doc = json.loads(DEMO_CATALOG.read_text())
    meetings = doc["courses"][0]["components"][0]["sections"][0]["meetings"]
    final = {**meetings[0], "days": ["Tu"], "kind": "exam", "first_date": "2026-12-15", "last_date": "2026-12-15"}
    typo = {**final, "first_date": "2126-12-15", "last_date": "2126-12-15"}
    meetings.extend([final, typo])
    # when
    report = services.catalog_import(records=canonical.parse_bytes(json.dumps(doc).encode()), format="canonical")
    # then
    assert warnings_at(report, "dates") == [
        "$.courses[0].components[0].sections[0], field 'dates', value '2126-12-15 to 2126-12-15': CS 1110 LEC 001: "
        "dated 2126-12-15 to 2126-12-15, over 300 days outside the term's days, 2026-08-24 to 2026-12-11; imported as "
        "listed (it is held on its own dates), but check its dates (a mistyped year?)"
    ]


SECTIONS_CSV = (
    "subject,number,title,section,component,registrar_id,days,start,end,start_date,end_date\n"
    "CS,1110,Programming,001,LEC,10001,MWF,10:00am,10:50pm,2025-08-26,2025-12-09\n"
    "CS,1110,Programming,002,LEC,10002,MWF,12:00am,12:50pm,2025-08-26,2025-12-09\n"
    "NUR,4210,Clinical,101,CLN,10003,Fr,7:00am,7:00pm,2025-08-26,2025-12-09\n"
)


def test_a_sections_csv_meeting_of_over_12_hours_is_warned_about_as_an_am_pm_typo_at_its_line():
    # when
    run, report = services.catalog_import_file(
        data=SECTIONS_CSV.encode(), name="fall.csv", format="sections-csv", institution_code="demo-u"
    )
    # then: a 12-hour clinical shift is a real class; 12 h 50 min is an am or pm mistyped
    assert [(w["location"], w["value"]) for w in warnings_of(report, "time")] == [
        ("line 2", "MoWeFr 10:00-22:50"),
        ("line 3", "MoWeFr 00:00-12:50"),
    ]
    assert warnings_of(report, "time")[0]["reason"] == (
        "CS 1110 LEC 001: the meeting MoWeFr 10:00 to 22:50 is 12 h 50 min long, over 12 hours (the longest classes "
        "of the real catalogs, clinical shifts, are 12): is an am or pm mistyped? (10:00 to 10:50 or 22:00 to 22:50 "
        "would be 50 minutes); imported as read, check its time"
    )


def test_a_uva_meeting_with_its_pm_mistyped_is_warned_about_at_its_line():
    # when
    run, report = upload_uva(
        UVA_HEADER
        + UVA_ROWS[0].replace("1:50pm", "1:50am").replace("1:00pm", "1:00am")
        + UVA_ROWS[1].replace("9:50am", "9:50pm")
    )
    # then
    assert [(w["location"], w["value"]) for w in warnings_of(report, "time")] == [("line 3", "Fr 09:00-21:50")]


def test_a_gatech_period_with_its_pm_mistyped_is_warned_about_at_its_path():
    # given
    caches = {**CACHES, "periods": [*CACHES["periods"], "10:00 am - 10:50 pm"]}
    sections = {"A": gatech_section("80001", [gatech_meeting()]), "B": gatech_section("80002", [gatech_meeting(2)])}
    records = gatech_json.parse_bytes(json.dumps(gatech_document(sections, caches=caches)).encode(), name="202208.json")
    # when
    report = services.catalog_import(records=records, format="gatech-json")
    # then
    assert [(w["location"], w["value"]) for w in warnings_of(report, "time")] == [
        ("$.courses['MATH 1551'][1]['B']", "MoWeFr 10:00-22:50")
    ]


def test_a_term_an_earlier_mistyped_year_stretched_is_warned_about_at_the_corrected_reimport():
    # given: a term whose last day an import before this check took from a row dated 2125
    upload_uva(UVA_HEADER + "".join(UVA_ROWS))
    Term.objects.update(last_day=date(2125, 12, 9))
    # when: the corrected file is imported
    run, report = upload_uva(UVA_HEADER + "".join(UVA_ROWS))
    # then: the term keeps its days, and the report says they are far from every meeting's
    assert [w["message"] for w in warnings_of(report, "term")] == [
        "term, field 'term', value '2025-08-26 to 2125-12-09': term 2025-fall's last day 2125-12-09 is 36,524 days "
        "after its meetings' dates (2025-08-26 to 2025-12-09); it keeps the days it has (a known term keeps its "
        "days), so set them in the admin (Terms) if an earlier file's mistyped year put them there"
    ]
