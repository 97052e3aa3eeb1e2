import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Course, ImportRun, Meeting, Section, Term
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    """The admin's dry runs and applies are Celery tasks: here they run in the request, as in the
    embedded default, even when REDIS_URL names a broker (test_import_runs_in_the_background.py
    has them queued)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def upload(client, data: bytes, name: str = "demo.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admin:catalog_importrun_upload"),
        {"file": SimpleUploadedFile(name, data), "format": "canonical"},
    )


def test_an_upload_shows_the_dry_run_report_before_anything_is_written(staff_client):
    # when
    response = upload(staff_client, DEMO_CATALOG.read_bytes())
    preview = staff_client.get(response["Location"])
    # then
    assert response.status_code == 302
    assert "DRY RUN" in preview.content.decode()
    assert "Apply this import" in preview.content.decode()
    assert Section.objects.count() == 0


def test_applying_a_previewed_upload_imports_it(staff_client):
    run = ImportRun.objects.get(pk=int(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3]))

    response = staff_client.post(reverse("admin:catalog_importrun_preview", args=[run.pk]))

    assert response.status_code == 302
    assert Section.objects.count() == 58
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED).count() == 1


def department_extract() -> bytes:
    """The demo catalog cut down to CS 1110 alone, as a department's extract would be."""
    import json

    document = json.loads(DEMO_CATALOG.read_text())
    document["courses"] = [c for c in document["courses"] if (c["subject"], c["number"]) == ("CS", "1110")]
    return json.dumps(document).encode()


def test_applying_a_partial_file_needs_the_withdrawals_confirmed(staff_client):
    # given: the demo term imported, then a preview of an extract leaving out 49 of its 58 sections
    staff_client.post(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"])
    preview_url = upload(staff_client, department_extract())["Location"]
    page = staff_client.get(preview_url).content.decode()
    # when: applied without the box ticked, then with it
    refused = staff_client.post(preview_url, follow=True).content.decode()
    listed_between = Section.objects.filter(withdrawn_at__isnull=True).count()
    staff_client.post(preview_url, {"allow_withdrawals": "yes"})
    # then: warned, refused without using up the preview, applied once confirmed
    assert "leaves out 49 of the term" in page and 'name="allow_withdrawals"' in page
    assert "Tick the box to withdraw" in refused and "Apply this import" in refused
    assert listed_between == 58
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 9


def test_a_preview_that_did_not_warn_is_checked_again_when_the_term_grew_meanwhile_and_then_asks(staff_client):
    # given: a preview of the extract while the term held it alone (nothing to withdraw), then the
    # whole term imported by another hand
    staff_client.post(upload(staff_client, department_extract())["Location"])
    preview_url = upload(staff_client, department_extract())["Location"]
    staff_client.post(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"])
    # when: applied, then checked again, then the fresh dry run applied with the box ticked
    refused = staff_client.post(preview_url, follow=True).content.decode()
    listed_between = Section.objects.filter(withdrawn_at__isnull=True).count()
    again_url = staff_client.post(preview_url, {"check_again": "yes"})["Location"]
    asking = staff_client.get(again_url).content.decode()
    staff_client.post(again_url, {"allow_withdrawals": "yes"})
    # then: refused as out of date, nothing written; the fresh dry run asks, then applies
    assert "changed since this dry run" in refused and "Apply this import" not in refused
    assert listed_between == 58
    assert "leaves out 49 of the term" in asking and 'name="allow_withdrawals"' in asking
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 9


def test_the_preview_of_a_dry_run_already_applied_says_it_was_used(staff_client):
    # given
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    staff_client.post(preview_url)
    # when: back to the preview (the browser's back button, a second tab)
    page = staff_client.get(preview_url).content.decode()
    # then
    assert "This dry run has already been used" in page and "applied or failed" in page
    assert "Apply this import" not in page and "This run is dry run" not in page


def test_a_broken_upload_shows_the_error_on_the_form(staff_client):
    response = upload(staff_client, b'{"format": "classtime-catalog"', name="cut.json")

    assert response.status_code == 200
    assert "cut.json: line 1" in response.content.decode()
    assert Course.objects.count() == 0


def test_catalog_admin_pages_render_with_search_and_filters(staff_client):
    staff_client.post(
        reverse(
            "admin:catalog_importrun_preview",
            args=[int(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3])],
        )
    )
    section = Section.objects.get(component__course__subject="CHEM", code="201")

    pages = [
        reverse("admin:catalog_course_changelist") + "?q=chemistry",
        reverse("admin:catalog_section_changelist") + "?q=CHEM+1410&status__exact=open",
        reverse("admin:catalog_section_changelist") + "?availability=active",
        reverse("admin:catalog_section_change", args=[section.pk]),
        reverse("admin:catalog_course_change", args=[section.component.course.pk]),
        reverse("admin:catalog_component_change", args=[section.component.pk]),
    ]

    for page in pages:
        response = staff_client.get(page)
        assert response.status_code == 200, page
    listing = staff_client.get(pages[1]).content.decode()
    assert section.registrar_id in listing


def test_the_sections_availability_filter_puts_a_cancelled_section_under_cancelled_not_active(staff_client):
    # given: the demo catalog with CS 1110 lecture 001 cancelled
    staff_client.post(
        reverse(
            "admin:catalog_importrun_preview",
            args=[int(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3])],
        )
    )
    Section.objects.filter(registrar_id="40001").update(status="cancelled")
    listing = reverse("admin:catalog_section_changelist")
    # when
    active = staff_client.get(listing, {"availability": "active", "q": "CS 1110"}).content.decode()
    cancelled = staff_client.get(listing, {"availability": "cancelled", "q": "CS 1110"}).content.decode()
    # then
    assert "40001" not in active and "40002" in active
    assert "40001" in cancelled and "40002" not in cancelled


def test_students_cannot_reach_the_upload_page(client):
    user = User.objects.create_user("student", password="pw-student-1", is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:catalog_importrun_upload"))

    assert response.status_code == 403


@pytest.fixture
def viewer_client():
    """Staff who may view every catalog row and import run, and change nothing (a client of
    their own, beside `staff_client`)."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = User.objects.create_user("auditor", password="pw-auditor-1", is_staff=True)
    viewing = Permission.objects.filter(content_type__app_label="catalog", codename__startswith="view_")
    user.user_permissions.set(viewing)
    client = Client()
    client.force_login(user)
    return client


IMPORT_PERMISSION_NAMES = [
    f"Registrar catalog | {model} | Can {action} {model}"
    for model in ("institution", "term", "course", "component", "section", "meeting")
    for action in ("add", "change")
] + ["Registrar catalog | meeting | Can delete meeting"]


def staff_with(*codenames: str):
    """A client signed in as staff (not a superuser) who may view every catalog row and import
    run, and holds these catalog permissions besides."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q
    from django.test import Client

    user = User.objects.create_user("clerk", password="pw-clerk-1234", is_staff=True)
    granted = Q(codename__startswith="view_") | Q(codename__in=codenames)
    user.user_permissions.set(Permission.objects.filter(Q(content_type__app_label="catalog") & granted))
    client = Client()
    client.force_login(user)
    return client


def refused_permissions(page) -> list[str]:
    """The permissions the 403 page lists as missing."""
    return [str(p) for p in page.context["missing_permissions"]]


def test_staff_who_may_only_view_are_told_which_permissions_importing_needs(viewer_client, staff_client):
    # given
    run = ImportRun.objects.get(pk=int(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3]))
    # when
    pages = [
        viewer_client.get(reverse("admin:catalog_importrun_upload")),
        viewer_client.post(reverse("admin:catalog_importrun_preview", args=[run.pk])),
    ]
    # then: the admin's own page (header, breadcrumbs) listing all that is missing; nothing imported
    for page in pages:
        assert page.status_code == 403
        text = page.content.decode()
        assert "it needs 13 permissions your account does not have" in text
        assert refused_permissions(page) == IMPORT_PERMISSION_NAMES
        assert all(name in text for name in IMPORT_PERMISSION_NAMES)
        assert 'id="site-name"' in text and 'class="breadcrumbs"' in text
    assert Section.objects.count() == 0
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.DRY_RUN


