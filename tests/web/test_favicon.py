"""Every page names the site's icon, so no browser asks for a /favicon.ico that is not there
(a 404 in the console of each page)."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"])
def test_the_page_links_the_sites_icon(client, path):
    # when
    page = client.get(path).content.decode()
    # then
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("web/favicon.svg")
