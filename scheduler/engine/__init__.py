"""Classtime's scheduling engine: pure Python, standard library only.

    from scheduler import engine
    result = engine.generate_schedules(engine.Request(courses=(...), k=10))

See docs/engine.md for the rules, the preferences and their bounds, and the search.
"""

from scheduler.engine.fit import CourseFit, course_fit
from scheduler.engine.generate import (
    BEAM_FELL_BACK,
    explain_infeasibility,
    generate_schedules,
    section_viability,
)
from scheduler.engine.travel import travel_warnings
from scheduler.engine.types import (
    EXAM,
    ONE_OFF,
    WEEKLY,
    BusyBlock,
    Component,
    Course,
    ElectiveGroup,
    Explanation,
    Filters,
    Friend,
    Meeting,
    Preferences,
    Repair,
    Request,
    Requirement,
    Result,
    Schedule,
    SchedulingError,
    Section,
    Sources,
)

# Bumped whenever the engine can answer a request differently (a rule, a cost, a tie-break, what
# scheduler/engine_input.py gives it):
# generation jobs answered by another engine version are not reused for an identical request.
ENGINE_VERSION = "2026-12-17"

__all__ = [
    "BEAM_FELL_BACK",
    "ENGINE_VERSION",
    "EXAM",
    "ONE_OFF",
    "WEEKLY",
    "BusyBlock",
    "Component",
    "Course",
    "CourseFit",
    "ElectiveGroup",
    "Explanation",
    "Filters",
    "Friend",
    "Meeting",
    "Preferences",
    "Repair",
    "Request",
    "Requirement",
    "Result",
    "Schedule",
    "SchedulingError",
    "Section",
    "Sources",
    "course_fit",
    "explain_infeasibility",
    "generate_schedules",
    "section_viability",
    "travel_warnings",
]