def test_changing_sections_alone_does_not_let_staff_import(staff_client):
    # given: staff who may change sections (all importing took once), but add or change nothing else
    clerk = staff_with("change_section")
    run = ImportRun.objects.get(pk=int(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3]))
    # when
    pages = [
        clerk.get(reverse("admin:catalog_importrun_upload")),
        clerk.post(reverse("admin:catalog_importrun_preview", args=[run.pk])),
    ]
    # then
    for page in pages:
        assert page.status_code == 403
        assert refused_permissions(page) == [n for n in IMPORT_PERMISSION_NAMES if not n.endswith("change section")]
    assert Section.objects.count() == Course.objects.count() == 0
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.DRY_RUN


@pytest.mark.parametrize("lacking", ["add_institution", "change_term", "add_meeting", "delete_meeting"])
def test_staff_lacking_one_permission_an_import_uses_are_told_exactly_that_one(lacking):
    # given
    from catalog.admin import IMPORT_PERMISSIONS

    clerk = staff_with(*(p for p in IMPORT_PERMISSIONS if p != lacking))
    # when
    page = clerk.get(reverse("admin:catalog_importrun_upload"))
    listing = clerk.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    # then
    assert page.status_code == 403
    model = lacking.split("_")[1]
    assert refused_permissions(page) == [f"Registrar catalog | {model} | Can {lacking.split('_')[0]} {model}"]
    assert "it needs 1 permission your account does not have" in page.content.decode()
    assert reverse("admin:catalog_importrun_upload") not in listing


def test_staff_holding_every_permission_an_import_uses_can_import_without_being_superusers():
    # given
    from catalog.admin import IMPORT_PERMISSIONS

    clerk = staff_with(*IMPORT_PERMISSIONS)
    # when
    listing = clerk.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    preview = upload(clerk, DEMO_CATALOG.read_bytes())["Location"]
    applied = clerk.post(preview)
    # then
    assert reverse("admin:catalog_importrun_upload") in listing
    assert applied.status_code == 302
    assert Section.objects.count() == 58


def test_the_import_runs_list_offers_importing_only_to_staff_who_may_import(viewer_client, staff_client):
    # given
    clerk = staff_with("change_section")
    # when
    viewer_list = viewer_client.get(reverse("admin:catalog_importrun_changelist"))
    clerk_list = clerk.get(reverse("admin:catalog_importrun_changelist"))
    staff_list = staff_client.get(reverse("admin:catalog_importrun_changelist"))
    # then
    upload_url = reverse("admin:catalog_importrun_upload")
    assert viewer_list.status_code == 200 and upload_url not in viewer_list.content.decode()
    assert clerk_list.status_code == 200 and upload_url not in clerk_list.content.decode()
    assert upload_url in staff_list.content.decode()


def test_a_dry_run_applied_twice_at_once_is_imported_once(staff_client):
    # given: two tabs loaded the same pending preview before either applied it
    from catalog import services

    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    run_id = int(preview_url.split("/")[-3])
    first_tab, second_tab = ImportRun.objects.get(pk=run_id), ImportRun.objects.get(pk=run_id)
    services.import_run_apply_submit(run=first_tab)
    # when
    with pytest.raises(services.CatalogImportError) as error:
        services.import_run_apply_submit(run=second_tab)
    # then
    assert "has already been used" in str(error.value)
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED).count() == 1


def change_form_data(page) -> dict:
    """What the admin change page would post back unchanged: its form and inline formsets."""

    def value(form, name):
        field = form.fields[name]
        v = field.prepare_value(form.initial.get(name, field.initial))  # as the page shows it
        return "" if v is None else getattr(v, "pk", v)

    form = page.context["adminform"].form
    data = {name: value(form, name) for name in form.fields}
    # a field whose model default is callable (a JSON one's `dict`) posts its initial value too
    data |= {f"initial-{name}": value(form, name) for name, field in form.fields.items() if field.show_hidden_initial}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for f in formset.forms:
            data.update({f"{f.prefix}-{name}": value(f, name) for name in f.fields})
    return data


def test_a_section_edited_in_the_admin_is_what_the_api_answers_next(staff_client, settings):
    # given: a student read the course (an answer now cached, with its ETag)
    from catalog.api import views

    settings.CLASSTIME_API_TERM_SECONDS = 0
    views.RECENT_TERMS.clear()
    staff_client.post(
        reverse(
            "admin:catalog_importrun_preview",
            args=[int(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3])],
        )
    )
    section = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201")
    url = "/api/v1/institutions/demo/terms/2026-fall/courses/CHEM/1410/"
    etag = staff_client.get(url)["ETag"]
    version = Term.objects.get().catalog_version
    # when: the registrar cancels the section in the admin
    change = reverse("admin:catalog_section_change", args=[section.pk])
    posted = staff_client.post(change, {**change_form_data(staff_client.get(change)), "status": "cancelled"})
    answer = staff_client.get(url, HTTP_IF_NONE_MATCH=etag)
    # then
    assert posted.status_code == 302
    assert Term.objects.get().catalog_version == version + 1
    assert answer.status_code == 200
    statuses = {s["registrar_id"]: s["status"] for c in answer.json()["components"] for s in c["sections"]}
    assert statuses[section.registrar_id] == "cancelled"


def test_an_import_runs_page_shows_its_report_as_text_not_json(staff_client):
    # given
    preview = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    applied = staff_client.post(preview)["Location"]
    # when: the page an apply lands on
    page = staff_client.get(applied).content.decode()
    # then
    assert "Sections in file: 58 = 58 imported" in page
    assert "see the JSON report" not in page and "&quot;counts&quot;" not in page


def test_an_import_runs_page_names_the_course_of_each_section_it_withdrew(staff_client):
    # given: the demo catalog imported, then a copy without CS 1110 lab 40004 uploaded
    import json

    imported_demo(staff_client)
    catalog = json.loads(DEMO_CATALOG.read_text())
    labs = catalog["courses"][0]["components"][1]
    labs["sections"] = [s for s in labs["sections"] if s["id"] != "40004"]
    preview = upload(staff_client, json.dumps(catalog).encode())["Location"]
    # when
    preview_page = staff_client.get(preview).content.decode()
    applied_page = staff_client.get(staff_client.post(preview)["Location"]).content.decode()
    # then
    for page in (preview_page, applied_page):
        assert "Sections changed (1):" in page and "[40004] CS 1110: withdrawn" in page
    run = ImportRun.objects.filter(status=ImportRun.Status.APPLIED).latest("pk")
    download = staff_client.get(reverse("admin:catalog_importrun_report", args=[run.pk])).json()
    assert download["changes"] == [{"registrar_id": "40004", "course": "CS 1110", "fields": ["withdrawn"]}]


def imported_demo(client) -> None:
    client.post(
        reverse(
            "admin:catalog_importrun_preview",
            args=[int(upload(client, DEMO_CATALOG.read_bytes())["Location"].split("/")[-3])],
        )
    )


def test_a_meeting_given_a_start_but_no_end_is_refused_with_a_message(staff_client):
    # given
    imported_demo(staff_client)
    section = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201")
    change = reverse("admin:catalog_section_change", args=[section.pk])
    page = staff_client.get(change)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    # when
    response = staff_client.post(change, {**change_form_data(page), f"{prefix}-0-end_time": ""})
    # then
    assert response.status_code == 200
    assert "needs days and an end after its start" in response.content.decode()
    assert Meeting.objects.filter(section=section, end_time__isnull=True, start_time__isnull=False).count() == 0


