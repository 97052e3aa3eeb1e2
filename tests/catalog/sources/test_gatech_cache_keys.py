"""gatech-json: a cache key the crawler's version 3 does not write is named in a warning, as an
unknown top-level key is (docs/sources.md)."""

import json

from catalog.sources import gatech_json

CACHES = {
    "periods": ["8:25 am - 9:15 am"],
    "dateRanges": ["Aug 22, 2022 - Dec 15, 2022"],
    "scheduleTypes": ["Lecture*"],
    "campuses": ["Georgia Tech-Atlanta *"],
    "attributes": [],
    "gradeBases": ["L "],
    "locations": [],
    "finalDates": [],
    "finalTimes": [],
}


def parse(caches: dict) -> gatech_json.CatalogRecords:
    doc = {
        "courses": {"MATH 1551": ["Calculus", {"A": ["80001", [[0, "MWF", "Skiles 005", 0, [], 0]], 4, 0, 0, [], 0]}]},
        "caches": caches,
        "version": 3,
    }
    return gatech_json.parse_bytes(json.dumps(doc).encode(), name="202208.json")


def test_an_unknown_cache_key_is_warned_about_as_the_crawlers_format_changing():
    # given: a cache the crawler's version 3 does not write
    caches = {**CACHES, "instructionMethods": ["In Person"]}
    # when
    records = parse(caches)
    # then: the section is read, and the key is named
    assert records.section_count == 1
    assert [(w.location, w.field, w.value, w.message) for w in records.warnings] == [
        (
            "$.caches",
            "keys",
            "instructionMethods",
            "cache key(s) 'instructionMethods' not read; expected only periods, dateRanges, scheduleTypes, campuses, "
            "attributes, finalDates, finalTimes, gradeBases, locations (the crawler's format may have changed: "
            "check what they hold)",
        )
    ]


def test_the_caches_version_3_writes_give_no_warning():
    # when
    records = parse(CACHES)
    # then
    assert records.warnings == ()
