"""Admin for the catalog, and the catalog upload page (dry-run report first, then apply)."""

import datetime
import json
import re
from dataclasses import fields as dataclass_fields

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms import BoundField
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from catalog import feeds, reports, services, sources, tasks
from catalog.admin_forms import ComponentKeysForm, CourseKeysForm, InstitutionKeysForm, SectionKeysForm, TermKeysForm
from catalog.models import (
    PARENT_CHAIN,
    SANE_FIRST_DATE,
    SANE_LAST_DATE,
    CatalogFeed,
    CatalogFeedRun,
    Component,
    Course,
    ImportRun,
    Institution,
    Meeting,
    Section,
    Term,
    days_to_mask,
    listed,
    mask_to_days,
)
from catalog.reports import ImportReport, ModelCounts
from catalog.selectors import InstructorsText, schedulable_q, section_warnings, term_warnings, text_contains_q
from catalog.sources.records import CatalogFormatError
from classtime_site.admin_lookups import SecretFieldsAdmin
from scheduler import change_notices, saved_schedules

PASTED_MAPPING = "the pasted column mapping"  # a mapping's name when pasted, not uploaded as a file
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # bit 0 = Monday, as Meeting.days

# An import adds and changes every row of a term's catalog (withdrawing a section is a change:
# sections are never deleted) and deletes the meetings a section no longer lists, so importing
# takes every permission those writes would take in the admin, in this order; and viewing import
# runs, whose list is where importing starts and whose page shows what an apply did.
IMPORT_PERMISSIONS = (
    *(
        get_permission_codename(action, model._meta)
        for model in (Institution, Term, Course, Component, Section, Meeting)
        for action in ("add", "change")
    ),
    get_permission_codename("delete", Meeting._meta),
    get_permission_codename("view", ImportRun._meta),
)


def import_reach(run: ImportRun) -> str:
    """How many students' saved schedules the run's changes reach ("" before it has a report)."""
    if not run.report or run.term_id is None:
        return ""
    changes = [(change["registrar_id"], change["fields"]) for change in run.report.get("changes", [])]
    added = run.report.get("components_added", [])
    return change_notices.import_reach_text(term=run.term, changes=changes, dry_run=run.dry_run, added=added)


