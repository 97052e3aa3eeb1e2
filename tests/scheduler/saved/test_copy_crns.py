"""Copy CRNs on a saved schedule's page and its shared page: the registrar ids a student types at
registration, in course order, TBA sections included, withdrawn and cancelled ones left out and named."""

import re

import pytest

from tests.scheduler.saved.conftest import drop_section, save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def shared_path(api, schedule_id: int) -> str:
    url = api.post(f"/api/v1/schedules/{schedule_id}/share/").json()["share_url"]
    return "/s/" + url.rstrip("/").split("/")[-1] + "/"


def copy_field(page: str) -> str:
    """The value of the read-only field the Copy CRNs button copies."""
    match = re.search(r'<input type="text" id="copy-ids" value="([^"]*)" readonly>', page)
    assert match, "no CRNs field"
    return match[1]


def test_the_page_and_the_shared_page_hold_the_crns_in_course_order_with_tba_sections(ada_client, ada_api):
    # given: CS 4993's section 40045 has no set time (TBA), sent between CS 1110's lecture and lab
    schedule = save(ada_api, sections=["40001", "40045", "40010", "40005", "40012"]).json()
    # when
    pages = [
        ada_client.get(f"/schedules/{schedule['id']}/").content.decode(),
        ada_client.get(shared_path(ada_api, schedule["id"])).content.decode(),
    ]
    # then: in the order of the sections table (its courses in order), the TBA section included
    for page in pages:
        assert copy_field(page) == "40010, 40012, 40001, 40005, 40045"
        assert '<label for="copy-ids">CRNs to register</label>' in page
        assert '<button type="button" class="secondary" hidden>Copy CRNs</button>' in page
        assert 'data-copy-ids data-count="5"' in page
        assert '<div class="copy-status" aria-live="polite"></div>' in page
        assert "web/crns.js" in page
        assert "Not listed" not in page


def test_withdrawn_and_cancelled_sections_are_left_out_of_the_crns_and_named(ada_client, ada_api, reimport):
    # given: the registrar withdrew lab 40005 and cancelled lecture 40001 since the schedule was saved
    schedule_id = save(ada_api).json()["id"]

    def edit(data):
        drop_section(data, "40005")
        section_of(data, "40001")["status"] = "cancelled"

    reimport(edit)
    # when
    pages = [
        ada_client.get(f"/schedules/{schedule_id}/").content.decode(),
        ada_client.get(shared_path(ada_api, schedule_id)).content.decode(),
    ]
    # then
    left_out = (
        "CS 1110 Lecture 001 (40001), cancelled by the registrar; "
        "CS 1110 Laboratory 102 (40005), withdrawn by the registrar"
    )
    for page in pages:
        assert copy_field(page) == "40010, 40012, 40024"
        assert 'data-count="3"' in page
        assert f"Not listed, as they cannot be registered for: {left_out}.</p>" in page
        assert f'data-left-out="Not listed, as they cannot be registered for: {left_out}."' in page


def test_a_schedule_none_of_whose_sections_can_be_registered_for_offers_nothing_to_copy(ada_client, ada_api, reimport):
    # given
    schedule_id = save(ada_api, sections=["40047"]).json()["id"]  # STS 1500, online
    reimport(lambda data: section_of(data, "40047").update(status="cancelled"))
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then
    assert "Copy CRNs" not in page and 'id="copy-ids"' not in page
    assert "No CRN to copy: none of its sections can be registered for: STS 1500 Lecture 001 (40047)" in page


def test_the_compare_page_offers_no_crns_to_copy(ada_client, ada_api):
    # given
    a, b = (save(ada_api, name=name).json()["id"] for name in ("Plan A", "Plan B"))
    # when
    page = ada_client.get(f"/schedules/compare/?a={a}&b={b}").content.decode()
    # then: a comparison is for choosing, not registering
    assert "Copy CRNs" not in page
