"""axe-core, as axe-playwright-python bundles it (no network), on each kind of page: no violation of
a WCAG 2.0, 2.1 or 2.2 level A or AA rule, nor of the best practices an audit found and that were
fixed, on the planner, the account and saved schedule pages, the browsable API, the API's Redoc
page and the admin; on the Swagger UI page, of the rules fixed there. A failure names each rule
broken and the elements at fault."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog.models import Section, Term
from scheduler import saved_schedules
from tests.web.conftest import PHONE
from tests.web.test_e2e_planner import add_course, generate

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_A_AA = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}
# axe's best practices (no WCAG success criterion of their own) held to as well: those the audit of
# 2026-12-07 found on some page and that were fixed there
BEST_PRACTICES = {
    "empty-table-header",
    "page-has-heading-one",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "region",
}
AXE = Axe()


def violations(page, rules: list[str] | None = None, exclude: tuple[str, ...] = ()) -> str:
    """What axe finds on the page as it stands, but in the `exclude` selectors: a line per rule
    broken (WCAG A and AA and BEST_PRACTICES, or `rules` alone), its impact and the elements at
    fault; "" when none is."""
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": [*WCAG_A_AA, "best-practice"]}
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    options = {"runOnly": only, "resultTypes": ["violations"]}
    found = AXE.run(page, context=context, options=options).response["violations"]
    return "\n".join(
        f"{rule['id']} ({rule['impact']}): {', '.join(' >>> '.join(node['target']) for node in rule['nodes'])}"
        for rule in found
        if rules or WCAG_A_AA & set(rule["tags"]) or rule["id"] in BEST_PRACTICES
    )


@pytest.fixture
def registrar(site) -> User:
    return User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1")


@pytest.fixture
def ana(site) -> User:
    """A student with a saved schedule."""
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    term = Term.objects.get(code="2026-fall")
    saved_schedules.saved_schedule_create(owner=ana, term=term, name="Plan A", notes="", section_ids=["40001"])
    return ana


def test_the_planner_empty_breaks_no_rule(open_page):
    # given
    page = open_page()
    # when
    found = violations(page)
    # then
    assert not found, found


def test_the_planner_with_courses_found_and_added_breaks_no_rule(open_page):
    # given: a search's results listed, a course added
    page = open_page("/?i=demo&t=2026-fall")
    add_course(page, "CS 1110", "CS 1110")
    page.get_by_label("Find courses by code, title or instructor").fill("chem")
    expect(page.locator(".result").first).to_be_visible()
    # when
    found = violations(page)
    # then
    assert not found, found


def test_the_planner_with_schedules_breaks_no_rule(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=CHEM+1410")
    generate(page)
    # when
    found = violations(page)
    # then
    assert not found, found


@pytest.mark.parametrize("viewport", [None, PHONE])
def test_the_planner_with_a_registrar_id_found_and_which_sections_can_fit_open_breaks_no_rule(open_page, viewport):
    # given: schedules with Which sections can fit open (its buttons saying times and instructors;
    # on a phone laid out as blocks), and a registrar id typed in the search (its Keep section)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", viewport=viewport)
    generate(page)
    page.get_by_text("Which sections can fit").click()
    expect(page.locator("#fit-rows button").first).to_contain_text("Ana Lopez")
    page.get_by_label("Find courses by code, title or instructor").fill("40003")
    expect(page.get_by_role("button", name=re.compile("^Keep section 40003"))).to_be_visible()
    # when
    found = violations(page)
    # then
    assert not found, found


def test_the_sign_in_page_breaks_no_rule(open_page):
    # given
    page = open_page("/accounts/login/", planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found


@pytest.mark.parametrize("path", ["/accounts/profile/", "/accounts/tokens/", "/accounts/friends/"])
def test_a_signed_in_account_page_breaks_no_rule(open_page, signed_in, ana, path):
    # given
    page = open_page(path, context=signed_in(ana), planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found


@pytest.mark.parametrize("which", ["list", "schedule"])
def test_the_saved_schedules_list_and_a_saved_schedule_break_no_rule(open_page, signed_in, ana, which):
    # given
    path = {"list": "/schedules/", "schedule": f"/schedules/{ana.saved_schedules.get().pk}/"}[which]
    page = open_page(path, context=signed_in(ana), planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found


@pytest.mark.parametrize("which", ["generations", "schedules", "tokens", "a schedule"])
def test_a_browsable_api_page_breaks_no_rule(open_page, signed_in, ana, which):
    # given: a list with its POST form, or a schedule with its PUT and PATCH forms and DELETE button
    path = {"a schedule": f"schedules/{ana.saved_schedules.get().pk}"}.get(which, which)
    page = open_page(f"/api/v1/{path}/", context=signed_in(ana), planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found


def test_the_apis_redoc_page_breaks_no_rule(open_page):
    # given: the schema drawn, its samples' expand buttons shown
    page = open_page("/api/v1/redoc/", planner=False)
    # Redoc draws the whole schema before any of it shows: 2 to 4 s here alone, past the 5 s wait on
    # a machine as busy as two test passes and a browser review make it
    expect(page.locator(".redoc-json .collapser").first).to_be_attached(timeout=30_000)
    # when: the page (its menu naming every operation) but the operations after the first four: the
    # same components draw every one, and the whole page's 19,000 elements took axe 11 s, this 3 s
    found = violations(page, exclude=(".api-content > div:nth-child(n+8)",))
    # then
    assert not found, found


def test_the_apis_swagger_ui_page_says_its_language_and_its_text_stands_out(open_page):
    # given: its operations listed, folded, as the page opens
    page = open_page("/api/v1/docs/", planner=False)
    expect(page.locator(".opblock").first).to_be_visible()
    # when: the rules fixed on it alone. Its other faults are Swagger UI's own, left to it (docs/api.md):
    # an operation's summary is a button holding links (nested-interactive, those links' target-size),
    # an opened operation's examples selects are unnamed (select-name) and its samples' colours faint
    found = violations(page, rules=["html-has-lang", "color-contrast"])
    # then
    assert not found, found


def test_the_admins_sign_in_page_has_one_heading_and_breaks_no_rule(open_page):
    # given
    page = open_page("/admin/login/", planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Log in")


def test_the_admins_list_with_filters_breaks_no_rule(open_page, signed_in, registrar):
    # given: the sections' list, its filters' links stacked one under another
    page = open_page("/admin/catalog/section/", context=signed_in(registrar), planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found


@pytest.mark.parametrize("model", ["course", "component", "section"])
def test_the_admins_change_page_of_a_course_component_or_section_with_its_rows_breaks_no_rule(
    open_page, signed_in, registrar, model
):
    # given: CS 1110's page with its components' rows, its lectures' with their sections' rows, or
    # lecture 001's with its meetings' rows
    section = Section.objects.get(term__code="2026-fall", registrar_id="40001")
    pk = {"course": section.component.course_id, "component": section.component_id, "section": section.pk}[model]
    page = open_page(f"/admin/catalog/{model}/{pk}/change/", context=signed_in(registrar), planner=False)
    # when
    found = violations(page)
    # then
    assert not found, found
