"""Query parameters of the course search, validated strictly: a malformed value is a 400 that
names the parameter, never silently ignored. The semantics live in `selectors.course_search`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog import selectors
from catalog.models import Section
from catalog.sources.records import WEEKDAYS

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
HHMM_END = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
MAX_ITEMS = 20


class TextListField(forms.Field):
    """A repeated parameter (`?subject=CS&subject=MATH`) of non-empty strings; with `allow_blank`,
    a blank one is `""` (`?campus=`: the sections whose campus the catalog does not give)."""

    widget = forms.SelectMultiple

    def __init__(self, *, max_length: int, allow_blank: bool = False, **kwargs):
        self.max_length = max_length
        self.allow_blank = allow_blank
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [str(v) if str(v).strip() or not self.allow_blank else "" for v in value]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_ITEMS:
            raise ValidationError(f"At most {MAX_ITEMS} values.")
        least = 0 if self.allow_blank else 1
        for item in value:
            if (not item.strip() and not self.allow_blank) or len(item) > self.max_length or "\x00" in item:
                raise ValidationError(f"{item!r}: expected {least} to {self.max_length} characters.")


FLAGS = {"true": True, "false": False}


def flag_parse(raw: str) -> bool:
    """A boolean query parameter's value: `true` or `false`, exactly (the schema's JSON booleans;
    `yes`, `1` or `True` would be a second spelling no client could tell from a mistake). The one
    reading of every boolean query parameter, in a filter set or not, so each refuses with the
    same words."""
    if raw not in FLAGS:
        said = f"Expected true or false (in lower case), not {raw!r}; leave the parameter out for false."
        raise ValidationError(said)
    return FLAGS[raw]


class FlagField(forms.Field):
    """A boolean query parameter (`flag_parse`); None when left out, and a blank value refused as
    any other that is not `true` or `false`."""

    def to_python(self, value) -> bool | None:
        return None if value is None else flag_parse(value)


class TimeField(forms.RegexField):
    """HH:MM, 24-hour, exactly."""

    def __init__(self, **kwargs):
        super().__init__(regex=HHMM, error_messages={"invalid": "Expected a 24-hour time HH:MM."}, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))


class EndTimeField(TimeField):
    """HH:MM, or `24:00`: midnight at the end of the day, as busy times and catalogs take it (kept
    as 23:59, as the catalog keeps a class ending at midnight)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.regex = HHMM_END
        self.error_messages["invalid"] = "Expected a 24-hour time HH:MM (24:00 for midnight at the day's end)."

    def clean(self, value):
        return time(23, 59) if value == "24:00" else super().clean(value)


@extend_schema_field({"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": MAX_ITEMS})
class TextListFilter(django_filters.Filter):
    field_class = TextListField


@extend_schema_field({"type": "array", "items": {"type": "string"}, "maxItems": MAX_ITEMS})
class CampusFilter(django_filters.Filter):
    """`?campus=NAME`, repeatable: a campus as a term's `campuses` names it, `""` (`?campus=`)
    included: the sections whose campus the catalog does not give."""

    field_class = TextListField

    def __init__(self, **kwargs):
        super().__init__(max_length=100, allow_blank=True, **kwargs)


LEVEL_WORDS = "a course level: 0, 1000, 2000 … 9000 (the thousands of a four-digit course number)"


class LevelListField(TextListField):
    """`?level=2000`, repeatable: the thousands of a course number (`selectors.level_q`)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=5, **kwargs)

    def clean(self, value) -> list[int]:
        items = super().clean(value)
        written = {str(level) for level in selectors.COURSE_LEVELS}  # as written: `02000` and `00` are no level
        for item in items:
            if item not in written:
                raise ValidationError(f"{item!r}: expected {LEVEL_WORDS}, e.g. level=2000.")
        return [int(item) for item in items]

    def validate(self, value: list[str]) -> None:
        if len(value) > MAX_ITEMS:
            raise ValidationError(f"At most {MAX_ITEMS} values.")
        for item in value:
            if not item.strip() or len(item) > self.max_length or "\x00" in item:
                raise ValidationError(f"{item[:20]!r}: expected {LEVEL_WORDS}, e.g. level=2000.")


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "integer", "enum": list(selectors.COURSE_LEVELS)},
        "maxItems": MAX_ITEMS,
    }
)
class LevelFilter(django_filters.Filter):
    field_class = LevelListField


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    field_class = FlagField


@extend_schema_field({"type": "string", "pattern": HHMM, "example": "09:00"})
class StrictTimeFilter(django_filters.Filter):
    field_class = TimeField


@extend_schema_field({"type": "string", "pattern": HHMM_END, "example": "17:00"})
class StrictEndTimeFilter(django_filters.Filter):
    field_class = EndTimeField


class CreditFilter(django_filters.NumberFilter):
    """A number of credits from 0 to 999; django-filter's own cap of 1e50 is left off, since the
    field's 999 already refuses what it would (`1e400` got both messages)."""

    def get_max_validator(self):
        return None


def credit_filter(label: str) -> CreditFilter:
    return CreditFilter(label=label, min_value=0, max_value=999)


NOT_BLANK = (
    "q",
    "instructor",
    "credits",
    "min_credits",
    "max_credits",
    "starts_after",
    "ends_before",
    "ordering",
)


# (low, high, whether the two agree): each range of the course search, checked when both are given
RANGES = (
    ("min_credits", "max_credits", lambda low, high: low <= high),
    ("starts_after", "ends_before", lambda low, high: low < high),
)
RANGE_WORDS = {
    "min_credits": "give min_credits at most max_credits.",
    "starts_after": "give starts_after before ends_before (no meeting starts at or after the one and ends at or "
    "before the other).",
}


