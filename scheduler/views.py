"""Saved schedule pages: the list, one schedule with its weekly grid, two side by side, the
bin of deleted schedules, the public read-only view of a share link, and the calendar
subscription feed.

The owner's pages are never cached (`never_cache`), as the account pages: on a shared campus
computer, Back after a sign-out must not show a schedule and its notes.

Thin: each view calls the selectors and services of `scheduler.saved_schedules`.
"""

from __future__ import annotations

from math import ceil
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from accounts.decorators import login_required_back_to, post_only
from catalog.models import Term
from catalog.selectors import section_refusal_of
from catalog.zones import times_said
from classtime_site.api import GenerationThrottle
from scheduler import saved_schedules as saved
from scheduler.api.saved import calendar_response
from scheduler.grid import grid_label, weekly_grid_rows
from scheduler.meeting_dates import held_on, meetings_clash
from scheduler.models import SavedSchedule
from scheduler.requests import credits_words
from scheduler.unsaved_notes import (
    unsaved_name_keep_refused,
    unsaved_name_take,
    unsaved_name_waiting,
    unsaved_names_unsaid,
    unsaved_notes_keep,
    unsaved_notes_keep_refused,
    unsaved_notes_take,
    unsaved_notes_waiting,
)


def share_hidden_note(schedule: SavedSchedule) -> str:
    """What the owner's pages say of a share link while its term is hidden (it answers 404 to
    all but staff, friends do not see it); "" otherwise."""
    if not saved.saved_schedule_share_hidden(schedule=schedule):
        return ""
    return (
        f"{schedule.term.name} is hidden by the registrar for now: this link shows nothing to others "
        "(it answers “not found”, and friends do not see this schedule) until the registrar publishes "
        "the term again."
    )


def links(request: HttpRequest, schedule: SavedSchedule) -> dict[str, str | None]:
    def absolute(name: str, token: str | None) -> str | None:
        return request.build_absolute_uri(reverse(name, args=[token])) if token else None

    subscription_url = absolute("calendar-subscription", schedule.calendar_token)
    return {
        "share_url": absolute("shared-schedule-page", schedule.share_token),
        "subscription_url": subscription_url,
        # webcal: opens the calendar app to subscribe; following the https URL only downloads
        # a copy that never updates
        "webcal_url": "webcal:" + subscription_url.split(":", 1)[1] if subscription_url else None,
        "ics_url": reverse("saved-schedule-calendar", args=[schedule.pk]),
        "share_hidden": share_hidden_note(schedule),
    }


def owned(request: HttpRequest, pk: int) -> SavedSchedule:
    schedule = saved.saved_schedule_get(owner=request.user, schedule_id=pk)
    if schedule is None:
        raise Http404("No such saved schedule.")
    return schedule


def safe_next(request: HttpRequest) -> str:
    """The page a form came from (`next`), if it is on this site; else empty."""
    following = request.POST.get("next", "")
    return following if url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}) else ""


def meeting_when(meeting: dict, term: Term) -> tuple[list[str], str]:
    """The weekdays to show a meeting on and when it is held, where its times alone do not say:
    an exam's or one-off's date ('on 2026-09-24', shown on that date's weekday whatever weekday
    it is listed on; dated over a range, each date of the range on its weekdays: `held_on`, as
    the engine and the calendar export read it), a weekly class's own range when it is not
    the term's (a half-term course)."""
    days, first, last = meeting["days"], meeting["first_date"], meeting["last_date"]
    if meeting["kind"] != "weekly":
        if not (first or last):
            return days, ""
        if not days and first and last and first != last:
            return days, f"{first} to {last}"  # no day yet (TBA): its range is all that is known
        days, held = held_on(meeting)
        if not held:
            return days, f"{first or '…'} to {last or '…'}, on none of its weekdays: it does not take place"
        return days, "on " + ", ".join(map(str, held))
    whole_term = (str(term.first_day) if term.first_day else None, str(term.last_day) if term.last_day else None)
    if (first or last) and (first, last) != whole_term:
        return days, f"{first or '…'} to {last or '…'}"
    return days, ""


