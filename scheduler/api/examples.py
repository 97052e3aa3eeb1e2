"""Examples of the generation endpoints' answers in the OpenAPI schema, taken from a run on the
demo catalog (`make run`): CS 1110 and MATH 1310 with practice Monday and Wednesday until 9:00
plus an hour of rest, Friday free; then MUSI 1310 against an evening of work. Ids, times, the
engine's milliseconds and the catalog version are fixed; nothing else is edited."""

from drf_spectacular.utils import OpenApiExample

from scheduler.api.saved import BASE

SUCCEEDED = {
    "id": "3f0c2a9e-8d1b-4c55-9a51-2b7d0f6e4c11",
    "url": f"{BASE}/api/v1/generations/3f0c2a9e-8d1b-4c55-9a51-2b7d0f6e4c11/",
    "status": "succeeded",
    "institution": "demo",
    "term": "2026-fall",
    "catalog_version": 2,
    "request": {
        "courses": ["CS 1110", "MATH 1310"],
        "electives": [],
        "busy": [
            {
                "days": ["Mo", "We"],
                "start": "07:00",
                "end": "09:00",
                "buffer_before": 0,
                "buffer_after": 60,
                "first_date": None,
                "last_date": None,
                "label": "practice",
            }
        ],
        "pinned": [],
        "excluded": [],
        "preferences": {"free_days": {"weight": 20, "days": ["Fr"]}},
        "k": 1,
        "strategy": "exact",
        "back_to_back_minutes": 15,
        "filters": {"open_seats_only": False, "campuses": [], "modalities": [], "excluded_instructors": []},
    },
    "attempts": 1,
    "created_at": "2026-08-03T09:41:00Z",
    "started_at": "2026-08-03T09:41:00.150000Z",
    "finished_at": "2026-08-03T09:41:00.180000Z",
    "engine_ms": 0.52,
    "nodes": 7,
    "proven_optimal": True,
    "strategy": "exact",
    "reused": False,
    "error": "",
    "results": [
        {
            "rank": 1,
            "score": 0,
            "breakdown": {"free_days": 0},
            "breakdown_sources": {},
            "sections": [
                {
                    "id": "40004",
                    "course": "CS 1110",
                    "title": "Introduction to Programming",
                    "component": "LAB",
                    "component_name": "Laboratory",
                    "code": "101",
                    "status": "waitlist",
                    "capacity": 25,
                    "enrolled": 25,
                    "instructors": ["Ana Lopez"],
                    "campus": "Main",
                    "modality": "in_person",
                    "notes": "",
                    "meetings": [
                        {
                            "days": ["Mo"],
                            "start": "14:00",
                            "end": "15:15",
                            "first_date": "2026-08-24",
                            "last_date": "2026-12-11",
                            "location": "Rice Hall 011",
                            "kind": "weekly",
                        }
                    ],
                    "alternatives": [],
                    "alternative_notes": {},
                },
                {
                    "id": "40003",
                    "course": "CS 1110",
                    "title": "Introduction to Programming",
                    "component": "LEC",
                    "component_name": "Lecture",
                    "code": "003",
                    "status": "open",
                    "capacity": 150,
                    "enrolled": 90,
                    "instructors": ["Grace Hopper"],
                    "campus": "Main",
                    "modality": "in_person",
                    "notes": "",
                    "meetings": [
                        {
                            "days": ["Tu", "Th"],
                            "start": "14:00",
                            "end": "15:15",
                            "first_date": "2026-08-24",
                            "last_date": "2026-12-11",
                            "location": "Chemistry Bldg 402",
                            "kind": "weekly",
                        }
                    ],
                    "alternatives": [],
                    "alternative_notes": {},
                },
                {
                    "id": "40026",
                    "course": "MATH 1310",
                    "title": "Calculus I",
                    "component": "DIS",
                    "component_name": "Discussion",
                    "code": "101",
                    "status": "open",
                    "capacity": 30,
                    "enrolled": 20,
                    "instructors": ["Kai Tanaka"],
                    "campus": "Main",
                    "modality": "in_person",
                    "notes": "",
                    "meetings": [
                        {
                            "days": ["Tu"],
                            "start": "08:00",
                            "end": "08:50",
                            "first_date": "2026-08-24",
                            "last_date": "2026-12-11",
                            "location": "Kerchof Hall 111",
                            "kind": "weekly",
                        }
                    ],
                    "alternatives": [],
                    "alternative_notes": {},
                },
                {
                    "id": "40025",
                    "course": "MATH 1310",
                    "title": "Calculus I",
                    "component": "LEC",
                    "component_name": "Lecture",
                    "code": "003",
                    "status": "open",
                    "capacity": 30,
                    "enrolled": 20,
                    "instructors": ["Emmy Noether"],
                    "campus": "Main",
                    "modality": "in_person",
                    "notes": "",
                    "meetings": [
                        {
                            "days": ["Tu", "Th"],
                            "start": "11:00",
                            "end": "12:15",
                            "first_date": "2026-08-24",
                            "last_date": "2026-12-11",
                            "location": "Kerchof Hall 317",
                            "kind": "weekly",
                        }
                    ],
                    "alternatives": [],
                    "alternative_notes": {},
                },
            ],
            "tba": [],
            "warnings": [],
            "credits": {"min": 7.0, "max": 7.0, "unknown": []},
        }
    ],
    "explanation": None,
    "viability": [
        {
            "course": "CS 1110",
            "component": "LAB",
            "component_name": "Laboratory",
            "sections": [
                {"id": "40004", "code": "101", "status": "waitlist", "viable": True},
                {"id": "40005", "code": "102", "status": "open", "viable": True},
                {"id": "40006", "code": "103", "status": "open", "viable": True},
                {"id": "40007", "code": "104", "status": "open", "viable": True},
                {"id": "40008", "code": "105", "status": "open", "viable": True},
                {"id": "40009", "code": "106", "status": "open", "viable": True},
            ],
        },
        {
            "course": "CS 1110",
            "component": "LEC",
            "component_name": "Lecture",
            "sections": [
                {"id": "40001", "code": "001", "status": "open", "viable": False},
                {"id": "40002", "code": "002", "status": "closed", "viable": True},
                {"id": "40003", "code": "003", "status": "open", "viable": True},
            ],
        },
        {
            "course": "MATH 1310",
            "component": "DIS",
            "component_name": "Discussion",
            "sections": [
                {"id": "40026", "code": "101", "status": "open", "viable": True},
                {"id": "40027", "code": "102", "status": "open", "viable": True},
                {"id": "40028", "code": "103", "status": "open", "viable": True},
                {"id": "40029", "code": "104", "status": "open", "viable": True},
            ],
        },
        {
            "course": "MATH 1310",
            "component": "LEC",
            "component_name": "Lecture",
            "sections": [
                {"id": "40023", "code": "001", "status": "open", "viable": False},
                {"id": "40024", "code": "002", "status": "open", "viable": True},
                {"id": "40025", "code": "003", "status": "open", "viable": True},
            ],
        },
    ],
}

