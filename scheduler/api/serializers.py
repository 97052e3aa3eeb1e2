"""Validation of generation requests: every field checked, errors name the field and why."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from catalog.models import Course, Section, Term
from catalog.selectors import (
    TermNotFound,
    institution_unknown,
    instructor_names,
    schedulable_q,
    section_refusal,
    taken_with_left_out,
    term_campuses,
    term_closed_problem,
    term_get,
)
from catalog.sources.records import WEEKDAY_NAMES, WEEKDAYS
from classtime_site.api import BoundedListField, Flag, StrictSerializer, Text, Whole, body_keys
from scheduler.engine.dates import busy_meetings, shares_weekday
from scheduler.requests import busy_block_build, dates_words
from scheduler.saved_schedules import control_character_said

MAX_COURSES = 12
MAX_ELECTIVE_GROUPS = 5
MAX_GROUP_COURSES = 30  # the engine branches on the picks, so a wide pool costs little
MAX_ELECTIVE_POOL = 40
MAX_BUSY_BLOCKS = 30
MAX_ALLOWED_OVERLAPS = 20
MAX_WEIGHT = 100
# "CS 2110", "CS-2110" or "cs2110": written together, the number starts at the first digit
# (so "MATH" is not read as subject "MAT", number "H")
COURSE_CODE = re.compile(
    r"^\s*([A-Za-z]{1,10})(?:\s*-\s*|\s+)([0-9A-Za-z]{1,10})\s*$|^\s*([A-Za-z]{1,10})(\d[0-9A-Za-z]{0,9})\s*$"
)
HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
END_OF_DAY = "24:00"  # a busy time's end at midnight: minute 1440, the engine's intervals being half-open


def minutes(value: str, *, end_of_day: bool = False) -> int:
    """Minutes after midnight of `HH:MM`; `24:00` (1440) too where `end_of_day` allows an end at
    midnight."""
    if end_of_day and value == END_OF_DAY:
        return 24 * 60
    match = HHMM.match(value)
    if not match:
        also = f", or {END_OF_DAY} for the end of the day" if end_of_day else ""
        raise serializers.ValidationError(f"{value!r} is not a 24-hour time HH:MM (00:00-23:59{also})")
    return int(match[1]) * 60 + int(match[2])


class TimeField(Text):
    """HH:MM, 24-hour; with `end_of_day`, 24:00 too (an end at midnight)."""

    def __init__(self, *, end_of_day: bool = False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        minutes(value, end_of_day=self.end_of_day)
        return value


class DaysField(BoundedListField):
    child = serializers.ChoiceField(choices=WEEKDAYS)

    def __init__(self, **kwargs):
        kwargs.setdefault("min_length", 1)
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)

    unique_items = True  # the schema says so (StrictSerializerScheme)

    def to_internal_value(self, data: Any) -> list[str]:
        days = super().to_internal_value(data)
        twice = sorted({d for d in days if days.count(d) > 1}, key=WEEKDAYS.index)
        if twice:
            raise serializers.ValidationError(f"{', '.join(twice)} listed more than once; list each day once")
        return sorted(days, key=WEEKDAYS.index)


WEIGHT = f"The cost of each unwanted thing, 0 to {MAX_WEIGHT}; 0 (the default) turns it off."


def institution_field() -> Text:
    """The optional institution beside a term code."""
    return Text(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="Institution code (`uva`); needed only when two institutions have a term of that code.",
    )


def weight_field(**kwargs) -> serializers.IntegerField:
    """A weight that defaults to 0 (a friends preference's two weights: either may be left out)."""
    kwargs.setdefault("help_text", WEIGHT)
    return Whole(min_value=0, max_value=MAX_WEIGHT, default=0, **kwargs)


def preference_weight() -> serializers.IntegerField:
    """A preference's own weight: required when the preference is given, so `{"time": "10:00"}`
    is a 400 asking for it, not a preference dropped without a word (0 turns it off)."""
    return Whole(
        min_value=0,
        max_value=MAX_WEIGHT,
        help_text=f"The cost of each unwanted thing, 0 to {MAX_WEIGHT}; 0 turns it off. Required when the preference "
        "is given.",
        error_messages={"required": "give the preference a weight (0 turns it off)"},
    )


class BusyBlockSerializer(StrictSerializer):
    """A time you cannot have class (work, practice): no schedule puts a class in it, or in its
    buffers."""

    days = DaysField(help_text="Weekdays it holds, `Mo`..`Su`; each once, any order.")
    start = TimeField(help_text="Start, `HH:MM` (24-hour).")
    end = TimeField(
        end_of_day=True,
        help_text="End, `HH:MM`, after `start`; `24:00` for midnight at the end of the day. A class may start at "
        "this minute.",
    )
    buffer_before = Whole(
        min_value=0, max_value=240, default=0, help_text="Minutes kept free before `start` (to get there)."
    )
    buffer_after = Whole(
        min_value=0, max_value=240, default=0, help_text="Minutes kept free after `end` (to rest and eat)."
    )
    first_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="First date it holds; null: from the term's start."
    )
    last_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Last date it holds; null: to the term's end."
    )
    label = Text(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="Its name in explanations and repairs (default: its days and times, with its rest before and "
        "after and its dates when set, as `MoWeFr 10:00-11:00 and 150 min after` or `Mo 09:00-11:00 from "
        "2025-10-20`); two busy times of one name get those in brackets, as `work (Mo 09:00-11:00)`. One line: a "
        "line break or other control character is a 400.",
    )

    def validate_label(self, value: str) -> str:
        """One line, as a saved schedule's name: the label is shown in explanations, repairs and the page."""
        if said := control_character_said(value):
            raise serializers.ValidationError(f"a label is one line of text: {said}")
        return value

    def validate(self, data):
        if minutes(data["start"]) >= minutes(data["end"], end_of_day=True):
            midnight = f"; an end at midnight is {END_OF_DAY}" if data["end"] == "00:00" else ""
            raise serializers.ValidationError(
                {"end": [f"end {data['end']} is not after start {data['start']}{midnight}"]}
            )
        if data["first_date"] and data["last_date"] and data["last_date"] < data["first_date"]:
            raise serializers.ValidationError({"last_date": ["is before first_date"]})
        return data