def test_a_section_row_added_on_the_component_page_is_not_saved_half_made(staff_client):
    # given: a section needs its term and a registrar id unique in it, which the row cannot give
    imported_demo(staff_client)
    component = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201").component
    change = reverse("admin:catalog_component_change", args=[component.pk])
    page = staff_client.get(change)
    data = change_form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = n + 1
    data.update({f"{prefix}-{n}-registrar_id": "99999", f"{prefix}-{n}-code": "999", f"{prefix}-{n}-status": "open"})
    # when
    response = staff_client.post(change, data)
    # then
    assert response.status_code == 302
    assert not Section.objects.filter(registrar_id="99999").exists()
    assert staff_client.get(change).context["inline_admin_formsets"][0].has_add_permission is False


def test_a_dry_run_whose_apply_crashes_stays_pending(staff_client, monkeypatch):
    # given: the import itself fails in a way nobody planned for
    from catalog import services

    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    run = ImportRun.objects.get(pk=int(preview_url.split("/")[-3]))

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "catalog_import", broken)
    # when
    crashed = services.import_run_apply_submit(run=run)
    # then: nothing imported, the apply says why, and the preview can still be applied
    monkeypatch.undo()
    crashed.refresh_from_db()
    assert Section.objects.count() == 0
    assert crashed.status == ImportRun.Status.FAILED and crashed.content is None
    assert crashed.error == (
        "demo.json: it stopped (RuntimeError: the database went away); nothing was written. The dry run it applied "
        "is pending again."
    )
    assert ImportRun.objects.get(pk=run.pk).content is not None
    services.import_run_apply_submit(run=ImportRun.objects.get(pk=run.pk))
    assert Section.objects.count() == 58


def a_run_with_warnings(n: int) -> ImportRun:
    """An applied run whose report lists `n` warnings (more than a page of the report shows)."""
    from catalog.reports import ImportReport

    report = ImportReport(source_name="big.csv", format="uva-csv", institution="uva", term="2025-fall", dry_run=False)
    report.warnings = [
        {"location": f"line {i}", "registrar_id": str(i), "message": f"line {i}: odd", "reason": "odd"}
        for i in range(2, n + 2)
    ]
    return ImportRun.objects.create(
        source_name="big.csv",
        format="uva-csv",
        sha256="0" * 64,
        status=ImportRun.Status.APPLIED,
        report=report.to_dict(),
    )


def test_a_long_report_in_the_admin_points_to_its_json_report_not_to_a_command_option(staff_client):
    # given
    run = a_run_with_warnings(25)
    # when
    page = staff_client.get(reverse("admin:catalog_importrun_change", args=[run.pk])).content.decode()
    preview = staff_client.get(reverse("admin:catalog_importrun_preview", args=[run.pk])).content.decode()
    download = staff_client.get(reverse("admin:catalog_importrun_report", args=[run.pk]))
    # then
    for shown in (page, preview):
        assert "... and 5 more (the JSON report lists them all)" in shown and "--json" not in shown
        assert reverse("admin:catalog_importrun_report", args=[run.pk]) in shown
    assert download["Content-Type"] == "application/json"
    assert len(download.json()["warnings"]) == 25


def another_term_of(term: Term) -> Term:
    """A second term of the demo institution, with one course, component and section."""
    from catalog.models import Component

    spring = Term.objects.create(institution=term.institution, code="2027-spring", name="Spring 2027")
    course = Course.objects.create(term=spring, subject="CHEM", number="1410", title="Chemistry")
    component = Component.objects.create(course=course, kind="LEC", name="Lecture")
    Section.objects.create(term=spring, component=component, registrar_id="70001", code="100")
    return spring


def section_add_data(**fields) -> dict:
    """What Sections → Add posts: the section's fields and an empty meetings formset."""
    management = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    return {
        "registrar_id": "99999",
        "code": "999",
        "status": "open",
        "modality": "in_person",
        "instructors": "[]",
        **{f"meetings-{k}": v for k, v in management.items()},
        **fields,
    }


def test_a_section_added_with_a_component_of_another_terms_course_is_refused_on_the_component(staff_client):
    # given
    imported_demo(staff_client)
    fall = Term.objects.get(code="2026-fall")
    spring_component = another_term_of(fall).courses.get().components.get()
    versions = dict(Term.objects.values_list("code", "catalog_version"))
    # when
    response = staff_client.post(
        reverse("admin:catalog_section_add"), section_add_data(term=fall.pk, component=spring_component.pk)
    )
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["component"]
    assert "Spring 2027" in errors["component"][0] and "Fall 2026" in errors["component"][0]
    assert not Section.objects.filter(registrar_id="99999").exists()
    assert dict(Term.objects.values_list("code", "catalog_version")) == versions


def test_a_section_added_with_a_parent_of_another_course_is_refused_on_the_parent(staff_client):
    # given
    imported_demo(staff_client)
    lecture = Section.objects.get(component__course__subject="CHEM", component__kind="LEC", code="100")
    elsewhere = Section.objects.filter(term=lecture.term).exclude(component__course=lecture.component.course).first()
    # when
    response = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=lecture.term_id, component=lecture.component_id, parent=elsewhere.pk),
    )
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["parent"]
    assert elsewhere.component.course.code in errors["parent"][0] and "CHEM 1410" in errors["parent"][0]
    assert not Section.objects.filter(registrar_id="99999").exists()


def test_a_section_made_its_own_parent_is_refused_on_the_parent(staff_client):
    # given: what the admin's change form validates before it saves
    imported_demo(staff_client)
    lecture = Section.objects.get(component__course__subject="CHEM", component__kind="LEC", code="100")
    lecture.parent = lecture
    # when
    with pytest.raises(ValidationError) as error:
        lecture.full_clean()
    # then: a message on the field, not the database's constraint name
    assert error.value.message_dict["parent"] == [
        "A section cannot be taken with itself: choose another section of the course, or none."
    ]


def test_a_consistent_section_added_in_the_admin_is_saved(staff_client):
    # given
    imported_demo(staff_client)
    lecture = Section.objects.get(component__course__subject="CHEM", component__kind="LEC", code="100")
    discussion = Section.objects.filter(component__course__subject="CHEM", component__kind="DIS").first().component
    # when
    response = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=lecture.term_id, component=discussion.pk, parent=lecture.pk),
    )
    # then
    assert response.status_code == 302
    assert Section.objects.get(registrar_id="99999").parent == lecture


def test_a_course_with_sections_cannot_move_to_another_term(staff_client):
    # given: its sections would stay behind in the old term
    imported_demo(staff_client)
    fall = Term.objects.get(code="2026-fall")
    spring = another_term_of(fall)
    course = Course.objects.get(term=fall, subject="CS", number="1110")
    change = reverse("admin:catalog_course_change", args=[course.pk])
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), "term": spring.pk})
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["term"] and "cannot move to another term" in errors["term"][0]
    assert Course.objects.get(pk=course.pk).term == fall


def test_a_component_with_sections_cannot_move_to_a_course_of_another_term(staff_client):
    # given
    imported_demo(staff_client)
    fall = Term.objects.get(code="2026-fall")
    spring_course = another_term_of(fall).courses.get()
    component = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201").component
    change = reverse("admin:catalog_component_change", args=[component.pk])
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), "course": spring_course.pk})
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["course"] and "Spring 2027" in errors["course"][0]
    assert component.sections.first().component.course.term == fall


def test_a_course_moved_to_another_term_in_the_admin_bumps_both_terms_catalog_versions(staff_client):
    # given: a course with no sections yet, filed under the wrong term
    imported_demo(staff_client)
    fall = Term.objects.get(code="2026-fall")
    spring = another_term_of(fall)
    course = Course.objects.create(term=fall, subject="CHEM", number="9999", title="Misfiled")
    versions = {fall.pk: Term.objects.get(pk=fall.pk).catalog_version, spring.pk: spring.catalog_version}
    change = reverse("admin:catalog_course_change", args=[course.pk])
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), "term": spring.pk})
    # then
    assert response.status_code == 302
    assert Course.objects.get(pk=course.pk).term == spring
    assert Term.objects.get(pk=fall.pk).catalog_version == versions[fall.pk] + 1
    assert Term.objects.get(pk=spring.pk).catalog_version == versions[spring.pk] + 1