def page_data(request: HttpRequest, schedule: SavedSchedule, *, private: bool = True) -> dict:
    data = saved.saved_schedule_data(schedule=schedule, private=private)
    # before the meetings are put in words below: it reads them as stored
    allowed = saved.allowed_overlaps_said(schedule=schedule, sections=data["sections"])
    for section in [*data["sections"], *data["tba"]]:
        for meeting in section["meetings"]:
            meeting["days"], meeting["dates"] = meeting_when(meeting, schedule.term)
    data["credits_text"] = credits_words(data["credits"])
    grid = weekly_grid_rows(data["sections"], schedule.term.holiday_dates)
    grid["not_weekly"] = not_weekly(data["sections"])
    grid["allowed"] = allowed
    grid["back_to_back"] = saved.saved_schedule_back_to_back(schedule=schedule)  # as the planner's cards warn
    data["registration"] = saved.registration_ids(sections=[*data["sections"], *data["tba"]])  # Copy CRNs
    institution = schedule.term.institution
    grid["zones"] = times_said(  # the campus's clock, which a student elsewhere may read as her own
        timezone=institution.timezone,
        campus_timezones=institution.campus_timezones,
        campuses=[s["campus"] for s in data["sections"]],
    )
    return {
        **data,
        **links(request, schedule),
        "planner_url": planner_url(schedule, data),
        "grid": grid,
        "schedule": schedule,
    }


def planner_url(schedule: SavedSchedule, data: dict) -> str:
    """The planner's address (docs/web.md, "The request lives in the URL") asking for the
    schedule's courses with its sections kept: a student on another device, or a friend wanting
    the same sections, plans on from it (drop a kept section to see the others). A section a
    schedule can no longer take (withdrawn, cancelled or quarantined since it was saved) is not
    kept, which the planner would refuse: its course is asked for, so another of its sections is
    found."""
    sections = [*data["sections"], *data["tba"]]
    unusable = {s.registrar_id for s in saved.schedule_sections(schedule) if section_refusal_of(s)}
    query = [("i", data["term"]["institution"]), ("t", data["term"]["code"])]
    query += [("c", course) for course in dict.fromkeys(s["course"] for s in sections)]
    query += [("pin", s["id"]) for s in sections if s["id"] not in unusable]
    return reverse("planner") + "?" + urlencode(query)


def not_weekly(sections: list[dict]) -> list[str]:
    """The timed one-off sessions and exams of `sections` (their `meetings` said by
    `meeting_when`; the dates they are held on, `held_on`), which the weekly grid leaves out,
    as lines under it, so a day they take looks free to nobody; the sessions of a section at
    one time are one line with their dates: "CHEM 1411 LAB 001 one-off Tu 13:00–16:00 on
    2026-09-01, 2026-09-29"."""
    dates: dict[str, list[str]] = {}  # a line's start → its dates (a dict: listed once, in order)
    for section in sections:
        for m in section["meetings"]:
            if m["start"] and m["kind"] != "weekly":
                kind = "one-off" if m["kind"] == "one_off" else m["kind"]
                when = f"{''.join(m['days'])} {m['start']}–{clock_end(m['end'])}".lstrip()  # no weekday yet: the times
                line = f"{grid_label(section)} {kind} {when}"
                _, held = held_on(m)
                if held:
                    dates.setdefault(line, []).extend(map(str, held))
                else:  # a range with no date on its weekdays, or no date yet: said as `meeting_when` says it
                    dates.setdefault(f"{line} {m['dates']}".rstrip(), [])
    return [f"{line} on {', '.join(dict.fromkeys(held))}" if held else line for line, held in dates.items()]


def section_label(section: dict) -> str:
    """A rendered section as a student names it: 'CS 1110 Lecture 001'."""
    return f"{section['course']} {section['component_name']} {section['code']}"


LIST_PAGE_SIZE = 25


