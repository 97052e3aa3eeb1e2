"""Notes a student sent after their session ended (a sign-out in another tab, an expired
session): kept in the browser's session, which signing in keeps, for the schedule's page to fill
in again, unsaved, so a long note is not lost. Only for the schedule's owner: another account
signing in on that browser drops them, so they are never filled in for, or kept in the session
of, anyone else."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from scheduler import saved_schedules as saved

PREFIX = "unsaved-notes-"


def unsaved_notes_key(pk: int) -> str:
    return f"{PREFIX}{pk}"


def unsaved_notes_keep(request: HttpRequest, pk: int, action: str) -> None:
    """Keep the notes a `notes` action sent signed out, with the id of the schedule's owner (the
    only one who gets them back); nothing for a schedule that does not exist."""
    if action != "notes":
        return
    owner_id = saved.saved_schedule_owner_id(schedule_id=pk)
    if owner_id is not None:
        notes = request.POST.get("notes", "")[: saved.MAX_NOTES]
        request.session[unsaved_notes_key(pk)] = {"owner": owner_id, "notes": notes}


def unsaved_notes_keep_refused(request: HttpRequest, pk: int, notes: str) -> None:
    """Keep the notes a signed-in owner sent that were refused (too long, a NUL character), for
    the page to fill in again rather than lose them; the refusal already said so (`said`).
    Twice the notes' limit at most: what a textarea could hold, not whatever a request carries."""
    kept = {"owner": request.user.pk, "notes": notes[: 2 * saved.MAX_NOTES], "said": True}
    request.session[unsaved_notes_key(pk)] = kept


def unsaved_notes_take(request: HttpRequest, pk: int) -> dict[str, Any] | None:
    """The notes kept for the signed-in owner's schedule `pk`, once (they leave the session):
    `{"notes", "said"}`, `said` when the page already said why they were not saved; None when
    there are none of theirs."""
    kept = request.session.pop(unsaved_notes_key(pk), None)
    if isinstance(kept, dict) and kept.get("owner") == request.user.pk:
        return {"notes": kept.get("notes", ""), "said": bool(kept.get("said"))}
    return None


def unsaved_notes_drop_others(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On sign-in (`user_logged_in`): drop the notes kept for any account but the one signing in."""
    if request is None or not hasattr(request, "session"):
        return
    for key in [k for k in request.session.keys() if k.startswith(PREFIX)]:
        kept = request.session[key]
        if not (isinstance(kept, dict) and kept.get("owner") == user.pk):
            del request.session[key]