def test_a_section_moved_to_another_term_in_the_admin_bumps_both_terms_catalog_versions(staff_client):
    # given
    imported_demo(staff_client)
    fall = Term.objects.get(code="2026-fall")
    spring = another_term_of(fall)
    section = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201")
    versions = {fall.pk: Term.objects.get(pk=fall.pk).catalog_version, spring.pk: spring.catalog_version}
    change = reverse("admin:catalog_section_change", args=[section.pk])
    moved = {"term": spring.pk, "component": spring.courses.get().components.get().pk, "parent": ""}
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), **moved})
    # then
    assert response.status_code == 302
    assert Section.objects.get(pk=section.pk).term == spring
    assert Term.objects.get(pk=fall.pk).catalog_version == versions[fall.pk] + 1
    assert Term.objects.get(pk=spring.pk).catalog_version == versions[spring.pk] + 1


def chem_component(kind: str):
    """CHEM 1410's lecture (parent of every discussion) or discussion (each taken with a lecture)."""
    from catalog.models import Component

    return Component.objects.get(course__subject="CHEM", course__number="1410", kind=kind)


@pytest.mark.parametrize("kind", ["LEC", "DIS"])
def test_a_component_whose_sections_are_linked_in_its_course_cannot_move_to_another_course(staff_client, kind):
    # given: CHEM 1410's lectures are the parents of its discussions; CHEM 1411 is in the same term
    imported_demo(staff_client)
    component = chem_component(kind)
    component.course = Course.objects.get(subject="CHEM", number="1411")
    # when
    with pytest.raises(ValidationError) as error:
        component.full_clean()
    # then: on the course, naming the linked sections with their courses
    message = " ".join(error.value.message_dict["course"])
    assert list(error.value.message_dict) == ["course"]
    assert (
        "linked to sections of CHEM 1410" in message and "in CHEM 1411 they would be linked across courses" in message
    )
    if kind == "LEC":
        assert "CHEM 1410 Discussion 101 (40012) is taken with its Lecture 100 (40010)" in message
    else:
        assert "its Discussion 101 (40012) is taken with CHEM 1410 Lecture 100 (40010)" in message
    assert "and 1 more" in message  # six discussions: five shown


@pytest.mark.parametrize("kind", ["LEC", "DIS"])
def test_the_admin_refuses_moving_a_linked_component_to_another_course_and_writes_nothing(staff_client, kind):
    # given: the move posted together with a change to one of its sections
    imported_demo(staff_client)
    component = chem_component(kind)
    chem_1411 = Course.objects.get(subject="CHEM", number="1411")
    change = reverse("admin:catalog_component_change", args=[component.pk])
    page = staff_client.get(change)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    capacities = dict(Section.objects.values_list("pk", "capacity"))
    version = Term.objects.get().catalog_version
    # when
    response = staff_client.post(change, {**change_form_data(page), "course": chem_1411.pk, f"{prefix}-0-capacity": 7})
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["course"] and "linked to sections of CHEM 1410" in errors["course"][0]
    assert Course.objects.get(components=component.pk).number == "1410"
    assert dict(Section.objects.values_list("pk", "capacity")) == capacities
    assert Term.objects.get().catalog_version == version


def test_a_component_whose_sections_have_no_links_moves_to_another_course_of_its_term(staff_client):
    # given: MATH 1310's discussions are taken with any lecture
    imported_demo(staff_client)
    from catalog.models import Component

    component = Component.objects.get(course__subject="MATH", course__number="1310", kind="DIS")
    chem_1411 = Course.objects.get(subject="CHEM", number="1411")
    change = reverse("admin:catalog_component_change", args=[component.pk])
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), "course": chem_1411.pk})
    # then
    assert response.status_code == 302
    assert Component.objects.get(pk=component.pk).course == chem_1411


def test_a_section_with_children_given_a_component_of_another_course_is_refused_on_the_component(staff_client):
    # given: three discussions of CHEM 1410 are taken with its lecture 100
    imported_demo(staff_client)
    lecture = Section.objects.get(registrar_id="40010")
    lecture.component = Course.objects.get(subject="MATH", number="1310").components.get(kind="LEC")
    # when
    with pytest.raises(ValidationError) as error:
        lecture.full_clean()
    # then
    assert list(error.value.message_dict) == ["component"]
    message = error.value.message_dict["component"][0]
    assert "Sections of CHEM 1410 must be taken with this one" in message
    assert "MATH 1310 Lecture is a component of MATH 1310" in message
    children = "CHEM 1410 Discussion 101 (40012); CHEM 1410 Discussion 102 (40013); CHEM 1410 Discussion 103 (40014)."
    assert children in message


def test_the_admin_refuses_giving_a_section_with_children_a_component_of_another_course(staff_client):
    # given
    imported_demo(staff_client)
    lecture = Section.objects.get(registrar_id="40010")
    math_lecture = Course.objects.get(subject="MATH", number="1310").components.get(kind="LEC")
    change = reverse("admin:catalog_section_change", args=[lecture.pk])
    version = Term.objects.get().catalog_version
    # when
    response = staff_client.post(
        change, {**change_form_data(staff_client.get(change)), "component": math_lecture.pk, "capacity": 7}
    )
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["component"] and "CHEM 1410 Discussion 101 (40012)" in errors["component"][0]
    stored = Section.objects.get(pk=lecture.pk)
    assert (stored.component_id, stored.capacity) == (lecture.component_id, lecture.capacity)
    assert Term.objects.get().catalog_version == version


def test_a_section_without_children_may_be_given_a_component_of_another_course_of_its_term(staff_client):
    # given: CS 4993's independent study is taken with no section and has none taken with it
    imported_demo(staff_client)
    study = Section.objects.get(registrar_id="40045")
    study.component = Course.objects.get(subject="HIST", number="2001").components.get(kind="LEC")
    study.code = "901"  # its 001 is HIST 2001's lecture's code already
    # when
    study.full_clean()
    # then
    assert study.children.count() == 0


def test_a_meetings_days_are_shown_as_named_days_and_saved_back_as_they_are_ticked(staff_client):
    # given: CHEM 1410 discussion 201 meets on Mondays
    imported_demo(staff_client)
    section = Section.objects.get(component__course__subject="CHEM", component__kind="DIS", code="201")
    meeting = section.meetings.get()
    change = reverse("admin:catalog_section_change", args=[section.pk])
    page = staff_client.get(change)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    html = page.content.decode()
    # when: Tuesday and Thursday ticked instead
    response = staff_client.post(change, {**change_form_data(page), f"{prefix}-0-days": ["1", "3"]})
    # then
    assert str(meeting) == "Mo 13:00-13:50" and meeting.days == 0b1
    assert f'name="{prefix}-0-days" value="0" id="id_{prefix}-0-days_0" checked' in html
    assert " Mon</label>" in html and f'type="number" name="{prefix}-0-days"' not in html
    assert response.status_code == 302
    assert str(Meeting.objects.get(pk=meeting.pk)) == "TuTh 13:00-13:50"


def test_the_sections_list_shows_each_sections_meetings_and_whether_it_is_schedulable(staff_client):
    # given: CHEM 1410 lecture 100 with its three evening exams, and a quarantined section
    imported_demo(staff_client)
    Section.objects.filter(registrar_id="40011").update(quarantine_reason="line 3 Days1: placeholder")
    # when
    listing = staff_client.get(reverse("admin:catalog_section_changelist") + "?q=CHEM+1410").content.decode()
    # then
    lecture = Section.objects.get(registrar_id="40010")
    exams = [m for m in lecture.meetings.all() if m.kind == "exam"]
    assert exams and f"(exam {exams[0].first_date:%Y-%m-%d})" in listing
    assert str(lecture.meetings.filter(kind="weekly").first()) in listing
    assert 'alt="False"' in listing and 'alt="True"' in listing


