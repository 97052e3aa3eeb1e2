"""The building of a meeting's room, read from the locations the registrars' files give."""

import csv
import json

import pytest

from catalog.buildings import building_of
from tests.conftest import DEMO_CATALOG


@pytest.mark.parametrize(
    ("location", "building"),
    [
        # Virginia (uva/2025_fall.csv)
        ("Rice Hall 130", "Rice Hall"),
        ("Clark Hall G004", "Clark Hall"),
        ("Thornton Hall E316", "Thornton Hall"),
        ("Chemistry Bldg Room 454", "Chemistry Bldg"),
        ("Chemistry Building Room 358", "Chemistry Bldg"),  # one building spelled two ways
        ("Shumway Hall Room 230", "Shumway Hall"),
        ("McLeod Hall 2010 - Science Ctr", "McLeod Hall"),
        ("McLeod Hall 3038 CSLC A&P", "McLeod Hall"),
        ("Slaughter Rec 117-Main Gym", "Slaughter Rec"),
        ("Dell 1 104", "Dell 1"),
        ("Aquatic & Fitness Ctr MP2", "Aquatic & Fitness Ctr"),
        ("O'Hill Forum", "O'Hill Forum"),
        ("The Rotunda Room 152", "The Rotunda"),
        # Georgia Tech (gatech/202208.json)
        ("Skiles 254", "Skiles"),
        ("Van Leer C341", "Van Leer"),
        ("Boggs 1-77", "Boggs"),
        ("Weber SST III 1", "Weber SST III"),
        ("760 Spring St NW 216", "760 Spring St NW"),
        ("Brittain T Room 217", "Brittain T"),
        ("Georgia Tech Lorraine", "Georgia Tech Lorraine"),
        # the demo catalog
        ("Old Cabell Hall B018", "Old Cabell Hall"),
        ("  Rice   Hall  130 ", "Rice Hall"),
    ],
)
def test_a_building_is_the_location_without_its_room(location, building):
    assert building_of(location) == building


@pytest.mark.parametrize(
    "location",
    [
        "",
        "   ",
        "TBA",
        "tba",
        "To Be Announced",
        "Web-Based Course",
        "Online",
        "Contact Department",
        "By arrangement",
        "International Study Program",
        "Remote via Zoom",
    ],
)
def test_a_location_naming_no_place_has_no_building(location):
    assert building_of(location) == ""


def test_every_virginia_room_gives_a_building_but_tba_web_and_contact_department(uva_csv_path):
    # given
    with uva_csv_path.open(encoding="utf-8", newline="") as f:
        rooms = {row[f"Room{i}"] for row in csv.DictReader(f) for i in range(1, 5) if row.get(f"Room{i}")}
    # when
    buildings = {room: building_of(room) for room in rooms}
    # then
    without = {room for room, building in buildings.items() if not building}
    assert without == {"TBA", "Web-Based Course", "Contact Department", "International Study Program"}
    numbered = {b for b in buildings.values() if b and any(c.isdigit() for c in b.split()[-1])}
    assert numbered == {"Dell 1", "Dell 2"}  # two buildings so named: their rooms are "Dell 1 104"
    assert buildings["Rice Hall 130"] == buildings["Rice Hall 011"] == "Rice Hall"
    assert buildings["Chemistry Bldg Room 454"] == buildings["Chemistry Building Room 358"]
    assert 60 < len(set(buildings.values())) < 120  # hundreds of rooms, some tens of buildings


def test_every_georgia_tech_room_gives_a_building_but_tba(gatech_json_path):
    # given
    data = json.loads(gatech_json_path.read_text(encoding="utf-8"))
    rooms = {m[2] for _, sections, *_ in data["courses"].values() for s in sections.values() for m in s[1]}
    # when
    buildings = {room: building_of(room) for room in rooms}
    # then
    assert {room for room, building in buildings.items() if not building} == {"TBA"}
    assert buildings["Skiles 254"] == buildings["Skiles 002"] == "Skiles"
    assert buildings["Klaus Advanced Computing 2456"] == "Klaus Advanced Computing"
    assert 40 < len(set(buildings.values())) < 80


def test_every_demo_room_gives_a_building_and_the_demos_placeholders_none():
    # given
    data = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    rooms = {
        m["location"]
        for c in data["courses"]
        for comp in c["components"]
        for s in comp["sections"]
        for m in s["meetings"]
    }
    # when
    buildings = {room: building_of(room) for room in rooms}
    # then
    assert {room for room, building in buildings.items() if not building} == {"By arrangement", "Online"}
    assert buildings["Chemistry Bldg 402"] == buildings["Chemistry Bldg 101"] == "Chemistry Bldg"
    assert buildings["Kerchof Hall 317"] == "Kerchof Hall"