@never_cache
@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    """The owner's schedules, newest change first, 25 a page (`?page=N`; a page out of range
    shows the last one, a malformed one the first), optionally of one term."""
    term = request.GET.get("term", "").strip()
    if "\x00" in term:  # no term code holds one, and PostgreSQL cannot even compare it: a 500
        schedules = SavedSchedule.objects.none()
    else:
        schedules = saved.saved_schedule_list(owner=request.user, term_code=term)
    page = Paginator(schedules, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{**saved.saved_schedule_data(schedule=s), **links(request, s)} for s in page]
    for row in rows:
        row["credits_text"] = credits_words(row["credits"])
        row["name_unsaved"] = unsaved_name_take(request, row["id"])  # sent from this page as the session ended
        if row["name_unsaved"] is not None:
            messages.warning(
                request,
                f"“{row['name']}” was not renamed “{row['name_unsaved']}”: the name is filled in beside it; "
                "press Rename to keep it.",
            )
    shown = {row["id"] for row in rows}
    for pk, name in unsaved_names_unsaid(request).items():  # sent from this page signed out, binned meanwhile
        if pk not in shown and (schedule := saved.saved_schedule_get_binned(owner=request.user, schedule_id=pk)):
            messages.info(
                request,
                f"“{schedule.name}” is in your bin, so it was not renamed “{name}”: restore it, and the name is "
                "filled in on its page, to rename it there.",
            )
    here = request.get_full_path()  # the actions come back to this page
    binned = saved.saved_schedule_bin(owner=request.user).count()
    terms = saved.saved_schedule_terms(owner=request.user)  # the filter's choices
    context = {"rows": rows, "term": term, "terms": terms, "page": page, "here": here, "binned": binned}
    return render(request, "scheduler/schedule_list.html", context)


@never_cache
@login_required
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = saved.saved_schedule_get(owner=request.user, schedule_id=pk)
    if schedule is None:  # one in the owner's bin: the bin, saying so (an old link, or back from signing in)
        return in_the_bin(request, pk)
    alternatives = saved.section_alternatives(schedule=schedule)
    data = page_data(request, schedule)
    # an archived or hidden term takes no new schedule: no re-plan or duplicate is offered, and the page says why
    data["term_closed"] = saved.saved_schedule_term_closed(schedule=schedule, user=request.user)
    data["changes_digest"] = saved.changes_digest(data["changes"])  # Keep acknowledges these only
    kept = unsaved_notes_take(request, pk)  # typed as the session ended, or refused
    data["notes_unsaved"] = kept["notes"] if kept else None
    data["notes_were"] = saved.notes_digest(schedule.notes)  # Save notes replaces these only
    if kept and not kept["said"]:
        messages.warning(request, "Your notes were not saved: they are filled in below; press Save notes to keep them.")
    data["name_unsaved"] = unsaved_name_take(request, pk)  # sent as the session ended
    if data["name_unsaved"] is not None:
        messages.warning(
            request,
            f"The schedule was not renamed “{data['name_unsaved']}”: "
            "the name is filled in below; press Rename to keep it.",
        )
    held = {e.section_id for e in schedule.entries.all()}
    for section in [*data["sections"], *data["tba"]]:
        # a section withdrawn or cancelled is no class to clash with: it cannot be taken
        others = [o for o in data["sections"] if o["id"] != section["id"] and saved.section_takes_place(o)]
        section["swap_options"] = [
            swap_option(s, others, schedule.term, held) for s in alternatives.get(section["id"], [])
        ]
    return render(request, "scheduler/schedule_detail.html", data)


