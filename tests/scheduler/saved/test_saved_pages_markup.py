"""The saved schedule pages' markup: what a browser would parse otherwise than written."""

from html.parser import HTMLParser

import pytest

from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db


class FormsInParagraphs(HTMLParser):
    """The actions of the forms opened inside a `<p>`: a `<p>` holds phrasing content only, so a
    browser closes it at the `<form>` (the rest of the line falls out of the paragraph, and its
    `</p>` makes another, empty, one)."""

    def __init__(self) -> None:
        super().__init__()
        self.open_paragraphs = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.open_paragraphs += 1
        elif tag == "form" and self.open_paragraphs:
            self.found.append(dict(attrs).get("action", ""))

    def handle_endtag(self, tag):
        if tag == "p":
            self.open_paragraphs = max(0, self.open_paragraphs - 1)


def forms_in_paragraphs(page: str) -> list[str]:
    parser = FormsInParagraphs()
    parser.feed(page)
    return parser.found


def test_no_form_of_the_saved_schedule_pages_is_inside_a_paragraph(demo, ada, ada_api, ada_client, client):
    # given: one schedule shared, subscribed and with change emails off, one with none of it, one in the bin
    full = save(ada_api, name="Plan A").json()["id"]
    bare = save(ada_api, name="Plan B").json()["id"]
    binned = save(ada_api, name="Plan C").json()["id"]
    share = ada_api.post(f"/api/v1/schedules/{full}/share/").json()["share_url"]
    ada_api.post(f"/api/v1/schedules/{full}/subscription/")
    ada_api.patch(f"/api/v1/schedules/{full}/", {"email_changes": False}, format="json")
    # when
    pages = {
        url: ada_client.get(url).content.decode()
        for url in [
            f"/schedules/{full}/",
            f"/schedules/{bare}/",
            "/schedules/",
            "/schedules/compare/",
            f"/schedules/compare/?a={full}&b={bare}",
            share,
        ]
    }
    pages["delete"] = ada_client.post(f"/schedules/{binned}/delete/").content.decode()
    pages["deleted"] = ada_client.post(f"/schedules/{binned}/delete/", {"confirm": "yes"}, follow=True).content.decode()
    pages["bin"] = ada_client.get("/schedules/bin/").content.decode()
    pages["purge"] = ada_client.post(f"/schedules/bin/{binned}/purge/").content.decode()
    pages["empty"] = ada_client.post("/schedules/bin/empty/").content.decode()
    # then
    assert {url: forms_in_paragraphs(page) for url, page in pages.items() if forms_in_paragraphs(page)} == {}
    assert "Revoke the share link" in pages[f"/schedules/{full}/"]
