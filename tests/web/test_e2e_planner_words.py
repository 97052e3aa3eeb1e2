"""What the planner says of what it did: a preference for instructors who teach none of the courses,
and a one-click repair that allows every avoided section of a component again."""

import re

import pytest
from playwright.sync_api import expect

from scheduler.models import GenerationJob
from tests.web.test_e2e_planner import generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)

SEMINARS = ["40030", "40031", "40032", "40033"]  # every ENWR 1510 seminar


def test_a_found_course_counts_only_the_sections_a_schedule_can_take(open_page):
    # given: CS 1110 lecture 001 cancelled by the registrar (3 lectures listed, 2 to take)
    from catalog import services
    from catalog.models import Section, Term

    Section.objects.filter(registrar_id="40001").update(status="cancelled")
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page()
    # when
    page.get_by_label("Find courses by code, title or instructor").fill("cs 1110")
    # then
    expect(page.locator(".result[data-code='CS 1110']")).to_contain_text("· 6 laboratories, 2 lectures")


def test_classes_with_starts_empty_on_every_term(open_page):
    # given
    page = open_page()
    # when
    page.get_by_label("Classes with", exact=True).check()
    # then
    expect(page.get_by_label("Instructors, separated by commas")).to_have_value("")
    assert "with" not in query_of(page)


def test_instructors_who_teach_none_of_the_courses_are_named_instead_of_the_preference_seeming_met(open_page):
    # given: Ana Lopez teaches CS 1110; nobody called Nobody Here teaches anything
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&with=Nobody+Here")
    # when
    generate(page)
    # then
    note = (
        "Nobody Here teaches no section of these courses in Fall 2026, so “Classes with” changed nothing: "
        "write names as the catalog does"
    )
    expect(page.locator("#with-status")).to_contain_text(note)
    expect(page.locator("#status")).to_contain_text(note)
    # when: one name that does teach, one that does not
    page.get_by_label("Instructors, separated by commas").fill("Ana Lopez, Nobody Here")
    page.get_by_label("Instructors, separated by commas").blur()
    generate(page)
    # then
    expect(page.locator("#with-status")).to_have_text(
        "Nobody Here teaches no section of these courses in Fall 2026: write names as the catalog does "
        "(the course search finds courses by instructor)."
    )


def test_nothing_fits_says_an_elective_groups_courses_once_then_names_it_as_the_form_does(open_page):
    # given: an elective group of two of three evening and weekday courses, busy all Tuesday (work)
    # and all Monday and Wednesday (gym): two clashes at once, each repair two changes
    group = "2 of HIST 2001, MUSI 1310, SPAN 2020"
    page = open_page(
        "/?i=demo&t=2026-fall&c=CS+1110&e=2:SPAN+2020,MUSI+1310,HIST+2001&b=Tu+08:00-22:00+work&b=MoWe+08:00-22:00+gym"
    )
    # when
    generate(page)
    # then: the message introduces the group, everything after names it
    message = page.locator("#explanation-message")
    expect(message).to_have_text(
        f"These cannot all hold together: elective group 1 ({group}); gym. Without elective group 1, these "
        "still clash: CS 1110; work; gym. Each repair makes two changes."
    )
    expect(page.locator("#conflicts li")).to_have_text(["Elective group 1", "Busy time: gym (MoWe 08:00–22:00)"])
    expect(page.get_by_role("button", name="Drop elective group 1 and drop the busy time gym")).to_be_visible()
    expect(page.locator("#explanation")).not_to_contain_text(f"group {group}")
    assert page.locator("#explanation").inner_text().count(group) == 1
    # when: the repair applied
    page.get_by_role("button", name="Drop elective group 1 and drop the busy time gym").click()
    # then: that group went
    expect(page.locator("#status")).to_contain_text("Applied “Drop elective group 1 and drop the busy time gym”.")
    expect(page.locator("[data-group]")).to_have_count(0)


def test_the_repair_of_an_avoided_component_says_it_allows_all_of_its_avoided_sections_again(open_page):
    # given: every ENWR 1510 seminar avoided
    page = open_page("/?i=demo&t=2026-fall&c=ENWR+1510&" + "&".join(f"avoid={rid}" for rid in SEMINARS))
    expect(page.locator("#kept")).to_contain_text("ENWR 1510 SEM 004")  # the labels looked up
    # when
    generate(page)
    repair = page.locator("#repairs li", has=page.get_by_role("button"))
    # then: the button says what it does; the section the best schedule takes is a hint
    expect(repair.get_by_role("button")).to_have_text("Allow the avoided ENWR 1510 seminars again (4)")
    expect(repair).to_contain_text("(the best schedule then takes ENWR 1510 SEM 001)")
    # when
    repair.get_by_role("button").click()
    # then
    expect(page.locator("#status")).to_contain_text("Applied “Allow the avoided ENWR 1510 seminars again (4)”. Found")
    expect(page.locator("#kept-empty")).to_be_visible()


