"""A term's life: published (students plan for it), hidden (only staff see it: an import being
checked before its release) and archived (readable, no new schedules)."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import Term
from scheduler.models import SavedSchedule
from tests.catalog.api.conftest import DEMO
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

# CS 1110 lecture 001 + lab 102
SECTIONS = ["40001", "40005"]
GENERATE = {"term": "2026-fall", "courses": ["CS 1110"]}
SAVE = {"term": "2026-fall", "name": "Mine", "sections": SECTIONS}


@pytest.fixture
def student() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_user("ada", password="pw-ada-1234"))
    return client


@pytest.fixture
def staff() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_user("root", password="pw-root-1234", is_staff=True))
    return client


def set_status(status: str) -> None:
    Term.objects.filter(code="2026-fall").update(status=status, updated_at=timezone.now())


def term_codes(client: APIClient) -> list[str]:
    return [term["code"] for term in client.get("/api/v1/terms/").json()["results"]]


def test_a_hidden_term_answers_only_staff_and_their_answers_stay_private(demo, student, staff):
    # given
    set_status(Term.Status.HIDDEN)
    # when: staff read first, so a shared cached answer would show if one leaked
    staff_answers = [staff.get(url) for url in ("/api/v1/terms/", DEMO, f"{DEMO}courses/?q=chem")]
    student_answers = [student.get(url) for url in ("/api/v1/terms/", DEMO, f"{DEMO}courses/?q=chem")]
    anonymous = APIClient().get(f"{DEMO}sections/?id=40001")
    institutions = APIClient().get("/api/v1/institutions/").json()["results"]
    institution_pages = [client.get("/api/v1/institutions/demo/").status_code for client in (student, staff)]
    unknown = student.get("/api/v1/terms/?institution=nope").json()["error"]["fields"]["institution"]
    # then
    assert [a.status_code for a in staff_answers] == [200, 200, 200]
    assert staff_answers[1].json()["status"] == "hidden"
    assert all("private" in a["Cache-Control"] for a in staff_answers)
    assert [t["code"] for t in staff_answers[0].json()["results"]] == ["2026-fall"]
    assert [a.status_code for a in student_answers[1:]] == [404, 404]
    assert student_answers[0].json()["results"] == [] and anonymous.status_code == 404
    assert staff_answers[0]["ETag"] != student_answers[0]["ETag"]
    # an institution whose every term is hidden is no institution to students, as its terms are none
    assert institutions == [] and institution_pages == [404, 200]
    assert unknown == ["no institution 'nope'"]


def test_a_hidden_term_takes_generation_and_saving_from_staff_only(demo, student, staff):
    # given
    set_status(Term.Status.HIDDEN)
    # when
    refused = student.post("/api/v1/generations/", GENERATE, format="json")
    not_saved = student.post("/api/v1/schedules/", SAVE, format="json")
    accepted = staff.post("/api/v1/generations/", GENERATE, format="json")
    saved = staff.post("/api/v1/schedules/", SAVE, format="json")
    # then: to a student it is exactly a term that does not exist
    assert refused.status_code == 400 and not_saved.status_code == 400
    assert refused.json()["error"]["fields"]["term"] == ["no term '2026-fall'"]
    assert not_saved.json()["error"]["fields"]["term"] == ["no term '2026-fall'"]
    assert accepted.status_code == 202 and saved.status_code == 201


def test_an_archived_term_stays_readable_with_its_saved_schedules_but_takes_no_new_ones(demo, student):
    # given: a schedule saved while the term was published
    kept = student.post("/api/v1/schedules/", SAVE, format="json").json()
    share = student.post(kept["url"] + "share/").json()["share_url"]
    set_status(Term.Status.ARCHIVED)
    # when
    generation = student.post("/api/v1/generations/", GENERATE, format="json")
    new = student.post("/api/v1/schedules/", SAVE, format="json")
    replan = student.post(kept["url"] + "replan/")
    # then
    archived = "'2026-fall' is archived: it takes no new schedules (its catalog and saved schedules stay readable)"
    assert generation.status_code == 400 and generation.json()["error"]["fields"]["term"] == [archived]
    assert new.status_code == 400 and new.json()["error"]["fields"]["term"] == [archived]
    assert replan.status_code == 400 and replan.json()["error"]["fields"]["term"] == [
        "Fall 2026 (2026-fall) is archived: it takes no new schedules, so this one cannot be re-planned or duplicated "
        "(it stays yours as it is)"
    ]
    assert SavedSchedule.objects.count() == 1
    assert student.get(kept["url"]).status_code == 200
    assert student.get(kept["url"] + "calendar.ics").status_code == 200
    assert APIClient().get(share).status_code == 200
    assert APIClient().get(DEMO).json()["status"] == "archived"
    assert APIClient().get(f"{DEMO}courses/?q=chem").status_code == 200
    assert term_codes(APIClient()) == ["2026-fall"]


def test_the_planner_offers_published_terms_and_to_staff_hidden_ones_named_so(demo, client):
    # given
    staff = User.objects.create_user("root", password="pw-root-1234", is_staff=True)
    # when
    set_status(Term.Status.HIDDEN)
    to_student = client.get("/").context["initial"]["terms"]
    client.force_login(staff)
    to_staff = client.get("/").context["initial"]["terms"]
    set_status(Term.Status.ARCHIVED)
    archived_to_staff = client.get("/").context["initial"]["terms"]
    # then
    assert to_student == []
    assert [t["name"] for t in to_staff] == ["Fall 2026 (hidden from students)"]
    assert archived_to_staff == []


def test_the_admin_publishes_hides_and_archives_terms_and_the_lists_change_at_once(demo, client, settings):
    # given
    admin = User.objects.create_superuser("root", password="pw-root-1234")
    client.force_login(admin)
    term = Term.objects.get(code="2026-fall")
    url = reverse("admin:catalog_term_changelist")
    before = APIClient().get("/api/v1/terms/")["ETag"]
    # when
    hidden = client.post(url, {"action": "hide", "_selected_action": [term.pk]}, follow=True)
    hidden_list = APIClient().get("/api/v1/terms/")
    archived = client.post(url, {"action": "archive", "_selected_action": [term.pk]}, follow=True)
    archived_status = Term.objects.get(pk=term.pk).status
    client.post(url, {"action": "publish", "_selected_action": [term.pk]}, follow=True)
    # then
    assert "1 term now hidden: only staff see it" in hidden.content.decode()
    assert hidden_list["ETag"] != before and hidden_list.json()["results"] == []
    assert "1 term now archived: readable" in archived.content.decode()
    assert archived_status == Term.Status.ARCHIVED
    assert Term.objects.get(pk=term.pk).status == Term.Status.PUBLISHED
    assert term_codes(APIClient()) == ["2026-fall"]


def test_with_new_terms_hidden_an_import_creates_its_term_hidden_and_a_reimport_keeps_the_status(db, settings):
    # given
    settings.CLASSTIME_NEW_TERMS_HIDDEN = True
    # when
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())
    created = Term.objects.get(code="2026-fall").status
    set_status(Term.Status.PUBLISHED)
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())
    # then
    assert created == Term.Status.HIDDEN
    assert Term.objects.get(code="2026-fall").status == Term.Status.PUBLISHED


def test_with_new_terms_hidden_the_import_report_says_the_new_term_starts_hidden(db, settings):
    # given
    settings.CLASSTIME_NEW_TERMS_HIDDEN = True
    args = ["import_catalog", str(DEMO_CATALOG), "--format", "canonical"]
    # when
    dry_run, created, reimport = StringIO(), StringIO(), StringIO()
    call_command(*args, "--dry-run", stdout=dry_run)
    call_command(*args, stdout=created)
    call_command(*args, stdout=reimport)
    # then: said of the import that creates it (and its dry run), not of a re-import
    assert "Term 2026-fall is new and would start hidden from students (CLASSTIME_NEW_TERMS_HIDDEN)" in (
        dry_run.getvalue()
    )
    assert "Term 2026-fall is new and starts hidden from students (CLASSTIME_NEW_TERMS_HIDDEN)" in created.getvalue()
    assert "hidden" not in reimport.getvalue()


def test_a_term_an_import_creates_published_says_nothing_of_hiding(db):
    out = StringIO()

    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=out)

    assert "hidden" not in out.getvalue() and Term.objects.get().status == Term.Status.PUBLISHED


def test_the_command_line_generates_for_a_hidden_term_to_check_it(demo):
    # given
    set_status(Term.Status.HIDDEN)
    out = StringIO()
    # when
    call_command("generate_schedules", "--term", "2026-fall", "--course", "CS 1110", "--json", stdout=out)
    # then
    assert '"status": "succeeded"' in out.getvalue()


def test_an_archived_term_takes_no_copy_of_a_schedule_either(demo, student):
    # given
    kept = student.post("/api/v1/schedules/", SAVE, format="json").json()
    set_status(Term.Status.ARCHIVED)
    # when
    response = student.post(kept["url"] + "duplicate/", {}, format="json")
    # then
    assert response.status_code == 400 and "is archived" in response.json()["error"]["fields"]["term"][0]
    assert SavedSchedule.objects.count() == 1


def test_a_staff_members_schedule_of_a_hidden_term_reaches_no_student_friend_or_link(demo, staff):
    # given: staff save and share a schedule of the hidden term; a student is their friend
    from accounts.models import Friendship

    set_status(Term.Status.HIDDEN)
    shared = staff.post("/api/v1/schedules/", SAVE, format="json").json()
    share = staff.post(shared["url"] + "share/").json()["share_url"]
    token = share.rstrip("/").rsplit("/", 1)[1]
    root = User.objects.get(username="root")
    grace = User.objects.create_user("grace", password="pw-grace-1234")
    Friendship.objects.create(from_user=grace, to_user=root, status=Friendship.Status.ACCEPTED)
    friend = APIClient()
    friend.force_authenticate(grace)
    # when
    friends_list = friend.get("/api/v1/friends/schedules/?term=2026-fall")
    shared_api = [client.get(f"/api/v1/shared/{token}/").status_code for client in (friend, APIClient(), staff)]
    page = APIClient()
    page.force_login(grace)
    shared_page = page.get(f"/s/{token}/").status_code
    friends_page = page.get("/accounts/friends/").content.decode()
    # then
    assert friends_list.status_code == 400
    assert friends_list.json()["error"]["fields"]["term"] == ["no term '2026-fall'"]
    assert shared_api == [404, 404, 200] and shared_page == 404
    assert "Mine" not in friends_page


def test_a_hidden_term_is_answered_exactly_as_an_unknown_one_by_the_saved_schedule_api(demo, student):
    # given
    set_status(Term.Status.HIDDEN)
    # when
    hidden = student.post("/api/v1/schedules/", SAVE, format="json").json()["error"]["fields"]["term"]
    unknown = student.post("/api/v1/schedules/", {**SAVE, "term": "1999-fall"}, format="json")
    listed = student.get("/api/v1/schedules/?term=2026-fall")
    # then
    assert hidden == ["no term '2026-fall'"]
    assert unknown.json()["error"]["fields"]["term"] == ["no term '1999-fall'"]
    assert listed.status_code == 400


def test_a_friends_schedule_of_a_hidden_term_is_unknown_to_the_friends_preference(demo, staff):
    # given: staff share a schedule, then its term is hidden; a student friend names it
    from accounts.models import Friendship

    shared = staff.post("/api/v1/schedules/", SAVE, format="json").json()
    staff.post(shared["url"] + "share/")
    grace = User.objects.create_user("grace", password="pw-grace-1234")
    Friendship.objects.create(from_user=grace, to_user=User.objects.get(username="root"), status="accepted")
    other = Term.objects.create(institution=Term.objects.get().institution, code="2027-spring", name="Spring 2027")
    SavedSchedule.objects.filter(pk=shared["id"]).update(term=other)
    Term.objects.filter(pk=other.pk).update(status=Term.Status.HIDDEN)
    friend = APIClient()
    friend.force_authenticate(grace)
    ask = lambda ids: friend.post(  # noqa: E731
        "/api/v1/generations/",
        {**GENERATE, "preferences": {"friends": {"schedules": ids, "shared_weight": 5}}},
        format="json",
    ).json()["error"]["fields"]
    # when
    hidden, unknown = ask([shared["id"]]), ask([999999])
    # then: word for word the answer for a schedule that does not exist
    assert list(hidden.values()) == [[f"no schedule {shared['id']} of yours or shared by a friend of yours"]]
    assert list(unknown.values()) == [["no schedule 999999 of yours or shared by a friend of yours"]]
    assert "2027-spring" not in str(hidden)


def test_a_students_own_list_filters_by_a_term_hidden_after_they_saved_a_schedule_of_it(demo, student):
    # given: a schedule saved while the term was published; then the term is hidden
    saved = student.post("/api/v1/schedules/", SAVE, format="json").json()
    set_status(Term.Status.HIDDEN)
    stranger = APIClient()
    stranger.force_authenticate(User.objects.create_user("bob", password="pw-bob-12345"))
    # when
    own = student.get("/api/v1/schedules/?term=2026-fall")
    own_with_institution = student.get("/api/v1/schedules/?term=2026-fall&institution=demo")
    others = stranger.get("/api/v1/schedules/?term=2026-fall")
    # then: the owner's filter takes it, as their unfiltered list shows it; to anyone else it is unknown
    assert [s["id"] for s in own.json()["results"]] == [saved["id"]]
    assert [s["id"] for s in own_with_institution.json()["results"]] == [saved["id"]]
    assert others.json()["error"]["fields"]["term"] == ["no term '2026-fall'"]


def test_a_binned_schedule_does_not_make_a_hidden_term_nameable_in_the_filter(demo, student):
    # given
    saved = student.post("/api/v1/schedules/", SAVE, format="json").json()
    student.delete(saved["url"])
    set_status(Term.Status.HIDDEN)
    # when
    listed = student.get("/api/v1/schedules/?term=2026-fall")
    # then
    assert listed.status_code == 400


def test_a_hidden_term_held_and_another_institutions_term_of_its_code_make_the_owners_filter_ambiguous(demo, student):
    # given: the student holds a schedule of demo's 2026-fall, then hidden; another institution publishes one
    from catalog.models import Institution

    student.post("/api/v1/schedules/", SAVE, format="json")
    first = student.get("/api/v1/schedules/?term=2026-fall")
    set_status(Term.Status.HIDDEN)
    elsewhere = Institution.objects.create(code="elsewhere", name="Elsewhere University")
    Term.objects.create(institution=elsewhere, code="2026-fall", name="Fall 2026")
    # when
    listed = student.get("/api/v1/schedules/?term=2026-fall")
    named = student.get("/api/v1/schedules/?term=2026-fall&institution=elsewhere")
    # then: neither the other term's empty list nor a cached answer of the first term
    assert first.json()["count"] == 1
    assert listed.json()["error"]["fields"]["term"] == [
        "term code '2026-fall' exists at several institutions (demo, elsewhere): name the institution too"
    ]
    assert named.status_code == 200 and named.json()["count"] == 0


def test_a_term_code_two_institutions_share_still_needs_the_institution_in_the_owners_filter(demo, student):
    # given: the student holds a schedule of demo's 2026-fall; another institution has a 2026-fall
    from catalog.models import Institution

    student.post("/api/v1/schedules/", SAVE, format="json")
    elsewhere = Institution.objects.create(code="elsewhere", name="Elsewhere University")
    Term.objects.create(institution=elsewhere, code="2026-fall", name="Fall 2026")
    # when
    listed = student.get("/api/v1/schedules/?term=2026-fall")
    # then: the ambiguity is named, not resolved by the schedule held
    assert listed.json()["error"]["fields"]["term"] == [
        "term code '2026-fall' exists at several institutions (demo, elsewhere): name the institution too"
    ]


def test_hiding_archiving_and_publishing_say_whose_saved_schedules_they_reach(demo, student, client):
    # given two schedules of ada's, one shared, and a superuser on the terms' list
    student.post("/api/v1/schedules/", SAVE, format="json")
    shared = student.post("/api/v1/schedules/", {**SAVE, "name": "Shared"}, format="json").json()
    assert student.post(f"/api/v1/schedules/{shared['id']}/share/").status_code == 200
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    url = reverse("admin:catalog_term_changelist")
    act = lambda action: client.post(url, {"action": action, "_selected_action": [Term.objects.get().pk]}, follow=True)  # noqa: E731

    # when
    hidden, published, archived, _, archived_hidden = (
        act(a).content.decode() for a in ("hide", "publish", "archive", "hide", "archive")
    )

    # then each says what it does to them
    assert (
        "2 saved schedules of 1 student are of this term: their owner keeps them (listed, readable; calendar feeds "
        "and change emails go on), but no copy or re-plan is made; the one shared shows nothing to others (a link "
        "answers as an unknown one), and friends no longer see them." in hidden
    )
    assert "the one shared shows to others and friends again; they can be copied and re-planned again." in published
    assert "their owner keeps them, readable, shared and in calendars as before, but no copy or re-plan is made." in (
        archived
    )
    # archiving a hidden term shows it again: said
    assert "but no copy or re-plan is made; the one shared shows to others and friends again." in archived_hidden


def test_the_terms_form_says_whose_saved_schedules_a_new_status_reaches(demo, student, client):
    # given
    student.post("/api/v1/schedules/", SAVE, format="json")
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    term = Term.objects.get()
    form = {
        "code": term.code,
        "name": term.name,
        "institution": term.institution_id,
        "first_day": term.first_day,
        "last_day": term.last_day,
        "holidays": json.dumps(term.holidays),
        "status": Term.Status.ARCHIVED,
    }

    # when
    page = client.post(reverse("admin:catalog_term_change", args=[term.pk]), form, follow=True).content.decode()

    # then
    assert Term.objects.get().status == Term.Status.ARCHIVED
    assert "1 saved schedule of 1 student is of this term: its owner keeps it, readable" in page


def test_an_action_that_changes_no_term_says_so_in_words(demo, client):
    # given a published term and a superuser on the terms' list
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    url = reverse("admin:catalog_term_changelist")
    # when
    page = client.post(url, {"action": "publish", "_selected_action": [Term.objects.get().pk]}, follow=True)
    # then
    assert "No term changed: it already was published." in page.content.decode()
