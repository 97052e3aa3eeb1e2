"""request.js (the request's URL, API and repair forms) run in the browser itself: its pure
functions imported by the page, on edge cases the end-to-end tests do not reach."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

ROUND_TRIP = """async (query) => {
  const m = await import("/static/web/request.js");
  const once = m.toQuery(m.fromQuery("?" + query));
  return [once, m.toQuery(m.fromQuery("?" + once))];
}"""


def test_a_request_survives_its_url_form_and_malformed_parts_are_dropped(open_page):
    # given
    page = open_page()
    query = (
        "i=demo&t=2026-fall&c=cs1110&c=CS+1110&c=not+a+code!&c=MATH&e=2:ARTS+2050,MUSI+1310&e=broken"
        "&b=WeMo+07:00-09:00%2B60+practice+at+8&b=Mo+10:00-09:00&b=Xx+07:00-08:00"
        "&before=10:00!&after=25:00&free=Fr,Mo&lunch=11:30-13:30&row=12&seats=1&k=500"
    )
    # when
    once, twice = page.evaluate(ROUND_TRIP, query)
    # then
    assert once == twice
    assert once == (
        "i=demo&t=2026-fall&c=CS+1110&e=2%3AARTS+2050%2CMUSI+1310&b=MoWe+07%3A00-09%3A00%2B60+practice+at+8"
        "&before=10%3A00%21&free=Mo%2CFr&lunch=11%3A30-13%3A30&seats=1"
    )


def test_kept_and_avoided_sections_survive_the_url_and_local_storage_and_malformed_ids_are_dropped(open_page):
    # given: a repeated id, an empty one, one with a slash, one 41 characters long, one both kept and avoided
    page = open_page()
    query = (
        "i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40002&pin=&pin=40/01&pin=" + "9" * 41 + "&pin=+40003"
        "&avoid=40006&avoid=40002&avoid=CRN+7"
    )
    # when
    once, twice, stored, req = page.evaluate(
        """async (query) => {
          const m = await import("/static/web/request.js");
          const once = m.toQuery(m.fromQuery("?" + query));
          const storage = new Map();
          const local = { setItem: (k, v) => storage.set(k, v), getItem: (k) => storage.get(k) ?? null };
          m.storeRequest(local, m.fromQuery("?" + once), {});
          const saved = m.loadStored(local);
          const req = m.fromQuery("?" + saved.query);
          const ids = { pinned: req.pinned, excluded: req.excluded };
          return [once, m.toQuery(m.fromQuery("?" + once)), saved.query, ids];
        }""",
        query,
    )
    # then: a kept id wins over the same id avoided
    assert once == twice == stored
    assert once == "i=demo&t=2026-fall&c=CS+1110&pin=40002&avoid=40006&avoid=CRN+7"
    assert req == {"pinned": ["40002"], "excluded": ["40006", "CRN 7"]}


def test_the_api_body_carries_weights_by_importance_and_only_the_preferences_ticked(open_page):
    # given
    page = open_page()
    # when
    body = page.evaluate(
        """async (query) => {
          const m = await import("/static/web/request.js");
          return m.toApiRequest(m.fromQuery(query));
        }""",
        "?t=2026-fall&i=demo&c=CS+1110&before=10:00!&row=2&open=1&with=Ana+Lopez,+Ben+Okafor",
    )
    # then
    assert body["preferences"] == {
        "no_classes_before": {"weight": 25, "time": "10:00"},
        "max_in_a_row": {"weight": 5, "minutes": 120},
        "instructors": {"weight": 5, "prefer": ["Ana Lopez", "Ben Okafor"]},
    }
    assert body["filters"] == {"open_seats_only": True}
    assert body["courses"] == ["CS 1110"] and body["busy"] == [] and body["k"] == 10
    assert body["pinned"] == [] and body["excluded"] == []


def test_the_api_body_sends_kept_sections_as_pinned_and_avoided_ones_as_excluded(open_page):
    # given
    page = open_page()
    # when
    body = page.evaluate(
        """async (query) => {
          const m = await import("/static/web/request.js");
          return m.toApiRequest(m.fromQuery(query));
        }""",
        "?t=2026-fall&i=demo&c=CS+1110&pin=40002&pin=40005&avoid=40006",
    )
    # then
    assert body["pinned"] == ["40002", "40005"]
    assert body["excluded"] == ["40006"]


def test_keeping_a_section_replaces_the_kept_one_of_its_component_and_stops_avoiding_it(open_page):
    # given: lecture 001 kept, lab 103 avoided; the page knows what the sections are
    page = open_page()
    # when
    steps = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const sections = {
            "40001": { course: "CS 1110", component: "LEC", code: "001" },
            "40002": { course: "CS 1110", component: "LEC", code: "002" },
            "40006": { course: "CS 1110", component: "LAB", code: "103" },
            "40026": { course: "MATH 1310", component: "DIS", code: "101" },
          };
          const ids = (req) => ({ pinned: req.pinned, excluded: req.excluded });
          let req = m.fromQuery("?c=CS+1110&c=MATH+1310&pin=40001&avoid=40006");
          const lecture = m.keepSection(req, "40002", sections);
          const lab = m.keepSection(lecture.req, "40006", sections);
          const avoided = m.avoidSection(lab.req, "40002");
          const forgotten = m.forgetSection(avoided, "40006");
          const mathOnly = { ...m.avoidSection(forgotten, "40026"), courses: ["MATH 1310"] };
          const withoutCs = m.sectionsOfCourses(mathOnly, sections);
          const unknownKept = m.keepSection(m.fromQuery("?pin=1&pin=2"), "3", {});
          return {
            lecture: { ...ids(lecture.req), replaced: lecture.replaced },
            lab: { ...ids(lab.req), replaced: lab.replaced },
            avoided: ids(avoided), forgotten: ids(forgotten), withoutCs: ids(withoutCs),
            unknownKept: unknownKept.req.pinned,
          };
        }"""
    )
    # then
    assert steps["lecture"] == {"pinned": ["40002"], "excluded": ["40006"], "replaced": ["40001"]}
    assert steps["lab"] == {"pinned": ["40002", "40006"], "excluded": [], "replaced": []}
    assert steps["avoided"] == {"pinned": ["40006"], "excluded": ["40002"]}
    assert steps["forgotten"] == {"pinned": [], "excluded": ["40002"]}
    assert steps["withoutCs"] == {"pinned": [], "excluded": ["40026"]}
    assert steps["unknownKept"] == ["1", "2", "3"]  # sections not known yet never replace each other