NOTHING_FITS = {
    "results": [],
    "explanation": {
        "message": "Every MUSI 1310 LEC section clashes with the busy time work.",
        "complete": True,
        "conflicts": [
            {"kind": "course", "ref": "MUSI 1310", "label": "MUSI 1310"},
            {"kind": "busy", "ref": "0", "label": "work"},
        ],
        "repairs": [
            {"description": "drop the busy time work", "best_score": 0, "drops": [{"kind": "busy", "ref": "0"}]},
        ],
    },
    "viability": [
        {
            "course": "MUSI 1310",
            "component": "LEC",
            "component_name": "Lecture",
            "sections": [{"id": "40042", "code": "001", "status": "open", "viable": False}],
        }
    ],
}


REQUEST = {key: SUCCEEDED["request"][key] for key in ("courses", "busy", "preferences", "k")} | {"term": "2026-fall"}
IMPOSSIBLE_REQUEST = {
    "term": "2026-fall",
    "courses": ["MUSI 1310"],
    "busy": [{"days": ["Tu"], "start": "18:00", "end": "22:00", "label": "work"}],
}
QUEUED = SUCCEEDED | {
    "status": "queued",
    "attempts": 0,
    "started_at": None,
    "finished_at": None,
    "engine_ms": None,
    "nodes": None,
    "proven_optimal": None,
    "strategy": None,
    "results": None,
    "explanation": None,
    "viability": None,
}
CANCELLED = QUEUED | {"status": "cancelled", "finished_at": "2026-08-03T09:41:02Z"}
NOTHING_FITS_JOB = (
    SUCCEEDED
    | NOTHING_FITS
    | {
        "request": SUCCEEDED["request"]
        | {
            "courses": ["MUSI 1310"],
            "busy": [
                {
                    "days": ["Tu"],
                    "start": "18:00",
                    "end": "22:00",
                    "buffer_before": 0,
                    "buffer_after": 0,
                    "first_date": None,
                    "last_date": None,
                    "label": "work",
                }
            ],
            "preferences": {},
            "k": 10,
        },
        "nodes": 8,
        "engine_ms": 0.28,
    }
)
BRIEF = {key: value for key, value in SUCCEEDED.items() if key not in ("results", "explanation", "viability")}


def answer(name: str, value: dict, code: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[code])


def asked(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)