class ElectiveGroupSerializer(StrictSerializer):
    """Pick `pick` of these courses: the engine chooses which, as part of the best schedules."""

    pick = Whole(min_value=1, help_text="How many of `courses` each schedule takes.")
    courses = BoundedListField(
        child=Text(max_length=30),
        min_length=1,
        max_length=MAX_GROUP_COURSES,
        help_text=f"Course codes, as in `courses`; at most {MAX_GROUP_COURSES} a group, "
        f"{MAX_ELECTIVE_POOL} across groups.",
    )
    # pick <= courses is checked by GenerationRequestSerializer.validate_electives, once the codes
    # are normalised: "ARTS 2050" and "arts2050" are one course


MAX_INSTRUCTOR_NAMES = 20


class FiltersSerializer(StrictSerializer):
    """Sections a schedule may use; a filter that leaves a component no section is named in the
    explanation."""

    open_seats_only = Flag(default=False, help_text="Only sections that are open with a seat left.")
    campuses = BoundedListField(
        # "" is the campus of the sections whose campus the catalog does not give, as a term's
        # `campuses` counts them and the engine compares them
        child=Text(max_length=100, allow_blank=True),
        max_length=20,
        default=list,
        help_text="Only sections on these campuses, as the catalog names them in any case (a term's `campuses`; "
        '`""`: the sections whose campus the catalog does not give); empty: any.',
    )
    modalities = BoundedListField(
        child=serializers.ChoiceField(choices=Section.Modality.values),
        max_length=3,
        default=list,
        help_text="Only sections taught so; empty: any.",
    )
    excluded_instructors = BoundedListField(
        child=Text(max_length=200),
        max_length=MAX_INSTRUCTOR_NAMES,
        default=list,
        help_text="Never these instructors: no schedule uses a section one of them teaches (alone or with "
        "others; a section listing no instructor is kept). Names are read as `preferences.instructors.prefer`'s "
        '("Hopper", "hopper, g" for Grace Hopper; the job\'s `request` shows the names read, and a name no '
        "section of the courses matches stays as written, leaving nothing out); a name also preferred is "
        "refused. Unlike `preferences.instructors.avoid` (a cost), a must: when it leaves nothing, the "
        "explanation names it and a repair drops it.",
    )


class WeightOnly(StrictSerializer):
    weight = preference_weight()


class TimePreference(StrictSerializer):
    weight = preference_weight()
    time = TimeField(help_text="The time, `HH:MM`.")


class FreeDaysPreference(StrictSerializer):
    weight = preference_weight()
    days = DaysField(help_text="The weekdays to keep free, `Mo`..`Su`.")