def test_a_repair_dropping_a_busy_time_named_with_an_and_keeps_the_engine_s_words(open_page):
    # given: ENWR 1510 kept to its 10:00 seminar, and a busy time named “Work and gym” over it
    page = open_page("/?i=demo&t=2026-fall&c=ENWR+1510&pin=40030&b=MoWeFr+09:00-11:00+Work+and+gym")
    # when
    generate(page)
    # then: the label is the engine's, not cut at its “and” and put in brackets
    button = page.locator("#repairs li").get_by_role("button", name=re.compile("busy time"))
    expect(button).to_have_text("Drop the busy time Work and gym")


def test_a_surname_is_read_as_the_catalogs_name_and_the_page_says_so(open_page):
    # given: Grace Hopper teaches CS 1110 lecture 003; the student types her surname in lower case
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&with=hopper")
    # when
    generate(page)
    # then: her lecture is in the best schedule, and the page names whom it read
    expect(page.locator("#with-status")).to_have_text(
        "“Classes with” reads Grace Hopper, as the catalog writes the name."
    )
    expect(page.locator(".card[data-rank='1'] [data-section='40003']").first).to_be_visible()


def test_each_line_of_the_breakdown_says_what_its_points_count(open_page):
    # given: classes before 18:00 (every one) important, 25 a meeting; fewer days nice to have, 5 a day
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&before=18:00!&fewer=1")
    # when
    generate(page)
    # then: each line says its count and weight, and the points are their product
    lines = page.locator(".card[data-rank='1'] .breakdown li").all_inner_texts()
    early = next(
        re.fullmatch(
            r"Classes before your earliest time: (\d+) points "
            r"\((\d+) class meetings a week before 18:00, 25 each: .+\)",
            line,
        )
        for line in lines
        if line.startswith("Classes before")
    )
    days = next(
        re.fullmatch(r"Days with classes: (\d+) points \((\d) days?, 5 each: .+\)", line)
        for line in lines
        if line.startswith("Days")
    )
    assert early and int(early[1]) == 25 * int(early[2]) > 0
    assert days and int(days[1]) == 5 * int(days[2]) > 0


def test_each_line_of_the_breakdown_names_the_classes_and_days_its_points_come_from(open_page):
    # given: CS 1110 lecture 001 (MoWeFr 9:00) and lab 106 (Fr 13:00), MATH 1310 lecture 001
    # (MoWeFr 8:00) and discussion 102 (Tu 15:30) kept; classes before 10:00 and on Friday important
    kept = "&".join(f"pin={sid}" for sid in ("40001", "40009", "40023", "40027"))
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&{kept}&before=10:00!&free=Fr!")
    # when
    generate(page)
    # then: the classes as the page names them, and the weekday of a cost of the week
    expect(page.locator(".card[data-rank='1'] .breakdown li")).to_have_text(
        [
            "Classes before your earliest time: 150 points (6 class meetings a week before 10:00, 25 each: "
            "CS 1110 LEC 001 and MATH 1310 LEC 001)",
            "Classes on days you keep free: 25 points (1 day you keep free, 25 each; classes on Friday: "
            "CS 1110 LAB 106, CS 1110 LEC 001 and MATH 1310 LEC 001)",
        ]
    )


def test_a_lunch_missed_for_a_busy_time_names_it_beside_the_classes(open_page):
    # given: CS 1110 lecture 001 (MoWeFr 9:00) kept, practice MoWeFr 11:00-13:45, and lunch
    # between 11:00 and 14:00 important: 15 free minutes on those days, not 30
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40001&b=MoWeFr+11:00-13:45+practice&lunch=11:00-14:00!")
    # when
    generate(page)
    # then: the practice is named as taking part, after the classes and days
    lunch = page.locator(".card[data-rank='1'] .breakdown li", has_text="without 30 free minutes")
    expect(lunch).to_have_text(
        re.compile(
            r"Days without your lunch break: \d+ points \(\d days? without 30 free minutes between 11:00 and "
            r"14:00, 25 each; classes on .*CS 1110 LEC 001.*; busy time practice\)"
        )
    )


