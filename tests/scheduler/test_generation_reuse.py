"""An identical request is answered from an earlier job only when that job's answer is complete."""

import pytest
from django.core.management import call_command

from catalog.models import Term
from scheduler import services
from scheduler.api.serializers import GenerationRequestSerializer
from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

REQUEST = {"term": "2026-fall", "courses": ["CS 1110", "CHEM 1410", "MATH 1310"], "k": 3}


@pytest.fixture(autouse=True)
def demo_catalog():
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


def validated(request: dict) -> tuple[Term, dict]:
    """The request's term, and the request as the API stores it (validated, normalised)."""
    serializer = GenerationRequestSerializer(data=request)
    assert serializer.is_valid(), serializer.errors
    return Term.objects.get(code=request["term"]), serializer.normalised()


def solved(request: dict) -> GenerationJob:
    term, normalised = validated(request)
    return services.generation_request_solve(term_id=term.pk, request=normalised)


def test_an_answer_cut_short_by_the_engines_budget_is_not_reused_and_a_complete_one_is(settings):
    # given: an answer cut short by the node budget
    settings.CLASSTIME_ENGINE_MAX_NODES = 1
    short = solved(REQUEST)
    settings.CLASSTIME_ENGINE_MAX_NODES = 200_000
    # when: the same request twice with the budget back
    again, third = solved(REQUEST), solved(REQUEST)
    # then: the engine answers it again, fully, and that answer is reused
    assert (short.status, short.proven_optimal) == ("succeeded", False)
    assert (again.reused_from, again.proven_optimal) == (None, True)
    assert third.reused_from == again and third.results == again.results


def test_an_answer_whose_viability_was_not_known_within_the_budget_is_not_reused():
    # given: a proven answer whose viability check found no time left (a tight deadline)
    first = solved(REQUEST)
    unknown = [{**c, "sections": [{**s, "viable": None} for s in c["sections"]]} for c in first.viability]
    GenerationJob.objects.filter(pk=first.pk).update(viability=unknown)
    # when
    again = solved(REQUEST)
    # then
    assert first.proven_optimal is True
    assert again.reused_from is None and all(s["viable"] is not None for c in again.viability for s in c["sections"])


def test_an_impossible_requests_complete_explanation_is_reused():
    # given: busy all day every weekday, so nothing fits, and the explanation says why in full
    impossible = {**REQUEST, "busy": [{"days": ["Mo", "Tu", "We", "Th", "Fr"], "start": "07:00", "end": "22:00"}]}
    first = solved(impossible)
    # when
    again = solved(impossible)
    # then
    assert first.explanation is not None and first.proven_optimal is True
    assert again.reused_from == first


@pytest.mark.parametrize(
    ("max_nodes", "cut_short"),
    [
        (2, None),  # none: the budget ran out before the engine could say why
        (5, "(The node budget ran out before this list was made minimal.)"),
        (15, "(The node budget ran out before every change of one requirement was tried.)"),
    ],
)
def test_an_impossible_requests_answer_the_budget_left_unexplained_or_cut_short_is_not_reused(
    settings, max_nodes, cut_short
):
    # given: nothing fits (busy every weekday), proven so, but the node budget ran out in the explanation
    impossible = {**REQUEST, "busy": [{"days": ["Mo", "Tu", "We", "Th", "Fr"], "start": "07:00", "end": "22:00"}]}
    settings.CLASSTIME_ENGINE_MAX_NODES = max_nodes
    short = solved(impossible)
    # when: the same request again, with the same budget and then with the default one
    again = solved(impossible)
    settings.CLASSTIME_ENGINE_MAX_NODES = 200_000
    full = solved(impossible)
    # then: answered anew each time, and the full answer's explanation says it is complete
    assert (short.results, short.proven_optimal) == ([], True)
    if cut_short is None:
        assert short.explanation is None
    else:
        assert short.explanation["message"].endswith(cut_short) and short.explanation["complete"] is False
    assert again.reused_from is None and full.reused_from is None
    assert full.explanation["complete"] is True and "budget" not in full.explanation["message"]
