"""The planner page as the server renders it (no browser): initial data, assets, sign-in links."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.management import call_command

from catalog.models import Institution, Term
from tests.conftest import DEMO_CATALOG, statement_stopped

pytestmark = pytest.mark.django_db


def initial_data(response) -> dict:
    found = re.search(r'<script id="initial-data" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(found[1])


def test_the_planner_carries_the_terms_as_json_for_its_script(client):
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)

    data = initial_data(client.get("/"))

    assert data["user"] is None
    assert data["terms"] == [
        {
            "institution": "demo",
            "institution_name": "Classtime Demo University",
            "code": "2026-fall",
            "name": "Fall 2026",
            "catalog_version": 1,
            "campuses": [
                {"name": "Main", "sections": 56},
                {"name": "North Grounds", "sections": 1},
                {"name": "Online", "sections": 1},
            ],
            # what a list of course codes may name (codes.js)
            "subjects": ["ARTS", "CHEM", "CS", "ECON", "ENWR", "HIST", "KINE", "MATH", "MUSI", "PHYS", "SPAN", "STS"],
            "modalities": [
                {"value": "in_person", "label": "In person", "sections": 57},
                {"value": "online", "label": "Online", "sections": 1},
            ],
            # the campus's clock, named on the results
            "timezone": "America/New_York",
            "campus_timezones": {},
            "zone_words": {"America/New_York": "Eastern Time"},
            "first_day": "2026-08-24",
            "last_day": "2026-12-11",
        }
    ]


def test_without_a_catalog_the_planner_says_how_to_load_one(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "No catalog is loaded yet" in response.content.decode()


def test_every_asset_of_the_page_is_served_by_the_app_itself(client):
    page = client.get("/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)

    assert sorted(assets) == ["/static/web/planner.css", "/static/web/planner.js"]
    assert "http://" not in page and "https://" not in page
    for name in ("planner.js", "request.js", "calendar.js", "busygrid.js", "dom.js", "codes.js", "planner.css"):
        assert finders.find(f"web/{name}"), f"web/{name} is not a static file of the app"
    imports = re.findall(r'from "(.+?)"', Path(finders.find("web/planner.js")).read_text())
    assert imports and all(i.startswith("./") for i in imports), "modules import only siblings: no CDN, no build"


def test_the_page_sets_the_csrf_cookie_its_script_sends_back(client):
    response = client.get("/")

    assert "csrftoken" in response.cookies


def test_a_signed_in_student_sees_their_name_and_a_sign_out_form(client):
    # given
    user = User.objects.create_user("ana", password="pw-ana-12345")
    client.force_login(user)
    # when
    response = client.get("/")
    # then
    page = response.content.decode()
    assert initial_data(response)["user"] == "ana"
    assert "Signed in as <strong>ana</strong>" in page
    assert 'action="/accounts/logout/"' in page and "csrfmiddlewaretoken" in page


def test_the_planners_account_links_are_every_other_pages(client):
    # given
    client.force_login(User.objects.create_user("ana", password="pw-ana-12345"))
    # when
    planner, schedules = client.get("/").content.decode(), client.get("/schedules/").content.decode()

    # then: the same links, with the same words, in the header of both
    def links(page: str) -> list[tuple[str, str]]:
        header = page[page.index("<header") : page.index("</header>")]
        return re.findall(r"<a href=\"([^\"]+)\">([^<]+)</a>", header)  # the site name has a class first

    assert links(planner) == links(schedules) == [("/schedules/", "My schedules"), ("/accounts/profile/", "Profile")]


def test_an_anonymous_student_is_offered_sign_in_and_sign_up(client):
    page = client.get("/").content.decode()

    assert 'href="/accounts/login/?next=/"' in page
    assert 'href="/accounts/signup/?next=/"' in page


def test_the_planner_shows_no_template_comment_and_generate_waits_for_its_script(client):
    # given
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    # when
    html = client.get("/").content.decode()
    # then: a comment is not sent as text, and Generate is enabled by the script alone
    assert "{#" not in html and "#}" not in html and "endcomment" not in html
    assert re.search(r'<button type="submit" id="generate" class="primary" disabled>', html)


def test_the_busy_forms_days_and_the_keep_free_days_are_told_apart_by_their_groups(client):
    # given: two sets of Mon…Fri checkboxes, busy days and days to keep free
    html = client.get("/").content.decode()
    # then: each set in a group named for what its days are
    assert 'role="group" aria-label="Busy days"' in html
    assert 'role="group" aria-label="Days to keep free"' in html
    assert 'aria-label="Week grid for busy times (mouse, pen or touch)"' in html


def test_the_results_bar_is_a_named_group_not_a_toolbar_without_a_toolbars_keys(client):
    # given: Previous, Next, Side by side and Print, each its own Tab stop; ← and → page the schedules
    html = client.get("/").content.decode()
    # then: no toolbar, whose keyboard model (one Tab stop, arrows between buttons) they do not follow
    assert 'role="toolbar"' not in html
    assert '<div class="results-bar" role="group" aria-label="Schedules">' in html


def test_the_planner_answers_503_saying_to_reload_when_the_database_does_not_answer(client, monkeypatch):
    # given: the database connection broken under the planner's first query
    from django import db

    from web import views

    def broken(**kwargs):
        raise db.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "planner_terms", broken)
    # when
    response = client.get("/")
    # then: a page saying to reload, not "something went wrong"
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "The database did not answer" in response.content.decode()


def test_the_planner_whose_statement_ran_past_the_timeout_is_the_503_page_and_an_error_logged(
    client, db, monkeypatch, caplog
):
    # given: PostgreSQL stops the planner's first query at statement_timeout
    from web import views

    stopped = statement_stopped()

    def slow(**kwargs):
        raise stopped

    monkeypatch.setattr(views, "planner_terms", slow)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 503 and "The database did not answer" in response.content.decode()
    assert any(r.levelname == "ERROR" and "CLASSTIME_STATEMENT_TIMEOUT" in r.getMessage() for r in caplog.records)


def test_a_term_with_no_days_yet_is_never_the_planners_first_choice_on_any_database(client):
    # given the demo term, and a newer one staff added with no days (PostgreSQL sorts NULL first when descending,
    # SQLite last: the production pass is the one this guards)
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    demo = Institution.objects.get(code="demo")
    Term.objects.create(institution=demo, code="2028-spring", name="Spring 2028")

    # when the planner and the terms API list them
    planner = [t["code"] for t in initial_data(client.get("/"))["terms"]]
    api = [t["code"] for t in client.get("/api/v1/terms/").json()["results"]]

    # then the term with days comes first in both
    assert planner == ["2026-fall", "2028-spring"]
    assert api == ["2026-fall", "2028-spring"]


def test_two_institutions_of_one_name_are_each_a_choice_told_apart_by_their_codes(client):
    # given the demo catalog, and a second institution named the same with a term of its own
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    other = Institution.objects.create(code="other", name="Classtime Demo University")
    Term.objects.create(institution=other, code="2026-fall", name="Fall 2026")

    # when the planner is shown
    page = client.get("/").content.decode()

    # then each institution is its own choice, named with its code
    choice = re.search(r'<select id="institution"[^>]*>(.*?)</select>', page, re.S)[1]
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', choice)
    assert options == [
        ("demo", "Classtime Demo University (demo)"),
        ("other", "Classtime Demo University (other)"),
    ]