def test_of_two_kept_sections_of_one_component_the_later_one_stays(open_page):
    # given: lectures 001, 002 and 003 kept with lab 102, and an id whose section is not known yet
    page = open_page()
    # when
    result = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const sections = {
            "40001": { course: "CS 1110", component: "LEC", code: "001" },
            "40002": { course: "CS 1110", component: "LEC", code: "002" },
            "40003": { course: "CS 1110", component: "LEC", code: "003" },
            "40005": { course: "CS 1110", component: "LAB", code: "102" },
          };
          const req = m.fromQuery("?c=CS+1110&pin=40001&pin=40005&pin=40002&pin=9&pin=40003&avoid=40006");
          const { req: next, replaced } = m.oneKeptPerComponent(req, sections);
          const again = m.oneKeptPerComponent(next, sections);
          return { pinned: next.pinned, excluded: next.excluded, replaced, again: again.replaced };
        }"""
    )
    # then
    assert result == {
        "pinned": ["40005", "9", "40003"],
        "excluded": ["40006"],
        "replaced": [{"kept": "40003", "instead": ["40001", "40002"]}],
        "again": [],
    }


def test_a_repair_removes_exactly_the_dropped_requirements(open_page):
    # given
    page = open_page()
    # when
    repaired = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const req = m.fromQuery("?c=CS+1110&c=MUSI+1310&b=Mo+07:00-08:00&b=Tu+18:00-22:00&b=We+07:00-08:00&open=1");
          const drops = [
            {kind: "busy", ref: "1"}, {kind: "course", ref: "MUSI 1310"}, {kind: "filter", ref: "open_seats_only"},
          ];
          return m.toQuery(m.applyRepair(req, drops, {electives: []}));
        }"""
    )
    # then
    assert repaired == "c=CS+1110&b=Mo+07%3A00-08%3A00&b=We+07%3A00-08%3A00"