def test_uploading_the_same_file_again_previews_and_applies_as_nothing_changed(staff_client):
    # given
    imported_demo(staff_client)
    preview = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    # when
    preview_page = staff_client.get(preview).content.decode()
    applied_page = staff_client.get(staff_client.post(preview)["Location"]).content.decode()
    # then
    assert "Nothing would change: every row already matches the file; catalog version would stay 1." in preview_page
    assert "(canonical) into demo 2026-fall — applied: nothing changed." in applied_page
    assert "Nothing changed: every row already matches the file; catalog version stays 1" in applied_page
    assert Term.objects.get().catalog_version == 1


UVA_CSV = (
    "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,Title\n"
    "10001,CS,1110,001,Lecture,3,Ada Lovelace,MoWe 1:00pm - 1:50pm,Rice Hall 130,08/26/2025 - 12/09/2025,Intro\n"
    "10002,CS,1110,101,Laboratory,0,Ada Lovelace,Tu 2:00pm - 3:15pm,Rice Hall 011,08/26/2025 - 12/09/2025,Intro\n"
)


def test_a_uva_file_re_saved_by_excel_previews_like_the_file_it_was(staff_client):
    # given: a byte-order mark, CRLF, ';' as the separator and every field quoted
    rows = [line.split(",") for line in UVA_CSV.splitlines()]
    excel = "\r\n".join(";".join(f'"{cell}"' for cell in row) for row in rows) + "\r\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    # when
    pages = []
    for name, data in (("plain.csv", UVA_CSV.encode()), ("excel.csv", b"\xef\xbb\xbf" + excel.encode())):
        response = staff_client.post(
            reverse("admin:catalog_importrun_upload"), {"file": SimpleUploadedFile(name, data), "format": "uva-csv"}
        )
        pages.append(staff_client.get(response["Location"]).content.decode())
    # then
    for page in pages:
        assert "Sections in file: 2 = 2 imported (0 of them quarantined, not schedulable) + 0 rejected." in page
        assert "Warnings" not in page and "Apply this import" in page
    assert Section.objects.count() == 0


def test_a_sections_instructors_are_shown_and_edited_one_per_line(staff_client):
    # given: CHEM 1410 lecture 100, given a second instructor
    imported_demo(staff_client)
    Section.objects.filter(registrar_id="40010").update(instructors=["Marie Curie", "Pierre Curie"])
    section = Section.objects.get(registrar_id="40010")
    change = reverse("admin:catalog_section_change", args=[section.pk])
    page = staff_client.get(change)
    shown = page.context["adminform"].form["instructors"].value()
    # when: saved as shown, then with two other names typed in
    unchanged = staff_client.post(change, change_form_data(page))
    kept = Section.objects.get(pk=section.pk).instructors
    edited = staff_client.post(
        change, {**change_form_data(page), "instructors": "Ada Lovelace\r\n\r\n Alan Turing \r\n"}
    )
    # then
    assert shown == "Marie Curie\nPierre Curie" and kept == ["Marie Curie", "Pierre Curie"]
    assert unchanged.status_code == edited.status_code == 302
    assert Section.objects.get(pk=section.pk).instructors == ["Ada Lovelace", "Alan Turing"]


def test_a_windows_1252_upload_previews_and_applies_with_a_warning_naming_the_line_to_check(staff_client):
    # given: the UVA file with an accented instructor, saved by Excel on Windows
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = UVA_CSV.replace("Ada Lovelace,Tu", "Jos\u00e9 Mart\u00ed,Tu").encode("cp1252")
    # when
    response = staff_client.post(
        reverse("admin:catalog_importrun_upload"), {"file": SimpleUploadedFile("f.csv", data), "format": "uva-csv"}
    )
    page = staff_client.get(response["Location"]).content.decode()
    staff_client.post(response["Location"])
    # then
    assert "line 3, value &#x27;10002,CS,1110,101,Laboratory,0,Jos\u00e9 Mart\u00ed" in page
    assert "read as Windows-1252" in page
    assert Section.objects.get(registrar_id="10002").instructors == ["Jos\u00e9 Mart\u00ed"]


def queries_for(client, url: str) -> int:
    """How many queries the page at `url` takes (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_import_runs_list_takes_as_many_queries_for_many_runs_as_for_one(staff_client):
    # given: runs asked for by several staff members
    def runs_by(count: int) -> None:
        for _ in range(count):
            user = User.objects.create_user(f"clerk{User.objects.count()}", password="pw-clerk-1234", is_staff=True)
            ImportRun.objects.create(
                source_name="demo.json", format="canonical", sha256="0" * 64, status="applied", requested_by=user
            )

    listing = reverse("admin:catalog_importrun_changelist")
    runs_by(1)
    one = queries_for(staff_client, listing)
    # when
    runs_by(20)
    many = queries_for(staff_client, listing)
    # then
    assert many == one


@pytest.mark.parametrize(
    "listing",
    [
        "/admin/catalog/course/",
        "/admin/catalog/component/",
        "/admin/catalog/section/",
        "/admin/scheduler/savedschedule/",
        "/admin/catalog/course/add/",
    ],
)
def test_a_page_naming_every_term_takes_as_many_queries_for_many_terms_as_for_two(staff_client, listing):
    # given: terms of several institutions (archived ones pile up over the years), each named
    # with its institution in a list's term filter or a course's choice of term
    from catalog.models import Institution

    def terms(count: int) -> None:
        for _ in range(count):
            n = Term.objects.count()
            institution = Institution.objects.create(code=f"u{n}", name=f"U{n}", timezone="UTC")
            Term.objects.create(institution=institution, code=f"{2000 + n}-fall", name=f"Fall {2000 + n}")

    terms(2)  # the term filter shows once there are two
    queries_for(staff_client, listing)  # the first page fills the process's caches (content types)
    two = queries_for(staff_client, listing)
    # when
    terms(20)
    many = queries_for(staff_client, listing)
    # then
    assert many == two


def import_demo_as(term_code: str, courses: int | None = None) -> Term:
    """The demo catalog (its first `courses` courses, or all) imported as the term `term_code`."""
    import json

    from catalog import services

    data = json.loads(DEMO_CATALOG.read_text())
    data["courses"] = data["courses"][:courses]
    if term_code != data["term"]["code"]:  # a term of its own: a new term named as another is refused
        data["term"]["name"] = term_code
    services.catalog_import_file(
        data=json.dumps(data).encode(), name="demo.json", format="canonical", term_code=term_code
    )
    return Term.objects.get(code=term_code)


def test_a_terms_delete_page_counts_the_rows_that_keep_it_instead_of_reading_each(staff_client):
    # given: a term of one course and a term of the whole demo catalog
    small, whole = import_demo_as("2026-small", courses=1), import_demo_as("2026-whole")
    delete_page = lambda term: reverse("admin:catalog_term_delete", args=[term.pk])  # noqa: E731
    queries_for(staff_client, delete_page(small))  # the first page fills the process's caches (content types)
    # when
    small_queries, whole_queries = (
        queries_for(staff_client, delete_page(small)),
        queries_for(staff_client, delete_page(whole)),
    )
    page = staff_client.get(delete_page(whole)).content.decode()
    staff_client.post(delete_page(whole), {"post": "yes"})
    # then: refused, saying what keeps it, in as many queries for 58 sections as for a few
    assert whole_queries == small_queries
    assert "14 courses" in page and "58 sections" in page
    assert "set its Status to Hidden (only staff see it) or Archived" in page  # and what to do instead
    assert Term.objects.filter(pk=whole.pk).exists() and Section.objects.filter(term=whole).count() == 58


def test_a_course_code_searched_in_the_sections_list_keeps_the_lists_filters(staff_client):
    # given: CS 1110 in two terms, one of its sections withdrawn from the first
    first, second = import_demo_as("2026-fall"), import_demo_as("2027-spring")
    withdrawn = Section.objects.filter(term=first, component__course__subject="CS", component__course__number="1110")
    withdrawn.filter(registrar_id="40001").update(withdrawn_at="2026-09-01T00:00Z")
    listing = reverse("admin:catalog_section_changelist")
    # when
    page = staff_client.get(listing, {"q": "CS 1110", "availability": "withdrawn", "term__id__exact": first.pk})
    # then: only the withdrawn section of the first term, as the filters say
    assert [s.pk for s in page.context["cl"].result_list] == [withdrawn.get(registrar_id="40001").pk]
    assert second.sections.exists()


def test_the_import_runs_list_and_a_runs_change_page_leave_its_kept_file_unread(staff_client):
    # given: a dry run keeping its file (up to 64 MB) until it is applied
    upload(staff_client, DEMO_CATALOG.read_bytes())
    run = ImportRun.objects.get()
    # when
    listing = staff_client.get(reverse("admin:catalog_importrun_changelist"))
    change = staff_client.get(reverse("admin:catalog_importrun_change", args=[run.pk]))
    # then: the rows are read without the file
    assert [r.pk for r in listing.context["cl"].result_list] == [run.pk]
    assert "content" in listing.context["cl"].result_list[0].get_deferred_fields()
    assert "content" in change.context["original"].get_deferred_fields()


def test_a_pending_dry_run_is_found_again_from_the_import_runs_list_to_apply_it(staff_client):
    # given: a registrar left the dry run's page before applying it
    run_page = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    run = ImportRun.objects.get()
    # when
    listing = staff_client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    change = staff_client.get(reverse("admin:catalog_importrun_change", args=[run.pk])).content.decode()
    staff_client.post(run_page)
    listing_after = staff_client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    # then: the list and the run's change page lead to its page, which applies it; once applied, not anymore
    assert f'href="{run_page}">Apply it' in listing
    assert f'href="{run_page}"' in change
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED).exists()
    assert run_page not in listing_after


def term_form(term: Term, **changes) -> dict:
    """The term's change form as the admin posts it, with `changes`."""
    import json

    fields = {
        "institution": term.institution_id,
        "code": term.code,
        "name": term.name,
        "first_day": term.first_day,
        "last_day": term.last_day,
        "holidays": json.dumps(term.holidays),
        "status": term.status,
    }
    return {**fields, **changes}


