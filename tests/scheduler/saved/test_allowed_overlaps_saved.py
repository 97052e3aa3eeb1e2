"""A schedule saved from a job that allowed two of its courses to overlap: its pages say the
overlap is allowed, and a re-plan keeps the allowance."""

import pytest

from tests.scheduler.saved.conftest import save, section_of

pytestmark = pytest.mark.django_db(transaction=True)  # jobs run on commit, as in production

# the demo's MUSI 1310 meets only Tu 19:00-21:30; KINE 1010's 003 (40058) Tu 18:00-20:00
REQUEST = {
    "term": "2026-fall",
    "courses": ["MUSI 1310", "KINE 1010"],
    "excluded": ["40056", "40057"],
    "allowed_overlaps": [["MUSI 1310", "KINE 1010"]],
}
SAID = "<li>KINE 1010 LAB 003 and MUSI 1310 LEC 001 overlap Tu 19:00–20:00 (allowed)</li>"


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def planned(api, request: dict) -> dict:
    """The best schedule of a generation request, saved from its job."""
    job = api.post("/api/v1/generations/", request, format="json").json()
    job = api.get(job["url"]).json()
    assert job["status"] == "succeeded" and job["results"], job
    best = [s["id"] for s in job["results"][0]["sections"]]
    response = save(api, name="Evenings", sections=best, generation=job["id"])
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_page_and_the_shared_page_say_the_overlap_is_allowed(ada_client, ada_api):
    # given
    schedule = planned(ada_api, REQUEST)
    token = ada_api.post(f"/api/v1/schedules/{schedule['id']}/share/").json()["share_url"].rstrip("/").split("/")[-1]
    # when
    pages = [ada_client.get(f"/schedules/{schedule['id']}/"), ada_client.get(f"/s/{token}/")]
    # then: the grid marks the clash, and the note under it says it was allowed, by whom in the reader's words
    own, shared = (p.content.decode() for p in pages)
    assert "<strong>Allowed overlap</strong> (you let these courses overlap" in own
    assert "<strong>Allowed overlap</strong> (its owner let these courses overlap" in shared
    assert "you let" not in shared
    for page in (own, shared):
        assert SAID in page


def test_a_schedule_saved_without_a_job_allowing_it_shows_the_clash_alone(ada_client, ada_api):
    # given: the same sections saved by hand
    schedule = save(ada_api, name="By hand", sections=["40042", "40058"]).json()
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then
    assert "<strong>Clash:</strong>" in page
    assert "Allowed overlap" not in page


def test_a_replan_keeps_the_allowed_overlap(ada_api, reimport):
    # given: a schedule from a job allowing the overlap, with an hour's cap, and the registrar moves its lecture
    schedule = planned(ada_api, {**REQUEST, "overlap_minutes": 60})
    reimport(lambda data: section_of(data, "40042")["meetings"][0].update(location="Old Cabell 999"))
    # when
    response = ada_api.post(schedule["url"] + "replan/")
    # then: the job allows it again, and finds the schedule
    assert response.status_code == 202, response.json()
    request = response.json()["request"]
    assert (request["allowed_overlaps"], request["overlap_minutes"]) == ([["KINE 1010", "MUSI 1310"]], 60)
    job = ada_api.get(response.json()["url"]).json()
    assert [sorted(s["id"] for s in r["sections"]) for r in job["results"]] == [["40042", "40058"]]
