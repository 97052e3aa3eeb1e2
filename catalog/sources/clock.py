"""Reading registrar clock times, dates and weekdays written for people ("1:00pm", "Aug 22, 2022",
"MoWeFr")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

# "1:05pm", "8:25 AM", "9am", "9:00a", "9 a.m.", "noon", or a 24-hour "13:00" / "09:00" (or "0900");
# seconds only when they are zero ("13:00:00", "09:00:00.000 AM"): meetings are kept to the minute
CLOCK = re.compile(
    r"^\s*(?:(?P<noon>(?:12(?::00)?\s*)?noon)|(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::00(?:\.0+)?)?)?\s*(?:(?P<half>[ap])\.?\s*m?\.?)?)\s*$",
    re.I,
)
BARE_HOUR = re.compile(r"\s*[0-9]{1,2}\s*")  # "9" in "9-10am"
MILITARY = re.compile(r"\s*([0-9]{2})([0-9]{2})\s*")  # "0900", "1330": four digits, no colon
# "800", "930": a 24-hour time whose leading zero Excel dropped (it read the column as numbers),
# read so only in a file on a 24-hour clock (`time_range(twenty_four=True)`)
STRIPPED_MILITARY = re.compile(r"\s*([0-9])([0-5][0-9])\s*")
THREE_DIGITS = re.compile(r"(?<![0-9:])[0-9]{3}(?![0-9:])")
CLOCK_EXAMPLES = "a time such as '1:00pm', '1:00 PM', '13:00' or '1300'"
RANGE_SEPARATOR = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b)\s*", re.IGNORECASE)  # -, en dash, em dash, "to"


# what registrars write for a meeting with no set time, in any case
NO_SET_TIME = re.compile(
    r"\s*(?:tba|tbd|arr|arranged|by arrangement|to be arranged|to be announced|async|asynchronous|online|n/a|none)\s*",
    re.I,
)


def no_set_time(text: str) -> bool:
    """Whether `text` says the meeting has no set time: `TBA`, `TBD`, `ARR`, `Arranged`...

    >>> no_set_time("TBD"), no_set_time("N/A"), no_set_time("9:00am - 9:50am")
    (True, True, False)
    """
    return bool(NO_SET_TIME.fullmatch(text))


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock time as written: hour and minute, "a"/"p" or "" when no half of the day is
    given, and whether the hour has two digits (`09:00`, a 24-hour clock's way)."""

    text: str
    hour: int
    minute: int
    half: str
    padded: bool

    def time(self, half: str) -> time:
        """The time of day, reading the hour on a 12-hour clock with `half` ("a", "p") or, with
        `half` "", on a 24-hour clock; ValueError when no such time exists."""
        if half:
            if not (1 <= self.hour <= 12 and self.minute < 60):
                raise ValueError(f"{self.text!r} is not a possible time of day")
            return time(self.hour % 12 + (12 if half == "p" else 0), self.minute)
        if not (self.hour < 24 and self.minute < 60):
            raise ValueError(f"{self.text!r} is not a possible time of day")
        return time(self.hour, self.minute)


def read_clock(text: str, *, twenty_four: bool = False) -> Clock:
    """`text` as written; ValueError naming it and the forms read when it is no clock time at
    all. A three-digit time (`800`) is read as H MM only on a 24-hour clock (`twenty_four`)."""
    military = MILITARY.fullmatch(text)
    if military:  # `0900`, `1330`: a 24-hour clock written without its colon
        return Clock(text, int(military[1]), int(military[2]), "", True)
    stripped = STRIPPED_MILITARY.fullmatch(text)
    if stripped and twenty_four:  # `800`: `0800` with its leading zero dropped
        return Clock(text, int(stripped[1]), int(stripped[2]), "", True)
    match = CLOCK.match(text)
    if not match or (match["minute"] is None and not match["half"] and not match["noon"]):
        raise ValueError(not_a_clock(text))
    if match["noon"]:
        return Clock(text, 12, 0, "p", False)
    hour = match["hour"]
    return Clock(text, int(hour), int(match["minute"] or 0), (match["half"] or "").lower(), len(hour) == 2)