@pytest.mark.parametrize(
    "holidays", ['["Nov 26"]', '"2026-11-26"', "[20261126]", '["2026-02-30"]', '{"a": 1}', "2026-11-26\n2026-11-27"]
)
def test_holidays_that_are_not_a_list_of_dates_are_refused_on_the_term_form(staff_client, holidays):
    # given
    term = import_demo_as("2026-fall", courses=1)
    before = term.holidays
    # when
    page = staff_client.post(reverse("admin:catalog_term_change", args=[term.pk]), term_form(term, holidays=holidays))
    # then: the form again, saying what a holiday is, and nothing saved
    assert page.status_code == 200
    assert "YYYY-MM-DD" in str(page.context["adminform"].form.errors["holidays"])
    term.refresh_from_db()
    assert term.holidays == before


def test_holidays_entered_on_the_term_form_are_kept_as_dates(staff_client):
    # given
    term = import_demo_as("2026-fall", courses=1)
    # when
    page = staff_client.post(
        reverse("admin:catalog_term_change", args=[term.pk]),
        term_form(term, holidays='["2026-11-27", " 2026-11-26 "]'),
    )
    # then: read in order, as the calendar feeds and exports read them
    assert page.status_code == 302
    term.refresh_from_db()
    assert term.holidays == ["2026-11-26", "2026-11-27"]


def test_a_components_page_takes_as_many_queries_for_many_sections_as_for_one(staff_client):
    # given: the demo's components of one section and of the most sections
    from django.db.models import Count

    from catalog.models import Component

    import_demo_as("2026-fall")
    by_size = Component.objects.annotate(n=Count("sections")).order_by("n", "pk")
    smallest, largest = by_size.first(), by_size.last()
    page = lambda component: reverse("admin:catalog_component_change", args=[component.pk])  # noqa: E731
    queries_for(staff_client, page(smallest))  # the first page fills the process's caches (content types)
    # when
    few, many = queries_for(staff_client, page(smallest)), queries_for(staff_client, page(largest))
    # then
    assert (smallest.n, largest.n) == (1, 6)
    assert many == few


def test_an_imported_sections_page_says_the_next_import_puts_the_files_values_back(staff_client):
    # given: a section of an imported term, and a course of a term made in the admin
    from catalog.models import Institution

    imported = import_demo_as("2026-fall", courses=1).sections.first()
    handmade_term = Term.objects.create(institution=Institution.objects.get(), code="2027-summer", name="Summer 2027")
    handmade = Course.objects.create(term=handmade_term, subject="CS", number="1", title="Made here")
    # when
    section_page = staff_client.get(reverse("admin:catalog_section_change", args=[imported.pk])).content.decode()
    course_page = staff_client.get(reverse("admin:catalog_course_change", args=[handmade.pk])).content.decode()
    # then
    note = "the next import of demo Fall 2026 puts the registrar&#x27;s file&#x27;s values back"
    assert "This section came from an import" in section_page and note in section_page
    assert "came from an import" not in course_page


@pytest.mark.parametrize("search", ["Élodie", "Müller", "CS Müller", "Élodie Müller"])
def test_the_sections_list_finds_an_instructor_whose_name_is_not_plain_ascii(staff_client, search):
    # given: JSON stored by SQLite (the embedded default) spells such a name escaped, \u00c9lodie
    import_demo_as("2026-fall")
    section = Section.objects.get(registrar_id="40001")  # CS 1110
    section.instructors = ["Élodie Müller"]
    section.save()
    # when
    page = staff_client.get(reverse("admin:catalog_section_changelist"), {"q": search})
    # then
    assert [s.pk for s in page.context["cl"].result_list] == [section.pk]


def test_staff_given_exactly_the_permissions_importing_takes_import_from_the_admins_own_pages():
    # given: staff holding IMPORT_PERMISSIONS and nothing else
    from django.contrib.auth.models import Permission
    from django.test import Client

    from catalog.admin import IMPORT_PERMISSIONS

    clerk = User.objects.create_user("clerk", password="pw-clerk-1234", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(content_type__app_label="catalog", codename__in=IMPORT_PERMISSIONS)
    )
    client = Client()
    client.force_login(clerk)
    # when: from the admin's home page to the import runs, upload, apply
    home = client.get(reverse("admin:index")).content.decode()
    listing = client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    applied = client.post(upload(client, DEMO_CATALOG.read_bytes())["Location"], follow=True)
    # then: each step reached, ending on the applied run's page saying so
    assert reverse("admin:catalog_importrun_changelist") in home
    assert reverse("admin:catalog_importrun_upload") in listing
    assert applied.status_code == 200 and "applied." in applied.content.decode()
    assert Section.objects.count() == 58


def test_staff_who_may_not_import_are_not_led_to_a_dry_runs_page_they_would_be_refused(viewer_client, staff_client):
    # given: a pending dry run
    run_page = upload(staff_client, DEMO_CATALOG.read_bytes())["Location"]
    run = ImportRun.objects.get()
    # when
    listing = viewer_client.get(reverse("admin:catalog_importrun_changelist"))
    change = viewer_client.get(reverse("admin:catalog_importrun_change", args=[run.pk]))
    # then: the run and its report, without the link to the page that answers them 403
    assert listing.status_code == change.status_code == 200
    assert "demo.json" in listing.content.decode() and "DRY RUN" in change.content.decode()
    assert run_page not in listing.content.decode() and run_page not in change.content.decode()


