"""The demo catalog `make run` loads is read as students would read it: every class it lists
takes place."""

from datetime import timedelta
from pathlib import Path

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
