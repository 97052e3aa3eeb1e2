"""`{% local_time value %}`: a moment as the reader's own clock gives it."""

from datetime import UTC, datetime

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def local_time(value: datetime | None, kind: str = "datetime") -> str:
    """`value`, an aware datetime, as a `<time>` the browser rewrites in its own time zone
    (web/static/web/localtime.js: `2026-12-07 21:05 EST`, or the date alone with `kind="date"`);
    without script, in UTC, named (a server's UTC date is a day ahead of an American evening's)."""
    if value is None:
        return ""
    utc = value.astimezone(UTC)
    shown = utc.strftime("%Y-%m-%d" if kind == "date" else "%Y-%m-%d %H:%M")
    return format_html('<time datetime="{}" data-local="{}">{} UTC</time>', utc.isoformat(), kind, shown)