def test_a_repair_unpins_a_section_or_allows_a_components_excluded_sections_again(open_page):
    # given: CS 1110 lecture 001 kept, labs 103 and 104 and MUSI 1310's section avoided
    page = open_page()
    # when
    repaired = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const sections = {
            "40001": { course: "CS 1110", component: "LEC", code: "001" },
            "40006": { course: "CS 1110", component: "LAB", code: "103" },
            "40007": { course: "CS 1110", component: "LAB", code: "104" },
            "40042": { course: "MUSI 1310", component: "LEC", code: "001" },
          };
          const req = m.fromQuery("?c=CS+1110&c=MUSI+1310&pin=40001&avoid=40006&avoid=40007&avoid=40042");
          const sent = { electives: [] };
          const query = (drops) => m.toQuery(m.applyRepair(req, drops, sent, sections));
          return {
            unpin: query([{ kind: "pin", ref: "40001" }]),
            allow: query([{ kind: "exclusion", ref: "CS 1110 LAB" }]),
            dropCourse: query([{ kind: "course", ref: "MUSI 1310" }]),
          };
        }"""
    )
    # then
    assert repaired == {
        "unpin": "c=CS+1110&c=MUSI+1310&avoid=40006&avoid=40007&avoid=40042",
        "allow": "c=CS+1110&c=MUSI+1310&pin=40001&avoid=40042",
        "dropCourse": "c=CS+1110&pin=40001&avoid=40006&avoid=40007",
    }


def test_a_repair_is_applied_whatever_filter_it_drops_and_one_of_an_unknown_kind_says_why_not(open_page):
    # given
    page = open_page()
    repairs = {
        "courses and busy times": [{"kind": "course", "ref": "CS 1110"}, {"kind": "busy", "ref": "0"}],
        "an elective group": [{"kind": "elective", "ref": "1"}],
        "the open-seats filter": [{"kind": "filter", "ref": "open_seats_only"}],
        "a pin": [{"kind": "pin", "ref": "40001"}],
        "an exclusion": [{"kind": "exclusion", "ref": "CS 1110 LEC"}],
        "campus, pin": [{"kind": "filter", "ref": "campuses"}, {"kind": "pin", "ref": "40001"}],
        "modality, pin": [{"kind": "filter", "ref": "modalities"}, {"kind": "pin", "ref": "40001"}],
        "an unknown kind": [{"kind": "term", "ref": "2026-fall"}],
    }
    # when
    limits = page.evaluate(
        """async (repairs) => {
          const m = await import("/static/web/request.js");
          return Object.fromEntries(Object.entries(repairs).map(([name, drops]) => [name, m.repairLimit(drops)]));
        }""",
        repairs,
    )
    # then
    assert limits == {
        "courses and busy times": "",
        "an elective group": "",
        "the open-seats filter": "",
        "a pin": "",
        "an exclusion": "",
        "campus, pin": "",
        "modality, pin": "",
        "an unknown kind": "the planner cannot change a requirement of kind term",
    }


def test_a_jobs_stored_request_fills_the_form_with_its_kept_and_avoided_sections_and_names_what_it_cannot_show(
    open_page,
):
    # given: a job's normalised request, as GET generations/{id}/ answers it
    page = open_page()
    job = {
        "institution": "demo",
        "term": "2026-fall",
        "request": {
            "courses": ["CS 1110"],
            "electives": [{"pick": 1, "courses": ["ARTS 2050", "MUSI 1310"]}],
            "busy": [
                {
                    "days": ["Mo", "We"],
                    "start": "07:00",
                    "end": "09:00",
                    "buffer_before": 0,
                    "buffer_after": 60,
                    "first_date": None,
                    "last_date": None,
                    "label": "practice",
                }
            ],
            "pinned": ["40001"],
            "excluded": ["40006", "40007"],
            "filters": {"open_seats_only": True, "campuses": ["North"], "modalities": []},
            "preferences": {
                "no_classes_before": {"weight": 25, "time": "10:00"},
                "compact": {"weight": 7},
                "max_in_a_row": {"weight": 5, "minutes": 120, "break_minutes": 15},
            },
            "k": 5,
            "strategy": "exact",
        },
    }
    # when
    opened = page.evaluate(
        """async (job) => {
          const m = await import("/static/web/request.js");
          const { req, unshown } = m.fromJob(job);
          return { query: m.toQuery(req), body: m.toApiRequest(req), unshown };
        }""",
        job,
    )
    # then
    assert opened["query"] == (
        "i=demo&t=2026-fall&c=CS+1110&e=1%3AARTS+2050%2CMUSI+1310&b=MoWe+07%3A00-09%3A00%2B60+practice"
        "&pin=40001&avoid=40006&avoid=40007&before=10%3A00%21&row=2&compact=1&open=1&campus=North&k=5"
    )
    sent = job["request"]
    assert opened["body"]["courses"] == sent["courses"] and opened["body"]["electives"] == sent["electives"]
    assert opened["body"]["preferences"]["no_classes_before"] == sent["preferences"]["no_classes_before"]
    assert opened["body"]["pinned"] == ["40001"] and opened["body"]["excluded"] == ["40006", "40007"]
    assert opened["body"]["filters"] == {"open_seats_only": True, "campuses": ["North"]}
    assert opened["unshown"] == ["preference weights other than nice to have (5) and important (25)"]


def test_stored_labels_belong_to_their_term_and_leave_out_problems_and_malformed_entries(open_page):
    # given: a label, a quarantined section, an unknown one and a section the request no longer keeps
    page = open_page()
    # when
    fall, spring, forged = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const storage = new Map();
          const local = { setItem: (k, v) => storage.set(k, v), getItem: (k) => storage.get(k) ?? null };
          const sections = {
            "40003": { course: "CS 1110", component: "LEC", code: "003" },
            "40002": { course: "CS 1110", component: "LEC", code: "002", problem: "cannot be scheduled" },
            "99999": { unknown: true },
            "40006": { course: "CS 1110", component: "LAB", code: "103" },
          };
          const req = m.fromQuery("?i=demo&t=2026-fall&c=CS+1110&pin=40003&pin=40002&avoid=99999");
          m.storeRequest(local, req, {}, sections);
          const saved = m.loadStored(local);
          const malformed = { "a/b": sections["40003"], "40001": { course: 1 } };
          const forged = { labels: { term: "demo/2026-fall", sections: malformed } };
          return [
            m.storedLabels(saved, "demo", "2026-fall"),
            m.storedLabels(saved, "demo", "2027-spring"),
            m.storedLabels(forged, "demo", "2026-fall"),
          ];
        }"""
    )
    # then
    assert fall == {"40003": {"course": "CS 1110", "component": "LEC", "code": "003"}}
    assert spring == {} and forged == {}


