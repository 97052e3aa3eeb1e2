"""What an import says, in words a registrar's staff can act on: the canonical schema's patterns,
a missing parent's JSON path, UTF-16 files, re-listed sections and a term named by --term."""

import json

import pytest

from catalog import services
from catalog.models import Term
from catalog.sources import canonical
from catalog.sources.records import CatalogFormatError
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def demo_doc() -> dict:
    return json.loads(DEMO_CATALOG.read_text())


def first_section(doc: dict) -> dict:
    return doc["courses"][0]["components"][0]["sections"][0]


def refusal(data: bytes) -> str:
    with pytest.raises(CatalogFormatError) as raised:
        canonical.parse_bytes(data, name="c.json")
    return str(raised.value)


def test_a_12_hour_time_in_a_canonical_file_is_refused_naming_the_form_expected_not_a_pattern():
    # given
    doc = demo_doc()
    first_section(doc)["meetings"][0]["start"] = "9:00 AM"
    # when
    message = refusal(json.dumps(doc).encode())
    # then
    assert ".meetings[0].start: '9:00 AM': expected a 24-hour time HH:MM such as 09:00" in message
    assert "^[0-9]" not in message


def test_a_us_date_in_a_canonical_file_is_refused_naming_the_form_expected_not_a_pattern():
    # given
    doc = demo_doc()
    doc["term"]["holidays"][0] = "09/07/2026"
    # when
    message = refusal(json.dumps(doc).encode())
    # then
    assert "$.term.holidays[0]: '09/07/2026': expected a date YYYY-MM-DD such as 2026-08-24" in message


def test_a_utf16_canonical_file_is_told_to_be_saved_as_utf8():
    message = refusal(json.dumps(demo_doc()).encode("utf-16"))

    assert message.startswith("c.json: line 1: file is UTF-16 text; expected a canonical catalog")
    assert message.endswith("in UTF-8 (re-save it as UTF-8)")


def test_a_section_linked_to_a_missing_parent_is_quarantined_naming_its_json_path():
    # given
    doc = demo_doc()
    first_section(doc)["parent"] = "999"
    # when
    records = canonical.parse_bytes(json.dumps(doc).encode(), name="c.json")
    # then
    section = next(s for c in records.courses for s in c.sections if s.registrar_id == first_section(doc)["id"])
    assert section.quarantine == (
        "$.courses[0].components[0].sections[0].parent: linked to section '999', which the course does not have"
    )


@pytest.mark.parametrize(
    ("links", "quarantined"),
    [
        ({(0, 0): "001"}, {"001": "linked to itself; expected the code of a section of another component"}),
        (
            {(0, 0): "002"},
            {"001": "linked to section '002' of its own component LEC; a schedule takes one section of a component"},
        ),
        (
            {(0, 0): "101", (1, 0): "001"},
            {
                "001": "linked to section '101', which is linked back to it; expected one of them",
                "101": "linked to section '001', which is linked back to it; expected one of them",
            },
        ),
    ],
)
def test_a_section_linked_to_itself_its_own_component_or_both_ways_is_quarantined_saying_so(links, quarantined):
    # given: CS 1110's lectures 001-003 and labs 101-106, links set by (component, section) index
    doc = demo_doc()
    for (component, index), parent in links.items():
        doc["courses"][0]["components"][component]["sections"][index]["parent"] = parent
    # when
    records = canonical.parse_bytes(json.dumps(doc).encode(), name="c.json")
    # then
    cs1110 = next(c for c in records.courses if c.code == "CS 1110")
    found = {s.code: s.quarantine for s in cs1110.sections if s.quarantine}
    assert sorted(found) == sorted(quarantined)
    for code, reason in quarantined.items():
        assert reason in found[code]


def test_re_listing_a_withdrawn_section_is_reported_as_relisted_and_withdrawing_it_as_withdrawn():
    # given
    doc = demo_doc()
    listed = json.dumps(doc).encode()
    rid = first_section(doc)["id"]
    doc["courses"][0]["components"][0]["sections"].pop(0)
    services.catalog_import_file(data=listed, name="demo.json", format="canonical")
    _, withdrawing = services.catalog_import_file(data=json.dumps(doc).encode(), name="demo.json", format="canonical")
    # when
    _, relisting = services.catalog_import_file(data=listed, name="demo.json", format="canonical")
    # then
    assert [c.fields for c in withdrawing.changes if c.registrar_id == rid] == [["withdrawn"]]
    assert [c.fields for c in relisting.changes if c.registrar_id == rid] == [["relisted"]]
    assert f"[{rid}] CS 1110: relisted" in relisting.render()


@pytest.mark.parametrize(("code", "name"), [("2025-fall", "Fall 2025"), ("spring_2026", "Spring 2026"), ("x1", "x1")])
def test_a_new_term_filed_with_term_is_named_after_its_codes_season_and_year(code, name):
    # given
    data = b"subject,number,title,component,section,registrar_id,days,start,end\r\n"
    data += b"CS,1110,Intro,LEC,001,1,MoWe,13:00,13:50\r\n"
    # when
    run, _ = services.catalog_import_file(
        data=data, name="export.csv", format="sections-csv", institution_code="banu", term_code=code
    )
    # then
    assert run.error == ""
    assert Term.objects.get(code=code).name == name


def test_a_section_linked_to_a_parent_rejected_as_a_duplicate_id_is_quarantined_saying_so():
    # given: CHEM 1410's lecture 100 given CS 1110's lecture's id, so it is rejected
    doc = demo_doc()
    doc["courses"][1]["components"][0]["sections"][0]["id"] = "40001"
    # when
    _, report = services.catalog_import_file(data=json.dumps(doc).encode(), name="c.json", format="canonical")
    # then: its discussions are quarantined for that, not for a section the course never had
    (discussion,) = [q for q in report.quarantined if q["registrar_id"] == "40012"]
    assert discussion["message"] == (
        "$.courses[1].components[1].sections[0].parent: linked to section '100', which was rejected as a duplicate, "
        "its id being another section's (at $.courses[1].components[0].sections[0]); expected a section the course "
        "keeps"
    )