@pytest.mark.parametrize("taken_by", ["another section of the term", "another row of the page"])
def test_a_registrar_id_taken_in_the_term_is_refused_on_a_components_section_row(staff_client, taken_by):
    # given: CS 1110's lecture rows 40001-40003 on the component's page, of a term made by hand
    # (one an import filled refuses any change of a registrar id: test_admin_import_keys.py)
    import_demo_as("2026-fall")
    Term.objects.filter(code="2026-fall").update(imported_at=None)
    component = Section.objects.get(registrar_id="40001").component
    change = reverse("admin:catalog_component_change", args=[component.pk])
    page = staff_client.get(change)
    data = change_form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data[f"{prefix}-0-registrar_id"] = "40010" if taken_by == "another section of the term" else "49999"
    data[f"{prefix}-1-registrar_id"] = "49999"
    # when
    response = staff_client.post(change, data)
    # then: the page again, the row saying why, nothing saved
    assert response.status_code == 200
    rows = response.context["inline_admin_formsets"][0].formset
    errors = str(rows.errors) + str(rows.non_form_errors())
    assert "already" in errors and ("40010" in errors or "49999" in errors)
    assert sorted(component.sections.values_list("registrar_id", flat=True)) == ["40001", "40002", "40003"]


def test_an_import_runs_change_page_shows_the_run_and_writes_nothing(staff_client):
    # given: a run a worker may be finishing at any moment
    upload(staff_client, DEMO_CATALOG.read_bytes())
    run = ImportRun.objects.get()
    change = reverse("admin:catalog_importrun_change", args=[run.pk])
    # when
    page = staff_client.get(change)
    saved = staff_client.post(change, {"_save": "Save"})
    # then: no Save (everything on it is the run's own record), and a save posted anyway is refused
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert saved.status_code == 403
    assert ImportRun.objects.get().updated_at == run.updated_at


def test_a_terms_status_set_by_an_action_is_in_its_history_and_the_message_counts_the_others(staff_client):
    # given: a published term and a hidden one
    published, hidden = import_demo_as("2026-fall", courses=1), import_demo_as("2027-spring", courses=1)
    Term.objects.filter(pk=hidden.pk).update(status=Term.Status.HIDDEN)
    listing = reverse("admin:catalog_term_changelist")
    # when
    done = staff_client.post(listing, {"action": "publish", "_selected_action": [published.pk, hidden.pk]}, follow=True)
    # then: who published which term is in its history; the one already published is said so
    history = staff_client.get(reverse("admin:catalog_term_history", args=[hidden.pk])).content.decode()
    untouched = staff_client.get(reverse("admin:catalog_term_history", args=[published.pk])).content.decode()
    assert "1 term now published: students plan schedules for it; 1 already was." in done.content.decode()
    assert "Changed Status." in history and "registrar" in history
    assert "Changed Status." not in untouched


def test_staff_who_may_only_view_read_a_sections_days_and_instructors_as_written(viewer_client):
    # given: CS 1110 lecture 001, Mondays, Wednesdays and Fridays, taught by Ada Byron
    import_demo_as("2026-fall")
    section = Section.objects.get(registrar_id="40001")
    section.instructors = ["Ada Byron", "Grace Hopper"]
    section.save()
    # when
    page = viewer_client.get(reverse("admin:catalog_section_change", args=[section.pk]))

    # then: the days named, not the weekday bits they are stored as; the names, not a JSON list
    def shown(form) -> dict[str, str]:
        return {f.field["name"]: str(f.contents()) for fieldset in form for line in fieldset for f in line}

    meeting = shown(next(iter(page.context["inline_admin_formsets"][0])))
    section_fields = shown(page.context["adminform"])
    assert meeting["week_days"] == "Mon, Wed, Fri"
    assert section_fields["instructor_names"] == "Ada Byron<br>Grace Hopper"


def test_with_new_terms_hidden_a_term_added_in_the_admin_starts_hidden_too(staff_client, settings):
    # given
    from catalog.models import Institution

    settings.CLASSTIME_NEW_TERMS_HIDDEN = True
    import_demo_as("2026-fall", courses=1)
    # when: the add form as it comes, saved
    page = staff_client.get(reverse("admin:catalog_term_add"))
    status = page.context["adminform"].form["status"].value()
    data = {"institution": Institution.objects.get().pk, "code": "2027-spring", "name": "Spring 2027", "status": status}
    staff_client.post(reverse("admin:catalog_term_add"), {**data, "holidays": "[]"})
    # then: hidden until staff publish it, as a term an import creates
    assert status == Term.Status.HIDDEN
    assert Term.objects.get(code="2027-spring").status == Term.Status.HIDDEN


def test_terms_and_import_runs_are_found_by_their_institutions_code_and_runs_by_who_asked(staff_client):
    # given: a term of the demo institution, imported by registrar, and a term of another
    from catalog.models import Institution

    demo = import_demo_as("2026-fall", courses=1)
    other = Institution.objects.create(code="uva", name="University of Virginia", timezone="America/New_York")
    Term.objects.create(institution=other, code="2026-fall", name="Fall 2026")
    upload(staff_client, DEMO_CATALOG.read_bytes())
    ImportRun.objects.create(
        source_name="2026_fall.csv", format="uva-csv", sha256="0" * 64, status="failed", institution_code="uva"
    )
    # when
    terms = staff_client.get(reverse("admin:catalog_term_changelist"), {"q": "demo"})
    runs_by_institution = staff_client.get(reverse("admin:catalog_importrun_changelist"), {"q": "uva"})
    runs_by_user = staff_client.get(reverse("admin:catalog_importrun_changelist"), {"q": "registrar"})
    # then
    assert [t.pk for t in terms.context["cl"].result_list] == [demo.pk]
    assert runs_by_institution.context["cl"].result_count == runs_by_user.context["cl"].result_count == 1


def test_the_refusal_offers_the_import_runs_only_to_staff_who_may_read_them(viewer_client):
    # given: staff who may view nothing of the catalog
    from django.test import Client

    bare = Client()
    bare.force_login(User.objects.create_user("newcomer", password="pw-newcomer-1", is_staff=True))
    # when
    refused_bare = bare.get(reverse("admin:catalog_importrun_upload")).content.decode()
    refused_viewer = viewer_client.get(reverse("admin:catalog_importrun_upload")).content.decode()
    # then
    assert "You can still read" not in refused_bare and "Can view import run" in refused_bare
    assert "You can still read the catalog and the reports of earlier" in refused_viewer


@pytest.mark.parametrize(("edit", "bumped"), [({"timezone": "Asia/Tokyo"}, 1), ({}, 0)])
def test_an_institution_edited_in_the_admin_moves_its_terms_catalog_versions(staff_client, edit, bumped):
    # given: the demo imported, and a term of another institution
    from django.core.management import call_command

    from catalog.models import Institution

    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    other = Institution.objects.create(code="other", name="Other", timezone="UTC")
    Term.objects.create(institution=other, code="2026-fall", name="Fall 2026")
    versions = dict(Term.objects.values_list("institution__code", "catalog_version"))
    demo = Institution.objects.get(code="demo")
    change = reverse("admin:catalog_institution_change", args=[demo.pk])
    # when: its time zone changed (or the form saved as it was)
    posted = staff_client.post(change, {**change_form_data(staff_client.get(change)), **edit})
    # then: a time zone places every class in a calendar, so its terms' cached answers and previews are stale
    assert posted.status_code == 302
    after = dict(Term.objects.values_list("institution__code", "catalog_version"))
    assert after == {"demo": versions["demo"] + bumped, "other": versions["other"]}


