"""The admin's forms of catalog rows that imports match by their codes (catalog/admin.py)."""

from __future__ import annotations

from django import forms

from catalog.models import Component, Course, Institution, Section, Term, validate_campus_timezones


class ImportKeysForm(forms.ModelForm):
    """A catalog row's form that refuses, on a row of an imported term, a change to the codes
    the next import finds the row by (an institution's code; a term's institution and code; a
    course's subject and number; a component's kind; a section's registrar id). The import
    would not find the row: it would add another beside it, and students' saved schedules would
    stay on this one (a term or institution: the whole catalog), or be told their section was
    withdrawn (a registrar id), or leave an empty course behind (a course or component). Moving
    a row to another term, course or component is not a change of code: the model's own checks
    keep the catalog whole then (catalog/models.py). Rows of terms made by hand keep every field
    editable."""

    import_keys: tuple[str, ...] = ()  # the admin gives each subclass its model and fields

    def imported_term(self, stored) -> Term | None:
        """An imported term the row as stored belongs to, or None."""
        raise NotImplementedError

    def clean(self) -> dict:
        cleaned = super().clean()
        changed = [name for name in self.import_keys if name in self.fields and name in self.changed_data]
        if self.instance.pk is None or not changed:
            return cleaned
        stored = type(self.instance)._default_manager.get(pk=self.instance.pk)
        term = self.imported_term(stored)
        if term is None:
            return cleaned
        noun = self.instance._meta.verbose_name
        for name in changed:
            label = self.fields[name].label or name
            self.add_error(
                name,
                f"{label} cannot change: {term} came from an import, which finds this {noun} by it. The next "
                f"import would add another {noun} beside this one and leave students' saved schedules on "
                f"this one. Change it in the registrar's file and import that.",
            )
        return cleaned


def imported(terms) -> Term | None:
    """The first of `terms` (a queryset) filled by an import, or None."""
    return terms.filter(imported_at__isnull=False).select_related("institution").order_by("pk").first()


class InstitutionKeysForm(ImportKeysForm):
    import_keys = ("code",)

    def clean_campus_timezones(self) -> dict:
        """An emptied box is no campus with a clock of its own ({}; the column takes no null), and a
        value that is no object is refused here: an empty list or text skips the model's check."""
        value = self.cleaned_data.get("campus_timezones")
        if value is None or value == "":
            return {}
        validate_campus_timezones(value)
        return value

    def imported_term(self, stored: Institution) -> Term | None:
        return imported(Term.objects.filter(institution=stored))


class TermKeysForm(ImportKeysForm):
    import_keys = ("institution", "code")

    def imported_term(self, stored: Term) -> Term | None:
        return imported(Term.objects.filter(pk=stored.pk))


class CourseKeysForm(ImportKeysForm):
    import_keys = ("subject", "number")

    def imported_term(self, stored: Course) -> Term | None:
        return imported(Term.objects.filter(pk=stored.term_id))


class ComponentKeysForm(ImportKeysForm):
    import_keys = ("kind",)

    def imported_term(self, stored: Component) -> Term | None:
        return imported(Term.objects.filter(courses__components=stored.pk))


class SectionKeysForm(ImportKeysForm):
    import_keys = ("registrar_id",)

    def imported_term(self, stored: Section) -> Term | None:
        return imported(Term.objects.filter(pk=stored.term_id))
