"""The planner's cards on meetings that are not every week of the term, in a real headless Chromium:
one-off sessions and exams on their dates, half-term courses sharing a slot, a weekend course on
several date ranges. A small catalog modelled on UVA Fall 2025 and Georgia Tech (the registrars'
own ids), whose term runs, as UVA's, from Aug 1 to Dec 19 around classes of Aug 26 to Dec 9.

Runs in `make test-embedded` only; see docs/web.md.
"""

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.web.conftest import PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CLASSES = ("2025-08-26", "2025-12-09")


def meeting(days, start, end, first=CLASSES[0], last=CLASSES[1], kind="weekly", location="Room 1"):
    return {
        "days": days,
        "start": start,
        "end": end,
        "first_date": first,
        "last_date": last,
        "location": location,
        "kind": kind,
    }


def course(code, title, kind, sections):
    subject, number = code.split()
    return {
        "subject": subject,
        "number": number,
        "title": title,
        "components": [
            {
                "kind": kind,
                "name": kind.title(),
                "sections": [
                    {"id": rid, "code": sec, "status": "open", "instructors": ["Staff"], "meetings": meetings}
                    for rid, sec, meetings in sections
                ],
            }
        ],
    }


def lab_dates(*days, start="09:30", end="12:30"):
    return [meeting(["Tu"], start, end, day, day, kind="one_off") for day in days]


WEEKENDS = [
    ("2025-08-29", "2025-08-30"),
    ("2025-09-26", "2025-09-27"),
    ("2025-10-24", "2025-10-25"),
    ("2025-12-05", "2025-12-06"),
]

CATALOG = {
    "format": "classtime-catalog",
    "version": 1,
    "institution": {"code": "qa", "name": "QA University", "timezone": "America/New_York"},
    "term": {"code": "2025-fall", "name": "Fall 2025", "first_day": "2025-08-01", "last_day": "2025-12-19"},
    "courses": [
        course(
            "CHEM 1410",
            "Introductory College Chemistry",
            "LEC",
            [
                (
                    "10400",
                    "001",
                    [
                        meeting(["Mo", "We", "Fr"], "11:00", "11:50"),
                        meeting(["We"], "19:00", "21:00", "2025-09-24", "2025-09-24", kind="exam"),
                    ],
                )
            ],
        ),
        course(
            "CHEM 1411",
            "Introductory College Chemistry Laboratory",
            "LAB",
            [
                (
                    "10526",
                    "014",
                    [
                        *lab_dates("2025-09-09", "2025-09-23"),
                        *lab_dates("2025-09-16", "2025-09-30", end="10:20"),
                    ],
                )
            ],
        ),
        course(
            "EGMT 1510",
            "Engaging Aesthetics",
            "SEM",
            [("13139", "101", [meeting(["Mo", "We"], "08:00", "09:15", last="2025-10-15")])],
        ),
        course(
            "EGMT 1530",
            "Engaging Differences",
            "LEC",
            [("13180", "201", [meeting(["Mo", "We"], "08:00", "09:15", first="2025-10-16")])],
        ),
        course("HIST 1501", "World History", "LEC", [("14000", "001", [meeting(["Tu", "Th"], "10:00", "11:15")])]),
        course(
            "PHYS 2415",
            "General Physics II",
            "LEC",
            [
                (
                    "15100",
                    "001",
                    [
                        meeting(["Mo"], "10:00", "10:50"),
                        # a Monday class dated Tuesday to Thursday: it never takes place
                        meeting(["Mo"], "15:00", "16:00", "2025-09-02", "2025-09-04"),
                    ],
                )
            ],
        ),
        course(
            "PHYS 1425",
            "General Physics I",
            "LEC",
            [
                (
                    "15000",
                    "001",
                    [
                        meeting(["Tu", "Th"], "14:00", "15:15"),
                        # listed on Monday, dated on a Wednesday: held on its date
                        meeting(["Mo"], "19:00", "21:00", "2025-09-24", "2025-09-24", kind="exam"),
                    ],
                )
            ],
        ),
        course(
            "PHYS 1430",
            "General Physics II",
            "LEC",
            [
                (
                    "15010",
                    "001",
                    [
                        meeting(["Tu", "Th"], "11:00", "12:15"),
                        # listed on Monday, given only its first date, a Wednesday: held on it
                        meeting(["Mo"], "19:00", "21:00", "2025-10-29", None, kind="exam"),
                    ],
                )
            ],
        ),
        course(
            "ASTR 1210",
            "Introduction to the Sky and Solar System",
            "LEC",
            [
                (
                    "16000",
                    "001",
                    [
                        meeting(["Tu", "Th"], "09:30", "10:45"),
                        # listed on Monday, dated Tuesday to Friday: it never takes place
                        meeting(["Mo"], "19:00", "21:00", "2025-12-09", "2025-12-12", kind="exam"),
                        # on Wednesday over finals week: held on Wednesday Dec 10
                        meeting(["We"], "14:00", "17:00", "2025-12-08", "2025-12-12", kind="exam"),
                    ],
                )
            ],
        ),
        course(
            "MGT 8803",
            "Special Topics",
            "LEC",
            [
                (
                    "87003",
                    "W01",
                    [
                        m
                        for friday, saturday in WEEKENDS
                        for m in (
                            meeting(["Fr"], "18:30", "21:15", friday, saturday),
                            meeting(["Sa"], "08:30", "16:40", friday, saturday),
                        )
                    ],
                )
            ],
        ),
    ],
}