class MarathonPreference(StrictSerializer):
    weight = preference_weight()
    minutes = Whole(
        min_value=30, max_value=720, default=180, help_text="The most minutes of class in a row without a cost."
    )
    break_minutes = Whole(
        min_value=5,
        max_value=240,
        default=30,
        help_text="A break at least this long ends a run of classes; a shorter one (a 10- or 15-minute passing "
        "period) does not.",
    )


class LunchPreference(StrictSerializer):
    weight = preference_weight()
    start = TimeField(default="11:30", help_text="The lunch window's start, `HH:MM`.")
    end = TimeField(default="13:30", help_text="The lunch window's end, `HH:MM`, after `start`.")
    minutes = Whole(
        min_value=10, max_value=240, default=30, help_text="Free minutes in a row wanted inside the window."
    )

    def validate(self, data):
        if minutes(data["start"]) >= minutes(data["end"]):  # as a busy block's
            raise serializers.ValidationError({"end": [f"end {data['end']} is not after start {data['start']}"]})
        if minutes(data["end"]) - minutes(data["start"]) < data["minutes"]:
            raise serializers.ValidationError(
                {"minutes": [f"{data['minutes']} minutes do not fit between {data['start']} and {data['end']}"]}
            )
        return data


class InstructorPreference(StrictSerializer):
    weight = preference_weight()
    prefer = BoundedListField(
        child=Text(max_length=200),
        max_length=MAX_INSTRUCTOR_NAMES,
        default=list,
        help_text="Instructors' names, as the catalog writes them or by their words in any order and case "
        '("Hopper", "hopper, g" for Grace Hopper; the job\'s `request` shows the names read): the weight is paid '
        "per component where one of them teaches some section but the one taken is not theirs.",
    )
    avoid = BoundedListField(
        child=Text(max_length=200),
        max_length=MAX_INSTRUCTOR_NAMES,
        default=list,
        help_text="Instructors' names, read as `prefer`'s: the weight is paid per section taken that one of them "
        "teaches.",
    )

    def validate(self, data):
        """Names to prefer or avoid, none both: a weight with no name, or one name both preferred and
        avoided, would be answered as if the preference were not given."""
        if data.get("weight") and not data["prefer"] and not data["avoid"]:
            raise serializers.ValidationError({"prefer": ["name an instructor to prefer or avoid (or give weight 0)"]})
        if both := sorted(set(data["prefer"]) & set(data["avoid"])):
            raise serializers.ValidationError({"avoid": [both_preferred_and_avoided(both)]})
        return data


def both_preferred_and_avoided(names: list[str]) -> str:
    # "; " parts the names: a registrar may write one "Last, First"
    return f"{'; '.join(names)} is also preferred: prefer or avoid"


