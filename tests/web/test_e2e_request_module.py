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


def test_only_a_repair_the_form_can_express_is_applied_and_the_others_say_why_not(open_page):
    # given
    page = open_page()
    repairs = {
        "courses and busy times": [{"kind": "course", "ref": "CS 1110"}, {"kind": "busy", "ref": "0"}],
        "an elective group": [{"kind": "elective", "ref": "1"}],
        "the open-seats filter": [{"kind": "filter", "ref": "open_seats_only"}],
        "a pin": [{"kind": "pin", "ref": "40001"}],
        "an exclusion": [{"kind": "exclusion", "ref": "CS 1110 LEC"}],
        "campus, pin": [{"kind": "filter", "ref": "campuses"}, {"kind": "pin", "ref": "40001"}],
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
        "a pin": "the planner keeps no pinned sections",
        "an exclusion": "the planner keeps no excluded sections",
        "campus, pin": "the planner has no campus or modality filter; the planner keeps no pinned sections",
    }


def test_a_jobs_stored_request_fills_the_form_and_names_what_the_form_cannot_show(open_page):
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
            "excluded": [],
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
          const { req, pinned, unshown } = m.fromJob(job);
          return { query: m.toQuery(req), body: m.toApiRequest(req), pinned, unshown };
        }""",
        job,
    )
    # then
    assert opened["query"] == (
        "i=demo&t=2026-fall&c=CS+1110&e=1%3AARTS+2050%2CMUSI+1310&b=MoWe+07%3A00-09%3A00%2B60+practice"
        "&before=10%3A00%21&row=2&compact=1&open=1&k=5"
    )
    sent = job["request"]
    assert opened["body"]["courses"] == sent["courses"] and opened["body"]["electives"] == sent["electives"]
    assert opened["body"]["preferences"]["no_classes_before"] == sent["preferences"]["no_classes_before"]
    assert opened["pinned"] == ["40001"]
    assert opened["unshown"] == [
        "preference weights other than nice to have (5) and important (25)",
        "only the campuses North",
    ]