def test_a_miss_owed_to_the_elective_picked_names_no_class(open_page):
    # given: one of CS 1110 and MATH 1310, Grace Hopper (CS 1110 lecture 003) wanted; MATH kept
    kept = "&".join(f"pin={sid}" for sid in ("40023", "40027"))
    page = open_page(f"/?i=demo&t=2026-fall&e=1:CS+1110,MATH+1310&{kept}&with=Grace+Hopper!")
    # when
    generate(page)
    # then: the miss is MATH 1310 picked over the course she teaches, no section of it
    expect(page.locator(".card[data-rank='1'] .breakdown li")).to_have_text(
        ["Sections without the instructors you chose: 25 points (1 miss, 25 each: from the elective courses picked)"]
    )


def test_open_seats_on_a_catalog_without_seat_counts_says_it_changed_nothing(open_page):
    # given: CS 1110's sections listed open with no capacity, as Georgia Tech's catalog lists all
    from catalog import services
    from catalog.models import Section, Term

    Section.objects.filter(component__course__subject="CS", component__course__number="1110").update(
        status="open", capacity=None, enrolled=None
    )
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&seats=1")
    # when
    generate(page)
    # then
    note = (
        "The catalog gives no seat counts for these courses (every section is listed open), "
        "so “open seats” changed nothing."
    )
    expect(page.locator("#seats-status")).to_have_text(note)
    expect(page.locator("#status")).to_contain_text(note)


def test_an_unnamed_busy_time_in_a_clash_is_named_by_its_hours_once(open_page):
    # given: MUSI 1310 meets only Tuesday 19:00-21:30, under a busy time with no name
    page = open_page("/?i=demo&t=2026-fall&c=MUSI+1310&b=Tu+18:00-22:00")
    # when
    generate(page)
    # then: the engine's label says its hours; the page adds none in brackets
    expect(page.locator("#conflicts li")).to_have_text(["Course: MUSI 1310", re.compile(r"^Busy time: Tu[^()]*$")])


def test_a_schedules_sections_say_their_seat_status_as_the_saved_pages_do(open_page):
    # given: CHEM 1410 discussion 203 (40017) is closed, and kept
    page = open_page("/?i=demo&t=2026-fall&c=CHEM+1410&pin=40017")
    # when
    generate(page)
    # then
    card = page.locator(".card[data-rank='1']")
    expect(card.get_by_role("columnheader", name="Status")).to_be_visible()
    expect(card.locator("tr[data-section='40017'] td.seat-status")).to_have_text("closed")
    expect(card.locator("tr[data-section]:not([data-section='40017']) td.seat-status")).to_have_text(["open"])


def test_a_repair_that_takes_a_closed_section_says_it_is_closed(open_page):
    # given: kept lecture 001 meets MoWeFr 9:00, where the gym is; lecture 002 is closed
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&pin=40001&b=MoWeFr+09:00-10:00+gym")
    # when
    generate(page)
    # then
    button = page.locator("#repairs").get_by_role("button", name=re.compile(r"^Take CS 1110 LEC 002 instead of"))
    expect(button.locator("xpath=..")).to_contain_text("(CS 1110 LEC 002 is closed)")


def test_a_name_too_long_for_the_api_is_refused_in_the_words_of_the_form(open_page):
    # given: a link whose "Classes with" name is longer than the API takes (typing stops at 200)
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&with={'x' * 201}")
    expect(page.get_by_label("Instructors, separated by commas")).to_have_attribute("maxlength", "200")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: the control is named, not the API's field path or the framework's words
    expect(page.locator("#form-error")).to_have_text(
        "“Classes with”, name 1: longer than the 200 characters allowed. Change it and generate again."
    )


def test_a_course_both_required_and_elective_is_refused_in_the_words_of_the_form(open_page):
    # given: an old or hand-edited link with CS 1110 required and in an elective group
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:CS+1110,MATH+1310")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "Your elective groups: CS 1110 is both required and in an elective group; remove it from one of them."
        " Change it and generate again."
    )


def test_interchangeable_sections_are_not_said_to_meet_at_the_same_times_and_say_their_own(open_page):
    # given: the engine merges CHEM 1411 labs that nothing in this request tells apart; lab 40021
    # meets on Thursdays at 8:00, lab 40019 at the times of 40018
    page = open_page("/?i=demo&t=2026-fall&c=HIST+2001&c=CHEM+1411&c=STS+1500&c=ARTS+2050&c=CS+4993")
    # when
    generate(page)
    # then
    card = page.locator(".card[data-rank='1']")
    expect(card.locator("caption")).not_to_contain_text("same times")
    expect(card.get_by_role("columnheader", name="Interchangeable here")).to_be_visible()
    cell = card.locator("tr[data-section='40018'] td.alternatives")
    expect(cell).to_contain_text("40021 at Th 08:00–11:00 (one-off on Sep 3")
    expect(cell).to_contain_text(re.compile(r"^40019, 40021 at"))