def protecting_rows(model, objs) -> list[str]:
    """The rows that keep `objs` from being deleted (a PROTECT foreign key to them), counted by
    kind ("58 sections"), a query per kind."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many):
            continue
        if relation.on_delete is not models.PROTECT:
            continue
        count = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": objs}).count()
        if count:
            opts = relation.related_model._meta
            found.append(f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}")
    return found


class ProtectedCountedAdmin(admin.ModelAdmin):
    """An admin whose delete page, when other rows protect what is to be deleted (an
    institution's terms, a term's courses and sections, a component's sections, the saved
    schedules holding them), refuses by counting them ("58 sections"): Django's own page reads
    and names each one, a query or two per section, thousands for a real term."""

    # what to do instead, said beside the refusal: rows that hold sections are never deleted
    delete_instead = ""

    def get_deleted_objects(self, objs, request):
        protecting = protecting_rows(self.model, objs)
        if protecting:
            if self.delete_instead:
                messages.info(request, self.delete_instead)
            return [], {}, set(), protecting
        return super().get_deleted_objects(objs, request)


class CatalogEditAdmin(ProtectedCountedAdmin):
    """An admin of a term's catalog rows: saving or deleting one bumps the term's catalog
    version, as an import would, so no cached answer or reused generation job shows the old row.
    A row moved to another term bumps both terms: the one it left changed too."""

    # whether the next import of the row's term writes the row back (a term's status, and the
    # name, days and holidays of a term filed from a registrar's own format, it keeps)
    import_writes_back = True

    def term_id(self, obj) -> int:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The form, saying first when the row came from an import, whose next run of its term
        puts the file's values back over an edit made here."""
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None and self.import_writes_back:
            term = Term.objects.select_related("institution").filter(pk=self.term_id(obj)).first()
            if term is not None and term.imported_at is not None:
                messages.warning(
                    request,
                    f"This {self.opts.verbose_name} came from an import: an edit here reaches students at once, "
                    f"but the next import of {term} puts the registrar's file's values back. To keep a change, "
                    "make it in the file too.",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            form.term_id_before = self.term_id(self.model.objects.get(pk=obj.pk))  # as stored, before the save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if form.has_changed() or any(formset.has_changed() for formset in formsets):
            term_ids = {self.term_id(form.instance), getattr(form, "term_id_before", None)} - {None}
            for term_id in sorted(term_ids):
                services.term_catalog_edited(term_id=term_id)

    def delete_model(self, request, obj) -> None:
        term_id = self.term_id(obj)
        super().delete_model(request, obj)
        services.term_catalog_edited(term_id=term_id)

    def delete_queryset(self, request, queryset) -> None:
        term_ids = {self.term_id(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for term_id in term_ids:
            services.term_catalog_edited(term_id=term_id)


class TermListFilter(admin.RelatedFieldListFilter):
    """A filter by term, each named with its institution's code as everywhere (`demo Fall 2026`),
    all read in one query however many terms the years have piled up."""

    def field_choices(self, field, request, model_admin):
        terms = Term.objects.select_related("institution")
        ordering = self.field_admin_ordering(field, request, model_admin)
        return [(term.pk, str(term)) for term in (terms.order_by(*ordering) if ordering else terms)]


@admin.register(Institution)
class InstitutionAdmin(ProtectedCountedAdmin):
    form = InstitutionKeysForm
    delete_instead = (
        "This institution is kept: to take its catalog away from students, set each of its terms' "
        "Status to Hidden (only staff see it) or Archived (readable, no new schedules) on the Terms page."
    )
    list_display = ["code", "name", "timezone"]
    search_fields = ["code", "name"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        institution = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if institution is not None and institution.terms.filter(imported_at__isnull=False).exists():
            messages.warning(
                request,
                f"Terms of {institution.code} came from imports. A canonical file names the institution's name "
                "and time zone, as a uva-csv or gatech-json file does for its own university, so importing one puts "
                "them back over an edit made here; a file filed under this institution with --institution in "
                "another format keeps them. To keep a change, make it in the canonical file too.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.has_changed():  # its terms' catalogs read differently: their versions move
            services.institution_catalog_edited(institution_id=obj.pk)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HOLIDAYS_EXAMPLE = '["2026-11-26", "2026-11-27"]'


class TermForm(TermKeysForm):
    """A term, whose holidays must be dates as the calendar feeds, exports and re-imports read
    them (one that is not would break each of those for the whole term)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "holidays" in self.fields:
            holidays = self.fields["holidays"]
            holidays.help_text = f"{holidays.help_text} Written as a list of dates: {HOLIDAYS_EXAMPLE}."
            # text that is not JSON at all (a date a line) is told the form expected, not "Enter a valid JSON."
            holidays.error_messages["invalid"] = (
                f"Expected a list of dates written YYYY-MM-DD, such as {HOLIDAYS_EXAMPLE}."
            )

    def clean_holidays(self) -> list[str]:
        holidays = self.cleaned_data["holidays"]
        expected = f"a list of dates written YYYY-MM-DD, such as {HOLIDAYS_EXAMPLE}"
        if holidays in (None, ""):
            return []
        if not isinstance(holidays, list):
            raise forms.ValidationError(f"Expected {expected}; found {json.dumps(holidays)}.")
        days = set()
        for holiday in holidays:
            text = holiday.strip() if isinstance(holiday, str) else holiday
            try:
                if not (isinstance(text, str) and ISO_DATE.fullmatch(text)):
                    raise ValueError
                day = datetime.date.fromisoformat(text)
            except ValueError:
                raise forms.ValidationError(f"{json.dumps(holiday)} is not a date: expected {expected}.") from None
            if not SANE_FIRST_DATE <= day <= SANE_LAST_DATE:
                raise forms.ValidationError(
                    f"{text} is not a date a term holds: expected {SANE_FIRST_DATE.year} to {SANE_LAST_DATE.year}."
                )
            days.add(day)
        return [day.isoformat() for day in sorted(days)]


@admin.register(Term)
class TermAdmin(CatalogEditAdmin):
    form = TermForm
    delete_instead = (
        "This term is kept (sections are never deleted, so students' saved schedules stay whole): to "
        "take it away from students, set its Status to Hidden (only staff see it) or Archived (readable, no new "
        "schedules) on its page or with the list's actions."
    )
    list_display = [
        "code",
        "name",
        "institution",
        "first_day",
        "last_day",
        "catalog_version",
        "imported_at",
        "status",
    ]
    list_filter = ["institution", "status"]
    search_fields = ["code", "name", "institution__code"]
    readonly_fields = ["catalog_version", "imported_at"]
    actions = ["publish", "hide", "archive"]

    import_writes_back = False

    def term_id(self, obj: Term) -> int:
        return obj.pk

    def change_view(self, request, object_id, form_url="", extra_context=None):
        term = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if term is not None and term.imported_at is not None:
            messages.warning(
                request,
                f"{term} came from an import. A catalog file in the canonical format names the term's name, days "
                "and holidays, so importing one puts its values back over an edit made here; a file in a "
                "registrar's own format (uva-csv, gatech-json, sections-csv) keeps them. The status stays as set here.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change) -> None:
        """Saved, the term is checked for sections dated outside its days (a warning), and a change
        of its days or holidays says whose saved schedules it reaches (no change email tells them)."""
        super().save_related(request, form, formsets, change)
        for warning in term_warnings(term=form.instance):
            messages.warning(request, warning)
        before = getattr(form, "days_before", {})  # as stored: the form's own changed_data tells JSON apart by its text
        changed = [name for name, value in before.items() if getattr(form.instance, name) != value]
        reach = change_notices.admin_term_reach_text(term=form.instance, changed=changed)
        if reach:
            messages.info(request, reach)
        status_before = getattr(form, "status_before", form.instance.status)
        if form.instance.status != status_before:
            reach = change_notices.admin_status_reach_text(
                was={form.instance.pk: status_before}, status=form.instance.status
            )
            if reach:
                messages.info(request, reach)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            stored = Term.objects.get(pk=obj.pk)
            form.days_before = {name: getattr(stored, name) for name in ("first_day", "last_day", "holidays")}
            form.status_before = stored.status
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        if settings.CLASSTIME_NEW_TERMS_HIDDEN:  # as a term an import creates: staff publish it once checked
            initial.setdefault("status", Term.Status.HIDDEN)
        return initial

    def set_status(self, request: HttpRequest, queryset, status: Term.Status) -> None:
        """Set the terms' status, each change in the term's history (who, when) as an edit of its
        form would be."""
        terms = list(queryset.exclude(status=status).select_related("institution"))
        changed = services.terms_status_set(term_ids=[term.pk for term in terms], status=status)
        field = capfirst(Term._meta.get_field("status").verbose_name)
        for term in terms:
            self.log_change(request, term, [{"changed": {"fields": [field]}}])
        already = queryset.count() - changed  # another admin's change meanwhile counts as already so
        label = f"{status.label[0].lower()}{status.label[1:]}"
        if not changed:  # "0 terms now archived: …, but it takes…" read as nonsense
            word = status.label.split(":")[0].lower()
            which = "it already was" if already == 1 else f"all {already} already were"
            self.message_user(request, f"No term changed: {which} {word}.")
            return
        note = f"; {already} already {'was' if already == 1 else 'were'}" if already else ""
        self.message_user(request, f"{changed} term{'s' if changed != 1 else ''} now {label}{note}.")
        reach = change_notices.admin_status_reach_text(was={term.pk: term.status for term in terms}, status=status)
        if reach:
            self.message_user(request, reach)

    @admin.action(description="Publish: students plan schedules for them", permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        self.set_status(request, queryset, Term.Status.PUBLISHED)

    @admin.action(description="Hide from students (only staff see them)", permissions=["change"])
    def hide(self, request: HttpRequest, queryset) -> None:
        self.set_status(request, queryset, Term.Status.HIDDEN)

    @admin.action(description="Archive: readable, no new schedules", permissions=["change"])
    def archive(self, request: HttpRequest, queryset) -> None:
        self.set_status(request, queryset, Term.Status.ARCHIVED)


class RowField(BoundField):
    """A field of an inline table's row, described by its errors alone: its help text is shown
    once, in its column's header, and Django's own field pointed at a help text no row renders."""

    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        return f"{self.auto_id}_error" if self.auto_id and not self.is_hidden and self.errors else ""


class NamedRows(forms.BaseInlineFormSet):
    """An inline table's rows (`NAMED_ROWS_TEMPLATE`), whose fields sit under column headers, not
    beside labels: each is named with its row, "Section 3 code", "Delete component 2" (the row "Add
    another" copies "New meeting ...": the admin's script numbers ids and names, not these), and
    described by its errors alone (`RowField`). A widget that names its own boxes takes the row's
    name as its `row` (`WeekdayBoxes`)."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        noun = self.model._meta.verbose_name
        row = f"New {noun}" if index is None else f"{capfirst(noun)} {index + 1}"
        form.bound_field_class = RowField
        for name, field in form.fields.items():
            if hasattr(field.widget, "row"):
                field.widget.row = row
            elif name == DELETION_FIELD_NAME:
                field.widget.attrs["aria-label"] = f"Delete {row[0].lower()}{row[1:]}"
            elif not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = f"{row} {(field.label or name).lower()}"


# Django's admin/edit_inline/tabular.html, its first column's header named and no empty Delete column
NAMED_ROWS_TEMPLATE = "admin/catalog/tabular_named_rows.html"


class ProtectedCountedInline(admin.TabularInline):
    """An inline whose row ticked for deletion, when other rows protect it (a component's
    sections), is refused by counting them ("60 sections"), as `ProtectedCountedAdmin`'s delete
    page is: Django's own check names each one, a query or two per section."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class ProtectedCountedForm(formset.form):
            def hand_clean_DELETE(self) -> None:
                if self.cleaned_data.get(DELETION_FIELD_NAME, False) and not self.instance._state.adding:
                    protecting = protecting_rows(self._meta.model, [self.instance])
                    if protecting:
                        raise ValidationError(
                            f"Deleting {self._meta.model._meta.verbose_name} {self.instance} would require deleting "
                            f"the following protected related objects: {listed(protecting)}.",
                            code="deleting_protected",
                        )
                super().hand_clean_DELETE()  # what protects it further down, when nothing does here

        formset.form = ProtectedCountedForm
        return formset


class ComponentInline(ProtectedCountedInline):
    model = Component
    form = ComponentKeysForm
    formset = NamedRows
    template = NAMED_ROWS_TEMPLATE
    extra = 0
    fields = ["kind", "name"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course")  # each row is named by it


@admin.register(Course)
class CourseAdmin(CatalogEditAdmin):
    delete_instead = (
        "This course is kept (sections are never deleted, so students' saved schedules stay whole): to "
        "take it away from students, set its sections' Status to Cancelled, or leave it out of the next import of "
        "its term, which withdraws them."
    )
    form = CourseKeysForm
    list_display = ["code", "title", "term", "credits_min", "credits_max"]
    list_filter = [("term", TermListFilter), "subject"]
    list_select_related = ["term__institution"]
    search_fields = ["subject", "number", "title"]
    inlines = [ComponentInline]

    def term_id(self, obj: Course) -> int:
        return obj.term_id

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "term":  # each choice is named with its institution: read them with it
            kwargs["queryset"] = Term.objects.select_related("institution")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(ordering="subject")
    def code(self, obj: Course) -> str:
        return obj.code


class SectionRows(NamedRows):
    """A component's section rows, named with their row (`NamedRows`). The term is not on a row,
    so Django leaves out the check that a registrar id is unique in the term (the database would
    refuse it, as a server error): it is made here, against the term's other sections and the
    other rows. A row's code is checked against the course's sections not on this page
    (`Section.code_problem`, told the rows here) and against the other rows as posted
    (`codes_clean`), so two codes swapped in one save are taken."""

    def full_clean(self) -> None:
        if self.is_bound:
            on_page = {form.instance.pk for form in self.initial_forms if form.instance.pk is not None}
            for form in self.forms:
                form.instance.codes_checked_elsewhere = on_page
        super().full_clean()

    def clean(self) -> None:
        super().clean()
        on_page: dict[str, str] = {}  # registrar id → the section code of the row given it
        for form in self.forms:
            registrar_id = getattr(form, "cleaned_data", {}).get("registrar_id")
            if registrar_id is None:
                continue
            problem = ""
            if registrar_id in on_page:
                problem = (
                    f"Registrar id {registrar_id} is already given to section {on_page[registrar_id]} on this page."
                )
            elif form.has_changed():
                taken = (
                    Section.objects.filter(term=form.instance.term_id, registrar_id=registrar_id)
                    .exclude(pk=form.instance.pk)
                    .select_related("component__course", "term__institution")
                    .first()
                )
                if taken is not None:
                    problem = f"Registrar id {registrar_id} is already {taken}'s in {taken.term}."
            if problem:
                form.add_error("registrar_id", f"{problem} A registrar id is unique in its term.")
            else:
                on_page[registrar_id] = form.cleaned_data.get("code", "")
        self.codes_clean()

    def codes_clean(self) -> None:
        """Two current rows given one section code (in any case) on this page: each row's own
        check (`Section.code_problem`) compares it with the sections as stored, not with the
        other rows as posted."""
        codes: dict[str, str] = {}  # code in capitals → the registrar id of the row given it
        for form in self.forms:
            code = getattr(form, "cleaned_data", {}).get("code")
            if not code or form.instance.withdrawn_at is not None or "code" in form.errors:
                continue
            if code.upper() in codes:
                form.add_error(
                    "code",
                    f"Section code {code} is already given to section {codes[code.upper()]} on this page. A section's "
                    "code is unique in its course (in any case), since a linked section names its parent by code.",
                )
            else:
                codes[code.upper()] = form.cleaned_data.get("registrar_id", "")


class SectionInline(admin.TabularInline):
    model = Section
    form = SectionKeysForm
    formset = SectionRows
    template = NAMED_ROWS_TEMPLATE
    extra = 0
    fk_name = "component"
    fields = ["registrar_id", "code", "status", "capacity", "enrolled", "campus", "withdrawn_at"]
    readonly_fields = ["withdrawn_at"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a row here has no term to check its registrar id in: Sections → Add has

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("component__course")  # each row is named by them


def held_move_problem(*, held: dict[str, int], what: str, moved: str) -> str:
    """Why a section (or a component's sections) held by saved schedules cannot move to another
    component or course (`moved`: what the schedules would then hold): a saved schedule holds one
    section of each component of its courses. The import is the workflow that moves them (saved
    schedules follow and their owners are told), or a new section and this one cancelled."""
    schedules, students = held["schedules"], held["students"]
    return (
        f"{schedules} saved schedule{'s' if schedules != 1 else ''} of {students} "
        f"student{'s' if students != 1 else ''} hold {what}: {moved}. A section students hold stays in its "
        "component and course: to move it, "
        "change it in the registrar's file and import it (saved schedules follow the move and their owners are "
        "told), or add the section anew where it belongs and set this one's status to Cancelled."
    )


class ComponentForm(ComponentKeysForm):
    """A component, which keeps its course while saved schedules hold one of its sections
    (`held_move_problem`)."""

    def clean(self):
        cleaned = super().clean()
        component = self.instance
        if component.pk is not None and "course" in self.changed_data and cleaned.get("course"):
            section_ids = Section.objects.filter(component=component.pk).values_list("pk", flat=True)
            held = saved_schedules.saved_schedules_holding(section_ids=section_ids)
            if held["schedules"]:
                stored = Component.objects.select_related("course").get(pk=component.pk)
                left = f"{stored.course.code} {stored.name}"
                moved = (
                    "in another course they would hold a section of it without its other components, and none of "
                    f"{left}"
                )
                self.add_error("course", held_move_problem(held=held, what=f"sections of {left}", moved=moved))
        return cleaned


@admin.register(Component)
class ComponentAdmin(CatalogEditAdmin):
    delete_instead = (
        "This component is kept (sections are never deleted, so students' saved schedules stay whole): to "
        "take it away from students, set its sections' Status to Cancelled, or leave them out of the next import of "
        "its term, which withdraws them."
    )
    form = ComponentForm
    list_display = ["__str__", "kind", "name", "term"]
    list_filter = [("course__term", TermListFilter), "kind"]
    list_select_related = ["course__term__institution"]  # the term column is named with its institution
    search_fields = ["course__subject", "course__number", "course__title", "kind"]
    raw_id_fields = ["course"]
    inlines = [SectionInline]

    def term_id(self, obj: Component) -> int:
        return obj.course.term_id

    @admin.display(ordering="course__term", description="term")
    def term(self, obj: Component) -> Term:
        return obj.course.term


def meeting_text(meeting: Meeting) -> str:
    """`MoWe 13:00-13:50`, with the kind and date of an exam or one-off meeting."""
    if meeting.kind == Meeting.Kind.WEEKLY:
        return str(meeting)
    on = f" {meeting.first_date:%Y-%m-%d}" if meeting.first_date else ""
    return f"{meeting} ({meeting.get_kind_display().lower()}{on})"


class WeekdayBoxes(forms.CheckboxSelectMultiple):
    """A meeting's day boxes, each named with its row as well as its day ("Meeting 2 Mon"): in a
    table of meetings, "Mon" alone does not say which meeting's Monday it is. `row` is set by the
    formset (`NamedRows`)."""

    row = ""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.row:
            option["attrs"] = {**option["attrs"], "aria-label": f"{self.row} {label}"}
        return option


class MeetingForm(forms.ModelForm):
    """A meeting with its days as boxes to tick (Mon .. Sun), not the weekday bits it is stored as."""

    days = forms.TypedMultipleChoiceField(
        choices=list(enumerate(DAY_LABELS)),
        coerce=int,
        required=False,
        widget=WeekdayBoxes,
        help_text="None for a meeting with no set time.",
    )

    class Meta:
        model = Meeting
        fields = ["position", "kind", "days", "start_time", "end_time", "first_date", "last_date", "location"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.initial.get("days"), int):
            self.initial["days"] = list(mask_to_days(self.initial["days"]))

    def clean_days(self) -> int:
        return days_to_mask(self.cleaned_data["days"])


class ReadableWhenViewOnly:
    """For staff who may only look: fields stored in a form a person does not read (weekday
    bits, a JSON list) are shown through a display method instead (`shown_as`: field → its
    display, a method of the admin); staff who may change them get the form's own fields."""

    shown_as: dict[str, str] = {}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if self.has_change_permission(request, obj) else [self.shown_as.get(f, f) for f in fields]

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return shown if self.has_change_permission(request, obj) else [*shown, *self.shown_as.values()]


class MeetingRows(NamedRows):
    """A section's meeting rows, named with their row (`NamedRows`), each of which names one of
    this section's meetings or none (a row added): Django's formset takes any meeting's id, and a
    row naming another section's meeting was saved as a new meeting of this one (or, among the
    stored rows, dropped unsaid). Such a row is refused on its row instead."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        own = Meeting.objects.filter(section=self.instance) if self.instance.pk else Meeting.objects.none()
        form.fields[self.model._meta.pk.name].queryset = own

    def clean(self) -> None:
        super().clean()
        pk = self.model._meta.pk.name
        if any(pk in form.errors for form in self.forms):  # a hidden field: its error is not shown on the row
            raise forms.ValidationError(
                "A meeting row names a meeting that is not this section's (the page never sends one): "
                "nothing was saved; open the section's page again."
            )


class MeetingInline(ReadableWhenViewOnly, admin.TabularInline):
    model = Meeting
    form = MeetingForm
    formset = MeetingRows
    extra = 0
    template = NAMED_ROWS_TEMPLATE

    fields = [
        "position",
        "kind",
        "days",
        "start_time",
        "end_time",
        "first_date",
        "last_date",
        "location",
    ]

    shown_as = {"days": "week_days"}  # staff who may only look see the days named, not their bits

    @admin.display(description="days")
    def week_days(self, meeting: Meeting) -> str:
        return ", ".join(DAY_LABELS[day] for day in mask_to_days(meeting.days)) or "-"


class InstructorsField(forms.CharField):
    """A section's instructors as a person reads and types them, one per line, primary first (a
    JSON list, as older forms posted it, is read too)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(name) for name in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        if text.strip().startswith("["):
            try:
                names = json.loads(text)
            except ValueError:
                raise forms.ValidationError("Write one instructor per line.") from None
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                raise forms.ValidationError("Write one instructor per line.")
            return [n.strip() for n in names if n.strip()]
        return [line.strip() for line in text.splitlines() if line.strip()]


class SectionForm(SectionKeysForm):
    """The section's fields (the admin gives the model and fields), instructors one per line.
    A section saved schedules hold keeps its component (`held_move_problem`)."""

    instructors = InstructorsField(required=False, help_text="One per line, primary first.")

    def clean(self):
        cleaned = super().clean()
        section = self.instance
        if section.pk is not None and "component" in self.changed_data and cleaned.get("component"):
            held = saved_schedules.saved_schedules_holding(section_ids=[section.pk])
            if held["schedules"]:
                stored = Section.objects.select_related("component__course").get(pk=section.pk)
                left = f"{stored.component.course.code} {stored.component.name}"
                self.add_error(
                    "component",
                    held_move_problem(
                        held=held,
                        what=f"this section ({left} {stored.code})",
                        moved=f"in another component they would hold two sections of one component, or none of {left}",
                    ),
                )
        return cleaned


class BlankNamedFilter(admin.AllValuesFieldListFilter):
    """A filter by a text field's values that names the blank value ("No campus") where Django's
    own gives it an empty link, which a screen reader reads as no name at all (UVA's and Georgia
    Tech's sections have no campus)."""

    def choices(self, changelist):
        blank = changelist.get_query_string({self.lookup_kwarg: ""}, [self.lookup_kwarg_isnull])
        for choice in super().choices(changelist):
            if choice["query_string"] == blank:  # its display is "", or " (12)" with the facets' counts
                choice = {**choice, "display": f"No {self.field.verbose_name}{choice['display']}"}
            yield choice


class WithdrawnFilter(admin.SimpleListFilter):
    title = "availability"
    parameter_name = "availability"

    def lookups(self, request, model_admin):
        return [
            ("active", "Active (schedulable)"),
            ("cancelled", "Cancelled"),
            ("quarantined", "Quarantined"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(schedulable_q())
        if self.value() == "cancelled":
            return queryset.filter(status=Section.Status.CANCELLED)
        if self.value() == "quarantined":
            return queryset.exclude(quarantine_reason="")
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


@admin.register(Section)
class SectionAdmin(ReadableWhenViewOnly, CatalogEditAdmin):
    list_display = [
        "registrar_id",
        "course_code",
        "kind",
        "code",
        "status",
        "capacity",
        "enrolled",
        "campus",
        "modality",
        "meeting_times",
        "schedulable",
        "withdrawn_at",
    ]
    list_filter = [
        WithdrawnFilter,
        ("term", TermListFilter),
        "component__kind",
        "status",
        ("campus", BlankNamedFilter),
        "modality",
        "component__course__subject",
    ]
    list_select_related = ["component__course", PARENT_CHAIN]  # the schedulable column walks the links up
    search_fields = [
        "registrar_id",
        "component__course__subject",
        "component__course__number",
        "component__course__title",
        "instructors",
    ]
    raw_id_fields = ["component", "parent", "term"]
    readonly_fields = ["withdrawn_at", "created_at", "updated_at"]
    inlines = [MeetingInline]
    form = SectionForm

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET":
            messages.warning(
                request,
                "A section added here that the registrar's file does not list is withdrawn by the next import of "
                "its term, and the students who saved it are told so. To keep it, add it to the file too.",
            )
        return super().add_view(request, form_url, extra_context)

    # staff who may only look see the instructors one per line, not the JSON list they are stored as
    shown_as = {"instructors": "instructor_names"}

    @admin.display(description="instructors")
    def instructor_names(self, section: Section) -> str:
        return format_html_join(mark_safe("<br>"), "{}", ((name,) for name in section.instructors)) or "-"

    def term_id(self, obj: Section) -> int:
        return obj.term_id

    @admin.display(ordering="component__course__subject", description="course")
    def course_code(self, obj: Section) -> str:
        return obj.component.course.code

    @admin.display(ordering="component__kind", description="component")
    def kind(self, obj: Section) -> str:
        return obj.component.kind

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("meetings")

    @admin.display(description="meetings")
    def meeting_times(self, obj: Section) -> str:
        """The section's meetings as a registrar reads them: `MoWe 13:00-13:50; We 19:00-20:30 (exam
        2025-09-24)`."""
        return "; ".join(meeting_text(meeting) for meeting in obj.meetings.all()) or "-"

    @admin.display(boolean=True, description="schedulable")
    def schedulable(self, obj: Section) -> bool:
        """Offered to the scheduler: neither quarantined, withdrawn nor cancelled, nor taken with a section that is."""
        return obj.is_schedulable

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # saved schedules point at sections: withdraw by re-import instead

    def save_related(self, request, form, formsets, change) -> None:
        """Saved with its meetings, the section is checked for what may be meant but is likely
        wrong (docs/operations.md, "What the admin refuses and warns about"): each is a warning.
        A change students are told of says how many saved schedules hold the section."""
        super().save_related(request, form, formsets, change)
        for warning in section_warnings(section=form.instance):
            messages.warning(request, warning)
        changed = set(form.changed_data) | ({"meetings"} if any(f.has_changed() for f in formsets) else set())
        reach = change_notices.admin_reach_text(section=form.instance, changed=changed) if change else ""
        if reach:
            messages.info(request, reach)

    def get_search_results(self, request, queryset, search_term):
        """Also match "CS 2110" typed as one code, and an instructor's name with non-ASCII letters
        (SQLite's JSON text escapes them: `InstructorsText`), among the rows the list's filters keep."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        parts = search_term.split()
        if len(parts) == 2:
            found |= queryset.filter(
                Q(component__course__subject__iexact=parts[0]) & Q(component__course__number__iexact=parts[1])
            )
        if not search_term.isascii():
            rows = queryset.annotate(instructors_text=InstructorsText())
            others = [field for field in self.search_fields if field != "instructors"]
            for word in parts:
                in_another_field = Q(*(Q(**{f"{field}__icontains": word}) for field in others), _connector=Q.OR)
                rows = rows.filter(in_another_field | text_contains_q("instructors_text", word))
            found |= queryset.filter(pk__in=rows.values("pk"))
        return found, may_have_duplicates


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A catalog file: canonical JSON, UVA CSV, gt-scheduler JSON, a spreadsheet of sections (CSV) or "
        "a student-information system's JSON dump of sections."
    )
    format = forms.ChoiceField(
        choices=[(f, f) for f in sources.FORMATS],
        help_text="sections-csv: any student-information system's CSV of sections, one row per meeting "
        "(docs/sources.md lists its columns and the names it knows them by); sections-json: its JSON dump, an "
        "array of section or meeting objects, read as sections-csv reads rows.",
    )
    institution = forms.CharField(
        required=False,
        help_text="Institution code (default: the file's; a sections-csv or sections-json file needs one).",
    )
    term = forms.CharField(required=False, help_text="Term code (default: the file's).")
    columns = forms.FileField(
        required=False,
        label="Column mapping",
        help_text='sections-csv: a JSON file naming the file\'s headers, such as {"number": "Crse Nbr", '
        '"registrar_id": "CRN"}; sections-json: the paths inside a record, such as {"records": "data", '
        '"meetings": "meetingsFaculty", "start": "meetingTime.beginTime", "instructors": "faculty[].displayName"}.',
    )
    columns_text = forms.CharField(
        required=False,
        label="or paste it",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="The same mapping, pasted as JSON (used when no mapping file is chosen).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CLASSTIME_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"{upload.name} is {upload.size:,} bytes; the limit is {limit:,} bytes.")
        return upload

    def clean(self):
        """The column mapping as the import run keeps it (`column_mapping`), for sections-csv and
        sections-json only."""
        cleaned = super().clean()
        upload, text = cleaned.get("columns"), cleaned.get("columns_text", "").strip()
        cleaned["column_mapping"] = {}
        format = cleaned.get("format")
        if not (upload or text):
            if format in services.COLUMN_FORMATS and not cleaned.get("institution"):
                self.add_error("institution", f"A {format} file does not name its institution: give its code.")
            return cleaned
        if format not in services.COLUMN_FORMATS:
            self.add_error("columns", "A column mapping is for the sections-csv and sections-json formats only.")
            return cleaned
        if not cleaned.get("institution"):
            self.add_error("institution", f"A {format} file does not name its institution: give its code.")
        name = upload.name if upload else PASTED_MAPPING
        try:
            data = upload.read() if upload else text.encode("utf-8")
            columns = sources.adapter(format).columns_load(data, name=name)
        except CatalogFormatError as exc:
            self.add_error("columns" if upload else "columns_text", str(exc))
        else:
            cleaned["column_mapping"] = {"name": name, "columns": columns}
        return cleaned


@admin.register(ImportRun)
class ImportRunAdmin(SecretFieldsAdmin, admin.ModelAdmin):
    # the uploaded file is never shown (a registrar's extract may hold columns no import reads)
    secret_fields = ("content",)
    list_display = [
        "created_at",
        "source_name",
        "format",
        "status",
        "institution_code",
        "term_code",
        "requested_by",
        "run_page",
    ]
    list_filter = ["status", "format"]
    list_select_related = ["requested_by"]  # nullable: Django's own select_related() would leave it out
    search_fields = ["source_name", "sha256", "institution_code", "term_code", "requested_by__username"]
    readonly_fields = ["run_page"] + [f.name for f in ImportRun._meta.fields if f.name not in ("content", "report")]
    readonly_fields += ["report_text"]
    exclude = ["content", "report"]

    def has_add_permission(self, request) -> bool:
        return False  # runs are made by the upload page and the command

    def has_change_permission(self, request, obj=None) -> bool:
        # a run is its own record, written by the worker doing it: a save here could write back
        # what the page read over what the worker wrote meanwhile
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # the runs are the catalog's history (who imported what, when, and what it changed), and a
        # dry run's file is let go after 7 days anyway (`release_import_previews`)
        return False

    def get_queryset(self, request):
        runs = super().get_queryset(request).defer("content")  # a pending dry run's file, up to 64 MB
        # the catalog version of each run's term now, in the same query: whether a pending dry run
        # is out of date (`run_page`)
        term_version = Term.objects.filter(
            institution__code=OuterRef("institution_code"), code=OuterRef("term_code")
        ).values("catalog_version")[:1]
        return runs.annotate(
            keeps_file=ExpressionWrapper(Q(content__isnull=False), output_field=BooleanField()),
            term_version_now=Coalesce(Subquery(term_version), 0),
        )

    @admin.display(description="next step")
    def run_page(self, obj: ImportRun) -> str:
        """A link to the run's own page where there is something to do there: a pending dry run
        is applied on it (or run again there, once out of date: `import_run_preview_stale`), a
        queued or running run is followed on it to its report."""
        if obj.status == ImportRun.Status.DRY_RUN and getattr(obj, "keeps_file", False):
            stale = services.import_run_preview_stale(run=obj, current=getattr(obj, "term_version_now", None))
            text = "Run it again" if stale else "Apply it"
        elif not obj.is_finished:
            text = "Follow it"
        else:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("admin:catalog_importrun_preview", args=[obj.pk]), text)

    def missing_import_permissions(self, request: HttpRequest) -> list[str]:
        """The codenames of IMPORT_PERMISSIONS the user lacks (none for a superuser)."""
        return [codename for codename in IMPORT_PERMISSIONS if not request.user.has_perm(f"catalog.{codename}")]

    def has_import_permission(self, request: HttpRequest) -> bool:
        """Whether the user may import a catalog from the upload page: an import writes every
        kind of catalog row, so it takes every permission of IMPORT_PERMISSIONS."""
        return not self.missing_import_permissions(request)

    def import_refused(self, request: HttpRequest) -> TemplateResponse:
        """A 403 in the admin's own page that lists the permissions importing needs and the user lacks."""
        missing = self.missing_import_permissions(request)
        found = {
            p.codename: str(p)
            for p in Permission.objects.filter(content_type__app_label="catalog", codename__in=missing).select_related(
                "content_type"
            )
        }
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a catalog",
            "missing_permissions": [found.get(codename, f"catalog.{codename}") for codename in missing],
            "can_view_runs": self.has_view_permission(request),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/import_refused.html", context, status=403)

    def get_list_display(self, request: HttpRequest):
        shown = super().get_list_display(request)
        return shown if self.has_import_permission(request) else [f for f in shown if f != "run_page"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # a run's own page (applying, following a run) is for staff who may import
        shown = super().get_readonly_fields(request, obj)
        return shown if self.has_import_permission(request) else [f for f in shown if f != "run_page"]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    @admin.display(description="report")
    def report_text(self, obj: ImportRun) -> str:
        """The report in the command's words, its counts a table, with a link to all of it as JSON (a failed run
        has none: its error says why)."""
        if not obj.report:
            return "-"
        return format_html(
            '{}<p>{}</p><p><a href="{}">The whole report as JSON</a></p>',
            report_html(obj.report),
            import_reach(obj),
            reverse("admin:catalog_importrun_report", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="catalog_importrun_upload",
            ),
            path(
                "<int:run_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="catalog_importrun_preview",
            ),
            path(
                "<int:run_id>/report.json",
                self.admin_site.admin_view(self.report_view),
                name="catalog_importrun_report",
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            return self.import_refused(request)
        form = CatalogUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = services.import_run_submit(
                data=upload.read(),
                name=upload.name,
                format=form.cleaned_data["format"],
                institution_code=form.cleaned_data["institution"],
                term_code=form.cleaned_data["term"],
                user=request.user,
                column_mapping=form.cleaned_data["column_mapping"],
            )
            run.refresh_from_db(fields=["status", "error"])  # in-process tasks have done it already
            if run.status == ImportRun.Status.FAILED:
                form.add_error("file", run.error)
            else:  # its page follows it, queued and running, to its report
                return redirect("admin:catalog_importrun_preview", run_id=run.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Import a catalog",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/import_upload.html", context)

    def report_view(self, request: HttpRequest, run_id: int) -> HttpResponse:
        """The run's whole report as JSON, as `import_catalog --json` prints it."""
        run = get_object_or_404(ImportRun, pk=run_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        response = JsonResponse(run.report, json_dumps_params={"indent": 1})
        response["Content-Disposition"] = f'inline; filename="import-run-{run.pk}-report.json"'
        return response

    def preview_view(self, request: HttpRequest, run_id: int) -> HttpResponse:
        """The run's own page: queued or running (its script follows it in place), then its report; a pending
        dry run's page applies it, with the boxes that confirm a mass withdrawal, a mass untiming or a file
        meeting outside the term's days."""
        if not self.has_import_permission(request):
            return self.import_refused(request)
        run = get_object_or_404(ImportRun.objects.defer("content"), pk=run_id)  # the file may be 64 MB
        if services.import_run_is_lost(run):
            # its worker was lost: the beat fails it within a minute, but the page need not wait for
            # it to say so (and the embedded default has no beat)
            services.import_run_lost_fail(run_id=run.pk)
            run = get_object_or_404(ImportRun.objects.defer("content"), pk=run_id)
        warnings = (run.report or {}).get("warnings", [])
        withdrawals = next((w["message"] for w in warnings if w.get("reason") == services.MASS_WITHDRAWAL), "")
        untimed = next((w["message"] for w in warnings if w.get("reason") == services.MASS_UNTIMED), "")
        outside = next((w["message"] for w in warnings if w.get("reason") == services.OUTSIDE_TERM), "")
        if request.method == "POST" and "check_again" in request.POST:
            try:
                again = services.import_run_check_again(run=run, user=request.user)
            except services.CatalogImportError as exc:
                messages.error(request, str(exc))
                return redirect("admin:catalog_importrun_preview", run_id=run.pk)
            return redirect("admin:catalog_importrun_preview", run_id=again.pk)
        if request.method == "POST":
            confirmed = request.POST.get("allow_withdrawals") == "yes"
            untimed_confirmed = request.POST.get("allow_mass_untimed") == "yes"
            outside_confirmed = request.POST.get("allow_outside_term") == "yes"
            # a dry run checked again holds no file: the apply's refusal names the new one instead
            pending = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.DRY_RUN, content__isnull=False)
            stale = services.import_run_preview_stale(run=run) if pending.exists() else ""
            if stale and services.import_run_applied_since(run=run) is None:  # said before any box: none applies it
                messages.error(request, stale)
                return redirect("admin:catalog_importrun_preview", run_id=run.pk)
            unticked = [
                why
                for needed, ticked, why in (
                    (
                        outside,
                        outside_confirmed,
                        "Tick the box to import the file as this term's, its sections on their own dates, or upload "
                        "the right term's file (if the term's days are wrong, widen them in Terms and run the dry run "
                        "again).",
                    ),
                    (
                        withdrawals,
                        confirmed,
                        "Tick the box to withdraw the sections the file leaves out, or upload the "
                        "whole term's file instead.",
                    ),
                    (
                        untimed,
                        untimed_confirmed,
                        "Tick the box to leave those sections without set times, or upload a file whose days and "
                        "times the importer reads (its warnings name the columns not read).",
                    ),
                )
                if needed and not ticked
            ]
            if unticked:  # the preview stays pending: nothing is used up; every box missing is named at once
                messages.error(
                    request,
                    unticked[0]
                    if len(unticked) == 1
                    else f"{len(unticked)} boxes are not ticked, each needed to apply this import: "
                    + " ".join(f"({i}) {why}" for i, why in enumerate(unticked, 1)),
                )
                return redirect("admin:catalog_importrun_preview", run_id=run.pk)
            try:
                applied = services.import_run_apply_submit(
                    run=run,
                    user=request.user,
                    allow_withdrawals=confirmed,
                    allow_mass_untimed=untimed_confirmed,
                    allow_outside_term=outside_confirmed,
                )
            except services.CatalogImportError as exc:
                messages.error(request, str(exc))
                return redirect("admin:catalog_importrun_preview", run_id=run.pk)
            applied.refresh_from_db()  # in-process tasks have applied it already
            return self.applied_redirect(request, applied)
        pending = (
            run.status == ImportRun.Status.DRY_RUN
            and ImportRun.objects.filter(pk=run.pk, content__isnull=False).exists()
        )
        applied_since = services.import_run_applied_since(run=run) if run.status == ImportRun.Status.DRY_RUN else None
        pending = pending and applied_since is None
        stale = services.import_run_preview_stale(run=run) if pending else ""  # said instead of the apply button
        preview_pending = not run.dry_run and services.import_run_preview_pending(run=run)
        context = {
            **self.admin_site.each_context(request),
            "run": run,
            "report": report_html(run.report),
            "mapping_read": mapping_read(run),
            "mapping_parts": mapping_parts((run.column_mapping or {}).get("columns") or {}),
            "reach": import_reach(run),
            "pending": pending,
            "withdrawals": withdrawals,
            "untimed": untimed,
            "outside": outside,
            "boxes": sum(map(bool, (withdrawals, untimed, outside))),
            "stale": stale,
            "applied_since": services.applied_since_said(run=run, applied=applied_since) if applied_since else "",
            "checked_again": (
                services.import_run_checked_again(run=run)
                if run.status == ImportRun.Status.DRY_RUN and not pending and not applied_since
                else None
            ),
            "progress": run_progress(run),
            "outcome": "" if run.dry_run or not run.is_finished else applied_outcome(run),
            "preview_pending": preview_pending,
            "preview_stale": preview_pending and services.import_run_preview_given_back_stale(run=run),
            "title": f"{'Dry run' if run.dry_run else 'Import'} of {run.source_name}",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/import_preview.html", context)

    def applied_redirect(self, request: HttpRequest, applied: ImportRun) -> HttpResponse:
        """Where the apply button leads: the run's page while a worker has it; once it is done, its
        change page with the outcome, or back to the dry run when that is pending again (a
        refused mass withdrawal now asks for the confirmation)."""
        if not applied.is_finished:
            return redirect("admin:catalog_importrun_preview", run_id=applied.pk)
        if applied.status == ImportRun.Status.APPLIED:
            changed = stale_warning(applied)
            (messages.warning if changed else messages.success)(request, applied_outcome(applied))
        elif services.import_run_preview_pending(run=applied):
            if applied.status == ImportRun.Status.REFUSED:  # its reason heads the dry run's report: said once
                messages.error(
                    request,
                    f"Import run {applied.pk} was refused, nothing was written: Check first, at the top of this "
                    "dry run's report, says which guards refused it and why.",
                )
            else:
                messages.error(request, applied.error)
            return redirect("admin:catalog_importrun_preview", run_id=applied.preview_id)
        else:
            messages.error(request, applied_outcome(applied))
        return redirect(reverse("admin:catalog_importrun_change", args=[applied.pk]))


def applied_outcome(run: ImportRun) -> str:
    """What became of a finished apply, in a sentence: its report's first line and `applied`
    (`applied: nothing changed`), or why it failed."""
    if run.status == ImportRun.Status.REFUSED:
        return f"Import refused, nothing was written: {run.error}"
    if run.status != ImportRun.Status.APPLIED:
        return f"Import failed, nothing was written: {run.error}"
    report = ImportReport.from_dict(run.report)
    changed = stale_warning(run)
    return (
        report.render().splitlines()[0]
        + (" — applied." if report.changed_anything else " — applied: nothing changed.")
        + (f" But {changed}" if changed else "")
    )


def stale_warning(run: ImportRun) -> str:
    """The applied run's warning that the catalog changed since its dry run, or ""."""
    warnings = (run.report or {}).get("warnings", [])
    return next((w["message"] for w in warnings if w.get("reason") == reports.STALE_PREVIEW), "")


def run_progress(run: ImportRun) -> str:
    """Where an unfinished run is (queued, running since when), or "" once it is finished."""
    if run.is_finished:
        return ""
    what = "dry run" if run.dry_run else "import"
    if run.status == ImportRun.Status.QUEUED:
        return f"Queued: the {what} waits for a worker (since {run.created_at:%H:%M:%S} UTC)."
    seconds = (timezone.now() - run.started_at).total_seconds() if run.started_at else 0
    return f"Running: the {what} started at {run.started_at:%H:%M:%S} UTC ({seconds:.0f} s ago)."


def mapping_parts(columns: dict) -> list[str]:
    """A column mapping's entries as its page says them: "Crse Nbr as number", "M, T, W, R, F as days
    (one column a weekday, Monday first)", "MON_FLAG as Monday's flag", "Class Stat as status, Z as
    cancelled" (a list or object value was shown as Python's text of it)."""
    parts = []
    for canonical, header in columns.items():
        if isinstance(header, list):
            parts.append(f"{', '.join(map(str, header))} as {canonical} (one column a weekday, Monday first)")
        elif isinstance(header, dict) and canonical == "days":
            parts.extend(f"{column} as the {day} column" for day, column in header.items())
        elif isinstance(header, dict):
            values = ", ".join(f"{given} as {meant}" for given, meant in (header.get("values") or {}).items())
            named = f"{header['column']} as {canonical}" if header.get("column") else canonical
            parts.append(f"{named}, {values}" if values else named)
        else:
            parts.append(f"{header} as {canonical}")
    return parts


def mapping_read(run: ImportRun) -> str:
    """What the run's file was read through, for its page: "the pasted column mapping" or "the
    column mapping banner.json" (a file's name, or the command's --columns path)."""
    name = (run.column_mapping or {}).get("name") or ""
    return name if name == PASTED_MAPPING else f"the column mapping {name}"


# a text report's line indented under another: by 2 (`  ! ...`, `  field: ...`, `     3 × reason`, each line
# of a summary), or by 4 (`    [40001] ...`, `    ... and 5 more`, the examples after it)
SUMMARY_LINE = re.compile(r"  (\S| *[\d,]+ × )")


def listed_html(items: list[str]) -> str:
    """`<ul>` of the items, or "" for none."""
    return format_html("<ul>\n{}\n</ul>", format_html_join("\n", "<li>{}</li>", ((i,) for i in items))) if items else ""


def report_html(data: dict) -> str:
    """A stored report for the admin's pages, in the words of the text report (`ImportReport.render`),
    the JSON report a link away. Its counts are a table with column and row headers, its heading
    the table's caption, so a screen reader says each count with its model and column, and a
    narrow window does not scramble its columns (a text table in <pre> did both); each of the
    other lines is a paragraph, the lines indented under one a list."""
    if not data:
        return ""
    report = ImportReport.from_dict(data)
    lines = report.render(more="the JSON report lists them all").splitlines()
    heading, after = lines[0], lines[2 + len(report.counts) :]  # the text's heading and counts: the table
    columns = [f.name for f in dataclass_fields(ModelCounts)]
    table = format_html(
        # in a narrow window the table scrolls in its box (the keyboard's too), its columns whole
        '<div class="import-counts" role="region" aria-labelledby="import-counts-caption" tabindex="0">'
        '<table id="import-counts"><caption id="import-counts-caption">{}</caption>'
        '<thead><tr><th scope="col">model</th>{}</tr></thead><tbody>{}</tbody></table></div>',
        heading,
        format_html_join("", '<th scope="col">{}</th>', ((column,) for column in columns)),
        format_html_join(
            "",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (name, format_html_join("", '<td class="count">{}</td>', ((getattr(counts, c),) for c in columns)))
                for name, counts in report.counts.items()
            ),
        ),
    )
    blocks: list[tuple[str, list[str], list[str]]] = []  # a line, its summary lines, its examples
    for line in after:
        if not line.startswith(" ") or not blocks:
            blocks.append((line.strip(), [], []))
        else:
            blocks[-1][1 if SUMMARY_LINE.match(line) else 2].append(line.strip())
    rest = format_html_join(
        "\n",
        "<p>{}</p>\n{}\n{}",
        ((line, listed_html(summary), listed_html(examples)) for line, summary, examples in blocks),
    )
    return format_html('<div id="import-report">{}\n{}</div>', table, rest)


class CatalogFeedForm(forms.ModelForm):
    format = forms.ChoiceField(
        choices=[(f, f) for f in sources.FORMATS], help_text="The file's format, as the import command's --format."
    )

    class Meta:
        model = CatalogFeed
        fields = [
            "term_code",
            "institution_code",
            "url",
            "format",
            "columns",
            "every_minutes",
            "enabled",
            *feeds.GUARD_FIELDS,
        ]
        widgets = {"url": forms.TextInput(attrs={"size": 80}), "columns": forms.Textarea(attrs={"rows": 3, "cols": 60})}


class FailingFeedFilter(admin.SimpleListFilter):
    title = "failing"
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", "Failed or refused last time"), ("no", "Fine last time")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(failures__gt=0)
        if self.value() == "no":
            return queryset.filter(failures=0)
        return queryset


class CatalogFeedRunInline(admin.TabularInline):
    model = CatalogFeedRun
    template = "admin/catalog/tabular_named_rows.html"  # no empty header cells
    verbose_name_plural = f"latest runs (the last {feeds.FEED_RUNS_KEPT} are kept)"
    fields = ["started_at", "finished_at", "forced", "outcome", "message", "http_status", "size", "import_run_link"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="import run")
    def import_run_link(self, obj: CatalogFeedRun) -> str:
        if obj.import_run_id is None:
            return "-"
        url = reverse("admin:catalog_importrun_change", args=[obj.import_run_id])
        return format_html('<a href="{}">{}</a>', url, obj.import_run_id)


@admin.register(CatalogFeed)
class CatalogFeedAdmin(admin.ModelAdmin):
    """Feeds import on their own, so setting one up or running it takes what importing takes."""

    form = CatalogFeedForm
    list_display = [
        "term_code",
        "institution_code",
        "url",
        "every_minutes",
        "enabled",
        "last_run_at",
        "outcome",
        "failures",
        "next_run_at",
    ]
    list_filter = ["enabled", "last_outcome", FailingFeedFilter]
    search_fields = ["term_code", "institution_code", "url"]
    readonly_fields = ["last_run_at", "next_run_at", "last_outcome", "last_message", "failures"]
    inlines = [CatalogFeedRunInline]
    actions = ["run_now", "run_now_whole"]
    fieldsets = [
        (None, {"fields": ["term_code", "institution_code", "url", "format", "columns", "every_minutes", "enabled"]}),
        ("Guards the registrar granted (the import's --allow-… options)", {"fields": list(feeds.GUARD_FIELDS)}),
        ("Last run", {"fields": readonly_fields}),
    ]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return not [codename for codename in IMPORT_PERMISSIONS if not request.user.has_perm(f"catalog.{codename}")]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and self.has_import_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self.has_import_permission(request)

    @admin.display(ordering="last_outcome", description="last outcome")
    def outcome(self, obj: CatalogFeed) -> str:
        if not obj.last_outcome:
            return "not run yet"
        said = obj.get_last_outcome_display()
        if obj.failures > 1:
            return f"{said} ({obj.failures} in a row)"
        return said

    def save_model(self, request, obj, form, change) -> None:
        if change:
            feeds.catalog_feed_settings_save(feed=obj, changed=set(form.changed_data))
        else:
            super().save_model(request, obj, form, change)

    def feeds_send(self, request: HttpRequest, queryset, *, force: bool) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        # the feed is committed: nothing to wait for
        sent = {feed_id: tasks.feed_run.delay(feed_id, force, False) for feed_id in ids}
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            self.message_user(
                request, f"Sent {len(ids)} feed(s) to the workers; each one's outcome shows here when done."
            )
            return
        for feed in CatalogFeed.objects.filter(pk__in=ids):
            if sent[feed.pk].result is None:  # not run: its last outcome is another run's
                self.message_user(request, f"{feed}: skipped: another run holds it", messages.WARNING)
                continue
            level = messages.WARNING if feed.failures else messages.SUCCESS
            self.message_user(request, f"{feed}: {feed.get_last_outcome_display()}: {feed.last_message}", level)

    @admin.action(description="Run now", permissions=["import"])
    def run_now(self, request: HttpRequest, queryset) -> None:
        self.feeds_send(request, queryset, force=False)

    @admin.action(description="Run now, importing the file even if unchanged", permissions=["import"])
    def run_now_whole(self, request: HttpRequest, queryset) -> None:
        self.feeds_send(request, queryset, force=True)
