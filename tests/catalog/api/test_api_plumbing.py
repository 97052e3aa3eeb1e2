"""What every endpoint shares: the error shape, bounded pagination, conditional GET, throttling."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import InterfaceError, OperationalError

from catalog.models import Term
from classtime_site import api as plumbing
from classtime_site.api import throttle_key
from tests.catalog.api.conftest import DEMO
from tests.conftest import DEMO_CATALOG, statement_stopped, yaml_read

pytestmark = pytest.mark.django_db


def forget(scope: str, ident: str, period: int) -> None:
    """Delete this client's counter of the current window: the shared cache (Redis) outlives a
    test run, and only this test's own key is touched."""
    cache.delete(throttle_key(scope, ident, int(plumbing.time.time() // period)))  # the test's pinned window


def fresh_address(scope: str, period: int = 60) -> str:
    """A client address of this test's own, with nothing counted yet."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    forget(scope, address, period)
    return address


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fields"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


def test_bad_query_parameters_are_a_400_naming_each_field(api, demo):
    response = api.get(DEMO + "courses/?days=Xx&starts_after=9:00&credits=lots&ordering=best")

    error = error_of(response)
    assert response.status_code == 400
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"days", "starts_after", "credits", "ordering"}
    assert error["fields"]["starts_after"] == ["Expected a 24-hour time HH:MM."]


def test_the_page_size_is_bounded_and_a_malformed_page_is_refused(api, demo):
    default = api.get(DEMO + "courses/").json()
    five = api.get(DEMO + "courses/?page_size=5&page=2").json()
    too_big = api.get(DEMO + "courses/?page_size=101")
    zero = api.get(DEMO + "courses/?page=0")
    past_the_end = api.get(DEMO + "courses/?page=9")

    assert (default["count"], len(default["results"])) == (14, 14)
    assert len(five["results"]) == 5 and "page=3" in five["next"] and five["previous"]
    assert too_big.status_code == 400 and "page_size" in error_of(too_big)["fields"]
    assert zero.status_code == 400 and "page" in error_of(zero)["fields"]
    assert past_the_end.status_code == 404 and error_of(past_the_end)["code"] == "not_found"


def test_a_page_past_the_end_says_which_page_is_the_last(api, demo):
    # when
    response = api.get(DEMO + "courses/?page_size=5&page=9")
    # then
    assert response.status_code == 404
    assert error_of(response)["message"] == "page 9 is past the last page, 3"


def test_unknown_api_urls_answer_json_in_the_same_shape(api, db):
    response = api.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_an_unchanged_catalog_answers_304_without_a_body(api, demo):
    # given
    first = api.get(DEMO + "courses/?q=chem")
    # when
    again = api.get(DEMO + "courses/?q=chem", HTTP_IF_NONE_MATCH=first["ETag"])
    since = api.get(DEMO + "courses/?q=chem", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    # then
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert since.status_code == 304


def test_a_new_import_or_another_query_changes_the_etag(api, demo):
    # given
    before = api.get(DEMO + "courses/CS/1110/")["ETag"]
    other = api.get(DEMO + "courses/CS/4993/")["ETag"]
    # when: an import changes the term's catalog
    Term.objects.update(catalog_version=2)
    after = api.get(DEMO + "courses/CS/1110/", HTTP_IF_NONE_MATCH=before)
    # then
    assert other != before
    assert after.status_code == 200 and after["ETag"] != before


def test_the_institution_list_is_revalidated_when_a_term_is_added(api, demo, tmp_path):
    # given the list's ETag, then a second term imported
    etag = api.get("/api/v1/institutions/")["ETag"]
    spring = json.loads(DEMO_CATALOG.read_text())
    spring["term"].update(code="2027-spring", name="Spring 2027")
    (tmp_path / "spring.json").write_text(json.dumps(spring))
    call_command("import_catalog", str(tmp_path / "spring.json"), "--format", "canonical", stdout=None)

    # when the list is revalidated
    response = api.get("/api/v1/institutions/", HTTP_IF_NONE_MATCH=etag)

    # then it is sent again, with both terms
    assert response.status_code == 200
    assert len(response.json()["results"][0]["terms"]) == 2


def test_too_many_requests_are_a_429_with_retry_after(api, demo, settings):
    # given: two requests a minute for anonymous clients, from an address of this test's own
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None, "generation": None},
    }
    address = fresh_address("anon")
    get = lambda: api.get(DEMO + "courses/", REMOTE_ADDR=address)
    # when
    statuses = [get().status_code for _ in range(2)]
    throttled = get()
    # then
    assert statuses == [200, 200]
    assert throttled.status_code == 429
    assert error_of(throttled)["code"] == "throttled"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert api.get(DEMO + "courses/", REMOTE_ADDR=fresh_address("anon")).status_code == 200  # others unaffected


def test_a_client_cannot_escape_the_anonymous_limit_by_sending_a_new_x_forwarded_for_each_time(api, demo, settings):
    # given: two requests a minute, no proxy in front (the embedded default), a forged header each time
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None, "generation": None},
    }
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    address = fresh_address("anon")
    # when
    statuses = [
        api.get(DEMO + "courses/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    # then: counted by the connection's address, not the header (it was 200 four times)
    assert statuses == [200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_saw_is_counted_whatever_the_client_put_before_it(api, demo, settings):
    # given: one proxy in front, which appends the address it saw to the client's header
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 1,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None, "generation": None},
    }
    client_address, other = fresh_address("anon"), fresh_address("anon")
    get = lambda forged: api.get(
        DEMO + "courses/", REMOTE_ADDR="10.255.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, {client_address}"
    )
    # when
    statuses = [get(f"192.0.2.{n}").status_code for n in range(3)]
    # then: one client, whatever it forged; another client behind the same proxy is not counted with it
    assert statuses == [200, 200, 429]
    assert api.get(DEMO + "courses/", REMOTE_ADDR="10.255.0.1", HTTP_X_FORWARDED_FOR=other).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "remote", "header", "address"),
    [
        (0, "10.0.0.9", "192.0.2.1", "10.0.0.9"),  # no proxy declared: the header is the client's word
        (1, "10.255.0.1", "192.0.2.1, 203.0.113.7", "203.0.113.7"),  # what the proxy appended
        (1, "10.255.0.1", "203.0.113.7:51515", "203.0.113.7"),  # a proxy that adds the port
        (1, "10.255.0.1", "[2001:db8::1]:443", "2001:db8::/64"),  # IPv6: the host's /64
        (1, "10.255.0.1", "2001:db8:0:7:a:b:c:d", "2001:db8:0:7::/64"),
        (1, "10.255.0.1", "::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 written as IPv6
        (0, "2001:db8:0:7::1", "", "2001:db8:0:7::/64"),  # the connection's own address too
        (1, "10.255.0.1", "203.0.113.7,", "10.255.0.1"),  # empty last entry: not "" (limits off)
        (1, "10.255.0.1", " ", "10.255.0.1"),
        (1, "10.255.0.1", "not-an-address", "10.255.0.1"),
        (2, "10.255.0.1", "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies
    ],
)
def test_the_client_address_the_limits_count_by(settings, rf, proxies, remote, header, address):
    # given
    from classtime_site.api import client_address

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = rf.get("/api/v1/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    # when / then
    assert client_address(request) == address


def test_an_ipv6_client_taking_a_new_address_in_its_network_for_each_request_is_counted_once(api, demo, settings):
    # given: a host given a /64, as IPv6 hosts are, and another network's client
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None, "generation": None},
    }
    network = f"{uuid.uuid4().int % 0xFFFF + 1:x}"  # written as ipaddress writes it: no leading zeros
    forget("anon", f"2001:db8:{network}:1::/64", 60)
    forget("anon", f"2001:db8:{network}:2::/64", 60)
    # when: each request from a new address of the same /64
    statuses = [
        api.get(DEMO + "courses/", REMOTE_ADDR=f"2001:db8:{network}:1::{n + 1:x}").status_code for n in range(3)
    ]
    # then: one client; the next /64 is another
    assert statuses == [200, 200, 429]
    assert api.get(DEMO + "courses/", REMOTE_ADDR=f"2001:db8:{network}:2::1").status_code == 200


def test_signed_in_clients_are_throttled_per_account_at_their_own_rate(api, demo, settings, django_user_model):
    # given
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": "1/minute", "generation": None},
    }
    user = django_user_model.objects.create_user(f"student-{uuid.uuid4().hex[:8]}", password="pw-student-1")
    forget("user", str(user.pk), 60)  # primary keys repeat across test databases
    api.force_authenticate(user)
    # when
    first, second = api.get(DEMO), api.get(DEMO)
    # then
    assert first.status_code == 200
    assert second.status_code == 429 and "Retry-After" in second


def test_the_throttles_let_requests_through_when_the_cache_is_down(api, demo, settings, monkeypatch):
    # given: a tiny rate and a cache that raises on every call
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "1/minute", "generation": None},
    }
    from classtime_site import api as plumbing

    class Down:
        def __getattr__(self, name):
            raise ConnectionError("cache down")

    monkeypatch.setattr(plumbing, "cache", Down())
    # when
    statuses = {api.get(DEMO).status_code for _ in range(3)}
    # then
    assert statuses == {200}


def test_the_generation_throttle_scope_uses_its_own_rate(rf, settings):
    # given: a view in the "generation" scope, and one request already counted
    from rest_framework.views import APIView

    from classtime_site.api import GenerationThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"generation": "1/hour"}}
    view = type("Generate", (APIView,), {"throttle_scope": "generation"})()
    request = rf.post("/api/v1/generations/", REMOTE_ADDR=fresh_address("generation", 3600))
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    # when
    first = GenerationThrottle().allow_request(request, view)
    second = GenerationThrottle().allow_request(request, view)
    # then
    assert (first, second) == (True, False)


def test_a_repeated_read_is_answered_from_the_cache_until_the_catalog_changes(api, demo, django_assert_num_queries):
    # given
    first = api.get(DEMO + "courses/CHEM/1410/")
    assert api.get(DEMO).json()["name"] == "Fall 2026"
    # when: the same read again, then after an import bumped the version
    with django_assert_num_queries(1):  # the term, for its version
        again = api.get(DEMO + "courses/CHEM/1410/")
    Term.objects.update(catalog_version=2, name="Autumn 2026")
    changed = api.get(DEMO)
    # then
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert changed.json()["name"] == "Autumn 2026"


def test_a_web_process_reuses_the_term_row_for_a_moment(api, demo, settings, django_assert_num_queries):
    # given: the production setting, and one read that loaded the term and filled the cache
    settings.CLASSTIME_API_TERM_SECONDS = 60
    first = api.get(DEMO + "courses/CHEM/1410/")
    # when
    with django_assert_num_queries(0):
        again = api.get(DEMO + "courses/CHEM/1410/")
        not_modified = api.get(DEMO + "courses/CHEM/1410/", HTTP_IF_NONE_MATCH=first["ETag"])
    # then
    assert again.content == first.content
    assert not_modified.status_code == 304


@pytest.mark.parametrize(
    "broken", [OperationalError("terminating connection"), InterfaceError("connection already closed")]
)
def test_a_broken_database_connection_is_a_503_asking_to_retry(api, demo, monkeypatch, broken):
    # given: the database connection breaks during a catalog read (a restart, a killed session)
    from catalog.api import views

    def lost(*args, **kwargs):
        raise broken

    monkeypatch.setattr(views.selectors, "institution_list", lost)
    monkeypatch.setattr(views.selectors, "catalog_index_version", lambda: str(uuid.uuid4()))
    # when
    response = api.get("/api/v1/institutions/")
    # then: 503 in the error shape, with Retry-After, and the next request is served
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    error = error_of(response)
    assert error["code"] == "unavailable" and "try again" in error["message"]
    monkeypatch.undo()
    assert api.get("/api/v1/institutions/").status_code == 200


def test_a_statement_past_the_timeout_is_a_503_that_says_so_without_asking_to_retry(api, demo, monkeypatch, caplog):
    # given: a catalog read whose statement PostgreSQL stops at statement_timeout
    from catalog.api import views

    stopped = statement_stopped()

    def slow(*args, **kwargs):
        raise stopped

    monkeypatch.setattr(views.selectors, "institution_list", slow)
    monkeypatch.setattr(views.selectors, "catalog_index_version", lambda: str(uuid.uuid4()))
    # when
    response = api.get("/api/v1/institutions/")
    # then: not the `unavailable` of a lost connection, and logged as an error
    assert response.status_code == 503 and "Retry-After" not in response
    error = error_of(response)
    assert error["code"] == "statement_timeout" and "took too long" in error["message"]
    assert any(r.levelname == "ERROR" and "CLASSTIME_STATEMENT_TIMEOUT" in r.getMessage() for r in caplog.records)


def test_a_generation_request_whose_database_connection_breaks_is_a_503(api, demo, monkeypatch):
    from scheduler import services

    def lost(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "generation_job_submit", lost)
    response = api.post("/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"]}, format="json")

    assert response.status_code == 503 and error_of(response)["code"] == "unavailable"


def test_every_operation_documents_the_503(api, db):
    schema = yaml_read(api.get("/api/v1/schema/").content)

    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) > 30
    for op in operations:
        assert op["responses"]["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_every_counted_answer_says_how_many_requests_are_left_in_the_tightest_scope(
    api, demo, settings, rate_window_pinned
):
    # given: three anonymous requests a minute, from an address of this test's own
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": None, "generation": None},
    }
    address = fresh_address("anon")
    # when
    answers = [api.get(DEMO + "courses/", REMOTE_ADDR=address) for _ in range(4)]
    # then
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a["X-RateLimit-Limit"] for a in answers} == {"3"} and {a["X-RateLimit-Resource"] for a in answers} == {
        "anon"
    }
    reset = int(answers[0]["X-RateLimit-Reset"])
    assert 0 < reset - rate_window_pinned.at <= 60 and reset % 60 == 0


def test_no_rate_limit_headers_where_no_throttle_counts(api, demo, settings):
    # given: every scope off
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None},
    }
    # when
    response = api.get(DEMO)
    # then
    assert response.status_code == 200 and not response.has_header("X-RateLimit-Remaining")


def test_the_schema_declares_the_rate_limit_headers_on_every_answer_and_retry_after_on_429(api, demo):
    # given
    limits = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Resource"}
    # when
    schema = yaml_read(api.get("/api/v1/schema/").content)
    # then: every answer of every operation refers to them; each 429 also to Retry-After
    answers = [
        (f"{method} {path} {code}", response)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code, response in operation["responses"].items()
    ]
    assert len(answers) > 100
    assert [where for where, response in answers if not limits <= set(response.get("headers", {}))] == []
    assert [
        where for where, response in answers if where.endswith(" 429") and "Retry-After" not in response["headers"]
    ] == []
    declared = schema["components"]["headers"]
    assert {name: declared[name]["schema"]["type"] for name in limits} == {
        "X-RateLimit-Limit": "integer",
        "X-RateLimit-Remaining": "integer",
        "X-RateLimit-Reset": "integer",
        "X-RateLimit-Resource": "string",
    }


def test_when_two_scopes_are_spent_the_headers_name_the_one_that_resets_last(api, demo, settings, rate_window_pinned):
    # given: anonymous clients may make two requests an hour, and two generations a minute
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/hour", "user": None, "generation": "2/minute"},
    }
    address = fresh_address("anon", 3600)
    forget("generation", address, 60)
    body = {"term": "2026-fall", "courses": ["CS 1110"]}
    # when
    answers = [api.post("/api/v1/generations/", body, format="json", REMOTE_ADDR=address) for _ in range(3)]
    # then: the reset the client can wait for is the hour's, as Retry-After says
    refused = answers[-1]
    assert refused.status_code == 429 and refused["X-RateLimit-Remaining"] == "0"
    assert refused["X-RateLimit-Resource"] == "anon"
    assert int(refused["X-RateLimit-Reset"]) - rate_window_pinned.at >= int(refused["Retry-After"]) - 1


def test_a_course_read_in_any_case_has_one_etag(api, demo):
    # when: subject and number ignore case, so these are one course and one answer
    upper = api.get(DEMO + "courses/CS/1110/")
    lower = api.get(DEMO + "courses/cs/1110/")
    revalidated = api.get(DEMO + "courses/cs/1110/", HTTP_IF_NONE_MATCH=upper["ETag"])
    # then
    assert upper.content == lower.content and upper["ETag"] == lower["ETag"]
    assert revalidated.status_code == 304
    assert api.get(DEMO + "courses/CS/1110/?include_withdrawn=true")["ETag"] != upper["ETag"]


def test_a_catalog_read_with_an_if_match_but_star_is_the_412_its_schema_documents(api, demo):
    # given: the answer's own ETag, which is weak, and If-Match compares strongly (RFC 9110)
    url = DEMO + "courses/?q=chem"
    etag = api.get(url)["ETag"]
    # when
    own, star = api.get(url, HTTP_IF_MATCH=etag), api.get(url, HTTP_IF_MATCH="*")
    malformed = api.get(url, HTTP_IF_MATCH="AAA")
    # then: a 412 in the error shape, word for word the schema's, not a bodiless one
    assert star.status_code == 200 and own.status_code == 412 and malformed.status_code == 412
    assert error_of(own)["code"] == "precondition_failed"
    schema = api.get("/api/v1/schema/?format=json").json()
    answer = schema["paths"]["/api/v1/institutions/{institution}/terms/{term}/courses/"]["get"]["responses"]["412"]
    assert answer["content"]["application/json"]["examples"]["precondition_failed"]["value"] == own.json()


@pytest.mark.parametrize(
    ("path", "answer"),
    [("courses/NOPE/1/", 404), ("sections/99999/", 404), ("courses/?page=99", 404), ("courses/?days=Xx", 400)],
)
@pytest.mark.parametrize("cache_seconds", [600, 0])
def test_preconditions_are_not_evaluated_on_a_read_that_is_no_success(api, demo, settings, path, answer, cache_seconds):
    # given: a client sending every precondition a cache or a browser sends, with the term's time
    settings.CLASSTIME_API_CACHE_SECONDS = cache_seconds
    modified = api.get(DEMO)["Last-Modified"]
    # when
    answers = [
        api.get(DEMO + path, HTTP_IF_NONE_MATCH="*"),
        api.get(DEMO + path, HTTP_IF_MODIFIED_SINCE=modified),
        api.get(DEMO + path, HTTP_IF_MATCH='"x"'),
    ]
    # then: the 404 or 400 the read is without them (RFC 9110 13.2.1), never a 304 or a 412
    assert [a.status_code for a in answers] == [answer] * 3


@pytest.mark.parametrize("cache_seconds", [600, 0])
def test_a_current_copy_is_still_a_304_with_the_cache_or_without(api, demo, settings, cache_seconds):
    # given
    settings.CLASSTIME_API_CACHE_SECONDS = cache_seconds
    first = api.get(DEMO + "courses/CS/1110/")
    # when
    again = api.get(DEMO + "courses/CS/1110/", HTTP_IF_NONE_MATCH=first["ETag"])
    modified = api.get(DEMO + "courses/CS/1110/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    # then
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert modified.status_code == 304


@pytest.mark.parametrize("page", ["last", " 1", "1 ", "+1", "1.0", "٣"])
@pytest.mark.parametrize("name", ["page", "page_size"])
def test_a_page_or_page_size_that_is_not_plain_digits_is_refused(api, demo, name, page):
    # when
    response = api.get(DEMO + "courses/", {name: page})
    # then
    assert response.status_code == 400 and name in error_of(response)["fields"]
