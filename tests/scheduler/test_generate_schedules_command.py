"""The generate_schedules command: same service as the API, grids or JSON in the terminal."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_catalog():
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate_schedules", *args, stdout=out)
    return out.getvalue()


def test_it_prints_ranked_schedules_as_weekly_grids():
    # when
    output = run(
        "--term",
        "2026-fall",
        "--course",
        "CS 1110",
        "--course",
        "CHEM 1410",
        "--busy",
        "MW 7:00-9:00+60",
        "--prefer",
        "free_days=F@20",
        "-k",
        "2",
    )
    # then
    assert "proven optimal" in output
    assert "#1  score" in output and "#2  score" in output
    assert "Mo" in output and "Fr" in output
    assert "CHEM1410 LEC" in output
    assert "09:00 CHEM1410" not in output  # Monday/Wednesday are blocked until 10:00


def test_each_schedules_breakdown_says_which_classes_and_days_its_points_come_from():
    # given: every weekday wanted free, so the best schedule pays for the days it has classes on
    args = ("--term", "2026-fall", "--course", "CS 1110", "--course", "CHEM 1410", "--prefer", "free_days=MTWRF@5")
    # when
    output, data = run(*args, "-k", "1"), json.loads(run(*args, "-k", "1", "--json"))
    # then: the days and the classes on them, as the JSON's breakdown_sources has them
    best = data["results"][0]
    source = best["breakdown_sources"]["free_days"]
    named = {s["id"]: f"{s['course']} {s['component']} {s['code']}" for s in best["sections"]}
    said = f"{'/'.join(source['days'])}: {', '.join(named[i] for i in source['sections'])}"
    assert len(source["days"]) == best["score"] // 5 and len(source["sections"]) == 4
    assert f"#1  score {best['score']}  (free_days {best['score']} [{said}])" in output


def test_a_busy_time_taking_part_in_idle_gaps_is_named_in_the_breakdown():
    # given: a busy time every weekday 6:00-7:00, before any class, and compact days wanted
    args = ("--term", "2026-fall", "--course", "CS 1110", "--busy", "MTWRF 6:00-7:00", "--prefer", "compact")
    # when
    output, data = run(*args, "-k", "1"), json.loads(run(*args, "-k", "1", "--json"))
    # then: named by the label the web path gives an unnamed busy time, its days and times
    best = data["results"][0]
    (label,) = best["breakdown_sources"]["gaps"]["busy"]
    assert "06:00-07:00" in label
    assert f"; busy time {label}]" in output


def test_it_says_which_sections_can_be_in_a_valid_schedule():
    # when: CS 1110 lecture 001 meets MoWeFr 9:00, inside the busy block and its hour of rest
    output = run("--term", "2026-fall", "--course", "CS 1110", "--busy", "MW 7:00-9:00+60", "-k", "1")
    # then
    lines = output.split("Sections that can be in a valid schedule:")[1].splitlines()
    assert [line.split() for line in lines if line.strip()] == [
        ["CS", "1110", "LAB", "6", "of", "6"],
        ["CS", "1110", "LEC", "2", "of", "3;", "not", "001"],
    ]


def test_json_output_carries_the_results_and_the_proof():
    data = json.loads(
        run(
            "--term",
            "2026-fall",
            "--course",
            "MATH 1310",
            "--elective",
            "1 of ARTS 2050,MUSI 1310",
            "--json",
            "-k",
            "3",
        )
    )

    assert data["status"] == "succeeded" and data["proven_optimal"] is True
    assert len(data["results"]) == 3
    for schedule in data["results"]:
        courses = {s["course"] for s in schedule["sections"]}
        assert "MATH 1310" in courses and len(courses & {"ARTS 2050", "MUSI 1310"}) == 1


def test_an_impossible_request_prints_the_explanation_and_fails():
    with pytest.raises(CommandError, match="generation"):
        out = StringIO()
        try:
            call_command(
                "generate_schedules",
                "--term",
                "2026-fall",
                "--course",
                "MUSI 1310",
                "--busy",
                "T 18:00-22:00",
                stdout=out,
            )
        finally:
            assert "Nothing fits" in out.getvalue()
            assert "drop the busy time" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--busy", "someday 9-10"], "expected 'DAYS HH:MM-HH:MM"),
        (["--elective", "A,B"], "expected 'K of A,B,C'"),
        (["--prefer", "compact@lots"], "whole number"),
        (["--course", "NOPE 1"], "unknown course"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        run("--term", "2026-fall", "--course", "CS 1110", *args)


@pytest.mark.parametrize(
    ("prefer", "message"),
    [
        ("no_classes_before=10", r"expected no_classes_before\[=HH:MM\]"),
        ("no_classes_after=ab:cd", r"expected no_classes_after\[=HH:MM\]"),
        ("lunch=noon", r"expected lunch\[=HH:MM-HH:MM"),
        ("max_in_a_row=3h", r"expected max_in_a_row\[=MINUTES\]"),
        ("instructors=Ada Byron", r"\+ to prefer, - to avoid"),
        ("compact=yes", r"compact\[@WEIGHT\] \(no value\)"),
        ("no_class_before=10:00", "no preference 'no_class_before'; one of no_classes_before"),
        ("bogus", "no preference 'bogus'"),
    ],
)
def test_a_malformed_or_unknown_preference_is_refused_with_its_expected_form(prefer, message):
    # an unknown name used to be dropped without a word, a malformed value to end in a traceback
    with pytest.raises(CommandError, match=message):
        run("--term", "2026-fall", "--course", "CS 1110", "--prefer", prefer)


def test_an_invalid_request_names_each_field_by_its_dotted_path():
    with pytest.raises(CommandError) as raised:
        run("--term", "2026-fall", "--course", "CS 1110", "--elective", "2 of ARTS 2050", "--busy", "M 10:00-9:00")
    # then: the API's dotted paths, not a JSON dump of nested dictionaries
    assert str(raised.value) == (
        "invalid request: electives.0.pick: cannot pick 2 of 1 course (ARTS 2050); "
        "busy.0.end: end 09:00 is not after start 10:00"
    )
