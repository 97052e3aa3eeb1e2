"""The course search's `level`: the thousands of a four-digit course number (docs/api.md)."""

import copy
import json

import pytest
from django.core.management import call_command

from tests.catalog.api.conftest import DEMO, codes
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def search(api, query: str) -> list[str]:
    return codes(api.get(DEMO + "courses/?page_size=100&" + query))


@pytest.fixture
def odd_numbers(db, tmp_path):
    """The demo catalog with courses numbered as real catalogs number some: UVA's `801` and
    `8000T`, Georgia Tech's `1107L`, `0999` and a transfer credit's `2X51`, and a five-digit one."""
    data = json.loads(DEMO_CATALOG.read_text())
    template = data["courses"][0]
    for number in ("801", "8000T", "1107L", "0999", "2X51", "10000", "2X10"):
        added = copy.deepcopy(template)
        added.update(subject="ODD", number=number, title=f"Odd {number}")
        for component in added["components"]:
            for section in component["sections"]:
                section["id"] = f"{section['id']}-{number}"
        data["courses"].append(added)
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)


def test_a_level_finds_the_courses_whose_number_is_in_its_thousands(api, demo):
    assert search(api, "level=1000&subject=CS") == ["CS 1110"]
    assert search(api, "level=4000") == ["CS 4993"]
    assert search(api, "level=2000") == ["ARTS 2050", "ECON 2010", "HIST 2001", "SPAN 2020"]
    assert search(api, "level=3000") == []


def test_several_levels_find_the_courses_of_any_of_them(api, demo):
    # when
    both = search(api, "level=2000&level=4000")
    # then
    assert both == ["ARTS 2050", "CS 4993", "ECON 2010", "HIST 2001", "SPAN 2020"]


def test_a_level_combines_with_the_other_filters(api, demo):
    assert search(api, "level=1000&q=chem") == ["CHEM 1410", "CHEM 1411"]
    assert search(api, "level=2000&modality=online") == []


def test_numbers_ending_in_letters_or_holding_a_transfer_x_have_a_level_and_others_none(api, odd_numbers):
    # given the odd numbers; when, then: on SQLite and PostgreSQL alike
    assert search(api, "subject=ODD&level=1000") == ["ODD 1107L"]
    assert search(api, "subject=ODD&level=2000") == ["ODD 2X10", "ODD 2X51"]
    assert search(api, "subject=ODD&level=8000") == ["ODD 8000T"]
    assert search(api, "subject=ODD&level=0") == ["ODD 0999"]
    # 801 and 10000 have no level: every level leaves them out
    every = "&".join(f"level={n}" for n in range(0, 10000, 1000))
    assert search(api, f"subject=ODD&{every}") == ["ODD 0999", "ODD 1107L", "ODD 2X10", "ODD 2X51", "ODD 8000T"]
    assert search(api, "subject=ODD") == [
        "ODD 0999",
        "ODD 10000",
        "ODD 1107L",
        "ODD 2X10",
        "ODD 2X51",
        "ODD 8000T",
        "ODD 801",
    ]


@pytest.mark.parametrize(
    "value",
    ["250", "2000x", "10000", "-1000", "2", "", " ", "２０００", "1000.0", "9" * 40, "02000", "00000", "00", "+1000"],
)
def test_a_level_that_is_no_thousands_of_a_course_number_is_refused_naming_the_field(api, demo, value):
    # when
    response = api.get(DEMO + "courses/", {"level": value})
    # then
    assert response.status_code == 400
    (message,) = response.json()["error"]["fields"]["level"]
    assert "expected a course level: 0, 1000, 2000 … 9000" in message


def test_a_level_among_valid_ones_is_refused_alone(api, demo):
    # when
    response = api.get(DEMO + "courses/?level=1000&level=1500")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "level": [
            "'1500': expected a course level: 0, 1000, 2000 … 9000 (the thousands of a four-digit course number), "
            "e.g. level=2000."
        ]
    }


def test_the_schema_lists_the_levels(api):
    # when
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    # then
    path = next(p for p in schema["paths"] if p.endswith("/courses/"))
    (level,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "level"]
    assert level["schema"]["items"]["enum"] == [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]
    assert "four-digit" in level["description"]
