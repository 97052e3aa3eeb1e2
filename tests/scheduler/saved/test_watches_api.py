"""The watches API (`/api/v1/watches/`): sign-in needed, one's own watches only (another's is a
404), a watch by section id or by term and registrar id, the limit of 50, and the schema."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from catalog.models import Section, Term
from scheduler import watches
from scheduler.models import SectionWatch
from tests.conftest import yaml_read

pytestmark = pytest.mark.django_db

LECTURE = {"term": "2026-fall", "registrar_id": "40002"}  # CS 1110 LEC 002, closed


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def test_signed_out_is_refused_and_nothing_is_watched():
    # when
    listed = APIClient().get("/api/v1/watches/")
    made = APIClient().post("/api/v1/watches/", LECTURE, format="json")
    # then
    assert (listed.status_code, made.status_code) == (401, 401)
    assert not SectionWatch.objects.exists()


def test_a_watch_by_term_and_registrar_id_is_made_once_and_listed(ada, ada_api):
    # when
    first = ada_api.post("/api/v1/watches/", LECTURE, format="json")
    again = ada_api.post("/api/v1/watches/", LECTURE, format="json")
    listed = ada_api.get("/api/v1/watches/")
    # then
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    body = first.json()
    assert body["course"] == "CS 1110" and body["component"] == "LEC" and body["code"] == "002"
    assert (body["status"], body["open"], body["seats_free"], body["email_openings"]) == ("closed", False, 0, True)
    assert body["url"].endswith(f"/api/v1/watches/{body['id']}/")
    assert [w["registrar_id"] for w in listed.json()["results"]] == ["40002"]
    assert SectionWatch.objects.get(user=ada).told == "full"


def test_the_list_narrowed_to_a_term_holds_its_watches_only(ada, ada_api, reimport):
    # given: a watch in 2026-fall and one in a second term, 2027-spring
    def spring(data):
        data["term"].update(code="2027-spring", name="Spring 2027")
        for course in data["courses"]:
            for component in course["components"]:
                for s in component["sections"]:
                    s["id"] = "9" + s["id"]

    reimport(spring)
    ada_api.post("/api/v1/watches/", LECTURE, format="json")
    ada_api.post("/api/v1/watches/", {"term": "2027-spring", "registrar_id": "940002"}, format="json")
    # when
    fall = ada_api.get("/api/v1/watches/", {"term": "2026-fall", "institution": "demo"})
    every = ada_api.get("/api/v1/watches/")
    unknown = ada_api.get("/api/v1/watches/", {"term": "1999-fall"})
    blank = ada_api.get("/api/v1/watches/", {"term": ""})
    # then
    assert [(w["term"], w["registrar_id"]) for w in fall.json()["results"]] == [("2026-fall", "40002")]
    assert sorted(w["registrar_id"] for w in every.json()["results"]) == ["40002", "940002"]
    assert (unknown.status_code, blank.status_code) == (400, 400)
    assert "term" in unknown.json()["error"]["fields"] and "term" in blank.json()["error"]["fields"]


def test_a_watch_by_section_id(ada_api):
    # given
    section = Section.objects.get(registrar_id="40004")
    # when
    response = ada_api.post("/api/v1/watches/", {"section_id": section.pk, "email_openings": False}, format="json")
    # then
    assert response.status_code == 201
    assert (response.json()["registrar_id"], response.json()["email_openings"]) == ("40004", False)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"term": "2026-fall", "registrar_id": "99999"}, "registrar_id", "has no section '99999'"),
        ({"term": "1999-fall", "registrar_id": "40002"}, "term", "no term '1999-fall'"),
        ({"section_id": 99999999}, "section_id", "no section 99999999"),
        ({"section_id": 1, **LECTURE}, "section_id", "not both"),
        ({"term": "2026-fall"}, "registrar_id", "required without `section_id`"),
        ({"registrar_id": "40002", "name": "x"}, "name", "not a field here"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(ada_api, body, field, words):
    # when
    response = ada_api.post("/api/v1/watches/", body, format="json")
    # then
    assert response.status_code == 400
    assert any(words in message for message in response.json()["error"]["fields"][field]), response.json()


def test_a_withdrawn_or_hidden_terms_section_is_refused(ada_api, tmp_path):
    # given: 40002 withdrawn by a re-import that lists it no more; then the term hidden
    from tests.scheduler.saved.conftest import demo_data, drop_section, import_catalog

    data = demo_data()
    drop_section(data, "40002")
    path = tmp_path / "withdrawn.json"
    import json

    path.write_text(json.dumps(data))
    import_catalog(path)
    # when
    withdrawn = ada_api.post("/api/v1/watches/", LECTURE, format="json")
    Term.objects.filter(code="2026-fall").update(status=Term.Status.HIDDEN)
    section_id = Section.objects.get(registrar_id="40004").pk
    hidden = ada_api.post("/api/v1/watches/", {"section_id": section_id})
    # then: a hidden term's section is answered as a missing one (its term's code is not given away)
    assert withdrawn.status_code == 400
    assert "was withdrawn by the registrar: it will not open" in withdrawn.json()["error"]["fields"]["registrar_id"][0]
    assert hidden.status_code == 400 and hidden.json()["error"]["fields"] == {
        "section_id": [f"no section {section_id}"]
    }
    assert not SectionWatch.objects.exists()


def test_an_archived_terms_section_is_refused_as_its_seats_are_no_longer_looked_at(ada_api):
    # given
    Term.objects.filter(code="2026-fall").update(status=Term.Status.ARCHIVED)
    # when
    response = ada_api.post("/api/v1/watches/", LECTURE, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "term": ["'2026-fall' is archived: its sections' seats are no longer looked at"]
    }
    assert not SectionWatch.objects.exists()


def test_the_51st_watch_is_refused_saying_what_to_do(ada, ada_api):
    # given: 50 watches
    sections = list(Section.objects.filter(term__code="2026-fall").order_by("registrar_id"))
    for section in sections[:50]:
        watches.watch_create(user=ada, section=section)
    # when
    refused = ada_api.post("/api/v1/watches/", {"section_id": sections[50].pk}, format="json")
    again = ada_api.post("/api/v1/watches/", {"section_id": sections[0].pk}, format="json")  # one watched: fine
    # then
    assert refused.status_code == 400
    message = refused.json()["error"]["fields"]["section_id"][0]
    assert "You watch 50 sections, the most one account can" in message and "Watched sections page" in message
    assert again.status_code == 200
    assert SectionWatch.objects.filter(user=ada).count() == 50


def test_another_students_watch_is_a_404_as_a_missing_one(ada_api, bob_api):
    # given
    watch_id = ada_api.post("/api/v1/watches/", LECTURE, format="json").json()["id"]
    # when
    read = bob_api.get(f"/api/v1/watches/{watch_id}/")
    missing = bob_api.get("/api/v1/watches/99999999/")
    changed = bob_api.patch(f"/api/v1/watches/{watch_id}/", {"email_openings": False}, format="json")
    deleted = bob_api.delete(f"/api/v1/watches/{watch_id}/")
    listed = bob_api.get("/api/v1/watches/")
    # then
    assert (read.status_code, changed.status_code, deleted.status_code) == (404, 404, 404)
    assert read.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
    assert listed.json()["results"] == []
    assert SectionWatch.objects.get(pk=watch_id).email_openings is True


def test_the_owner_turns_emails_off_and_stops_watching(ada_api):
    # given
    watch_id = ada_api.post("/api/v1/watches/", LECTURE, format="json").json()["id"]
    # when
    off = ada_api.patch(f"/api/v1/watches/{watch_id}/", {"email_openings": False}, format="json")
    not_a_flag = ada_api.patch(f"/api/v1/watches/{watch_id}/", {"email_openings": "no"}, format="json")
    stopped = ada_api.delete(f"/api/v1/watches/{watch_id}/")
    after = ada_api.get(f"/api/v1/watches/{watch_id}/")
    # then
    assert off.status_code == 200 and off.json()["email_openings"] is False
    assert not_a_flag.status_code == 400
    assert (stopped.status_code, after.status_code) == (204, 404)
    assert not SectionWatch.objects.exists()


def test_the_schema_documents_the_watches_with_examples_and_errors(tmp_path):
    # given
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml_read(out.read_text())["paths"]
    # then
    assert set(paths["/api/v1/watches/"]) == {"get", "post"}
    listed = {p["name"] for p in paths["/api/v1/watches/"]["get"]["parameters"]}
    assert {"term", "institution", "page", "page_size"} <= listed
    assert set(paths["/api/v1/watches/{watch_id}/"]) == {"get", "patch", "delete"}
    error = {"$ref": "#/components/schemas/Error"}
    for path in ("/api/v1/watches/", "/api/v1/watches/{watch_id}/"):
        for method, op in paths[path].items():
            codes = set(op["responses"])
            for code in codes & {"200", "201"}:
                assert op["responses"][code]["content"]["application/json"].get("examples"), (path, method, code)
            assert op["responses"]["401"]["content"]["application/json"]["schema"] == error
            if "{" in path:
                assert "404" in codes, (path, method)
            if "requestBody" in op:
                assert "400" in codes and op["requestBody"]["content"]["application/json"].get("examples")
            for parameter in op.get("parameters", []):
                assert parameter.get("examples") or parameter.get("example"), (path, parameter["name"])


def test_emails_turned_off_for_a_watch_the_alerts_run_ended_meanwhile_is_a_404(ada_api, monkeypatch):
    # given: a watch, deleted (the run ending it) between the view reading it and writing it
    made = ada_api.post("/api/v1/watches/", LECTURE, format="json").json()
    read = watches.watch_get

    def read_then_ended(**kw):
        watch = read(**kw)
        SectionWatch.objects.filter(pk=watch.pk).delete()
        return watch

    monkeypatch.setattr(watches, "watch_get", read_then_ended)
    # when
    response = ada_api.patch(f"/api/v1/watches/{made['id']}/", {"email_openings": False}, format="json")
    # then: a 404 as for any watch gone, not a 500
    assert response.status_code == 404
    assert not SectionWatch.objects.exists()


def test_a_watch_says_whether_an_opening_would_reach_its_student(ada, ada_api):
    # given: ada has no email address
    made = ada_api.post("/api/v1/watches/", LECTURE, format="json").json()
    # when: she gives one
    ada.email = "ada@example.edu"
    ada.save()
    later = ada_api.get(made["url"]).json()
    # then
    assert (made["emailed"], later["emailed"]) == (False, True)


def test_a_watch_of_a_term_archived_since_says_no_opening_reaches_its_student(ada, ada_api):
    # given: ada, with an address, watches a section; the term is archived since
    ada.email = "ada@example.edu"
    ada.save()
    made = ada_api.post("/api/v1/watches/", LECTURE, format="json").json()
    Term.objects.filter(code="2026-fall").update(status=Term.Status.ARCHIVED)
    # when
    later = ada_api.get(made["url"]).json()
    # then: the alerts' run looks at published terms only
    assert (made["emailed"], later["emailed"]) == (True, False)