def in_the_bin(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of a schedule in the owner's bin: the bin, saying so, and that notes or a name sent
    as the session ended wait for its page once restored; a 404 for one not in their bin either."""
    schedule = binned(request, pk)
    said = f"“{schedule.name}” is in your bin: restore it to open it."
    if unsaved_notes_waiting(request, pk):
        said += " Your notes were not saved: they are filled in on its page once restored, to save them there."
    if (name := unsaved_name_waiting(request, pk)) is not None:
        said += f" It was not renamed “{name}”: the name is filled in on its page once restored, to rename it there."
    messages.info(request, said)
    return redirect("schedule-bin")


def swap_option(section, others: list[dict], term: Term, held: set[int]) -> dict:
    """A swap choice as the page offers it: its code, registrar id, status and notes, when it
    meets, the sections the schedule keeps that it would clash with (named), and the section the
    registrar takes it with when the schedule (`held`, section ids) does not hold that one."""
    meetings = [saved.meeting_snapshot(m) for m in section.meetings.all()]
    for meeting in meetings:
        meeting["days"], meeting["dates"] = meeting_when(meeting, term)
    return {
        "id": section.registrar_id,
        "code": section.code,
        "status": section.status,
        "notes": section.notes,
        "when": meetings_words(meetings),
        "clashes": [section_label(o) for o in others if meetings_clash(meetings, o["meetings"])],
        "taken_with": ""
        if section.parent_id is None or section.parent_id in held
        else f"{section.parent.component.kind} {section.parent.code}",
    }


def clock_end(end: str) -> str:
    """A meeting's end as the pages say it: a class ending at midnight, stored ending at 23:59
    (docs/catalog-format.md), ends at 24:00."""
    return "24:00" if end == "23:59" else end


def meetings_words(meetings: list[dict]) -> str:
    """When a section meets, in one line: "MoWeFr 13:00–13:50; Fr 14:00–16:50 (on 2026-09-25)",
    "TBA" for no set time."""
    words = [
        f"{''.join(m['days'])} {m['start']}–{clock_end(m['end'])}" + (f" ({m['dates']})" if m["dates"] else "")
        for m in meetings
        if m["start"] and m["kind"] != "exam"
    ]
    return "; ".join(words) or "TBA"


@never_cache
@login_required
def schedule_compare(request: HttpRequest) -> HttpResponse:
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if not (saved.is_schedule_id(a) and saved.is_schedule_id(b)):
        schedules = saved.saved_schedule_names(owner=request.user)
        return render(request, "scheduler/schedule_compare.html", {"choices": schedules}, status=200)
    left, right = owned(request, int(a)), owned(request, int(b))
    if left.pk == right.pk:  # nothing to compare: the picker again, saying so
        context = {"choices": saved.saved_schedule_names(owner=request.user), "twice": left.name}
        return render(request, "scheduler/schedule_compare.html", context)
    a_data, b_data = page_data(request, left), page_data(request, right)
    diff = saved.saved_schedule_compare(a=left, b=right)
    # the summary names sections as the timetable does ("CS 1110 Lecture 001"), not by registrar id,
    # each as its own schedule holds it: one id may be two sections of two terms
    label = [{s["id"]: section_label(s) for s in [*side["sections"], *side["tba"]]} for side in (a_data, b_data)]
    sides = {"common_sections": label[0], "only_in_a": label[0], "only_in_b": label[1]}
    summary = {key: [names[i] for i in diff[key]] for key, names in sides.items()}
    context = {"a": a_data, "b": b_data, "sides": [a_data, b_data], "diff": diff, "summary": summary}
    return render(request, "scheduler/schedule_compare.html", context)


ACTIONS = {
    "rename": lambda s, post: saved.saved_schedule_update(schedule=s, name=post.get("name", "")),
    "notes": lambda s, post: saved.saved_schedule_update(
        schedule=s,
        notes=post.get("notes", ""),
        still_as_read=saved.notes_as_read(post.get("notes_were"), post.get("notes")),
    ),
    "swap": lambda s, post: saved.saved_schedule_swap(schedule=s, old=post.get("old", ""), new=post.get("new", "")),
    "duplicate": lambda s, post: saved.saved_schedule_duplicate(schedule=s),
    "delete": lambda s, post: saved.saved_schedule_delete(schedule=s),
    "share": lambda s, post: saved.saved_schedule_share(schedule=s),
    "unshare": lambda s, post: saved.saved_schedule_unshare(schedule=s),
    "subscribe": lambda s, post: saved.saved_schedule_subscribe(schedule=s),
    "unsubscribe": lambda s, post: saved.saved_schedule_unsubscribe(schedule=s),
    "acknowledge": lambda s, post: saved.saved_schedule_acknowledge(schedule=s, seen=post.get("changes")),
    "replan": lambda s, post: saved.saved_schedule_replan(schedule=s, owner=s.owner),
    "email-on": lambda s, post: saved.saved_schedule_update(schedule=s, email_changes=True),
    "email-off": lambda s, post: saved.saved_schedule_update(schedule=s, email_changes=False),
}


# What each action says it did, on the page it lands on: the page reloads, which alone tells a
# screen reader nothing (the message region is focused, scheduler/base.html)
DONE = {
    "rename": lambda s, post: f"Renamed to “{s.name}”.",
    "notes": lambda s, post: "Notes saved.",
    "swap": lambda s, post: (
        f"Swapped {post['old_name']} for {post['new_name']}."
        + (f" It clashes with {', '.join(post['clashes'])}: see the grid." if post["clashes"] else "")
    ),
    "duplicate": lambda s, post: f"Made “{s.name}”, a copy of “{post['original']}” (not shared).",
    "share": lambda s, post: (
        f"Share link made, but {share_hidden_note(s)}"
        if saved.saved_schedule_share_hidden(schedule=s)
        else "Share link made: anyone who has it, and your friends, see this schedule, without its notes."
    ),
    "unshare": lambda s, post: (
        "Share link revoked: it answers “not found” now, and friends no longer see this schedule."
    ),
    "subscribe": lambda s, post: (
        "Subscription URL made: a calendar app subscribed to it follows this schedule's changes."
    ),
    "unsubscribe": lambda s, post: "Calendar subscription revoked: calendar apps subscribed to it get “not found” now.",
    "acknowledge": lambda s, post: "Kept as it is now: these changes are no longer listed.",
    "email-on": lambda s, post: "Change emails on: an email when the registrar changes one of these sections.",
    "email-off": lambda s, post: "Change emails off: the changes still show on this page.",
}


# What an edit that changed nothing says instead (the name, notes or setting were already so: nothing
# is written, docs/api.md "Repeating a request"), so the message never claims a change not made
UNCHANGED = {
    "rename": lambda s, post: f"“{s.name}” is already its name: nothing changed.",
    "notes": lambda s, post: "These notes were already saved: nothing changed.",
    "email-on": lambda s, post: (
        "Change emails were already on: an email when the registrar changes one of these sections."
    ),
    "email-off": lambda s, post: "Change emails were already off: the changes still show on this page.",
}


# What a refused action did not do, said before why (its problems), so a message reads as a
# sentence rather than starting with the form's raw field name ("name: …")
NOT_DONE = {
    "rename": "The schedule was not renamed",
    "notes": "Your notes were not saved",
    "swap": "The section was not swapped",
    "duplicate": "No copy was made",
    "delete": "The schedule was not deleted",
    "share": "No share link was made",
    "unshare": "The share link was not revoked",
    "subscribe": "No subscription URL was made",
    "unsubscribe": "The calendar subscription was not revoked",
    "acknowledge": "The changes were not kept",
    "replan": "The schedule was not re-planned",
    "email-on": "Change emails were not turned on",
    "email-off": "Change emails were not turned off",
}
NUL_IN_NOTES = (
    "Your notes were not saved: a NUL character (\\0) cannot be saved, so it is taken out of them, filled in "
    "below: press Save notes to keep them."
)
NOTES_CHANGED = (
    "Your notes were not saved: the notes were changed in another tab or window after this page was opened. "
    "Yours are filled in below, beside the ones saved now: press Save notes to replace those with yours."
)
FIELD_WORDS = {"name": "the name", "notes": "your notes", "old": "the section chosen", "new": "the section chosen"}


GENERATION_VIEW = SimpleNamespace(throttle_scope="generation")  # what GenerationThrottle reads of a view


@never_cache
@login_required_back_to(lambda pk, action: reverse("schedule-detail", args=[pk]), keep=unsaved_notes_keep)
@post_only(lambda pk, action: reverse("schedule-detail", args=[pk]), asks=lambda pk, action: action == "delete")
def schedule_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    schedule = saved.saved_schedule_get(owner=request.user, schedule_id=pk)
    if schedule is None:
        return binned_meanwhile(request, pk, action)
    following = safe_next(request)
    back = following or reverse("schedule-detail", args=[pk])  # where the form was posted from
    for field, values in request.POST.lists():
        if any("\x00" in value for value in values):
            # PostgreSQL cannot store one (a paste from a binary file, or a bot): said, not a 500
            if action == "notes" and field == "notes":  # filled in again without it, not lost
                unsaved_notes_keep_refused(request, pk, "".join(values).replace("\x00", ""))
                messages.error(request, NUL_IN_NOTES)
                return redirect(back)
            what = FIELD_WORDS.get(field, "what you sent")
            messages.error(
                request,
                f"{NOT_DONE[action]}: a NUL character (\\0) cannot be saved; remove it from {what} and try again.",
            )
            return redirect(back)
    if action == "delete" and request.POST.get("confirm") != "yes":
        # the Delete buttons ask first (and the bin keeps it 30 days, with an Undo right after)
        return render(
            request,
            "scheduler/schedule_delete.html",
            {"schedule": schedule, "following": following, "back": back, "days": saved.BIN_DAYS},
        )
    if action == "replan" and not (throttle := GenerationThrottle()).allow_request(request, GENERATION_VIEW):
        # a re-plan submits a generation job: the same rate as the API's (docs/api.md, Throttling)
        messages.error(request, f"Too many generation requests; try again in {ceil(throttle.wait())} s.")
        return redirect(back)
    read_at = schedule.updated_at  # an edit that changes nothing leaves it (UNCHANGED)
    try:
        result = ACTIONS[action](schedule, request.POST)
    except saved.SavedScheduleError as exc:
        for field, problems in exc.fields.items():  # said as a sentence, not after the form's field name
            mend = ""
            if action == "notes" and field == "notes":  # filled in again to mend, not lost
                unsaved_notes_keep_refused(request, pk, request.POST.get("notes", ""))
                mend = " They are filled in below: shorten them, then press Save notes."
            messages.error(request, f"{NOT_DONE[action]}: {' '.join(problems).rstrip('.')}.{mend}")
        return redirect(back)  # the error shows where the form was (the list's rename too)
    except saved.SavedScheduleChanged:  # only the notes check one: saved in another tab since this page
        unsaved_notes_keep_refused(request, pk, request.POST.get("notes", ""))
        messages.error(request, NOTES_CHANGED)
        return redirect(back)
    except SavedSchedule.DoesNotExist:  # deleted by another request (another tab) meanwhile
        return binned_meanwhile(request, pk, action)
    if action == "delete":
        landing = following or reverse("schedule-list")
        # "Deleted “name”. Undo": the message holds a one-click restore form (rendered, so escaped)
        undo = render_to_string("scheduler/_undo.html", {"schedule": schedule, "next": landing}, request=request)
        messages.success(request, mark_safe(undo))  # a template's output: the name is escaped there
        return redirect(landing)
    if action in DONE:
        said = {**request.POST.dict(), "original": schedule.name}
        if action == "swap":  # named as the sections table names them, not by registrar id
            said["old_name"], said["new_name"], said["clashes"] = swapped_names(
                request, schedule, old=said["old"], new=said["new"]
            )
        unchanged = action in UNCHANGED and result.updated_at == read_at
        messages.success(request, (UNCHANGED if unchanged else DONE)[action](result, said))
    if action == "duplicate":
        return redirect("schedule-detail", pk=result.pk)
    if action == "replan":
        # the planner opens the job by its id: progress, then the re-planned schedules to save
        said = f"Re-planning “{schedule.name}” with its unchanged sections kept."
        if result.left_out:  # a friend's schedule no longer shared: dropped from the preference, said
            said += f" Left out of its request: {'; '.join(result.left_out)}."
        messages.success(request, said)
        return redirect(f"{reverse('planner')}?{urlencode({'job': result.job.pk})}")
    return redirect(back)


def binned_meanwhile(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """An action on a schedule another tab or window has moved to the bin since this page was
    drawn: the bin, saying so, with the notes or name sent kept for its page once restored (a
    generic 404 lost them; a name until 2026-12-07); a 404 for one not in the owner's bin either."""
    schedule = binned(request, pk)
    if action == "delete":
        messages.info(request, f"“{schedule.name}” is in your bin already (deleted in another tab or window).")
        return redirect("schedule-bin")
    said = f"{NOT_DONE[action]}: “{schedule.name}” is in your bin (deleted in another tab or window)."
    if action == "notes":
        unsaved_notes_keep_refused(request, pk, request.POST.get("notes", ""))
        said += " Restore it and your notes are filled in on its page, to save them there."
    elif action == "rename":
        unsaved_name_keep_refused(request, pk, request.POST.get("name", ""))
        said += " Restore it and the name is filled in on its page, to rename it there."
    else:
        said += " Restore it to change it."
    messages.error(request, said)
    return redirect("schedule-bin")


def swapped_names(request: HttpRequest, before: SavedSchedule, *, old: str, new: str) -> tuple[str, str, list[str]]:
    """The names ('CS 1110 Lecture 001') of the section swapped out, as `before` held it, of the
    one swapped in, as the schedule now holds it, and of the sections it now clashes with (none
    withdrawn or cancelled: those cannot be taken)."""
    held = {e.section.registrar_id: e.section for e in before.entries.all()}  # prefetched before the swap
    now = {e.section.registrar_id: e.section for e in owned(request, before.pk).entries.all()}
    snapshots = {rid: saved.section_snapshot(s) for rid, s in now.items()}
    clashes = [
        saved.section_name(s)
        for rid, s in now.items()
        if rid != new
        and saved.section_takes_place(snapshots[rid])
        and meetings_clash(snapshots[new]["meetings"], snapshots[rid]["meetings"])
    ]
    return saved.section_name(held[old]), saved.section_name(now[new]), clashes


@never_cache
@login_required
def schedule_bin(request: HttpRequest) -> HttpResponse:
    """The owner's deleted schedules, the latest deleted first, 25 a page, each with Restore and
    Delete for ever; Empty bin."""
    page = Paginator(saved.saved_schedule_bin(owner=request.user), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    # when it was deleted and goes for good on its campus's clock, as the schedule's page gives times
    rows = [{**saved.binned_schedule_data(schedule=s), "timezone": s.term.institution.timezone} for s in page]
    context = {"rows": rows, "page": page, "here": request.get_full_path(), "days": saved.BIN_DAYS}
    return render(request, "scheduler/schedule_bin.html", context)


def binned(request: HttpRequest, pk: int) -> SavedSchedule:
    schedule = saved.saved_schedule_get_binned(owner=request.user, schedule_id=pk)
    if schedule is None:
        raise Http404("No such schedule in your bin.")
    return schedule


@never_cache
@login_required_back_to(lambda pk, action: reverse("schedule-bin"))
@post_only(lambda pk, action: reverse("schedule-bin"), asks=lambda pk, action: action == "purge")
def schedule_bin_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Restore (at once: it undoes nothing) or Delete for ever (asks first: it cannot be undone)."""
    if action not in ("restore", "purge"):
        raise Http404("No such action.")
    following = safe_next(request)
    gone = bin_action_done_already(request, pk, action, following)
    if gone is not None:
        return gone
    schedule = binned(request, pk)
    if action == "purge" and request.POST.get("confirm") != "yes":
        back = following or reverse("schedule-bin")
        context = {"schedule": schedule, "following": following, "back": back}
        return render(request, "scheduler/schedule_purge.html", context)
    try:
        if action == "restore":
            saved.saved_schedule_restore(schedule=schedule)
        else:
            saved.saved_schedule_purge(schedule=schedule)
    except SavedSchedule.DoesNotExist:  # restored or purged by another request (another tab) meanwhile
        done = bin_action_done_already(request, pk, action, following)
        if done is None:
            raise Http404("No such schedule in your bin.") from None
        return done
    if action == "restore":
        messages.success(request, f"Restored “{schedule.name}”.")
        return redirect(following or reverse("schedule-detail", args=[pk]))
    messages.success(request, f"Deleted “{schedule.name}” for ever.")
    return redirect(following or "schedule-bin")


def bin_action_done_already(request: HttpRequest, pk: int, action: str, following: str) -> HttpResponse | None:
    """A second press of Undo or Restore (a double click, another tab), or Delete for ever on a
    schedule restored since: the schedule's page, saying so, rather than a 404 that reads as a
    failure. None otherwise (in the owner's bin, or none of theirs: the 404 follows; a schedule
    deleted for ever leaves nothing to tell a second Delete for ever from an address that never
    was, so that is a 404)."""
    if saved.saved_schedule_get_binned(owner=request.user, schedule_id=pk) is not None:
        return None
    alive = saved.saved_schedule_get(owner=request.user, schedule_id=pk)
    if alive is None:
        return None
    if action == "purge":  # restored since the bin was drawn (another tab): kept, not deleted for ever
        messages.info(request, f"“{alive.name}” was restored meanwhile (in another tab or window), so it was kept.")
        return redirect(reverse("schedule-detail", args=[pk]))
    messages.info(request, f"“{alive.name}” was already restored.")
    return redirect(following or reverse("schedule-detail", args=[pk]))


@never_cache
@login_required_back_to(lambda: reverse("schedule-bin"))
@post_only(lambda: reverse("schedule-bin"), asks=lambda: True)
def schedule_bin_empty(request: HttpRequest) -> HttpResponse:
    """Delete for good the schedules in the bin; asks first, and deletes only those the question
    counted (its form carries their ids): one deleted since, in another tab, stays in the bin."""
    # one field, not one a schedule: a bin of thousands stays under DATA_UPLOAD_MAX_NUMBER_FIELDS
    asked = [int(i) for i in request.POST.get("ids", "").split(",") if i.isdecimal() and len(i) <= 18]
    if request.POST.get("confirm") != "yes" or not asked:  # not asked yet, or by a form without the ids
        binned = list(saved.saved_schedule_bin(owner=request.user).values_list("pk", flat=True))
        context = {"count": len(binned), "ids": binned, "back": reverse("schedule-bin")}
        return render(request, "scheduler/schedule_purge.html", context)
    count = saved.saved_schedule_bin_empty(owner=request.user, ids=asked)
    if count:
        messages.success(request, f"Emptied the bin: {count} schedule{'s' if count != 1 else ''} deleted for ever.")
    else:  # sent twice, or emptied or restored in another tab meanwhile
        messages.info(request, "The schedules asked about are no longer in the bin: nothing was deleted.")
    since = saved.saved_schedule_bin(owner=request.user).exclude(pk__in=asked)
    if names := [s.name for s in since]:
        messages.info(request, f"Kept in the bin, deleted since you were asked: {', '.join(f'“{n}”' for n in names)}.")
    return redirect("schedule-bin")


def shared_schedule(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link; 404 once revoked. No notes, no owner actions."""
    schedule = saved.saved_schedule_get_shared(token=token, viewer=request.user)
    if schedule is None:
        raise Http404("This link was revoked or never existed.")
    data = page_data(request, schedule, private=False)
    data["own"] = request.user.is_authenticated and schedule.owner_id == request.user.pk  # a link to edit it
    # no link into the planner for a term it cannot plan (archived, or hidden from this reader)
    data["term_closed"] = saved.saved_schedule_term_closed(schedule=schedule, user=request.user)
    response = render(request, "scheduler/schedule_shared.html", data)
    response["X-Robots-Tag"] = "noindex, nofollow"  # a link posted in public does not make it searchable
    response["Cache-Control"] = saved.SHARED_CACHE_CONTROL
    return response


@require_safe
def shared_schedule_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A shared schedule's .ics, for whoever has the link (it shows nothing the page does not);
    404 once revoked, as the page."""
    schedule = saved.saved_schedule_get_shared(token=token, viewer=request.user)
    if schedule is None:
        raise Http404("This link was revoked or never existed.")
    response = calendar_response(request, schedule)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class CalendarSubscription(View):
    """The calendar feed a calendar app polls; the secret token is the only credential. It is
    read only: GET and HEAD, OPTIONS naming them, any other method a 405 (a POST was refused by
    the CSRF check as a "Form expired" page, though the feed has no form and writes nothing)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        schedule = saved.saved_schedule_get_by_calendar_token(token=token)
        if schedule is None:
            raise Http404("This subscription was revoked or never existed.")
        response = calendar_response(request, schedule)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


calendar_subscription = csrf_exempt(CalendarSubscription.as_view())