def few_words(query: str, *, term) -> str:
    """Why a query names too many words, or "": each word of a query is a match over the term's
    courses and sections, and a hundred of them cost seconds, so a query names at most
    MAX_QUERY_WORDS different words. A list of course codes is a match of each code (its length
    bounds it), not of its words; which query is one depends on the term's subjects."""
    if len(selectors.search_words(query)) <= selectors.MAX_QUERY_WORDS:
        return ""
    if selectors.term_code_list(query, term=term):
        return ""
    words = selectors.search_words(query)  # the words matched: "the", "of"... are not
    if len(words) > selectors.MAX_QUERY_WORDS:
        return f"Give at most {selectors.MAX_QUERY_WORDS} different words; this has {len(words)}."
    return ""


class CourseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(max_length=200, label="Search words")
    instructor = django_filters.CharFilter(max_length=200, label="Part of an instructor's name")
    subject = TextListFilter(max_length=20)
    component = TextListFilter(max_length=12)
    level = LevelFilter()
    credits = credit_filter("Credits the course can be taken for")
    min_credits = credit_filter("At least this many credits")
    max_credits = credit_filter("At most this many credits")
    open_seats = StrictBooleanFilter()
    campus = CampusFilter()
    modality = django_filters.MultipleChoiceFilter(choices=Section.Modality.choices)
    days = django_filters.MultipleChoiceFilter(choices=[(d, d) for d in WEEKDAYS])
    starts_after = StrictTimeFilter()
    ends_before = StrictEndTimeFilter()
    include_withdrawn = StrictBooleanFilter()
    ordering = django_filters.ChoiceFilter(choices=[(o, o) for o in selectors.COURSE_ORDERINGS], empty_label=None)

    def is_valid(self) -> bool:
        """As django-filter's, but a parameter given with no value (`?credits=`, `?q=%20`) is an
        error, instead of being read as absent."""
        valid = super().is_valid()
        for name in NOT_BLANK:
            if name in self.data and not self.data.get(name).strip():
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        if self.term is not None and (too_many := few_words(self.form.cleaned_data.get("q") or "", term=self.term)):
            self.form.add_error("q", too_many)
            valid = False
        return self.ranges_hold() and valid

    def ranges_hold(self) -> bool:
        """Whether each range's bounds, when both are given and valid, agree; otherwise a 400 on both
        bounds, naming both: `min_credits=4&max_credits=1` (bounds swapped, or one mistyped) is a
        mistake to say, not a search to answer. A time window must hold a meeting: `starts_after`
        before `ends_before`."""
        data, holds = self.form.cleaned_data, True
        for low, high, inside in RANGES:
            if data.get(low) is None or data.get(high) is None or inside(data[low], data[high]):
                continue
            said = f"{low}={self.data[low]} and {high}={self.data[high]} contradict each other: {RANGE_WORDS[low]}"
            self.form.add_error(low, said)
            self.form.add_error(high, said)
            holds = False
        return holds

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, term=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.term = term

    def filter_queryset(self, queryset):
        return selectors.course_search(term=self.term, filters=self.course_filters())

    def course_filters(self) -> selectors.CourseFilters:
        data = self.form.cleaned_data
        return selectors.CourseFilters(
            query=(data.get("q") or "").strip(),
            instructor=(data.get("instructor") or "").strip(),
            subjects=tuple(data.get("subject") or ()),
            components=tuple(data.get("component") or ()),
            levels=tuple(data.get("level") or ()),
            credits=data.get("credits"),
            min_credits=data.get("min_credits"),
            max_credits=data.get("max_credits"),
            open_seats=bool(data.get("open_seats")),
            campuses=tuple(data.get("campus") or ()),
            modalities=tuple(data.get("modality") or ()),
            days=tuple(WEEKDAYS.index(d) for d in data["days"]) if data.get("days") else None,
            starts_after=data.get("starts_after"),
            ends_before=data.get("ends_before"),
            include_withdrawn=bool(data.get("include_withdrawn")),
            ordering=data.get("ordering") or "code",
        )


def query_flag(params, name: str) -> bool:
    """A boolean query parameter outside a filter set, read as a filter set reads one (absent: false)."""
    raw = params.get(name)
    if raw is None:
        return False
    try:
        return flag_parse(raw)
    except ValidationError as exc:
        raise serializers.ValidationError({name: exc.messages}) from None


def query_text(params, name: str, *, max_length: int) -> str:
    raw = params.get(name, "")
    if len(raw) > max_length or "\x00" in raw:
        raise serializers.ValidationError({name: [f"Expected at most {max_length} characters."]})
    return raw


class TermFilterBackend(DjangoFilterBackend):
    """django-filter's backend, handing the view's term to the filter set."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "term": view.term}


def query_institution(params, *, user, known: Iterable[str] = ()) -> str:
    """`?institution=CODE`, checked: "" when left out; a blank code, or one no catalog has, is a
    400 on `institution` (a filter that names nothing is a mistake, not an empty list). `known`
    codes are taken too (a student's own list: an institution whose terms were all hidden since
    they saved a schedule of one, which their unfiltered list shows)."""
    if "institution" not in params:
        return ""
    code = query_text(params, "institution", max_length=40).strip()
    if not code:
        raise serializers.ValidationError({"institution": ["give the institution code, e.g. institution=demo"]})
    if code not in known and (unknown := selectors.institution_unknown(code, user=user)):
        raise serializers.ValidationError({"institution": [unknown]})
    return code