def test_a_course_with_sections_is_refused_saying_how_to_take_it_away_from_students(staff_client):
    # given an imported course with sections
    course = import_demo_as("2026-fall", courses=1).courses.get()
    # when its delete page is asked for
    page = staff_client.get(reverse("admin:catalog_course_delete", args=[course.pk])).content.decode()
    # then it is refused, saying what keeps it and what to do instead
    assert "sections" in page and "set its sections&#x27; Status to Cancelled" in page
    assert Course.objects.filter(pk=course.pk).exists()


def test_a_term_shortened_in_the_admin_warns_of_the_sections_left_outside_and_whose_schedules_it_reaches(
    staff_client,
):
    # given a term of one course, its sections meeting to 2026-12-11, and a student's schedule of it
    from django.contrib.auth.models import User

    from scheduler.saved_schedules import saved_schedule_create

    term = import_demo_as("2026-fall", courses=1)
    student = User.objects.create_user("ada", password="pw-ada-1234")
    saved_schedule_create(owner=student, term=term, name="Mine", section_ids=["40001"])
    # when its last day is set a week earlier
    page = staff_client.post(
        reverse("admin:catalog_term_change", args=[term.pk]), term_form(term, last_day="2026-12-04"), follow=True
    )
    # then the sections still meeting after it are counted; the student's classes keep their own dates,
    # so no schedule is said to be reached
    said = " ".join(str(m) for m in page.context["messages"])
    sections = Section.objects.filter(term=term).count()
    assert (
        f"{sections} sections of demo Fall 2026 meet on dates outside the term's days (2026-08-24 to 2026-12-04)"
        in said
    )
    assert "saved schedule" not in said


def test_new_term_days_reach_the_schedules_holding_a_class_dated_by_them(staff_client):
    # given a student's schedule holding CS 1110 LEC 001, its weekly class dated by the term's last day
    from django.contrib.auth.models import User

    from scheduler.saved_schedules import saved_schedule_create

    term = import_demo_as("2026-fall", courses=1)
    Meeting.objects.filter(section__registrar_id="40001", kind=Meeting.Kind.WEEKLY).update(last_date=None)
    saved_schedule_create(owner=User.objects.create_user("ada"), term=term, name="Mine", section_ids=["40001"])
    # when the term's last day is set a week earlier
    page = staff_client.post(
        reverse("admin:catalog_term_change", args=[term.pk]), term_form(term, last_day="2026-12-04"), follow=True
    )
    # then the schedule is reached: its class ends with the term
    said = " ".join(str(m) for m in page.context["messages"])
    assert "1 saved schedule of 1 student of demo Fall 2026 holds classes the term's new days move" in said


def test_a_term_saved_with_its_days_unchanged_says_nothing_of_them(staff_client):
    # given
    term = import_demo_as("2026-fall", courses=1)
    # when
    page = staff_client.post(
        reverse("admin:catalog_term_change", args=[term.pk]), term_form(term, name="Fall 2026 (main)"), follow=True
    )
    # then
    said = " ".join(str(m) for m in page.context["messages"])
    assert "outside the term's days" not in said and "saved schedule" not in said


def test_holidays_taken_away_in_the_admin_say_whose_schedules_gain_classes(staff_client):
    # given a term with Thanksgiving's holidays, and a student's schedule of it
    from django.contrib.auth.models import User

    from scheduler.saved_schedules import saved_schedule_create

    term = import_demo_as("2026-fall", courses=1)
    assert term.holidays
    saved_schedule_create(owner=User.objects.create_user("ada"), term=term, name="Mine", section_ids=["40001"])
    # when the holidays are taken away
    page = staff_client.post(
        reverse("admin:catalog_term_change", args=[term.pk]), term_form(term, holidays="[]"), follow=True
    )
    # then the reach names the holidays alone, and nothing lies outside the term's days
    said = " ".join(str(m) for m in page.context["messages"])
    assert "1 saved schedule of 1 student of demo Fall 2026 holds classes the term's new holidays move" in said
    assert "outside the term's days" not in said


def test_a_term_shortened_before_a_meeting_dated_at_its_last_end_only_is_warned_of_not_a_500(staff_client):
    # given a weekly meeting with a last date only (the model allows either end alone)
    from catalog.models import Meeting

    term = import_demo_as("2026-fall", courses=1)
    Meeting.objects.filter(section__term=term, kind=Meeting.Kind.WEEKLY).update(first_date=None)
    # when the term's last day is set before it
    page = staff_client.post(
        reverse("admin:catalog_term_change", args=[term.pk]), term_form(term, last_day="2026-12-04"), follow=True
    )
    # then saved, with the warning spanning the term's first day to the meetings' last
    said = " ".join(str(m) for m in page.context["messages"])
    assert page.status_code == 200 and "from 2026-08-24 to 2026-12-11" in said
    term.refresh_from_db()
    assert str(term.last_day) == "2026-12-04"


def test_a_component_of_hundreds_of_sections_saves_from_its_page(staff_client):
    # given: a component of 230 sections, as Georgia Tech's thesis and directed-study ones are
    # (each row posts 8 fields: Django's default limit of 1,000 fields refused the page's form)
    imported_demo(staff_client)
    component = Section.objects.get(registrar_id="40042").component
    template = Section.objects.get(registrar_id="40042")
    Section.objects.bulk_create(
        [
            Section(term=template.term, component=component, registrar_id=f"9{n:04}", code=f"9{n:02}", status="open")
            for n in range(229)
        ]
    )
    change = reverse("admin:catalog_component_change", args=[component.pk])
    data = change_form_data(staff_client.get(change))
    # when it is saved with a new name
    response = staff_client.post(change, {**data, "name": "Lecture (all)"})
    # then it is saved
    assert len(data) > 1_000 and response.status_code == 302
    component.refresh_from_db()
    assert component.name == "Lecture (all)"


def test_import_runs_are_kept_the_admin_deletes_none(staff_client):
    # given an applied run
    imported_demo(staff_client)
    run = ImportRun.objects.get(status=ImportRun.Status.APPLIED)
    # when its delete page, and the list's bulk delete, are asked for
    page = staff_client.get(reverse("admin:catalog_importrun_delete", args=[run.pk]))
    listed = staff_client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    bulk = staff_client.post(
        reverse("admin:catalog_importrun_changelist"), {"action": "delete_selected", "_selected_action": [run.pk]}
    )
    # then the run stays, and no delete is offered
    assert page.status_code == 403 and 'value="delete_selected"' not in listed
    assert bulk.status_code in (200, 302) and ImportRun.objects.filter(pk=run.pk).exists()


def test_an_institutions_campus_time_zones_are_checked_in_the_admin(staff_client):
    # given
    from django.core.management import call_command

    from catalog.models import Institution

    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    demo = Institution.objects.get(code="demo")
    change = reverse("admin:catalog_institution_change", args=[demo.pk])
    data = change_form_data(staff_client.get(change))
    # when
    refused = [
        staff_client.post(change, {**data, "campus_timezones": value}).content.decode()
        for value in ('{"Lorraine": "Europe/Metz"}', "[]", '"Lorraine"', '{" Lorraine": "Europe/Paris"}')
    ]
    saved = staff_client.post(change, {**data, "campus_timezones": '{"Lorraine": "Europe/Paris"}'})
    emptied = staff_client.post(change, {**data, "campus_timezones": ""})
    # then: a bad zone, no object, a name with a space at its end refused; an emptied box is none
    assert "&#x27;Lorraine&#x27;: &#x27;Europe/Metz&#x27; is not an IANA time zone name" in refused[0]
    assert all("Expected an object of campus names to time zones" in page for page in refused[1:3])
    assert "no spaces at either end" in refused[3]
    assert saved.status_code == 302 and emptied.status_code == 302
    assert Institution.objects.get(code="demo").campus_timezones == {}
