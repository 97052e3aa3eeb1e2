"""A filter given a blank value, or naming nothing, is a 400 on it, never an answer that looks
unfiltered or empty (docs/api.md, Errors)."""

import pytest

from tests.catalog.api.conftest import DEMO

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("/api/v1/terms/?institution=", "institution", "give the institution code"),
        ("/api/v1/terms/?institution=%20", "institution", "give the institution code"),
        ("/api/v1/terms/?institution=nope", "institution", "no institution 'nope'; expected one of demo"),
        (DEMO + "courses/?q=", "q", "Give a value"),
        (DEMO + "courses/?q=%20%20", "q", "Give a value"),
        (DEMO + "courses/?instructor=", "instructor", "Give a value"),
    ],
)
def test_a_blank_or_unknown_filter_is_a_400_on_it(api, demo, query, field, message):
    # when
    response = api.get(query)
    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert message in response.json()["error"]["fields"][field][0]


def test_the_terms_of_a_known_institution_are_listed(api, demo):
    assert [t["code"] for t in api.get("/api/v1/terms/?institution=demo").json()["results"]] == ["2026-fall"]


def test_the_schema_says_the_free_text_filters_hold_something(api):
    # when
    schema = api.get("/api/v1/schema/?format=json").json()
    # then
    search = schema["paths"]["/api/v1/institutions/{institution}/terms/{term}/courses/"]["get"]["parameters"]
    terms = schema["paths"]["/api/v1/terms/"]["get"]["parameters"]
    for name, parameters in (("q", search), ("instructor", search), ("institution", terms)):
        assert next(p for p in parameters if p["name"] == name)["schema"]["minLength"] == 1
