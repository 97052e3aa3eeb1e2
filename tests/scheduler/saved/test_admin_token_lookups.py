"""The admin never tells a share or calendar token: staff see its last four characters
(docs/schedules.md, "Admin"), and the saved schedules list refuses any lookup through a token in
its query string (`?share_token__startswith=p`), which would otherwise tell it a character at a
time by which rows each guess keeps."""

import re

import pytest
from django.contrib.auth.models import Permission, User

from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/scheduler/savedschedule/"

LOOKUPS = [
    "",
    "__exact",
    "__iexact",
    "__startswith",
    "__istartswith",
    "__endswith",
    "__contains",
    "__icontains",
    "__regex",
    "__iregex",
    "__gt",
    "__gte",
    "__lt",
    "__lte",
    "__in",
    "__isnull",
]


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


@pytest.fixture
def shared(ada_api) -> SavedSchedule:
    """Ada's schedule, shared and subscribed to: both its tokens set."""
    url = save(ada_api, name="Ada's week").json()["url"]
    ada_api.post(url + "share/")
    ada_api.post(url + "subscription/")
    return SavedSchedule.objects.get(name="Ada's week")


def staff_who_may(client, *codenames: str) -> User:
    """The test client signed in as staff holding only the permissions `codenames`."""
    staff = User.objects.create_user("auditor", password="pw-auditor-1", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    return staff


def page_text(answer) -> str:
    """The answer's page, without its CSRF token (masked anew on every page)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", answer.content.decode())


def guesses(token: str, lookup: str) -> tuple[str, str]:
    """A value the lookup keeps the row for, and one it does not."""
    if lookup in ("", "__exact", "__iexact", "__in"):
        return token, "x" + token[1:]
    if lookup in ("__endswith",):
        return token[-3:], "!!!"
    if lookup in ("__contains", "__icontains"):
        return token[5:9], "!!!!"
    if lookup in ("__regex", "__iregex"):
        return f"^{token[:3]}", "^!!!"
    if lookup in ("__gt", "__gte"):  # a token is of letters, digits, - and _: between ! and ~
        return "!", "~"
    if lookup in ("__lt", "__lte"):
        return "~", "!"
    if lookup == "__isnull":
        return "false", "true"
    return token[:3], "!!!"


@pytest.mark.parametrize("lookup", LOOKUPS)
@pytest.mark.parametrize("field", ["share_token", "calendar_token"])
def test_staff_who_may_view_saved_schedules_cannot_look_a_token_up_in_the_list(client, shared, field, lookup):
    # given: staff who may only view saved schedules, and a guess that is right and one that is wrong
    staff_who_may(client, "view_savedschedule")
    right, wrong = guesses(getattr(shared, field), lookup)
    # when
    answers = [client.get(CHANGELIST, {"id": shared.pk, f"{field}{lookup}": value}) for value in (right, wrong)]
    # then: both refused alike (Django's answer to a disallowed lookup), neither naming the schedule
    assert [answer.status_code for answer in answers] == [400, 400]
    assert page_text(answers[0]) == page_text(answers[1])
    assert "Ada&#x27;s week" not in page_text(answers[0])


@pytest.mark.parametrize("field", ["share_token", "calendar_token"])
def test_a_superuser_cannot_look_a_token_up_in_the_list_either(client, shared, field):
    # given
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    answer = client.get(CHANGELIST, {f"{field}__startswith": getattr(shared, field)[:1]})
    # then
    assert answer.status_code == 400


def test_the_users_list_refuses_a_lookup_through_a_users_saved_schedules_tokens(client, shared):
    # given: staff who may view users (and saved schedules)
    staff_who_may(client, "view_user", "view_savedschedule")
    # when
    answers = [
        client.get("/admin/auth/user/", {f"saved_schedules__{field}__startswith": getattr(shared, field)[:1]})
        for field in ("share_token", "calendar_token")
    ]
    # then
    assert [answer.status_code for answer in answers] == [400, 400]


def test_the_lists_own_filters_search_and_sorting_still_work_for_staff_who_may_view(client, shared, ada_api):
    # given: a second schedule, neither shared nor subscribed to
    save(ada_api, name="Grace's week")
    staff_who_may(client, "view_savedschedule")
    # when
    pages = {
        query: client.get(CHANGELIST + query)
        for query in ("?shared=yes", "?shared=no", "?binned=no", "?has_changes=no", "?q=ada", "?o=1", "?o=-7")
    }
    by_term = client.get(CHANGELIST, {"term__id__exact": shared.term_id})
    # then
    assert all(page.status_code == 200 for page in [*pages.values(), by_term])
    assert "Ada&#x27;s week" in pages["?shared=yes"].content.decode()
    assert "Grace&#x27;s week" not in pages["?shared=yes"].content.decode()
    assert "Grace&#x27;s week" in pages["?shared=no"].content.decode()
    assert "Ada&#x27;s week" not in pages["?shared=no"].content.decode()
    for page in [*pages.values(), by_term]:
        assert shared.share_token not in page.content.decode()
        assert shared.calendar_token not in page.content.decode()
    assert "token ending …" + shared.share_token[-4:] in client.get(f"{CHANGELIST}{shared.pk}/change/").content.decode()