def name_words(name: str) -> list[str]:
    """A person's name as lower-case words, punctuation and accents dropped: "López, Ana" ->
    ["lopez", "ana"]."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", plain.casefold())


def names_matching(typed: str, names: Iterable[str]) -> list[str]:
    """The catalog's names `typed` stands for: itself when the catalog writes it so and it has
    several words (a full name is that person); else every name holding each of its words, in
    any order and case, a one-letter word as an initial ("Hopper", "hopper grace", "Hopper, G"
    -> "Grace Hopper"; "Smith" -> "Smith" as a section lists a surname alone, first, then "Ann
    Smith" and "Bo Smith"); none when no name does."""
    names = set(names)
    words = name_words(typed)
    if typed in names and len(words) > 1:
        return [typed]
    if not any(len(word) > 1 for word in words):
        return [typed] if typed in names else []  # initials alone name nobody but themselves

    def holds(name: str) -> bool:
        left = name_words(name)
        for word in sorted(words, key=len, reverse=True):  # whole words first, initials last
            found = next((w for w in left if w == word or len(word) == 1 and w.startswith(word)), None)
            if found is None:
                return False
            left.remove(found)
        return True

    return ([typed] if typed in names else []) + sorted(name for name in names if name != typed and holds(name))


def instructor_names_read(typed: list[str], names: Iterable[str]) -> list[str]:
    """Each name typed as the catalog writes it among `names` (`names_matching`: "Hopper" ->
    "Grace Hopper", both of two Smiths), so the engine, which compares names exactly, honours what
    the student meant. A name no section matches stays as written: the planner says nobody of
    that name teaches the courses."""
    # every name read, however many one surname stands for (the engine takes any number)
    return list(dict.fromkeys(n for t in typed for n in (names_matching(t, names) or [t])))


def instructors_resolve(names: set[str], preference: dict) -> dict:
    """The instructor preference with each name as the catalog writes it among `names`, the
    requested courses' instructors (`instructor_names_read`)."""
    read = instructor_names_read
    return {**preference, "prefer": read(preference["prefer"], names), "avoid": read(preference["avoid"], names)}


def never_with_resolve(names: set[str], never: list[str], preference: dict | None) -> list[str]:
    """The filter's instructors as the catalog writes them among `names`, the requested courses'
    instructors (as the preference's names are read), sorted; a name that is also preferred (read
    the same way, whatever the preference's weight) is refused, since the preference could never
    be met."""
    read = sorted(instructor_names_read(never, names))
    preferred = instructor_names_read((preference or {}).get("prefer") or [], names)
    if both := sorted(set(read) & set(preferred)):
        said = f"{'; '.join(both)} is also preferred: prefer or never take, not both"
        raise serializers.ValidationError({"filters": {"excluded_instructors": [said]}})
    return read


def campuses_as_named(term: Term, asked: list[str]) -> list[str]:
    """The campuses of a filter as the term's catalog writes them, since the engine compares
    names exactly: `main` is its `Main`, and every spelling it has of that name (`Main` and
    `MAIN`), as the course search's `campus` reads it. A campus it has in no case stays as
    written, and the explanation names the filter that leaves nothing."""
    if not asked:
        return []
    names = [c["name"] for c in term_campuses(terms=[term])[term.pk]]
    read = [[n for n in names if n.casefold() == a.casefold()] or [a] for a in asked]
    return sorted({n for found in read for n in found})


class FriendsPreference(StrictSerializer):
    """Friends' saved schedules: your own, or ones a friend shares, of the same term."""

    schedules = BoundedListField(
        child=Whole(min_value=1),
        min_length=1,
        max_length=10,
        help_text="Saved schedule ids (GET /api/v1/friends/schedules/?term=... lists your friends' shared ones).",
    )
    shared_weight = weight_field(help_text="Per component where friends have sections and you take none of them.")
    free_weight = weight_field(
        help_text="Per 30 minutes of a section's classes while a friend is free (Mon-Fri 8:00-18:00), "
        "each friend and section on its own."
    )

    def to_internal_value(self, data: Any) -> dict:
        """Either weight may be left out (0), not both: the preference would be dropped without a word."""
        if isinstance(data, Mapping) and not {"shared_weight", "free_weight"} & body_keys(data):
            said = "give shared_weight or free_weight (or both; 0 turns one off)"
            raise serializers.ValidationError({"shared_weight": [said]})
        return super().to_internal_value(data)


class PreferencesSerializer(StrictSerializer):
    """Each preference is a weighted cost, given with its weight; weight 0 turns it off."""

    no_classes_before = TimePreference(
        required=False,
        help_text="No classes before `time`: the weight per weekly class starting earlier, each day it meets (a "
        "class on Mo, We and Fr counts three times; two such classes on one morning count twice).",
    )
    no_classes_after = TimePreference(
        required=False,
        help_text="No classes after `time`: the weight per weekly class ending later, each day it meets (a "
        "class on Mo, We and Fr counts three times; two such classes on one evening count twice).",
    )
    free_days = FreeDaysPreference(
        required=False, help_text="Weekdays kept free (Friday for a ski trip): the weight per such day with a class."
    )
    fewer_days = WeightOnly(
        required=False,
        help_text="Fewer days with classes: the weight per weekday with a weekly class (an online class too: it "
        "keeps its time).",
    )
    compact = WeightOnly(
        required=False,
        help_text="Compact days: the weight per 30 idle minutes of a day between classes and busy times (beyond 10 "
        "minutes' passing time per gap; a busy time's buffers are not idle; a day without classes costs nothing).",
    )
    max_in_a_row = MarathonPreference(
        required=False,
        help_text="No marathons: the weight per 30 minutes beyond `minutes` in runs of classes (and, on a day with "
        "classes, busy times) without a break of `break_minutes` (a busy time's buffers are break time), the minutes "
        "beyond the cap summed over a day's runs.",
    )
    lunch = LunchPreference(
        required=False,
        help_text="A lunch window: the weight per day with classes but no `minutes` free between `start` and `end` "
        "(a busy time takes its time; its buffers are free).",
    )
    instructors = InstructorPreference(
        required=False,
        help_text="Preferred and avoided instructors. With a weight, at least one name in `prefer` or `avoid`, and "
        "none in both (either is a 400: the preference would do nothing).",
    )
    open_seats = WeightOnly(
        required=False, help_text="Open seats: the weight per section taken that is full, closed or wait-listed."
    )
    friends = FriendsPreference(
        required=False, help_text="Share sections and free time with friends, from their saved schedules."
    )


def refused_pins(refused: list[tuple]) -> list[dict[str, Any]]:
    """The pinned sections refused, for a client to offer a way on (`error.refused_pins`): each
    with why, in words, and the other sections of its component a schedule can take (one query)."""
    others: dict[int, list[dict[str, str]]] = {}
    for component, rid, code in (
        Section.objects.filter(schedulable_q(), component_id__in={r[-1] for r in refused})
        .order_by("code", "registrar_id")
        .values_list("component_id", "registrar_id", "code")
    ):
        others.setdefault(component, []).append({"id": rid, "code": code})
    return [
        {
            "id": rid,
            "course": course,
            "component": kind,
            "code": code,
            "reason": state,
            "message": words,
            "others": others.get(component, []),
        }
        for words, rid, course, kind, code, state, component in refused
    ]


def busy_outside_term(term: Term, busy: list[dict]) -> dict[str, dict[str, list[str]]]:
    """The dated busy times that hold no day of the term, by index, each said on its first date
    (its last when it has none), with the term's days: such a block would still clash with
    classes the catalog gives no dates (the engine reads those as every week) and shape every
    day's costs, though it is held in another term. A block holding some day of the term, its
    buffers past midnight included, is kept as given; a term without a first or last day leaves
    that side unchecked, and one with neither, every block."""
    if term.first_day is None and term.last_day is None:
        return {}
    lo, hi = term.first_day or datetime.date.min, term.last_day or datetime.date.max
    refused = {}
    for index, b in enumerate(busy):
        if not b["first_date"] and not b["last_date"]:
            continue  # the whole term
        block = busy_block_build(b)
        held = any(
            shares_weekday(max(m.first_date or lo, lo), min(m.last_date or hi, hi), m.day) for m in busy_meetings(block)
        )
        if held:
            continue
        first = block.first_date or datetime.date.min
        last = block.last_date or datetime.date.max
        dates = dates_words(b["first_date"], b["last_date"])
        term_days = dates_words(term.first_day, term.last_day)  # "from 2025-08-26" when it has no last day
        if term.first_day and term.last_day:
            term_days = term_days.removeprefix("from ")
        if last < lo or first > hi:
            said = f"the busy time is dated {dates}, outside the term's days ({term_days})"
        else:
            names = " or ".join(WEEKDAY_NAMES[WEEKDAYS.index(d)] for d in b["days"])
            said = f"the busy time is dated {dates}, which holds no {names} of the term's days ({term_days})"
        field = "first_date" if b["first_date"] else "last_date"
        refused[str(index)] = {field: [f"{said}: give dates within the term, or none for the whole term"]}
    return refused


def course_code(text: str) -> str:
    match = COURSE_CODE.match(text)
    if not match:
        raise serializers.ValidationError(f"{text!r} is not a course code such as 'CS 2100'")
    subject, number = (match[1], match[2]) if match[1] else (match[3], match[4])
    return f"{subject.upper()} {number.upper()}"


def allowed_overlaps_check(data: dict, wanted: set[str]) -> None:
    """Each allowed overlap names two courses of the request; without any, neither key is stored
    (a request without them stores as it did before they were added)."""
    for index, pair in enumerate(data["allowed_overlaps"]):
        outside = [code for code in pair if code not in wanted]
        if outside:
            said = f"{' and '.join(outside)} {'is' if len(outside) == 1 else 'are'} not among the request's courses"
            raise serializers.ValidationError(
                {"allowed_overlaps": {str(index): [f"{said}: name two courses of `courses` or `electives`"]}}
            )
    if data["allowed_overlaps"]:
        data["allowed_overlaps"] = [list(pair) for pair in sorted({tuple(pair) for pair in data["allowed_overlaps"]})]
        return
    if data.get("overlap_minutes") is not None:
        raise serializers.ValidationError({"overlap_minutes": ["give allowed_overlaps too: it caps their overlap"]})
    data.pop("allowed_overlaps")
    data.pop("overlap_minutes", None)


class GenerationRequestSerializer(StrictSerializer):
    """A request for the best schedules of one term."""

    needs_course = True  # a request naming no course is refused (a course fit's plan may be empty)

    term = Text(max_length=40, help_text="Term code, as `202208` or `2026-fall`.")
    institution = institution_field()
    courses = BoundedListField(
        child=Text(max_length=30),
        max_length=MAX_COURSES,
        default=list,
        help_text="Required courses, `SUBJECT NUMBER` (`CS 2110`, `cs2110` and `CS-2110` are one course).",
    )
    electives = ElectiveGroupSerializer(
        many=True,
        required=False,
        default=list,
        max_length=MAX_ELECTIVE_GROUPS,
        error_messages={"max_length": f"at most {MAX_ELECTIVE_GROUPS} elective groups"},
        help_text=f"Elective groups (at most {MAX_ELECTIVE_GROUPS}); a schedule takes at most "
        f"{MAX_COURSES} courses, required and picked.",
    )
    busy = BusyBlockSerializer(
        many=True,
        required=False,
        default=list,
        max_length=MAX_BUSY_BLOCKS,
        error_messages={"max_length": f"at most {MAX_BUSY_BLOCKS} busy blocks"},
        help_text=f"Busy times (at most {MAX_BUSY_BLOCKS}).",
    )
    pinned = BoundedListField(
        child=Text(max_length=40),
        max_length=50,
        default=list,
        help_text="Registrar ids of sections every schedule must use (sections of requested courses, not withdrawn).",
    )
    excluded = BoundedListField(
        child=Text(max_length=40),
        max_length=500,
        default=list,
        help_text="Registrar ids of sections no schedule may use; a withdrawn one may be listed (none is offered).",
    )
    filters = FiltersSerializer(required=False, help_text="Which sections may be used.")
    preferences = PreferencesSerializer(
        required=False, help_text="What makes a schedule better; the results are ranked by their total cost."
    )
    allowed_overlaps = BoundedListField(
        child=BoundedListField(child=Text(max_length=30), min_length=2, max_length=2),
        max_length=MAX_ALLOWED_OVERLAPS,
        default=list,
        help_text=f"Pairs of courses whose classes may overlap each other (an advisor approved the clash, or you "
        f'will miss part of a lecture), each two codes of `courses` or `electives`: `[["CS 1110", "MATH '
        f'1310"]]`; at most {MAX_ALLOWED_OVERLAPS}. Every other clash stays one. A schedule using an allowed '
        "overlap carries a warning saying where (`CS 1110 LEC 001 and MATH 1310 LEC 002 overlap on Tuesday and "
        "Thursday, 09:30-09:45 (allowed)`). Stored on the job only when given.",
    )
    overlap_minutes = Whole(
        min_value=0,
        max_value=1440,
        required=False,
        allow_null=True,
        default=None,
        help_text="With `allowed_overlaps`: the most minutes two meetings of an allowed pair may overlap on a date "
        "(a longer overlap still clashes); null or absent for any overlap.",
    )
    k = Whole(min_value=1, max_value=100, default=10, help_text="How many schedules to return, best first.")
    back_to_back_minutes = Whole(
        min_value=0,
        max_value=240,
        default=15,
        help_text="A schedule carries a warning for two classes one after the other, on a common date, with at most "
        "this many minutes between them in different buildings (the building read from each meeting's `location`; "
        "none for TBA or online). 15, the default, is Virginia's and Georgia Tech's usual passing time. Only a "
        "warning: no schedule is removed or ranked lower for it.",
    )
    strategy = serializers.ChoiceField(
        choices=["exact", "beam"],
        default="exact",
        help_text="`exact`: the proven best `k`. `beam`: the original Classtime's approximate search, "
        "for comparison; it can miss the best schedules, and when it finds none the exact search looks again "
        "within what is left of the budget (each schedule it finds then carries a warning saying so, and the job's "
        "`strategy` is `exact`).",
    )

    def validate_term(self, value: str) -> str:
        return value.strip()

    def validate_courses(self, value: list[str]) -> list[str]:
        return sorted({course_code(v) for v in value})

    def validate_electives(self, value: list[dict]) -> list[dict]:
        groups = []
        seen: dict[str, int] = {}  # course → its group: a course counts once in a request
        for index, group in enumerate(value):
            codes = sorted({course_code(c) for c in group["courses"]})
            if group["pick"] > len(codes):  # distinct courses: "ARTS 2050" and "arts2050" count once
                noun = "course" if len(codes) == 1 else "courses"
                problem = f"cannot pick {group['pick']} of {len(codes)} {noun} ({', '.join(codes)})"
                raise serializers.ValidationError({str(index): {"pick": [problem]}})
            again = [f"{c} is in elective group {seen[c]} too" for c in codes if c in seen]
            if again:
                raise serializers.ValidationError({str(index): {"courses": again}})
            seen.update(dict.fromkeys(codes, index))
            groups.append({"pick": group["pick"], "courses": codes})
        if sum(len(g["courses"]) for g in groups) > MAX_ELECTIVE_POOL:
            raise serializers.ValidationError(f"at most {MAX_ELECTIVE_POOL} courses across elective groups")
        return sorted(groups, key=lambda g: (g["courses"], g["pick"]))

    def validate_allowed_overlaps(self, value: list[list[str]]) -> list[list[str]]:
        pairs = []  # in the order sent, so an error names the pair's index (sorted once all are checked)
        for index, pair in enumerate(value):
            try:
                a, b = sorted(course_code(code) for code in pair)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({str(index): exc.detail}) from None
            if a == b:
                raise serializers.ValidationError({str(index): [f"{a} cannot overlap itself: name two courses"]})
            pairs.append([a, b])
        return pairs

    def validate_busy(self, value: list[dict]) -> list[dict]:
        return [
            {
                **b,
                "first_date": b["first_date"] and b["first_date"].isoformat(),
                "last_date": b["last_date"] and b["last_date"].isoformat(),
            }
            for b in value
        ]

    def validate(self, data: dict) -> dict:
        # who asks: the API's request, a re-plan's owner; the command line's operator sees every term
        request = self.context.get("request")
        user = getattr(request, "user", None) or self.context.get("user")
        operator = self.context.get("operator", False)
        try:
            # the same lookup and words as every other endpoint naming a term
            viewer = None if operator else user or AnonymousUser()  # None: every term, hidden ones too
            term = term_get(code=data["term"], institution=data["institution"], for_user=viewer)
        except TermNotFound as exc:
            if data["institution"] and (unknown := institution_unknown(data["institution"], user=viewer)):
                raise serializers.ValidationError({"institution": [unknown]}) from None  # not the term's fault
            raise serializers.ValidationError({"term": [str(exc)]}) from None
        closed = "" if operator else term_closed_problem(term=term, user=user)
        if closed:
            raise serializers.ValidationError({"term": [closed]})
        if refused := busy_outside_term(term, data["busy"]):
            raise serializers.ValidationError({"busy": refused})
        elective_codes = [c for g in data["electives"] for c in g["courses"]]
        if not data["courses"] and not elective_codes and self.needs_course:
            raise serializers.ValidationError({"courses": ["name at least one course or elective group"]})
        overlap = set(data["courses"]) & set(elective_codes)
        if overlap:
            raise serializers.ValidationError({"electives": [f"{', '.join(sorted(overlap))} is already required"]})
        if len(set(data["courses"]) | set(elective_codes)) > MAX_COURSES + MAX_ELECTIVE_POOL:
            raise serializers.ValidationError({"courses": ["too many courses in one request"]})
        taken = len(data["courses"]) + sum(g["pick"] for g in data["electives"])
        if taken > MAX_COURSES:
            raise serializers.ValidationError(
                {
                    "electives": [
                        f"a schedule takes at most {MAX_COURSES} courses, not {len(data['courses'])} "
                        f"required and {taken - len(data['courses'])} picked"
                    ]
                }
            )
        known = {
            f"{s} {n}"
            for s, n in Course.objects.filter(term=term)
            .values_list("subject", "number")
            .filter(subject__in={c.split()[0] for c in (*data["courses"], *elective_codes)})
        }
        for field, codes in (("courses", data["courses"]), ("electives", elective_codes)):
            unknown = [c for c in codes if c not in known]
            if unknown:
                where = term.code if term.name == term.code else f"{term.name} ({term.code})"
                raise serializers.ValidationError({field: [f"unknown course(s) in {where}: {', '.join(unknown)}"]})
        wanted = set(data["courses"]) | set(elective_codes)
        allowed_overlaps_check(data, wanted)
        for field in ("pinned", "excluded"):
            ids = sorted(set(data[field]))
            rows = list(
                Section.objects.filter(term=term, registrar_id__in=ids).values_list(
                    "registrar_id",
                    "component__course__subject",
                    "component__course__number",
                    "quarantine_reason",
                    "withdrawn_at",
                    "status",
                    "component__kind",
                    "code",
                    "component_id",
                )
            )
            found = [row for row in rows if row[4] is None]
            withdrawn = sorted(row[0] for row in rows if row[4] is not None)
            sections = {row[0]: f"{row[1]} {row[2]}" for row in found}
            unknown = [i for i in ids if i not in sections and i not in withdrawn]
            if unknown:
                raise serializers.ValidationError({field: [f"no section {', '.join(unknown)} in {term.code}"]})
            if field == "pinned":  # excluding an unusable section is harmless: none is offered
                # each named with its course, component and code, as the student chose it, in the
                # words a saved schedule's sections are refused in
                refused = []
                with_left_out = taken_with_left_out(term=term, registrar_ids=[row[0] for row in found])
                for rid, subject, number, reason, gone, status, kind, code, component in rows:
                    course = f"{subject} {number}"
                    refusal = with_left_out.get(rid) or section_refusal(
                        registrar_id=rid,
                        course=course,
                        kind=kind,
                        code=code,
                        withdrawn=gone is not None,
                        status=status,
                        quarantine_reason=reason,
                    )
                    if refusal:
                        state, words = refusal
                        refused.append((words, rid, course, kind, code, state, component))
                if refused:  # the engine never sees such a section
                    refused.sort()
                    self.refused_pins = refused_pins(refused)
                    raise serializers.ValidationError({field: [words for words, *_ in refused]})
            outside = [i for i in ids if i in sections and sections[i] not in wanted]
            if outside and field == "pinned":
                raise serializers.ValidationError(
                    {field: [f"section {', '.join(outside)} is not of a requested course"]}
                )
            data[field] = ids
        data["filters"] = data.get("filters") or FiltersSerializer().to_internal_value({})
        data["filters"]["campuses"] = campuses_as_named(term, data["filters"]["campuses"])
        data["filters"]["modalities"] = sorted(set(data["filters"]["modalities"]))
        prefs = data.get("preferences") or {}
        never = data["filters"]["excluded_instructors"]
        weighed = bool((prefs.get("instructors") or {}).get("weight"))
        # the courses' instructors as the catalog names them, read once for the filter and the preference
        names = instructor_names(term=term, course_codes=wanted) if never or weighed else set()
        if never:
            data["filters"]["excluded_instructors"] = never_with_resolve(names, never, prefs.get("instructors"))
        friends = prefs.pop("friends", None)
        data["preferences"] = {k: v for k, v in sorted(prefs.items()) if v.get("weight")}
        if "instructors" in data["preferences"]:
            resolved = instructors_resolve(names, data["preferences"]["instructors"])
            # as the catalog names them: "Hopper" preferred and "Grace Hopper" avoided are one person
            if both := sorted(set(resolved["prefer"]) & set(resolved["avoid"])):
                avoid = {"avoid": [both_preferred_and_avoided(both)]}
                raise serializers.ValidationError({"preferences": {"instructors": avoid}})
            data["preferences"]["instructors"] = resolved
        if friends:
            # the ids are checked whenever given: weights left at 0 turn the preference off, but a
            # schedule that is not the asker's to read is refused all the same
            resolved = self.friends_resolve(term, friends)
            if friends["shared_weight"] or friends["free_weight"]:
                data["preferences"]["friends"] = resolved
        data["term_id"] = term.pk
        return data

    def friends_resolve(self, term: Term, friends: dict) -> dict:
        """The friends' schedules, checked against who is asking (the view passes the request in
        the context, a re-plan its owner), with their sections and weekly classes as of now."""
        from scheduler.saved_schedules import SavedScheduleError, friend_preference_resolve

        request = self.context.get("request")
        user = getattr(request, "user", None) or self.context.get("user")  # a re-plan's owner too
        ids = sorted(set(friends["schedules"]))
        try:
            resolved = friend_preference_resolve(user=user, term=term, ids=ids)
        except SavedScheduleError as exc:
            raise serializers.ValidationError({"preferences": {"friends": exc.fields}}) from None
        return {**friends, "schedules": ids, "friends": resolved}

    def normalised(self) -> dict:
        """The validated request as stored on the job (no term: the job row holds it)."""
        data = dict(self.validated_data)
        for key in ("term", "institution", "term_id"):
            data.pop(key, None)
        return data