def not_a_clock(text: str) -> str:
    """Why `text` is no clock time: the forms that are read, and for a three-digit time (`800`)
    when it would be."""
    why = f"{text!r} is not {CLOCK_EXAMPLES}"
    if STRIPPED_MILITARY.fullmatch(text):
        why += (
            " (a three-digit time such as '800' is read as 08:00 only in a file that writes four-digit 24-hour "
            "times such as '0800' or '1330' elsewhere and no am/pm)"
        )
    return why


def twelve_hour(text: str) -> time:
    """'1:05pm' / '8:25 AM' / '9am' → time; ValueError naming the text when it is no such time."""
    clock = read_clock(text)
    if not clock.half:
        raise ValueError(f"{text!r} has no am/pm; expected a 12-hour time such as '1:00pm'")
    return clock.time(clock.half)


# the dates a registrar's export writes, all unambiguous: US month first (`08/26/2025`,
# `8/26/25`), ISO (`2025-08-26`), and the month by name (`Aug 26, 2025`, `August 26 2025`,
# `26-Aug-2025`, Banner's `26-AUG-25`), and `20250826`; a date-time at midnight is its date
# (`2025-08-26 00:00:00`, `2025-08-26T00:00`, `8/26/2025 0:00`, `8/26/2025 12:00:00 AM`); a
# day-first `26/08/2025` is not read (`03/04/2025` would be a guess)
DATE_FORMATS = (
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
)
# the same with the day first (`26/08/2025`), for a file that shows it writes them so (`file_day_first`)
DAY_FIRST_FORMATS = tuple(f.replace("%m/%d/", "%d/%m/") for f in DATE_FORMATS)
SLASH_DATE = re.compile(r"(?<![0-9/])([0-9]{1,2})/([0-9]{1,2})/[0-9]{2,4}(?![0-9/])")
DATE_EXAMPLES = "'08/26/2025', '2025-08-26' or 'Aug 26, 2025'"
MIDNIGHT = re.compile(
    r"(?<=[0-9])(?:T|\s)(?:0?0:00|12:00(?=(?::00(?:\.0+)?)?\s?am$))(?::00(?:\.0+)?)?(?:\s?am)?$", re.I
)
COMPACT_DATE = re.compile(r"[0-9]{8}")  # `20250826`
DATE_SEPARATOR = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b|\bthrough\b|\bthru\b)\s*", re.IGNORECASE)


def parse_date(text: str, formats: tuple[str, ...] = DATE_FORMATS) -> date:
    """The first format that reads `text` (`Sept` read as `Sep`); ValueError naming the text
    otherwise.

    >>> parse_date("2025-08-26"), parse_date("Aug 26, 2025"), parse_date("8/26/25")
    (datetime.date(2025, 8, 26), datetime.date(2025, 8, 26), datetime.date(2025, 8, 26))
    """
    cleaned = re.sub(r"\bsept\b", "Sep", " ".join(text.split()), flags=re.IGNORECASE)
    cleaned = MIDNIGHT.sub("", cleaned)
    if COMPACT_DATE.fullmatch(cleaned):
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    for fmt in formats:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date such as {DATE_EXAMPLES}")


