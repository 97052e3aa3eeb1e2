"""Notes, or a new name, a student sent after their session ended (a sign-out in another tab, an
expired session): kept in the browser's session, which signing in keeps, for the schedule's page
(or the list, for a name) to fill in again, unsaved, so what was typed is not lost. Only for the
schedule's owner: another account signing in on that browser drops them, so they are never filled
in for, or kept in the session of, anyone else. A schedule in its owner's bin keeps them too, for
its page once restored."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts import limits
from scheduler import saved_schedules as saved

PREFIX = "unsaved-notes-"
NAME_PREFIX = "unsaved-name-"


def unsaved_notes_key(pk: int) -> str:
    return f"{PREFIX}{pk}"


def unsaved_name_key(pk: int) -> str:
    return f"{NAME_PREFIX}{pk}"


def theirs(request: HttpRequest, kept: Any) -> dict[str, Any] | None:
    """What a session kept (`kept`) when it is the signed-in student's own, else None."""
    return kept if isinstance(kept, dict) and kept.get("owner") == request.user.pk else None


NOT_KEPT = {
    "notes": "Your session had ended, so your notes were not saved, and too many unsaved changes came from your "
    "network this hour to keep them for you: go back to copy them, then sign in and save them again.",
    "rename": "Your session had ended, so the schedule was not renamed, and too many unsaved changes came from your "
    "network this hour to keep the name for you: sign in, then rename it again.",
}


def unsaved_notes_keep(request: HttpRequest, pk: int, action: str) -> str | None:
    """Keep the notes a `notes` action, or the name a `rename` action, sent signed out, with the
    id of the schedule's owner (the only one who gets them back); for a schedule that does not
    exist (or was purged), a mark with no owner, which no one gets back. At most
    CLASSTIME_UNSAVED_ADDRESS_RATE times from one address (`limits.unsaved_keep_refused`): counted
    before the schedule is looked up, so whether the session is written says nothing of whether
    the schedule exists while the count allows it. Refused by that limit: what the sign-in page
    says instead (the notes are not kept: the student must copy them)."""
    if action not in ("notes", "rename"):
        return None
    if limits.unsaved_keep_refused(request):
        return NOT_KEPT[action]
    owner_id = saved.saved_schedule_owner_id(schedule_id=pk)
    if owner_id is None:
        request.session[unsaved_notes_key(pk)] = {"owner": None}  # as for one that exists: no telling
        return None
    if action == "notes":
        notes = request.POST.get("notes", "")[: saved.MAX_NOTES]
        request.session[unsaved_notes_key(pk)] = {"owner": owner_id, "notes": notes}
    else:  # twice the limit at most, as refused notes are kept: a NUL cannot be shown again
        name = request.POST.get("name", "")[: 2 * saved.MAX_NAME].replace("\x00", "")
        request.session[unsaved_name_key(pk)] = {"owner": owner_id, "name": name}
    return None


def unsaved_notes_keep_refused(request: HttpRequest, pk: int, notes: str) -> None:
    """Keep the notes a signed-in owner sent that were refused (too long, a NUL character), for
    the page to fill in again rather than lose them; the refusal already said so (`said`).
    Twice the notes' limit at most: what a textarea could hold, not whatever a request carries."""
    kept = {"owner": request.user.pk, "notes": notes[: 2 * saved.MAX_NOTES], "said": True}
    request.session[unsaved_notes_key(pk)] = kept


def unsaved_name_keep_refused(request: HttpRequest, pk: int, name: str) -> None:
    """Keep the name a signed-in owner sent for a schedule another tab had moved to the bin, for
    its page once restored (as `unsaved_notes_keep_refused` keeps notes); the bin page said so."""
    kept = {"owner": request.user.pk, "name": name[: 2 * saved.MAX_NAME].replace("\x00", ""), "said": True}
    request.session[unsaved_name_key(pk)] = kept


def unsaved_notes_take(request: HttpRequest, pk: int) -> dict[str, Any] | None:
    """The notes kept for the signed-in owner's schedule `pk`, once (they leave the session):
    `{"notes", "said"}`, `said` when the page already said why they were not saved; None when
    there are none of theirs."""
    if kept := theirs(request, request.session.pop(unsaved_notes_key(pk), None)):
        return {"notes": kept.get("notes", ""), "said": bool(kept.get("said"))}
    return None


def unsaved_notes_waiting(request: HttpRequest, pk: int) -> bool:
    """Whether notes are kept for the signed-in owner's schedule `pk` (left in the session)."""
    return theirs(request, request.session.get(unsaved_notes_key(pk))) is not None


def unsaved_name_waiting(request: HttpRequest, pk: int, *, take: bool = False) -> str | None:
    """The name kept for the signed-in owner's schedule `pk`, left in the session (for its page
    once restored from the bin), or with `take` taken out of it; None when there is none of theirs."""
    key = unsaved_name_key(pk)
    kept = theirs(request, request.session.pop(key, None) if take else request.session.get(key))
    return str(kept.get("name", "")) if kept else None


def unsaved_names_unsaid(request: HttpRequest) -> dict[int, str]:
    """The names kept for the signed-in owner not yet said anywhere, by schedule id, marked said
    now (a list page that does not show their schedule says so once)."""
    found = {}
    for key in [k for k in request.session.keys() if k.startswith(NAME_PREFIX)]:
        kept = theirs(request, request.session[key])
        if kept and not kept.get("said"):
            found[int(key.removeprefix(NAME_PREFIX))] = str(kept.get("name", ""))
            request.session[key] = {**kept, "said": True}
    return found


def unsaved_name_take(request: HttpRequest, pk: int) -> str | None:
    """The name sent signed out for the signed-in owner's schedule `pk`, once (it leaves the
    session); None when there is none of theirs."""
    return unsaved_name_waiting(request, pk, take=True)


def unsaved_notes_drop_others(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On sign-in (`user_logged_in`): drop the notes and names kept for any account but the one
    signing in."""
    if request is None or not hasattr(request, "session"):
        return
    for key in [k for k in request.session.keys() if k.startswith((PREFIX, NAME_PREFIX))]:
        kept = request.session[key]
        if not (isinstance(kept, dict) and kept.get("owner") == user.pk):
            del request.session[key]
