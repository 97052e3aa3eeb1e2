"""A topics course in the planner, in a real headless Chromium:
two seminars at the same times on different topics (UVA lists 862 sections with a topic) are
one choice to the engine, so the card names each topic; see docs/web.md.

Runs in `make test-embedded` only.
"""

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SEMINAR = [{"days": ["Tu", "Th"], "start": "14:00", "end": "15:15", "location": "Room 1", "kind": "weekly"}]
CATALOG = {
    "format": "classtime-catalog",
    "version": 1,
    "institution": {"code": "qa", "name": "QA University", "timezone": "America/New_York"},
    "term": {"code": "2025-fall", "name": "Fall 2025"},
    "courses": [
        {
            "subject": "AAS",
            "number": "2500",
            "title": "Special Topics in African American Studies",
            "components": [
                {
                    "kind": "SEM",
                    "name": "Seminar",
                    "sections": [
                        {"id": rid, "code": code, "status": "open", "notes": f"Topic: {topic}", "meetings": SEMINAR}
                        for rid, code, topic in [
                            ("13334", "001", "Race and Place in African American Life"),
                            ("13335", "003", "Black Genders"),
                        ]
                    ],
                }
            ],
        }
    ],
}


def test_a_topics_course_s_card_names_its_topic_and_the_other_topic_at_the_same_times(open_page, site, tmp_path):
    # given
    path = tmp_path / "topics.json"
    path.write_text(json.dumps(CATALOG))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)
    page = open_page("/?i=qa&t=2025-fall&c=AAS+2500")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_contain_text("Found")
    # then: one schedule, its seminar's topic under its name, the other seminar with its topic
    row = page.locator(".card[data-rank='1'] table.sections tbody tr").first
    expect(row.locator(".section-notes")).to_have_text("Topic: Race and Place in African American Life")
    expect(row.locator("td.alternatives")).to_have_text("13335 (Topic: Black Genders)")
