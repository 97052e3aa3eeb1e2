"""The building of a meeting's room, for the warning about rushed changes of building between
back-to-back classes (docs/engine.md, "Back-to-back classes in different buildings").

Pure (no Django): `scheduler/engine_input.py` reads it while building the engine's meetings.
Registrars write a room as the building's name and a room number: "Rice Hall 130", "Skiles 254",
"Chemistry Bldg Room 454", "Van Leer C341", "McLeod Hall 3026 CSLC", "Dell 1 104". Some places
have no room ("O'Hill Forum", "Georgia Tech Lorraine"); some rooms are no place ("TBA",
"Web-Based Course", "Contact Department", "By arrangement", "Online").
"""

from __future__ import annotations

import re
from functools import lru_cache

# a room that is no place: no building, so never a change of building
NO_PLACE = re.compile(
    r"^(tba|tbd|to be announced|to be arranged|arranged|by arrangement|contact department|none|n/a"
    r"|international study program|off[- ]campus)$"
    r"|\b(online|on-line|web[- ]based|virtual|remote|zoom|distance|asynchronous)\b",
    re.IGNORECASE,
)
ROOM_WORDS = {"room", "rm", "rm.", "suite", "ste", "-", "#", "no.", "–"}  # left before a dropped room number
# a spelling of one building written two ways by one registrar (Virginia: "Chemistry Bldg Room 454",
# "Chemistry Building Room 358"), so the two never read as two buildings
SPELLINGS = ((re.compile(r"\bBuilding\b", re.IGNORECASE), "Bldg"),)


@lru_cache(maxsize=4096)  # a catalog has a few hundred rooms, read for every meeting
def building_of(location: str) -> str:
    """The building of a meeting's `location`: the room number and what follows it dropped (the
    last word holding a digit, after the first word, and a "Room" before it), one building's
    spellings made one; "" when the location names no place (empty, TBA, online, web-based).

    >>> building_of("Rice Hall 130"), building_of("Chemistry Building Room 358"), building_of("Dell 1 104")
    ('Rice Hall', 'Chemistry Bldg', 'Dell 1')
    >>> building_of("McLeod Hall 2010 - Science Ctr"), building_of("O'Hill Forum"), building_of("Web-Based Course")
    ('McLeod Hall', "O'Hill Forum", '')
    """
    text = " ".join(location.split())
    if not text or NO_PLACE.search(text):
        return ""
    words = text.split(" ")
    numbered = [i for i, word in enumerate(words) if i and any(c.isdigit() for c in word)]
    if numbered:
        words = words[: numbered[-1]]
        while len(words) > 1 and words[-1].casefold() in ROOM_WORDS:
            words.pop()
    building = " ".join(words)
    for spelling, usual in SPELLINGS:
        building = spelling.sub(usual, building)
    return building
