"""A range of the course search whose bounds contradict each other (`min_credits=4&max_credits=1`)
is a 400 naming both bounds, not a search that quietly answers (docs/api.md, Course search)."""

import pytest

from tests.catalog.api.conftest import DEMO

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [
        ("min_credits=4&max_credits=1", "min_credits", "max_credits"),
        ("min_credits=3.5&max_credits=3", "min_credits", "max_credits"),
        ("starts_after=14:00&ends_before=09:00", "starts_after", "ends_before"),
        ("starts_after=12:00&ends_before=12:00", "starts_after", "ends_before"),
    ],
)
def test_a_contradictory_range_is_a_400_naming_both_bounds(api, demo, query, low, high):
    # when
    response = api.get(DEMO + "courses/?" + query)
    # then
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {low, high}
    for messages in fields.values():
        assert len(messages) == 1
        assert low in messages[0] and high in messages[0]


@pytest.mark.parametrize("query", ["min_credits=3&max_credits=3", "starts_after=09:00&ends_before=09:50"])
def test_a_range_whose_bounds_agree_is_answered(api, demo, query):
    assert api.get(DEMO + "courses/?" + query).status_code == 200


def test_a_malformed_bound_is_refused_on_its_own_without_a_range_error(api, demo):
    # when
    response = api.get(DEMO + "courses/?min_credits=lots&max_credits=1")
    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["min_credits"]


def test_the_schema_says_contradictory_ranges_are_refused(api):
    # when
    schema = api.get("/api/v1/schema/?format=json").json()
    # then
    parameters = schema["paths"]["/api/v1/institutions/{institution}/terms/{term}/courses/"]["get"]["parameters"]
    described = {p["name"]: p["description"] for p in parameters}
    assert "max_credits" in described["min_credits"] and "400" in described["min_credits"]
    assert "min_credits" in described["max_credits"] and "400" in described["max_credits"]
    assert "ends_before" in described["starts_after"] and "400" in described["starts_after"]
    assert "starts_after" in described["ends_before"] and "400" in described["ends_before"]