def test_instructors_to_avoid_survive_the_url_and_go_to_the_api_with_the_preferred_ones_under_one_weight(open_page):
    # given
    page = open_page()
    # when
    once, body, alone = page.evaluate(
        """async (query) => {
          const m = await import("/static/web/request.js");
          const req = m.fromQuery(query);
          const avoidOnly = m.fromQuery("?t=2026-fall&i=demo&c=CS+1110&without=Byron,+Okafor");
          return [m.toQuery(req), m.toApiRequest(req).preferences, m.toApiRequest(avoidOnly).preferences];
        }""",
        "?t=2026-fall&i=demo&c=CS+1110&with=Grace+Hopper&without=Ada+Byron!",
    )
    # then: the more important of the two levels is the preference's weight, and both fields'
    assert once == "i=demo&t=2026-fall&c=CS+1110&with=Grace+Hopper%21&without=Ada+Byron%21"
    assert body == {"instructors": {"weight": 25, "prefer": ["Grace Hopper"], "avoid": ["Ada Byron"]}}
    assert alone == {"instructors": {"weight": 5, "avoid": ["Byron", "Okafor"]}}


def test_instructor_names_read_back_as_the_same_names_and_one_level_holds_for_both_fields(open_page):
    # given
    page = open_page()
    # when: names as a job gives them back, and a hand-written link with a level for each field
    texts, levels = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const lists = [["Gahlmann, Andreas"], ["Gahlmann, Andreas", "Columbus, Linda"], ["Ada Byron", "Hopper"]];
          const texts = lists.map((names) => [m.namesText(names), m.instructorNames(m.namesText(names))]);
          const req = m.fromQuery("?t=2026-fall&i=demo&c=CS+1110&with=Grace+Hopper&without=Ada+Byron!");
          const sent = m.toApiRequest(req).preferences.instructors.weight;
          return [texts, [req.prefs.with.level, req.prefs.without.level, sent]];
        }"""
    )
    # then: one "Last, First" name stays one name (it read as two: Gahlmann and Andreas), and the form
    # shows the level it sends
    assert texts == [
        ["Gahlmann, Andreas;", ["Gahlmann, Andreas"]],
        ["Gahlmann, Andreas; Columbus, Linda", ["Gahlmann, Andreas", "Columbus, Linda"]],
        ["Ada Byron, Hopper", ["Ada Byron", "Hopper"]],
    ]
    assert levels == ["important", "important", 25]


def test_allowed_overlaps_survive_the_url_are_sent_for_courses_asked_and_read_back_from_a_job(open_page):
    # given: a pair twice (either order), one naming a course not asked for, one course with itself, a malformed one
    page = open_page()
    query = (
        "i=demo&t=2026-fall&c=CS+1110&e=1:MATH+1310,ARTS+2050&ov=MATH+1310,cs1110&ov=CS+1110,MATH+1310"
        "&ov=CS+1110,PHYS+1425&ov=CS+1110,CS+1110&ov=CS+1110&ov=A+1,B+2,C+3"
    )
    # when
    once, twice, body, lone, job = page.evaluate(
        """async (query) => {
          const m = await import("/static/web/request.js");
          const once = m.toQuery(m.fromQuery("?" + query));
          const lone = m.toApiRequest(m.fromQuery("?i=demo&t=2026-fall&c=CS+1110"));
          const pairs = [["CS 1110", "MATH 1310"]];
          const asked = { courses: ["CS 1110", "MATH 1310"], allowed_overlaps: pairs, overlap_minutes: 15 };
          const job = m.fromJob({ institution: "demo", term: "2026-fall", request: asked });
          return [once, m.toQuery(m.fromQuery("?" + once)), m.toApiRequest(m.fromQuery("?" + once)), lone, job];
        }""",
        query,
    )
    # then: one pair kept, sent as the API's allowed_overlaps (none sent without a pair)
    assert once == twice
    assert once.endswith("&ov=CS+1110%2CMATH+1310")
    assert body["allowed_overlaps"] == [["CS 1110", "MATH 1310"]]
    assert "allowed_overlaps" not in lone
    # and a job's pairs fill the form, its cap said as what the form cannot show
    assert job["req"]["overlaps"] == [["CS 1110", "MATH 1310"]]
    assert job["unshown"] == ["overlaps of at most 15 minutes (the form allows any overlap of the two)"]


def test_a_jobs_back_to_back_minutes_other_than_the_forms_are_said_as_what_the_form_cannot_show(open_page):
    # given: two jobs, one asked through the API with 30 minutes, one with the default 15
    page = open_page()
    # when
    unshown = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const job = (minutes) => m.fromJob({
            institution: "demo", term: "2026-fall", request: { courses: ["CS 1110"], back_to_back_minutes: minutes },
          });
          return [job(30).unshown, job(15).unshown];
        }"""
    )
    # then
    assert unshown == [
        ["warnings of changes of building with up to 30 minutes between classes (the form warns of 15)"],
        [],
    ]
