"""The saved schedule endpoints in the OpenAPI schema (examples, error shape) and the admin."""

import re

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from scheduler.models import SavedSchedule
from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db

OPERATIONS = r"^/api/v1/(schedules/|shared/|friends/schedules/)"


def test_every_saved_schedule_operation_documents_its_answer_with_an_example_and_the_error_shape():
    # given
    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    # when
    operations = [(p, m, op) for p, ops in schema["paths"].items() if re.match(OPERATIONS, p) for m, op in ops.items()]
    # then
    assert len(operations) == 21
    for path, method, op in operations:
        success = next(code for code in op["responses"] if code.startswith("2"))
        content = op["responses"][success].get("content", {})
        if success != "204" and "application/json" in content:
            assert content["application/json"].get("examples"), (method, path)
        assert op["responses"]["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        if not path.startswith("/api/v1/shared/"):
            assert "401" in op["responses"], (method, path)
    assert (
        "text/calendar" in schema["paths"]["/api/v1/schedules/{id}/calendar.ics"]["get"]["responses"]["200"]["content"]
    )


def test_the_schema_says_a_term_filter_is_never_blank_and_an_unknown_term_is_a_400():
    # given
    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    # when
    operations = [schema["paths"][path]["get"] for path in ("/api/v1/schedules/", "/api/v1/friends/schedules/")]
    # then
    for operation in operations:
        (term,) = [p for p in operation["parameters"] if p["name"] == "term"]
        assert term["schema"] == {"type": "string", "minLength": 1, "maxLength": 40}
        assert "400" in term["description"]
        assert "400" in operation["responses"]
    assert [op["parameters"][-1].get("required", False) for op in operations] == [False, True]


def test_the_admin_lists_saved_schedules_and_filters_them_by_changes_and_sharing(demo, ada_api, reimport, client):
    # given
    from tests.scheduler.saved.conftest import section_of

    changed = save(ada_api, name="will change").json()
    save(ada_api, name="stays", sections=["40003"])
    ada_api.post(changed["url"] + "share/")
    reimport(lambda data: section_of(data, "40001").update(status="closed"))
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    everything = client.get("/admin/scheduler/savedschedule/").content.decode()
    with_changes = client.get("/admin/scheduler/savedschedule/?has_changes=yes").content.decode()
    without = client.get("/admin/scheduler/savedschedule/?has_changes=no").content.decode()
    shared = client.get("/admin/scheduler/savedschedule/?shared=yes").content.decode()
    found = client.get("/admin/scheduler/savedschedule/?q=ada").content.decode()
    detail = client.get(f"/admin/scheduler/savedschedule/{changed['id']}/change/")
    # then
    assert "will change" in everything and "stays" in everything
    assert "will change" in with_changes and "stays" not in with_changes
    assert "stays" in without and "will change" not in without
    assert "will change" in shared and "stays" not in shared
    assert "will change" in found and "stays" in found
    assert detail.status_code == 200 and "40001" in detail.content.decode()


def test_the_admins_changes_filter_agrees_with_each_schedules_own_changes_in_three_queries(
    demo, ada_api, bob_api, reimport, django_assert_num_queries
):
    # given: a status change (40001), a room change (40005), meetings only listed in another order
    # (40010: no change), and a schedule in the bin
    from scheduler import saved_schedules as saved
    from tests.scheduler.saved.conftest import section_of

    closed = save(ada_api, name="closed", sections=["40001"]).json()["id"]
    moved = save(bob_api, name="room", sections=["40005", "40003"]).json()["id"]
    reordered = save(ada_api, name="reordered", sections=["40010"]).json()["id"]
    untouched = save(bob_api, name="untouched", sections=["40003"]).json()["id"]
    binned = save(ada_api, name="binned", sections=["40001", "40005"]).json()
    ada_api.delete(binned["url"])

    def edit(data):
        section_of(data, "40001")["status"] = "closed"
        section_of(data, "40005")["meetings"][0]["location"] = "Rice Hall 130"
        section_of(data, "40010")["meetings"].reverse()

    reimport(edit)
    rows = SavedSchedule.all_objects.all()
    # when
    with django_assert_num_queries(3):
        found = saved.saved_schedule_ids_with_changes(rows)
    # then: the schedules whose own list of changes is not empty, and only they
    assert found == {s.pk for s in saved.saved_schedules(rows) if saved.saved_schedule_changes(schedule=s)}
    assert found == {closed, moved, binned["id"]}
    assert not {reordered, untouched} & found


def test_staff_see_whether_a_schedule_is_shared_and_subscribed_never_its_tokens(demo, ada_api, client):
    # given
    schedule = save(ada_api, name="secret links").json()
    ada_api.post(schedule["url"] + "share/")
    ada_api.post(schedule["url"] + "subscription/")
    saved = SavedSchedule.objects.get(pk=schedule["id"])
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    page = client.get(f"/admin/scheduler/savedschedule/{saved.pk}/change/").content.decode()
    # then
    assert saved.share_token and saved.calendar_token
    assert saved.share_token not in page and saved.calendar_token not in page
    assert f"shared (token ending …{saved.share_token[-4:]})" in page
    assert f"on (token ending …{saved.calendar_token[-4:]})" in page


def test_the_schema_says_saved_schedule_bodies_take_only_their_own_keys():
    schemas = yaml_read(APIClient().get("/api/v1/schema/").content)["components"]["schemas"]

    for name in ("SavedScheduleCreateInRequest", "PatchedSavedScheduleUpdateInRequest", "DuplicateInRequest"):
        assert schemas[name]["additionalProperties"] is False, name
        assert "description" not in schemas[name], "no internal note leaks into the public schema"


def test_a_saved_schedules_admin_page_takes_as_many_queries_for_five_sections_as_for_one(demo, ada_api, client):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = save(ada_api, name="one", sections=["40003"]).json()
    five = save(ada_api, name="five").json()
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    page = lambda schedule: f"/admin/scheduler/savedschedule/{schedule['id']}/change/"  # noqa: E731
    client.get(page(one))  # the first page fills the process's caches (content types)
    # when
    counts = []
    for schedule in (one, five):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(schedule)).status_code == 200
        counts.append(len(queries))
    # then
    assert counts[1] == counts[0]
