"""The browsable API's pages (DRF's templates, as templates/rest_framework/ overrides them) read
with a screen reader: each field of their HTML forms named by its label, the format button named,
the page's language said, one main landmark, the breadcrumb a navigation landmark.
(tests/web/test_e2e_axe.py runs axe-core on them in a browser, colours included.)"""

import pytest
from django.contrib.auth.models import User

from tests.catalog.test_admin_accessible_pages import Elements

pytestmark = pytest.mark.django_db

FORMS = ["/api/v1/generations/", "/api/v1/schedules/", "/api/v1/tokens/"]


@pytest.fixture
def ana_client(client):
    client.force_login(User.objects.create_user("ana", password="pw-ana-12345"))
    return client


def html_of(client, path: str) -> str:
    return client.get(path, HTTP_ACCEPT="text/html").content.decode()


@pytest.mark.parametrize("path", FORMS)
def test_each_field_of_a_browsable_api_form_is_named_by_its_label(ana_client, path):
    # given
    html = html_of(ana_client, path)
    # when: the HTML form's fields (the raw data form's are Django's own, labelled)
    form = Elements(html[html.index('id="post-object-form"') : html.index('id="post-generic-content-form"')])
    # then: every field is named by a label, and every label naming a field names one there (a list
    # field's label names none: the form has no control for it, only "Lists are not currently supported")
    fields = [
        has for tag, has, _ in form.found if tag in ("input", "select", "textarea") and has.get("type") != "hidden"
    ]
    labels = {
        has["for"]: " ".join(" ".join(text).split()) for tag, has, text in form.found if tag == "label" and "for" in has
    }
    assert fields
    assert sorted(labels) == sorted(field.get("id", "") for field in fields)
    assert all(labels.values())


@pytest.mark.parametrize("path", ["/api/v1/", *FORMS])
def test_a_browsable_api_page_says_its_language_and_names_its_format_button(ana_client, path):
    # when
    page = Elements(html_of(ana_client, path))
    # then: the button's title alone named it, and Bootstrap's tooltip empties the title
    (html,) = [has for tag, has, _ in page.found if tag == "html"]
    assert html.get("lang") == "en"
    (button,) = [has for tag, has, _ in page.found if tag == "button" and "dropdown-toggle" in has.get("class", "")]
    assert button.get("aria-label") == "Format"


@pytest.mark.parametrize("path", ["/api/v1/", *FORMS])
def test_a_browsable_api_page_has_one_main_landmark_and_its_breadcrumb_is_a_navigation_landmark(ana_client, path):
    # when
    page = Elements(html_of(ana_client, path))
    # then: the page's content one main (a second, inside it, held the answer), the breadcrumb in none
    mains = [tag for tag, has, _ in page.found if tag == "main" or has.get("role") == "main"]
    assert len(mains) == 1
    crumbs = page.texts("ul", **{"class": "breadcrumb"})
    assert page.texts("nav", **{"aria-label": "Breadcrumb"}) == crumbs
    assert crumbs[0].endswith(page.texts("a", **{"aria-current": "page"})[0])
