"""The saved schedule pages name each control after what it acts on: a screen reader's list of
buttons and links reads “Delete Plan B”, not “Delete” once per schedule."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


class Controls(HTMLParser):
    """The accessible names of a page's buttons, links and fields, as `(kind, name)` pairs: the
    `aria-label`, else the text inside (a field: the text of the label around it)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.open: list[list] = []  # [kind, aria-label, text] of the button, link or label being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("button", "a", "label") and (tag != "a" or "href" in attrs):
            self.open.append([tag, attrs.get("aria-label"), ""])
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            label = next((o for o in reversed(self.open) if o[0] == "label"), None)
            name = attrs.get("aria-label") or (label[2].strip() if label else "")
            self.found.append((tag, name or f"<unnamed {attrs.get('name')}>"))

    def handle_data(self, data):
        for opened in self.open:
            opened[2] += data

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag and tag in ("button", "a", "label"):
            kind, label, text = self.open.pop()
            if kind != "label":
                self.found.append((kind, label or " ".join(text.split())))


def repeated_names(html: str) -> dict[tuple[str, str], int]:
    parser = Controls()
    parser.feed(html)
    return {control: n for control, n in Counter(parser.found).items() if n > 1}


def test_the_list_pages_controls_name_their_schedule(ada_client, ada_api):
    # given: two schedules, one shared and subscribed to
    first = save(ada_api, name="Plan A").json()["id"]
    save(ada_api, name="Plan B")
    ada_client.post(f"/schedules/{first}/share/")
    ada_client.post(f"/schedules/{first}/subscribe/")
    # when
    page = ada_client.get("/schedules/").content.decode()
    # then
    assert repeated_names(page) == {}
    for name in (
        'aria-label="Rename Plan B"',
        'aria-label="New name for Plan B"',
        'aria-label="Delete Plan A"',
        'aria-label="Share Plan B"',
        'aria-label="Revoke the share link of Plan A"',
        'aria-label="Revoke the calendar subscription of Plan A"',
        'aria-label="Download .ics of Plan B"',
        'aria-label="Subscription URL for Plan B"',
    ):
        assert name in page, name


def test_the_detail_pages_two_revoke_buttons_and_swap_buttons_say_which(ada_client, ada_api):
    # given: shared and subscribed to
    schedule = save(ada_api, name="Plan A").json()["id"]
    ada_client.post(f"/schedules/{schedule}/share/")
    ada_client.post(f"/schedules/{schedule}/subscribe/")
    # when
    page = ada_client.get(f"/schedules/{schedule}/").content.decode()
    # then
    assert repeated_names(page) == {}
    assert 'aria-label="Revoke the share link"' in page
    assert 'aria-label="Revoke the calendar subscription"' in page
    assert 'aria-label="Swap CS 1110 Lecture 001"' in page


def test_the_bins_buttons_name_their_schedule(ada_client, ada_api):
    # given: two schedules in the bin
    for name in ("Plan A", "Plan B"):
        schedule = save(ada_api, name=name).json()["id"]
        ada_client.post(f"/schedules/{schedule}/delete/", {"confirm": "yes"})
    # when
    page = ada_client.get("/schedules/bin/").content.decode()
    # then
    assert repeated_names(page) == {}
    assert 'aria-label="Restore Plan A"' in page
    assert 'aria-label="Delete for ever: Plan B"' in page


def test_the_compare_pickers_name_which_schedule_each_picks(ada_client, ada_api):
    # given
    save(ada_api, name="Plan A")
    save(ada_api, name="Plan B")
    # when
    page = ada_client.get("/schedules/compare/").content.decode()
    # then: “Schedule A” and “Schedule B”, not a bare letter each
    parser = Controls()
    parser.feed(page)
    assert [name for kind, name in parser.found if kind == "select"] == ["Schedule A", "Schedule B"]


def names_not_starting_with_their_text(html: str) -> list[tuple[str, str]]:
    """The (aria-label, visible text) of each button and link whose name does not start with the
    words it shows: speech input ("click Delete for ever") matches the name (WCAG 2.5.3)."""
    found = re.findall(r'<(button|a)\b[^>]*aria-label="([^"]*)"[^>]*>([^<]*)</\1>', html)
    return [(name, text) for _, name, text in found if not name.lower().startswith(" ".join(text.split()).lower())]


def test_every_named_control_of_the_list_detail_and_bin_pages_starts_its_name_with_its_visible_text(
    ada_client, ada_api
):
    # given: a shared and subscribed schedule, one not, and one in the bin
    first = save(ada_api, name="Plan A").json()["id"]
    second = save(ada_api, name="Plan B").json()["id"]
    ada_client.post(f"/schedules/{first}/share/")
    ada_client.post(f"/schedules/{first}/subscribe/")
    binned = save(ada_api, name="Plan C").json()["id"]
    ada_client.post(f"/schedules/{binned}/delete/", {"confirm": "yes"})
    # when
    pages = {
        url: ada_client.get(url).content.decode() for url in ("/schedules/", f"/schedules/{second}/", "/schedules/bin/")
    }
    # then
    for url, page in pages.items():
        assert names_not_starting_with_their_text(page) == [], url
    assert 'aria-label="Delete for ever: Plan C"' in pages["/schedules/bin/"]


def test_the_rename_fields_have_visible_labels_and_the_action_columns_a_header(ada_client, ada_api):
    # given
    schedule = save(ada_api, name="Plan A").json()["id"]
    # when
    listed = ada_client.get("/schedules/").content.decode()
    detail = ada_client.get(f"/schedules/{schedule}/").content.decode()
    # then
    assert (
        f'<label for="rename-{schedule}">New name</label> <input type="text" name="name" id="rename-{schedule}"'
        in listed
    )
    assert (
        '<label for="schedule-name" class="rename-label">Name</label> <input type="text" name="name" id="schedule-name"'
        in detail
    )
    assert '<th><span class="visually-hidden">Actions</span></th>' in listed