def file_day_first(cells: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(where, cell) of a date that reads only day first (`26/08/2025`) when the (where, cell)
    pairs of a file's date columns show it writes its dates so: such a date, and none that
    reads only month first (`08/26/2025`); else None.

    >>> file_day_first([("line 2", "26/08/2025 - 09/12/2025"), ("line 3", "01/09/2025 - 05/09/2025")])
    ('line 2', '26/08/2025 - 09/12/2025')
    >>> file_day_first([("line 2", "26/08/2025 - 09/12/2025"), ("line 3", "08/26/2025 - 12/09/2025")]) is None
    True
    """
    found = None
    for where, cell in cells:
        for match in SLASH_DATE.finditer(cell):
            first, second = int(match[1]), int(match[2])
            if second > 12:
                return None  # month first somewhere: the file is not day first
            if found is None and 12 < first <= 31:
                found = (where, cell)
    return found


def date_range(text: str, formats: tuple[str, ...] = DATE_FORMATS) -> tuple[date, date]:
    """'08/26/2025 - 12/09/2025' → (first, last), not checked for order. The two dates may be
    joined by a hyphen with or without spaces, an en or em dash, "to" or "through"; a split
    is used only where both sides read as dates, so ISO dates' own hyphens are no separator.

    >>> date_range("2025-08-26 - 2025-12-09") == date_range("Aug 26, 2025 to Dec 9, 2025")
    True

    A single date is a range of one day (a one-off meeting):

    >>> date_range("09/24/2025") == date_range("09/24/2025 - 09/24/2025")
    True
    """
    try:
        day = parse_date(text, formats)
    except ValueError:
        pass
    else:
        return day, day
    for match in DATE_SEPARATOR.finditer(text):
        first, last = text[: match.start()].strip(), text[match.end() :].strip()
        if not (first and last):
            continue
        try:
            return parse_date(first, formats), parse_date(last, formats)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date range 'FIRST - LAST' with dates such as {DATE_EXAMPLES}")


def time_range(text: str, *, twenty_four: bool = False) -> tuple[time, time]:
    """'8:25 am - 9:15 am' → (start, end), not checked for order. A class ending at midnight
    (`11:00pm - 12:00am`, `23:00 - 24:00`) ends at 23:59 (`midnight_end`).

    The separator may be a hyphen, an en or em dash or "to". One end without am/pm (or without
    minutes, `9-10am`) takes the other's half of the day, or the other half when that would not start before it ends
    ("11:00 - 12:15pm" starts at 11:00 am). With no am/pm at all the range is read on a
    24-hour clock only when it shows it is one (two-digit hours, `09:00 - 09:50`, or an hour
    over 12); "1:00 - 2:00" could be night or day and is refused, unless `twenty_four` says the
    file is on a 24-hour clock (it has no am/pm anywhere and 24-hour times: `file_clock`), which
    also reads a three-digit time as H MM (`800 - 850`: Excel dropped the zero of `0800`).
    """
    parts = RANGE_SEPARATOR.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a time range 'START - END'")
    for i in (0, 1):  # `9 - 10:15am`, `9-10am`: a bare hour takes the other end's am/pm
        if BARE_HOUR.fullmatch(parts[i]) and CLOCK.match(parts[1 - i]) and read_clock(parts[1 - i]).half:
            parts[i] = f"{parts[i].strip()}:00"
    start, end = read_clock(parts[0], twenty_four=twenty_four), read_clock(parts[1], twenty_four=twenty_four)
    if (end.hour, end.minute, end.half) == (24, 0, ""):  # `24:00`: the end of the day on a 24-hour clock
        end = Clock(end.text, 0, 0, "", True)
    first, last = read_range(start, end, text, twenty_four)
    return first, midnight_end(first, last)


def read_range(start: Clock, end: Clock, text: str, twenty_four: bool) -> tuple[time, time]:
    """The times of `time_range`'s two ends, the halves of the day worked out."""
    if not start.half and not end.half:
        if not ((start.padded and end.padded) or max(start.hour, end.hour) > 12 or twenty_four):
            raise ValueError(
                f"{text!r} has no am/pm; expected a 12-hour time such as '1:00pm' or a 24-hour time "
                "with two-digit hours such as '09:00' or '13:00'"
            )
        return start.time(""), end.time("")
    if not start.half:
        other = "a" if end.half == "p" else "p"
        first = start.time(end.half)
        return (first if first < end.time(end.half) else start.time(other)), end.time(end.half)
    if not end.half:
        other = "a" if start.half == "p" else "p"
        last = end.time(start.half)
        return start.time(start.half), (last if last > start.time(start.half) else end.time(other))
    return start.time(start.half), end.time(end.half)


END_OF_DAY = time(23, 59)  # where a class ending at midnight ends: a time of day has no 24:00


def midnight_end(start: time, end: time) -> time:
    """`end`, or 23:59 when it is midnight (00:00) and the class starts in the evening (18:00 or
    later, as `meeting_problem` reads a class past midnight): it ends at the end of that day
    (`11:00pm - 12:00am`), one minute early, which no clash or preference can tell apart. An
    earlier start stays refused as ending before it starts (`9:00am - 12:00am` is more likely
    noon mistyped than a 15-hour class), and 00:00 to 00:00 as a placeholder."""
    return END_OF_DAY if end == time(0, 0) and start.hour >= 18 else end


# an am/pm (or noon) written anywhere in a cell: `1:00pm`, `9:30 a.m.`, `9:00a - 9:50a`, `12 noon`
CLOCK_HALF = re.compile(r"[0-9]\s*[ap](?:\.?m\b\.?|\b)|\bnoon\b", re.IGNORECASE)


# a clock time inside a cell, with its am/pm if any: "1:00pm", "13:00", "9:30 a.m."
CLOCK_IN_TEXT = re.compile(
    r"(?<![0-9:])([0-9]{1,2}):([0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?(?![0-9])\s*([ap](?:\.?m\b\.?|\b))?", re.IGNORECASE
)


# a four-digit 24-hour time with no colon, a cell of its own or an end of a range: `1330`, `0800 - 0850`
FOUR_DIGIT_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3])[0-5][0-9]")
FOUR_DIGIT_RANGE = re.compile(
    r"(?<![0-9:])(?:[01][0-9]|2[0-3])[0-5][0-9]\s*(?:-|\u2013|\u2014|\bto\b)\s*(?:[01][0-9]|2[0-3])[0-5][0-9](?![0-9:])",
    re.IGNORECASE,
)


