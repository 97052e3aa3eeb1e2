"""The demo catalog `make run` loads is read as students would read it: every class it lists
takes place."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from catalog import services
from catalog.sources import canonical

DEMO = Path(__file__).resolve().parents[2] / "catalog" / "demo" / "demo-catalog.json"


def test_every_dated_meeting_of_the_demo_catalog_falls_on_one_of_its_weekdays():
    # given: the demo catalog as the importer reads it
    records = canonical.parse(DEMO)

    # when: each meeting's date range is walked day by day
    never = []
    for course in records.courses:
        for section in course.sections:
            for m in section.meetings:
                if not m.days or m.first_date is None or m.last_date is None:
                    continue
                span = range((m.last_date - m.first_date).days + 1)
                held = {(m.first_date + timedelta(days=n)).weekday() for n in span}
                if not held & set(m.days):
                    never.append(f"{course.code} {section.component} {section.code} {m.first_date}")

    # then: none lies wholly on other weekdays (CHEM 1411's Wednesday and Thursday labs were
    # dated on Tuesdays, so they never took place)
    assert never == []


def chem_1411_labs(doc: dict) -> dict[str, dict]:
    """CHEM 1411's lab sections of a demo catalog document, by code."""
    return {
        s["code"]: s
        for c in doc["courses"]
        if f"{c['subject']} {c['number']}" == "CHEM 1411"
        for comp in c["components"]
        for s in comp["sections"]
    }


@pytest.mark.django_db
def test_an_import_warns_of_a_meeting_dated_on_none_of_its_weekdays(tmp_path):
    # given: the demo catalog as it was, with CHEM 1411 lab 003 listed on Wednesday but dated
    # on a Tuesday (2026-09-01)
    doc = json.loads(DEMO.read_text())
    labs = chem_1411_labs(doc)
    lab = labs["003"]
    lab["meetings"][0]["first_date"] = lab["meetings"][0]["last_date"] = "2026-09-01"
    # and lab 004, listed on Thursday, dated Tuesday to Wednesday
    labs["004"]["meetings"][0].update(first_date="2026-09-01", last_date="2026-09-02")
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(doc))
    # when
    report = services.catalog_import(records=canonical.parse(path), format="canonical", dry_run=True)
    # then: a warning for each, naming the section, its weekday and the dates' weekdays: the one-off
    # lab with one date is held on it (the date is the truth), the one dated over two days never is
    never = {w["registrar_id"]: w["reason"] for w in report.warnings if "check its days and dates" in w["reason"]}
    assert never == {
        lab["id"]: "CHEM 1411 LAB 003: a meeting listed on Wednesday is dated 2026-09-01 (Tuesday), so it is held on "
        "that Tuesday; check its days and dates",
        labs["004"]["id"]: "CHEM 1411 LAB 004: a meeting listed on Thursday is dated 2026-09-01 to 2026-09-02 "
        "(Tuesday to Wednesday), so it never takes place; check its days and dates",
    }


@pytest.mark.django_db
def test_a_one_off_meeting_given_only_one_date_on_another_weekday_is_warned_about_as_one_dated_so(tmp_path):
    # given: CHEM 1411 lab 003 listed on Wednesday with only a first date, a Tuesday, and lab
    # 004 listed on Thursday with only a last date, a Tuesday: the engine, the calendar and the
    # pages hold each on its Tuesday, as with first = last
    doc = json.loads(DEMO.read_text())
    labs = chem_1411_labs(doc)
    labs["003"]["meetings"][0].update(first_date="2026-09-01", last_date=None)
    labs["004"]["meetings"][0].update(first_date=None, last_date="2026-09-08")
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(doc))
    # when
    report = services.catalog_import(records=canonical.parse(path), format="canonical", dry_run=True)
    # then: each warned about in the words of a meeting with that one date
    warned = {w["registrar_id"]: w["reason"] for w in report.warnings if "check its days and dates" in w["reason"]}
    assert warned == {
        labs["003"]["id"]: "CHEM 1411 LAB 003: a meeting listed on Wednesday is dated 2026-09-01 (Tuesday), so it is "
        "held on that Tuesday; check its days and dates",
        labs["004"]["id"]: "CHEM 1411 LAB 004: a meeting listed on Thursday is dated 2026-09-08 (Tuesday), so it is "
        "held on that Tuesday; check its days and dates",
    }
