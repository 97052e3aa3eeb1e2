"""Friend requests: send, accept, decline, cancel, remove; through the API, the friends page and
`user_friend_ids`, which other features build on."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.urls import Resolver404, resolve, reverse
from rest_framework.test import APIClient

from accounts import selectors, services
from accounts.models import Friendship

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/friends/requests/"


def send(api: APIClient, username: str):
    return api.post(REQUESTS, {"username": username}, format="json")


def rows() -> set[tuple[str, str, str]]:
    return {(f.from_user.username, f.to_user.username, f.status) for f in Friendship.objects.all()}


# user_friend_ids -----------------------------------------------------------------------------


def test_friends_are_friends_both_ways_and_no_longer_after_removal(ada, grace, alan):
    # given: ada asked grace, who accepted; ada asked alan, who has not answered
    request, _ = services.friend_request_send(from_user=ada, username="grace")
    services.friend_request_accept(friend_request=request)
    services.friend_request_send(from_user=ada, username="alan")
    # then
    assert selectors.user_friend_ids(user=ada) == {grace.pk}
    assert selectors.user_friend_ids(user=grace) == {ada.pk}
    assert selectors.user_friend_ids(user=alan) == set()
    assert selectors.user_friend_ids(user=AnonymousUser()) == set()
    # when
    services.friend_remove(user=grace, friend=ada)
    # then
    assert selectors.user_friend_ids(user=ada) == set()
    assert selectors.user_friend_ids(user=grace) == set()


# Sending -------------------------------------------------------------------------------------


def test_a_request_is_sent_by_username_and_shows_on_both_sides(signed_in, ada, grace):
    # when
    response = send(signed_in(ada), "Grace")
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "sent"
    assert body["request"]["from_user"] == {"id": ada.pk, "username": "ada"}
    assert body["request"]["to_user"] == {"id": grace.pk, "username": "grace"}
    assert body["request"]["status"] == "pending"
    assert signed_in(ada).get("/api/v1/friends/").json()["outgoing"][0]["id"] == body["request"]["id"]
    graces = signed_in(grace).get("/api/v1/friends/").json()
    assert [r["id"] for r in graces["incoming"]] == [body["request"]["id"]]
    assert graces["friends"] == [] and graces["outgoing"] == []


def test_asking_someone_who_already_asked_you_accepts_their_request(signed_in, ada, grace):
    # given
    theirs = send(signed_in(grace), "ada").json()["request"]
    # when
    response = send(signed_in(ada), "grace")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "accepted"
    assert body["message"] == "grace had already asked you: you are now friends."
    assert body["request"]["id"] == theirs["id"] and body["request"]["status"] == "accepted"
    assert rows() == {("grace", "ada", "accepted")}


def test_a_key_a_friend_request_does_not_take_is_a_400_naming_it(signed_in, ada, grace):
    # when: "message" is not a field of a friend request
    response = signed_in(ada).post("/api/v1/friends/requests/", {"username": "grace", "message": "hi"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"message": ["not a field here; expected one of username"]}
    assert rows() == set()


@pytest.mark.parametrize(
    ("setup", "username", "message"),
    [
        (None, "ada", "You cannot send a friend request to yourself."),
        (None, "nobody", "No one is called 'nobody'"),
        (None, "", "This field may not be blank."),
        (None, "   ", "This field may not be blank."),
        (None, "x" * 151, "Ensure this field has no more than 150 characters."),
        (None, "inactive", "No one is called 'inactive'"),
        ("friends", "grace", "You and grace are already friends."),
        ("pending", "grace", "Your friend request to grace is still pending."),
        ("declined", "grace", "grace declined your friend request"),
    ],
)
def test_a_refused_request_is_a_400_naming_username_and_saves_nothing(
    signed_in, make_user, ada, grace, setup, username, message
):
    # given
    make_user("inactive", is_active=False)
    if setup:
        request = Friendship.objects.create(from_user=ada, to_user=grace)
        if setup == "friends":
            services.friend_request_accept(friend_request=request)
        elif setup == "declined":
            services.friend_request_decline(friend_request=request)
    before = rows()
    # when
    response = send(signed_in(ada), username)
    # then
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["username"]
    assert message in error["fields"]["username"][0]
    assert error["message"].startswith("username: ")
    assert rows() == before


def test_a_request_without_a_username_field_names_it(signed_in, ada):
    response = signed_in(ada).post(REQUESTS, {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"username": ["This field is required."]}


def test_a_username_sent_as_a_json_number_is_refused_not_converted(signed_in, ada, make_user):
    # given: someone whose username is all digits
    make_user("2026")
    # when
    response = signed_in(ada).post(REQUESTS, {"username": 2026}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"username": ["Not a valid string."]}
    assert Friendship.objects.count() == 0


def test_whoever_declined_can_still_ask_the_other_way(signed_in, ada, grace):
    # given: grace declined ada's request
    request = Friendship.objects.create(from_user=ada, to_user=grace)
    services.friend_request_decline(friend_request=request)
    # when: grace changes her mind and asks, and ada accepts
    sent = send(signed_in(grace), "ada").json()["request"]
    signed_in(ada).post(f"{REQUESTS}{sent['id']}/accept/")
    # then: one row, accepted (the old declined one is gone)
    assert rows() == {("grace", "ada", "accepted")}
    assert selectors.user_friend_ids(user=ada) == {grace.pk}


def test_asking_someone_who_declined_you_but_asked_since_accepts_their_request(signed_in, ada, grace):
    # given: grace declined ada's request, then asked ada herself
    services.friend_request_decline(friend_request=Friendship.objects.create(from_user=ada, to_user=grace))
    Friendship.objects.create(from_user=grace, to_user=ada)
    # when
    response = send(signed_in(ada), "grace")
    # then
    assert response.status_code == 200 and response.json()["outcome"] == "accepted"
    assert rows() == {("grace", "ada", "accepted")}


# Answering, cancelling, removing ----------------------------------------------------------


def test_the_recipient_accepts_and_both_become_friends(signed_in, ada, grace):
    request_id = send(signed_in(ada), "grace").json()["request"]["id"]

    response = signed_in(grace).post(f"{REQUESTS}{request_id}/accept/")

    assert response.status_code == 200
    assert response.json()["status"] == "accepted" and response.json()["responded_at"]
    adas = signed_in(ada).get("/api/v1/friends/").json()
    assert [(f["id"], f["username"]) for f in adas["friends"]] == [(grace.pk, "grace")]
    assert adas["outgoing"] == [] and adas["incoming"] == []


def test_the_recipient_declines_and_nobody_becomes_friends(signed_in, ada, grace):
    request_id = send(signed_in(ada), "grace").json()["request"]["id"]

    response = signed_in(grace).post(f"{REQUESTS}{request_id}/decline/")

    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert rows() == {("ada", "grace", "declined")}
    assert signed_in(grace).get("/api/v1/friends/").json()["incoming"] == []
    assert selectors.user_friend_ids(user=ada) == set()


def test_the_sender_cancels_a_pending_request(signed_in, ada, grace):
    request_id = send(signed_in(ada), "grace").json()["request"]["id"]

    response = signed_in(ada).delete(f"{REQUESTS}{request_id}/")

    assert response.status_code == 204
    assert rows() == set()
    assert send(signed_in(ada), "grace").status_code == 201  # may ask again


def test_removing_a_friend_lets_either_ask_again(signed_in, ada, grace):
    request_id = send(signed_in(ada), "grace").json()["request"]["id"]
    signed_in(grace).post(f"{REQUESTS}{request_id}/accept/")

    response = signed_in(grace).delete(f"/api/v1/friends/{ada.pk}/")

    assert response.status_code == 204
    assert rows() == set()
    assert signed_in(ada).get("/api/v1/friends/").json()["friends"] == []
    assert send(signed_in(grace), "ada").status_code == 201


@pytest.mark.parametrize(
    ("who", "method", "suffix"),
    [
        ("ada", "post", "accept/"),  # the sender cannot accept her own request
        ("ada", "post", "decline/"),
        ("alan", "post", "accept/"),  # nor can a third person
        ("alan", "post", "decline/"),
        ("alan", "delete", ""),
        ("grace", "delete", ""),  # the recipient declines, she does not cancel
    ],
)
def test_a_request_is_a_404_to_anyone_but_who_may_act_on_it(signed_in, ada, grace, alan, who, method, suffix):
    # given
    request_id = send(signed_in(ada), "grace").json()["request"]["id"]
    users = {"ada": ada, "grace": grace, "alan": alan}
    # when
    response = getattr(signed_in(users[who]), method)(f"{REQUESTS}{request_id}/{suffix}")
    # then
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert rows() == {("ada", "grace", "pending")}


def test_an_answered_request_cannot_be_answered_or_cancelled_again(signed_in, ada, grace):
    request_id = send(signed_in(ada), "grace").json()["request"]["id"]
    signed_in(grace).post(f"{REQUESTS}{request_id}/decline/")

    assert signed_in(grace).post(f"{REQUESTS}{request_id}/accept/").status_code == 404
    assert signed_in(ada).delete(f"{REQUESTS}{request_id}/").status_code == 404
    assert rows() == {("ada", "grace", "declined")}


def test_removing_someone_who_is_not_a_friend_is_a_404(signed_in, ada, grace, alan):
    # given: ada and grace are friends; ada only asked alan
    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    Friendship.objects.create(from_user=ada, to_user=alan)
    # when
    not_friends = signed_in(ada).delete(f"/api/v1/friends/{alan.pk}/")
    others_friend = signed_in(alan).delete(f"/api/v1/friends/{grace.pk}/")
    # then
    assert (not_friends.status_code, others_friend.status_code) == (404, 404)
    assert rows() == {("ada", "grace", "accepted"), ("ada", "alan", "pending")}


def test_the_friends_api_needs_a_signed_in_account(ada, grace):
    anonymous = APIClient()

    assert anonymous.get("/api/v1/friends/").status_code == 401
    assert anonymous.post(REQUESTS, {"username": "grace"}, format="json").status_code == 401
    assert rows() == set()


def test_the_friends_schedules_path_is_left_to_its_own_view():
    try:
        match = resolve("/api/v1/friends/schedules/")
    except Resolver404:
        return
    assert not match.func.__module__.startswith("accounts")


def test_the_friends_overview_is_one_query(signed_in, make_user, ada, django_assert_num_queries):
    # given: three friends, two requests in, one out
    for name in ("b1", "b2", "b3"):
        Friendship.objects.create(from_user=make_user(name), to_user=ada, status=Friendship.Status.ACCEPTED)
    for name in ("c1", "c2"):
        Friendship.objects.create(from_user=make_user(name), to_user=ada)
    Friendship.objects.create(from_user=ada, to_user=make_user("d1"))
    # when
    with django_assert_num_queries(1):
        overview = selectors.friends_overview(user=ada)
        names = (
            [f.user.username for f in overview.friends],
            {r.from_user.username for r in overview.incoming},
            [r.to_user.username for r in overview.outgoing],
        )
    # then
    assert names == (["b1", "b2", "b3"], {"c1", "c2"}, ["d1"])


# The page ------------------------------------------------------------------------------------


def test_the_friends_page_sends_accepts_and_removes(client, ada, grace):
    # given: ada asks grace from the page
    client.force_login(ada)
    sent = client.post(reverse("friends"), {"username": "grace"}, follow=True)
    assert "Friend request sent to grace." in sent.content.decode()
    request = Friendship.objects.get()
    # when: grace sees it and accepts
    client.force_login(grace)
    page = client.get(reverse("friends")).content.decode()
    assert reverse("friend-request-accept", args=[request.pk]) in page
    accepted = client.post(reverse("friend-request-accept", args=[request.pk]), follow=True)
    # then
    assert "You and ada are now friends." in accepted.content.decode()
    assert reverse("friend-remove", args=[ada.pk]) in accepted.content.decode()
    assert selectors.user_friend_ids(user=grace) == {ada.pk}
    # when: grace removes ada
    removed = client.post(reverse("friend-remove", args=[ada.pk]), follow=True).content.decode()
    # then: and is told that a share link ada opened still works until revoked
    assert rows() == set()
    assert "You and ada are no longer friends. A share link works for whoever has it" in removed


def test_the_friends_page_declines_and_cancels(client, ada, grace, alan):
    # given: ada asked grace and alan
    first = Friendship.objects.create(from_user=ada, to_user=grace)
    second = Friendship.objects.create(from_user=ada, to_user=alan)
    # when
    client.force_login(grace)
    client.post(reverse("friend-request-decline", args=[first.pk]))
    client.force_login(ada)
    page = client.get(reverse("friends")).content.decode()
    client.post(reverse("friend-request-cancel", args=[second.pk]))
    # then
    assert reverse("friend-request-cancel", args=[second.pk]) in page
    assert reverse("friend-request-cancel", args=[first.pk]) not in page  # declined: no longer pending
    assert rows() == {("ada", "grace", "declined")}


def test_usernames_asked_on_the_friends_page_count_against_the_accounts_rate_as_through_the_api(
    client, ada, grace, settings, rate_window_pinned
):
    # given: two requests an hour per account, none counted yet (the cache outlives a test run)

    from django.core.cache import cache

    from classtime_site.api import throttle_key

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "2/hour"}}
    cache.delete(throttle_key("user", str(ada.pk), int(rate_window_pinned.at // 3600)))
    client.force_login(ada)
    # when: each answer says whether the name exists
    answers = [client.post(reverse("friends"), {"username": name}) for name in ("nobody1", "nobody2", "grace")]
    # then: the third is refused before the name is looked up
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].context["form"].errors["username"][0].startswith("Too many requests; try again in")
    assert rows() == set()


def test_the_friends_page_shows_a_refused_request_on_the_username_field(client, ada):
    client.force_login(ada)

    response = client.post(reverse("friends"), {"username": "ada"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"username": ["You cannot send a friend request to yourself."]}
    assert 'aria-invalid="true"' in response.content.decode()
    assert rows() == set()


def test_the_friends_page_says_what_a_blank_username_needs(client, ada):
    client.force_login(ada)

    response = client.post(reverse("friends"), {"username": "   "})

    assert response.context["form"].errors == {"username": ["Give the username of the person to ask."]}
    assert rows() == set()


def test_the_friends_page_actions_are_404s_on_someone_elses_requests(client, ada, grace, alan):
    request = Friendship.objects.create(from_user=ada, to_user=grace)
    client.force_login(alan)

    for name in ("friend-request-accept", "friend-request-decline", "friend-request-cancel"):
        assert client.post(reverse(name, args=[request.pk])).status_code == 404
    assert client.post(reverse("friend-remove", args=[ada.pk])).status_code == 404
    assert rows() == {("ada", "grace", "pending")}


def test_the_friends_page_actions_act_on_a_post_only_and_a_get_goes_to_the_friends_page(client, ada, grace):
    # given
    request = Friendship.objects.create(from_user=ada, to_user=grace)
    client.force_login(grace)
    # when
    response = client.get(reverse("friend-request-accept", args=[request.pk]))
    put = client.put(reverse("friend-request-accept", args=[request.pk]))
    # then
    assert response.status_code == 302 and response["Location"] == reverse("friends")
    assert put.status_code == 405 and put["Allow"] == "POST"
    assert rows() == {("ada", "grace", "pending")}


# A deactivated account ----------------------------------------------------------------------


def set_active(user, active: bool) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])


@pytest.fixture
def ada_and_others(make_user, ada, grace, alan):
    """ada is friends with grace, alan asked ada, ada asked edsger; barbara asked ada and was
    declined (so a request ada has answered is there too)."""
    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    Friendship.objects.create(from_user=alan, to_user=ada)
    Friendship.objects.create(from_user=ada, to_user=make_user("edsger"))
    Friendship.objects.create(from_user=make_user("barbara"), to_user=ada, status=Friendship.Status.DECLINED)
    return ada


def test_a_deactivated_account_leaves_its_friends_lists_until_it_is_reactivated(signed_in, ada_and_others):
    # given
    ada = ada_and_others
    others = list(User.objects.exclude(pk=ada.pk))
    before = signed_in(ada).get("/api/v1/friends/").json()
    stored = rows()
    # when: every other account is deactivated
    for user in others:
        set_active(user, False)
    hidden = signed_in(ada).get("/api/v1/friends/").json()
    hidden_ids = selectors.user_friend_ids(user=ada)
    for user in others:
        set_active(user, True)
    # then: as if they did not exist, and all back as it was, nothing deleted
    assert [len(before[k]) for k in ("friends", "incoming", "outgoing")] == [1, 1, 1]
    assert hidden == {"friends": [], "incoming": [], "outgoing": []}
    assert hidden_ids == set()
    assert rows() == stored
    assert signed_in(ada).get("/api/v1/friends/").json() == before


def test_only_the_deactivated_friend_is_left_out(signed_in, ada, grace, alan):
    # given
    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    Friendship.objects.create(from_user=alan, to_user=ada, status=Friendship.Status.ACCEPTED)
    # when
    set_active(grace, False)
    friends = signed_in(ada).get("/api/v1/friends/").json()["friends"]
    # then
    assert [f["username"] for f in friends] == ["alan"]
    assert selectors.user_friend_ids(user=ada) == {alan.pk}
    assert selectors.user_friend_ids(user=alan) == {ada.pk}


def test_a_deactivated_accounts_requests_and_friendship_answer_404_as_unknown_ones(signed_in, make_user, ada):
    # given: alan asked ada, ada asked grace, ada is friends with edsger; all three deactivated
    alan, grace, edsger = make_user("alan"), make_user("grace"), make_user("edsger")
    theirs = Friendship.objects.create(from_user=alan, to_user=ada)
    mine = Friendship.objects.create(from_user=ada, to_user=grace)
    Friendship.objects.create(from_user=edsger, to_user=ada, status=Friendship.Status.ACCEPTED)
    for user in (alan, grace, edsger):
        set_active(user, False)
    stored = rows()
    api = signed_in(ada)
    # when: each action on them, and on an id that names nothing
    paths = [
        ("post", theirs.pk, f"{REQUESTS}%s/accept/"),
        ("post", theirs.pk, f"{REQUESTS}%s/decline/"),
        ("delete", mine.pk, f"{REQUESTS}%s/"),
        ("delete", edsger.pk, "/api/v1/friends/%s/"),
    ]
    answers = [
        (getattr(api, method)(path % hidden), getattr(api, method)(path % 999999), str(hidden))
        for method, hidden, path in paths
    ]
    # then: the same 404 (but for the id in the message), and nothing changed
    for hidden, unknown, hidden_id in answers:
        assert hidden.status_code == unknown.status_code == 404
        assert hidden.content.decode() == unknown.content.decode().replace("999999", hidden_id)
    assert rows() == stored


def test_the_friends_page_leaves_a_deactivated_account_out_and_its_actions_are_404s(client, ada_and_others):
    # given
    ada = ada_and_others
    grace, alan, edsger = (User.objects.get(username=name) for name in ("grace", "alan", "edsger"))
    theirs = Friendship.objects.get(from_user=alan)
    mine = Friendship.objects.get(to_user=edsger)
    client.force_login(ada)
    shown = client.get(reverse("friends")).content.decode()
    # when
    for user in (grace, alan, edsger):
        set_active(user, False)
    page = client.get(reverse("friends")).content.decode()
    actions = [
        client.post(reverse("friend-request-accept", args=[theirs.pk])),
        client.post(reverse("friend-request-decline", args=[theirs.pk])),
        client.post(reverse("friend-request-cancel", args=[mine.pk])),
        client.post(reverse("friend-remove", args=[grace.pk])),
    ]
    # then
    assert all(name in shown for name in ("grace", "alan", "edsger"))
    assert not any(name in page for name in ("grace", "alan", "edsger"))
    assert "None waiting." in page and "None pending." in page and "No friends yet." in page
    assert [response.status_code for response in actions] == [404, 404, 404, 404]
    assert Friendship.objects.count() == 4


@pytest.mark.parametrize("between", ["none", "friends", "they asked", "you asked", "you declined"])
def test_asking_a_deactivated_account_answers_as_for_an_unknown_username(signed_in, ada, grace, between):
    # given: whatever lies between ada and grace, grace is deactivated
    if between == "friends":
        Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    elif between == "they asked":
        Friendship.objects.create(from_user=grace, to_user=ada)
    elif between == "you asked":
        Friendship.objects.create(from_user=ada, to_user=grace)
    elif between == "you declined":
        Friendship.objects.create(from_user=grace, to_user=ada, status=Friendship.Status.DECLINED)
    set_active(grace, False)
    stored = rows()
    # when
    asked = send(signed_in(ada), "grace")
    unknown = send(signed_in(ada), "gracie")
    # then
    assert asked.status_code == unknown.status_code == 400
    assert asked.content.decode() == unknown.content.decode().replace("gracie", "grace")
    assert rows() == stored


# The admin -----------------------------------------------------------------------------------


def test_the_admin_lists_friendships_filtered_by_status_and_searched_by_username(client, ada, grace, alan):
    # given
    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    Friendship.objects.create(from_user=alan, to_user=grace)
    client.force_login(User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1"))
    url = reverse("admin:accounts_friendship_changelist")
    # when
    accepted = client.get(url, {"status__exact": "accepted"})
    searched = client.get(url, {"q": "alan"})
    # then
    assert [str(f) for f in accepted.context["cl"].result_list] == ["ada → grace (accepted)"]
    assert [str(f) for f in searched.context["cl"].result_list] == ["alan → grace (pending)"]


def test_the_friends_page_says_an_outgoing_request_was_asked_by_you(ada, grace):
    # given: ada asked grace, who has not answered
    Friendship.objects.create(from_user=ada, to_user=grace)
    client = APIClient()
    client.force_login(ada)
    # when
    page = client.get("/accounts/friends/").content.decode()
    # then: not "grace asked …", which reads as if grace had
    asked = r"<time [^>]*>\d{4}-\d\d-\d\d UTC</time>"  # in the reader's zone, by web/static/web/localtime.js
    assert re.search(rf"You asked</span> <strong>grace</strong> <span[^>]*>on {asked}, not answered yet", page)
    assert '<strong>grace</strong> <span class="meta">asked' not in page