def test_a_component_named_special_studies_is_counted_as_special_studies(open_page):
    # given: CS 1110's labs named as UVA names its independent work
    from catalog import services
    from catalog.models import Component, Term

    Component.objects.filter(course__number="1110", kind="LAB").update(name="Special Studies")
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page()
    # when
    page.get_by_label("Find courses by code, title or instructor").fill("cs 1110")
    # then
    expect(page.locator(".result[data-code='CS 1110']")).to_contain_text("· 6 special studies, 3 lectures")


def test_avoid_instructors_keeps_their_sections_out_of_the_best_schedule_and_stays_in_the_address(open_page):
    # given: CS 1110, whose lectures 001 and 002 Ada Byron teaches and 003 Grace Hopper
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    prefs = page.locator("[data-pref=without]")
    # when
    prefs.get_by_label("Avoid instructors").check()
    page.get_by_label("Instructors to avoid, separated by commas").fill("Ada Byron")
    page.get_by_label("Instructors to avoid, separated by commas").blur()
    page.get_by_label("Importance of instructors to avoid").select_option("important")
    generate(page)
    # then: the job asks to avoid her, and the best schedule's lecture is not hers
    assert query_of(page)["without"] == ["Ada Byron!"]
    job = GenerationJob.objects.latest("created_at")
    assert job.request["preferences"]["instructors"]["avoid"] == ["Ada Byron"]
    assert job.request["preferences"]["instructors"]["weight"] == 25
    card = page.locator(".card[data-rank='1']")
    expect(card.locator("tr", has_text="LEC")).to_contain_text("Grace Hopper")
    expect(card.locator(".breakdown")).to_contain_text("Sections with the instructors you avoid: none")
    # when: the bare address later, in the same browser (local storage)
    page.goto("/")
    page.wait_for_selector("body[data-ready=true]")
    # then
    expect(prefs.get_by_label("Avoid instructors")).to_be_checked()
    expect(page.get_by_label("Instructors to avoid, separated by commas")).to_have_value("Ada Byron")
    expect(page.get_by_label("Importance of instructors to avoid")).to_have_value("important")


def test_a_name_both_preferred_and_avoided_is_refused_in_the_words_of_the_form(open_page):
    # given: a link preferring and avoiding Ada Byron
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&with=Ada+Byron&without=Ada+Byron")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "“Avoid instructors”: Ada Byron is under “Classes with” too; remove the name from one of them."
        " Change it and generate again."
    )


def test_an_avoided_instructor_who_teaches_none_of_the_courses_is_named(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&without=Nobody+Here")
    # when
    generate(page)
    # then
    note = "Nobody Here teaches no section of these courses in Fall 2026, so “Avoid instructors” changed nothing"
    expect(page.locator("#without-status")).to_contain_text(note)
    expect(page.locator("#status")).to_contain_text(note)


def test_classes_with_and_avoid_instructors_weigh_the_same_as_the_api_takes_one_weight(open_page):
    # given: both ticked, nice to have
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&with=Grace+Hopper&without=Ada+Byron")
    # when
    page.get_by_label("Importance of instructors", exact=True).select_option("important")
    # then
    expect(page.get_by_label("Importance of instructors to avoid")).to_have_value("important")
    expect(page.locator("#status")).to_have_text(
        "“Classes with” and “Avoid instructors” weigh the same: both are important now."
    )
    assert query_of(page)["with"] == ["Grace Hopper!"] and query_of(page)["without"] == ["Ada Byron!"]


def test_instructors_written_last_name_first_are_kept_apart_on_the_card_and_in_the_form(open_page):
    # given: CS 1110's lectures taught by two people the catalog writes "Last, First"
    from catalog import services
    from catalog.models import Section, Term

    Section.objects.filter(registrar_id__in=["40001", "40002", "40003"]).update(
        instructors=["Gahlmann, Andreas", "Columbus, Linda"]
    )
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    # when
    generate(page)
    # then: two names, not four
    lecture = page.locator(".card[data-rank='1'] tr", has_text="LEC")
    expect(lecture.locator("td").nth(5)).to_have_text("Gahlmann, Andreas; Columbus, Linda")
    # when: a job asking for them, its names as the catalog writes them, fills the form
    filled = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const job = { institution: "demo", term: "2026-fall", request: { courses: ["CS 1110"], preferences: {
            instructors: { weight: 5, prefer: ["Gahlmann, Andreas", "Columbus, Linda"], avoid: [] } } } };
          const { req } = m.fromJob(job);
          return [req.prefs.with.names, m.toApiRequest(req).preferences.instructors.prefer];
        }"""
    )
    # then: the field reads them back as the same two names
    assert filled == ["Gahlmann, Andreas; Columbus, Linda", ["Gahlmann, Andreas", "Columbus, Linda"]]