@pytest.fixture
def qa(site, tmp_path) -> str:
    """The planner's address for this catalog's term, the demo catalog loaded beside it."""
    path = tmp_path / "qa.json"
    path.write_text(json.dumps(CATALOG))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)
    return "/?i=qa&t=2025-fall"


def generate(page) -> None:
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_contain_text("Found")


def when_of(card, rid: str):
    return card.locator(f"table.sections tr[data-section='{rid}'] td").nth(3)


def test_a_labs_one_off_dates_before_ten_and_an_exam_are_listed_and_drawn_dashed(open_page, qa):
    # given: no classes before 10:00, and a lab at 9:30 on four Tuesdays
    page = open_page(f"{qa}&c=CHEM+1410&c=CHEM+1411&before=10:00")
    # when
    generate(page)
    # then: the table lists each dated session with its dates, the exam as an exam
    card = page.locator(".card[data-rank='1']")
    expect(when_of(card, "10526")).to_have_text(
        "Tu 09:30–12:30 (one-off on Sep 9 and Sep 23); Tu 09:30–10:20 (one-off on Sep 16 and Sep 30)"
    )
    expect(when_of(card, "10400")).to_have_text("MoWeFr 11:00–11:50; We 19:00–21:00 (exam on Sep 24)")
    # the calendar draws them, dashed, with their dates (in the order of the day, the shorter first),
    # and lists them under the days, saying what dashed means
    tuesday = card.locator(".week-day[aria-label='Tue'] .event.dated")
    expect(tuesday.locator(".dates")).to_have_text(["one-off Sep 16, Sep 30", "one-off Sep 9, Sep 23"])
    expect(card.locator(".week-day[aria-label='Wed'] .event.dated .dates")).to_have_text("exam Sep 24")
    expect(card.locator(".week-note li")).to_have_text(
        [
            "CHEM 1411 LAB 014 · Tu 09:30–12:30 · one-off on Sep 9 and Sep 23",
            "CHEM 1411 LAB 014 · Tu 09:30–10:20 · one-off on Sep 16 and Sep 30",
            "CHEM 1410 LEC 001 · We 19:00–21:00 · exam on Sep 24",
        ]
    )
    expect(card.locator(".week-note")).to_contain_text("Dashed: one-off sessions and exams")
    ten = card.locator(".week-times span", has_text="10:00").bounding_box()
    assert tuesday.first.bounding_box()["y"] < ten["y"]
    # and the verdict does not read as if the 9:30 lab did not exist
    expect(card.locator(".why p")).to_have_text(
        "No other schedule costs less. It meets every preference you set in its weekly classes (one-off "
        "sessions and exams do not count; their dates are listed below)."
    )
    screenshot(page, "dated-sessions-desktop")


