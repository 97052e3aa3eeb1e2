"""One rule for "a schedule can take this section" in three places: the queryset filter
(`schedulable_q`, for counts and filters), the model (`Section.is_schedulable`, for the API's
`schedulable` and re-plans) and the engine's input (scheduler/engine_input.py). A section taken
with a cancelled or quarantined one (a discussion of a cancelled lecture, a lab of that
discussion) is out in all three; a withdrawn parent's link is not followed."""

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog import selectors
from catalog.models import PARENT_CHAIN, Component, Course, Section, Term
from scheduler.engine_input import engine_course
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


CHAIN = ["LAB", "SEM", "WRK", "TUT", "PRJ"]  # taken with the one before; the first with a discussion


@pytest.fixture
def term(db) -> Term:
    """The demo catalog, with CHEM 1410 linked six deep: each discussion's chain of sections
    PRJ → TUT → WRK → SEM → LAB → DIS → LEC, each taken with the next (registrar ids 49<k>0<n>
    for the k-th kind of the chain, n-th discussion)."""
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    course = Course.objects.get(subject="CHEM", number="1410")
    discussions = list(Section.objects.filter(component__course=course, component__kind="DIS").order_by("code"))
    for k, kind in enumerate(CHAIN, start=1):
        component = Component.objects.create(course=course, kind=kind, name=kind.title())
        parents, discussions = discussions, []
        for n, parent in enumerate(parents):
            discussions.append(
                Section.objects.create(
                    term=course.term,
                    component=component,
                    registrar_id=f"49{k}0{n}",
                    code=f"{kind[0]}{n}",
                    parent=parent,
                )
            )
    return course.term


def three_ways(term: Term) -> tuple[set[str], set[str], set[str]]:
    by_filter = set(Section.objects.filter(selectors.schedulable_q(), term=term).values_list("registrar_id", flat=True))
    by_model = {
        s.registrar_id for s in Section.objects.filter(term=term).select_related(PARENT_CHAIN) if s.is_schedulable
    }
    records = selectors.catalog_records(term=term)
    by_engine = {s.id for c in records.courses for comp in engine_course(c).components for s in comp.sections}
    return by_filter, by_model, by_engine


def test_a_cancelled_lecture_takes_its_discussions_and_what_goes_with_them_out_everywhere(term):
    # given: CHEM 1410 lecture 100 cancelled
    Section.objects.filter(registrar_id="40010").update(status="cancelled")
    # when
    by_filter, by_model, by_engine = three_ways(term)
    # then: its discussions 101-103 and the five links below each are out; lecture 200's stay
    out = {"40010", "40012", "40013", "40014"} | {f"49{k}0{n}" for k in range(1, 6) for n in range(3)}
    kept = {"40011", "40015", "40016", "40017"} | {f"49{k}0{n}" for k in range(1, 6) for n in range(3, 6)}
    assert by_filter == by_model == by_engine
    assert not out & by_filter
    assert kept <= by_filter


def test_a_withdrawn_parent_is_not_followed(term):
    # given: lecture 100 withdrawn (an import clears links to a withdrawn section; this one kept them)
    Section.objects.filter(registrar_id="40010").update(withdrawn_at=timezone.now())
    # when
    by_filter, by_model, by_engine = three_ways(term)
    # then: its discussions are free sections now, in every view
    assert by_filter == by_model == by_engine
    assert "40010" not in by_filter
    assert {"40012", "49100", "49200", "49500"} <= by_filter


def test_a_section_six_links_below_a_cancelled_lecture_is_out_everywhere(term):
    # given: lecture 100 cancelled, and the chain below its discussion 101 whole
    Section.objects.filter(registrar_id="40010").update(status="cancelled")
    # when
    by_filter, by_model, by_engine = three_ways(term)
    # then: the project section at the end of the chain (PRJ → TUT → WRK → SEM → LAB → DIS → LEC) is out
    assert "49500" not in by_filter | by_model | by_engine


def test_a_withdrawn_section_midway_ends_the_walk_up(term):
    # given: lecture 100 cancelled, and the workshop under its discussion 101's lab's seminar withdrawn
    Section.objects.filter(registrar_id="40010").update(status="cancelled")
    Section.objects.filter(registrar_id="49300").update(withdrawn_at=timezone.now())
    # when
    by_filter, by_model, by_engine = three_ways(term)
    # then: the tutorial and project below the workshop are free sections; those above it are out
    assert by_filter == by_model == by_engine
    assert {"49400", "49500"} <= by_filter
    assert not {"49100", "49200", "49300"} & by_filter


@pytest.mark.parametrize("seed", range(12))
def test_the_three_agree_whatever_the_registrar_cancels_quarantines_or_withdraws(term, seed):
    # given: a random tenth of the sections cancelled, quarantined or withdrawn
    rng = random.Random(seed)
    ids = sorted(Section.objects.filter(term=term).values_list("registrar_id", flat=True))
    for registrar_id in rng.sample(ids, len(ids) // 10):
        change = rng.choice(
            [{"status": "cancelled"}, {"quarantine_reason": "no meeting days"}, {"withdrawn_at": timezone.now()}]
        )
        Section.objects.filter(term=term, registrar_id=registrar_id).update(**change)
    # when
    by_filter, by_model, by_engine = three_ways(term)
    # then
    assert by_filter == by_model == by_engine
    assert len(by_filter) < len(ids)
