"""Template helpers for the account pages' forms (templates/accounts/form.html)."""

from django import template
from django.forms import BoundField, Form

register = template.Library()


@register.filter
def fields_in_error(form: Form) -> list[BoundField]:
    """The form's visible fields that have an error, in the form's order: the error summary's lines."""
    return [field for field in form.visible_fields() if field.errors]