def test_half_term_courses_in_one_slot_take_turns_with_their_dates_at_phone_width(open_page, qa):
    # given: two courses MoWe 08:00–09:15, one in each half of the term, and one of the whole term
    page = open_page(f"{qa}&c=EGMT+1510&c=EGMT+1530&c=HIST+1501", viewport=PHONE)
    # when
    generate(page)
    # then: each says its half; the whole-term course says no dates
    card = page.locator(".card[data-rank='1']")
    expect(when_of(card, "13139")).to_have_text("MoWe 08:00–09:15 (Aug 26 – Oct 15)")
    expect(when_of(card, "13180")).to_have_text("MoWe 08:00–09:15 (Oct 16 – Dec 9)")
    expect(when_of(card, "14000")).to_have_text("TuTh 10:00–11:15")
    # and the calendar stacks them in one slot, each as wide as the day, their dates under the days
    monday = card.locator(".week-day[aria-label='Mon']")
    expect(monday.locator(".event")).to_have_count(1)
    turns = monday.locator(".event.turns .turn")
    expect(turns.locator("strong")).to_have_text(["EGMT 1510", "EGMT 1530"])
    expect(turns.locator(".dates")).to_have_text(["Aug 26 – Oct 15", "Oct 16 – Dec 9"])  # read out
    day = monday.locator(".week-body").bounding_box()
    for i in range(2):
        turn, course = turns.nth(i).bounding_box(), turns.nth(i).locator("strong").bounding_box()
        assert turn["width"] > day["width"] - 6
        assert course["y"] + course["height"] <= turn["y"] + turn["height"] + 1  # not cut off
    expect(card.locator(".week-note li")).to_have_text(
        [
            "EGMT 1510 SEM 101 · MoWe 08:00–09:15 · Aug 26 – Oct 15",
            "EGMT 1530 LEC 201 · MoWe 08:00–09:15 · Oct 16 – Dec 9",
        ]
    )
    expect(card.locator(".week-note")).not_to_contain_text("Dashed")
    # and a word too wide for its block is cut with an ellipsis, never broken letter by letter ("CHE/M")
    wraps = page.evaluate(
        "[...document.querySelectorAll('.event strong, .event em.dates')]"
        ".map(e => [getComputedStyle(e).overflowWrap, getComputedStyle(e).textOverflow])"
    )
    assert wraps and {tuple(w) for w in wraps} == {("normal", "ellipsis")}
    screenshot(page, "half-terms-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_weekend_course_on_four_date_ranges_is_one_block_a_day_and_one_entry_with_its_dates(open_page, qa):
    # given: Friday evening and Saturday, the same times on four weekends
    page = open_page(f"{qa}&c=MGT+8803")
    # when
    generate(page)
    # then
    card = page.locator(".card[data-rank='1']")
    expect(when_of(card, "87003")).to_have_text(
        "Fr 18:30–21:15 (on Aug 29, Sep 26, Oct 24 and Dec 5); Sa 08:30–16:40 (on Aug 30, Sep 27, Oct 25 and Dec 6)"
    )
    friday = card.locator(".week-day[aria-label='Fri'] .event")
    expect(friday).to_have_count(1)
    expect(friday.locator(".dates")).to_have_text("Aug 29, Sep 26, Oct 24, Dec 5")
    saturday = card.locator(".week-day[aria-label='Sat'] .event")
    expect(saturday).to_have_count(1)
    expect(saturday.locator(".dates")).to_have_text("Aug 30, Sep 27, Oct 25, Dec 6")


USUAL = """async ([sections, term]) => {
  const m = await import("/static/web/calendar.js");
  const usual = m.usualRange(sections, term);
  return sections.map((s) => m.meetingsText(s, usual));
}"""


def weekly_section(code: str, first: str, last: str, days=("Mo", "We", "Fr")) -> dict:
    return {
        "course": code,
        "component": "LEC",
        "code": "001",
        "meetings": [meeting(list(days), "09:00", "09:50", first, last)],
    }


def test_a_whole_term_class_stays_every_week_beside_more_half_term_ones_and_a_few_days_short(open_page, qa):
    # given: UVA's term (Aug 1 - Dec 19) with one whole-term class and two second-half ones; Georgia
    # Tech's, where most classes run into finals week (to Dec 15) and one ends Dec 12
    page = open_page(qa)
    uva = [
        weekly_section("ENWR 1510", *CLASSES),
        weekly_section("CGBM 2110", "2025-10-16", CLASSES[1], ("Tu", "Th")),
        weekly_section("CGBM 2310", "2025-10-16", CLASSES[1], ("Tu", "Th")),
    ]
    gt = [
        weekly_section("CS 3651", "2022-08-22", "2022-12-12", ("Tu", "Th")),
        weekly_section("CS 1331", "2022-08-22", "2022-12-15"),
        weekly_section("MATH 1554", "2022-08-22", "2022-12-15"),
    ]
    # when
    uva_texts = page.evaluate(USUAL, [uva, {"first_day": "2025-08-01", "last_day": "2025-12-19"}])
    gt_texts = page.evaluate(USUAL, [gt, {"first_day": "2022-08-22", "last_day": "2022-12-15"}])
    # then: the half-term ones say so, the whole-term ones do not
    assert uva_texts == ["MoWeFr 09:00–09:50", "TuTh 09:00–09:50 (Oct 16 – Dec 9)", "TuTh 09:00–09:50 (Oct 16 – Dec 9)"]
    assert gt_texts == ["TuTh 09:00–09:50", "MoWeFr 09:00–09:50", "MoWeFr 09:00–09:50"]


def test_an_exam_listed_on_another_weekday_than_its_date_is_drawn_and_said_on_its_dates_weekday(open_page, qa):
    # given: PHYS 1425's exam listed on Monday, dated Wednesday Sep 24
    page = open_page(f"{qa}&c=PHYS+1425")
    # when
    generate(page)
    # then: on Wednesday, as the scheduler and the calendar export hold it
    card = page.locator(".card[data-rank='1']")
    expect(when_of(card, "15000")).to_have_text("TuTh 14:00–15:15; We 19:00–21:00 (exam on Sep 24)")
    expect(card.locator(".week-day[aria-label='Wed'] .event.dated .dates")).to_have_text("exam Sep 24")
    expect(card.locator(".week-day[aria-label='Mon'] .event")).to_have_count(0)
    expect(card.locator(".week-note li")).to_have_text(["PHYS 1425 LEC 001 · We 19:00–21:00 · exam on Sep 24"])


def test_an_exam_given_only_its_first_date_is_drawn_and_said_on_that_date(open_page, qa):
    # given: PHYS 1430's exam listed on Monday, given only a first date, Wednesday Oct 29
    page = open_page(f"{qa}&c=PHYS+1430")
    # when
    generate(page)
    # then: on that Wednesday only, as the scheduler and the calendar export hold it
    card = page.locator(".card[data-rank='1']")
    expect(when_of(card, "15010")).to_have_text("TuTh 11:00–12:15; We 19:00–21:00 (exam on Oct 29)")
    expect(card.locator(".week-day[aria-label='Mon'] .event")).to_have_count(0)


def test_a_weekly_class_dated_on_none_of_its_days_is_not_drawn_and_the_schedule_says_why(open_page, qa):
    # given: PHYS 2415's Monday class at 15:00 dated Tuesday Sep 2 to Thursday Sep 4
    page = open_page(f"{qa}&c=PHYS+2415")
    # when
    generate(page)
    # then: only its Monday class at 10:00 is drawn, as the calendar export has it
    card = page.locator(".card[data-rank='1']")
    expect(card.locator(".week-day[aria-label='Mon'] .event")).to_have_count(1)
    expect(card.locator(".week-day[aria-label='Mon'] .event")).to_contain_text("10:00")
    # as the schedule's own warning, not under an "Exam:" label (it is no exam)
    expect(card.locator(".warnings li")).to_have_text(
        [
            "PHYS 2415 LEC 001 meets Mo 15:00-16:00 from 2025-09-02 to 2025-09-04, which holds no Monday: "
            "that meeting never takes place."
        ]
    )


def test_an_exam_dated_on_none_of_its_weekday_is_not_drawn_and_one_over_finals_week_is_on_its_date(open_page, qa):
    # given: ASTR 1210's Monday exam dated Tuesday Dec 9 to Friday Dec 12, its Wednesday exam dated
    # over finals week, Monday Dec 8 to Friday Dec 12
    page = open_page(f"{qa}&c=ASTR+1210")
    # when
    generate(page)
    # then: the Monday exam is not drawn nor listed under the days, as the calendar export has it;
    # the Wednesday one is, on its one date
    card = page.locator(".card[data-rank='1']")
    expect(card.locator(".week-day[aria-label='Mon'] .event")).to_have_count(0)
    expect(card.locator(".week-day[aria-label='Wed'] .event.dated .dates")).to_have_text("exam Dec 10")
    expect(card.locator(".week-note li")).to_have_text(["ASTR 1210 LEC 001 · We 14:00–17:00 · exam on Dec 10"])
    # the sections table still lists both, as the registrar does, and the schedule says why
    expect(when_of(card, "16000")).to_have_text(
        "TuTh 09:30–10:45; Mo 19:00–21:00 (exam Dec 9 – Dec 12); We 14:00–17:00 (exam on Dec 10)"
    )
    expect(card.locator(".warnings li").first).to_contain_text("which holds no Monday: that meeting never takes place.")