def file_clock(cells: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(where, cell) of a 24-hour time when the (where, cell) pairs of a file's time columns show
    a 24-hour clock: no am/pm anywhere, and a time past 12 without am/pm (`13:00`) or a four-digit
    time with no colon (`1330`, `0800`, a cell of its own or in a range); else None.

    >>> file_clock([("line 2", "MoWe 9:30 - 10:45"), ("line 3", "Tu 13:00 - 14:15")])
    ('line 3', 'Tu 13:00 - 14:15')
    >>> file_clock([("line 2", "800"), ("line 3", "1330")])
    ('line 3', '1330')
    >>> file_clock([("line 2", "MoWe 9:30 - 10:45"), ("line 3", "Tu 1:00pm - 2:15pm")]) is None
    True
    """
    found = None
    for where, cell in cells:
        for match in CLOCK_IN_TEXT.finditer(cell):
            if match[3]:
                return None  # a 12-hour clock somewhere: nothing is known of the others
            if found is None and 12 < int(match[1]) < 24:
                found = (where, cell)
        if found is None and (FOUR_DIGIT_CLOCK.fullmatch(cell.strip()) or FOUR_DIGIT_RANGE.search(cell)):
            if not re.search(r"(?<![a-z])[ap]\.?m\b", cell, re.IGNORECASE):
                found = (where, cell)
    return found


def meeting_problem(start: time, end: time, first: date | None, last: date | None) -> str:
    """Why a timed meeting cannot be scheduled ('' when it can): placeholder, end before start,
    last date before first."""
    if start == end == time(0, 0):
        return "placeholder meeting 12:00am - 12:00am"
    if start == end:
        return f"zero-length meeting at {start:%H:%M}"
    if end < start and start.hour >= 18 and end.hour < 6:  # 11:00pm - 1:00am: past midnight
        return (
            f"end {end:%H:%M} is before start {start:%H:%M}: the meeting runs past midnight, and a meeting "
            "must end on the day it starts (list the hours after midnight as a meeting of the next day)"
        )
    if end < start:
        return f"end {end:%H:%M} is before start {start:%H:%M}"
    if first and last and last < first:
        return f"last date {last} is before first date {first}"
    return ""


# the longest a class may meet in one day without a warning: the real catalogs' longest are
# 12-hour clinical shifts (UVA's NUCO 4210, 07:00 to 19:00), while an am/pm mistyped adds 12
# hours to a class (`10:00am - 10:50pm`, `12:00am - 12:50pm`: 12 h 50 min)
LONGEST_MEETING_MINUTES = 12 * 60


def long_meeting_problem(start: time, end: time) -> str:
    """Why a meeting from `start` to `end` looks mistyped ('' when it does not): over
    LONGEST_MEETING_MINUTES long, as an am/pm typo makes it, with the two readings that typo
    could hide.

    >>> long_meeting_problem(time(0), time(12, 50))[:52]
    '00:00 to 12:50 is 12 h 50 min long, over 12 hours (t'
    >>> long_meeting_problem(time(7), time(19))
    ''
    """
    minutes = (end.hour - start.hour) * 60 + end.minute - start.minute
    if minutes <= LONGEST_MEETING_MINUTES:
        return ""
    readings = (  # the end's pm mistyped, or the start's am
        f"{start:%H:%M} to {end.hour - 12:02d}:{end.minute:02d}",
        f"{start.hour + 12:02d}:{start.minute:02d} to {end:%H:%M}",
    )
    length = f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"
    hint = f" ({' or '.join(readings)} would be {minutes - 12 * 60} minutes)"
    return (
        f"{start:%H:%M} to {end:%H:%M} is {length} long, over {LONGEST_MEETING_MINUTES // 60} hours (the longest "
        f"classes of the real catalogs, clinical shifts, are 12): is an am or pm mistyped?{hint}; imported as read, "
        "check its time"
    )


DAY_TOKENS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
# other spellings of days, tried when the two-letter tokens do not read a run: `MWF`, `TR`,
# `TTh`, `Mon/Wed`, `Tues Thurs`, `Monday`; the longest name wins at each place
DAY_SPELLINGS = (
    ("monday", "mon", "mo", "m"),
    ("tuesday", "tues", "tue", "tu", "t"),
    ("wednesday", "wed", "we", "w"),
    ("thursday", "thurs", "thur", "thu", "th", "r"),
    ("friday", "fri", "fr", "f"),
    ("saturday", "sat", "sa", "s"),
    ("sunday", "sun", "su", "u"),
)
DAY_NAMES = {name: day for day, names in enumerate(DAY_SPELLINGS) for name in names}
DAY_SEPARATORS = re.compile(r"[\s,/.&+]+")


def day_names(text: str) -> tuple[int, ...]:
    """The weekdays of lower-case `text` read as day names and letters, longest name first at
    each place (`mwf`, `tth`, `monwed`), or () when some letter belongs to no name."""
    days, at = set(), 0
    while at < len(text):
        name = next((text[at:end] for end in range(min(len(text), at + 9), at, -1) if text[at:end] in DAY_NAMES), "")
        if not name:
            return ()
        days.add(DAY_NAMES[name])
        at += len(name)
    return tuple(sorted(days))


# Banner's one letter a day, in the week's order: `MTWRF`, `TR`, `SU` (Saturday and Sunday)
DAY_LETTERS = "mtwrfsu"


def weekdays(text: str, letters: bool | None = None) -> tuple[int, ...]:
    """The weekdays `text` names, as two-letter tokens (`MoWeFr`, `Tu Th`, any case) or other
    spellings (`MWF`, `TR`, `TTh`, `Mon/Wed`), or () when some part of it names no day.

    >>> weekdays("TuTh"), weekdays("M W F"), weekdays("Xy"), weekdays("Mon-Fri")
    ((1, 3), (0, 2, 4), (), (0, 1, 2, 3, 4))

    A run of one letter a day (`M T W R F S U`, Banner's) can read otherwise as names: `SU` is
    Saturday and Sunday that way, Sunday as a two-letter token; `MTWRFSU` keeps its Saturday
    only that way. `letters` is the file's way (`file_day_letters`): True reads such a run a
    letter a day; False or None (the file does not tell) the names' way first, and a letter a
    day only when the names cannot read it (`day_letters_ambiguous` words the warning):

    >>> weekdays("SU"), weekdays("SU", letters=True), weekdays("MTWRFSU", letters=True)
    ((6,), (5, 6), (0, 1, 2, 3, 4, 5, 6))
    """
    spanned = day_span(text)
    if spanned:
        return spanned
    single = day_letters(text)
    if single and letters:
        return single
    joined = DAY_SEPARATORS.sub("", text)
    return two_letter_days(joined) or day_names(joined.lower()) or single


def two_letter_days(letters: str) -> tuple[int, ...]:
    """The weekdays of `letters` read as two-letter tokens (`MoWeFr`, `TUTH`), or ()."""
    tokens = re.findall(r"..?", letters)
    if tokens and all(token.lower() in DAY_TOKENS for token in tokens):
        return tuple(sorted({DAY_TOKENS[token.lower()] for token in tokens}))
    return ()


def day_letters(text: str) -> tuple[int, ...]:
    """The weekdays of `text` read one letter a day (`MTWRFSU`, `S U`): letters apart, or one run
    of them in one case and in the week's order (`FR` is not: Friday's two letters); else ()."""
    parts = [p for p in DAY_SEPARATORS.split(text.strip()) if p]
    if parts and all(len(p) == 1 and p.lower() in DAY_LETTERS for p in parts):
        return tuple(sorted({DAY_LETTERS.index(p.lower()) for p in parts}))
    if len(parts) != 1:
        return ()  # `M TU`, `MW SU`: a part of several letters is a name, not letters run together
    run = parts[0]
    if len(run) < 2 or not (run.isupper() or run.islower()) or not all(c in DAY_LETTERS for c in run.lower()):
        return ()
    days = [DAY_LETTERS.index(c) for c in run.lower()]
    return tuple(days) if all(a < b for a, b in zip(days, days[1:], strict=False)) else ()


def file_day_letters(cells: Iterable[str]) -> bool | None:
    """Whether a file writes one letter a day (Banner's `MTWRF`, `TR`, where `SU` is the weekend):
    True when some cell writes Thursday `R` or Sunday `U` in a run of letters (`TR`, `MWRF`);
    False when some cell reads only as names or two-letter tokens (`TTh`, `MOWE`, `SA`, `Tues`);
    None when no cell tells, or cells tell both."""
    said = set()
    for text in cells:
        if day_span(text):
            continue
        single = day_letters(text)
        joined = DAY_SEPARATORS.sub("", text)
        if single and any(c in "RrUu" for c in joined) and not two_letter_days(joined):
            said.add(True)
        elif not single and (two_letter_days(joined) or day_names(joined.lower())):
            said.add(False)
    return said.pop() if len(said) == 1 else None


def day_letters_ambiguous(text: str, letters: bool | None = None) -> str:
    """Why `text` reads two ways ("" when it does not, or the file's way, `letters`, settles it),
    for the caller to warn about: one letter a day (`SU`: Saturday and Sunday) or as names
    (`SU`: Sunday), read the names' way."""
    if letters is not None:
        return ""
    single = day_letters(text)
    read = weekdays(text)
    if not single or day_span(text) or single == read:
        return ""
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    written = "".join(WEEKDAY_TOKENS[d] for d in read)
    return (
        f"days {text!r} are read as {' and '.join(names[d] for d in read)}; one letter a day (M T W R F S U) "
        f"they would be {' and '.join(names[d] for d in single)}, and nothing else in the file says which it "
        f"uses (written {written!r} they could not be misread)"
    )


WEEKDAY_TOKENS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def day_span(text: str) -> tuple[int, ...]:
    """The weekdays of a span of days such as `M-F`, `Mon - Fri` or `Mo-Th` (first to last, in
    the week's order), or () when `text` is no span of two single days.

    >>> day_span("M-F"), day_span("Sat-Sun"), day_span("MoWe")
    ((0, 1, 2, 3, 4), (5, 6), ())
    """
    match = re.fullmatch(r"\s*([A-Za-z]+)\.?\s*[-\u2013]\s*([A-Za-z]+)\.?\s*", text)
    if not match:
        return ()
    first, last = (weekdays(part) for part in match.groups())
    if len(first) != 1 or len(last) != 1 or last[0] <= first[0]:
        return ()
    return tuple(range(first[0], last[0] + 1))
