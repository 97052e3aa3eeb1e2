"""Time zones in words, for the pages that show class times: a catalog's times are its campus's
wall-clock times (`Institution.timezone`, or a campus's own, `campus_timezones`), which a student
abroad or in another zone may read as her own."""

from __future__ import annotations

from collections.abc import Iterable

# the generic names people use (CLDR's "long generic" names, as a browser's Intl says them), for
# the zones campuses are in; a zone not listed is named by its city
ZONE_NAMES = {
    **dict.fromkeys(
        [
            "America/New_York",
            "America/Detroit",
            "America/Indiana/Indianapolis",
            "America/Kentucky/Louisville",
            "America/Toronto",
        ],
        "Eastern Time",
    ),
    **dict.fromkeys(["America/Chicago", "America/Indiana/Knox", "America/Winnipeg"], "Central Time"),
    **dict.fromkeys(["America/Denver", "America/Boise", "America/Edmonton"], "Mountain Time"),
    "America/Phoenix": "Mountain Standard Time",
    **dict.fromkeys(["America/Los_Angeles", "America/Vancouver"], "Pacific Time"),
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii-Aleutian Standard Time",
    **dict.fromkeys(["America/Halifax", "America/Puerto_Rico"], "Atlantic Time"),
    "Europe/London": "United Kingdom Time",
    "Europe/Dublin": "Ireland Time",
    "Europe/Lisbon": "Western European Time",
    **dict.fromkeys(
        [
            "Europe/Paris",
            "Europe/Berlin",
            "Europe/Madrid",
            "Europe/Rome",
            "Europe/Amsterdam",
            "Europe/Brussels",
            "Europe/Vienna",
            "Europe/Zurich",
            "Europe/Copenhagen",
            "Europe/Stockholm",
            "Europe/Oslo",
            "Europe/Prague",
            "Europe/Warsaw",
            "Europe/Budapest",
        ],
        "Central European Time",
    ),
    **dict.fromkeys(["Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"], "Eastern European Time"),
    "Asia/Tokyo": "Japan Time",
    "Asia/Seoul": "Korean Time",
    "Asia/Shanghai": "China Time",
    "Asia/Singapore": "Singapore Time",
    "Asia/Kolkata": "India Standard Time",
    "Australia/Sydney": "Eastern Australia Time",
}


def zone_words(zone: str) -> str:
    """A time zone as a person names it: "Eastern Time", "Central European Time" (not with the
    zone's city: a Georgia Tech student read "Eastern Time (New York)" as another zone than
    Atlanta's); one with no common name here by its city, "Dubai time"."""
    if zone in ("UTC", "Etc/UTC"):
        return "UTC"
    return ZONE_NAMES.get(zone) or f"{zone.rsplit('/', 1)[-1].replace('_', ' ')} time"


def times_said(*, timezone: str, campus_timezones: dict[str, str], campuses: Iterable[str]) -> str:
    """Which zone the class times of sections on `campuses` are in, once, as a sentence: "Times are
    Eastern Time."; a schedule mixing campuses of two zones names the other campus's: "Times are
    Eastern Time; at GT Lorraine, Central European Time." "" for no
    campus (no section with a set time). The planner says it alike (planner.js `timesSaid`)."""
    zones: dict[str, list[str]] = {}
    for campus in dict.fromkeys(campuses):
        zones.setdefault(campus_timezones.get(campus, timezone), []).append(campus)
    if not zones:
        return ""
    first = timezone if timezone in zones else next(iter(zones))
    others = [f"at {', '.join(zones[zone])}, {zone_words(zone)}" for zone in zones if zone != first]
    return f"Times are {'; '.join([zone_words(first), *others])}."
