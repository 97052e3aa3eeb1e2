"""Boolean query parameters of the catalog reads: one reading of `true`/`false` and one wording of
its error on every endpoint (docs/api.md, Errors)."""

import pytest

from tests.catalog.api.conftest import DEMO

pytestmark = pytest.mark.django_db

FLAGS = [
    ("courses/", "open_seats"),
    ("courses/", "include_withdrawn"),
    ("courses/CS/1110/", "include_withdrawn"),
]


@pytest.mark.parametrize(("path", "name"), FLAGS)
@pytest.mark.parametrize("value", ["yes", "True", "1", "", "on"])
def test_every_boolean_query_parameter_refuses_a_non_boolean_in_the_same_words(api, demo, path, name, value):
    # when
    response = api.get(DEMO + path, {name: value})
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        name: [f"Expected true or false (in lower case), not {value!r}; leave the parameter out for false."]
    }


@pytest.mark.parametrize(("path", "name"), FLAGS)
def test_every_boolean_query_parameter_takes_true_and_false(api, demo, path, name):
    assert api.get(DEMO + path, {name: "true"}).status_code == 200
    assert api.get(DEMO + path, {name: "false"}).status_code == 200
