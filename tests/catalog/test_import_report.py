"""An import's report read back from its stored dict renders as the command printed it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.admin import report_html
from catalog.reports import MODELS, ImportReport


def test_a_stored_report_lists_its_counts_in_the_commands_order_whatever_order_they_were_stored_in():
    # given: the counts in the order PostgreSQL's jsonb gives them back (shorter keys first)
    stored = ImportReport(
        source_name="demo.json", format="canonical", institution="demo", term="2026-fall", dry_run=False
    ).to_dict()
    stored["counts"] = {name: stored["counts"][name] for name in ("term", "course", "meeting", "section", "component")}
    stored["counts"]["institution"] = {**stored["counts"]["term"], "created": 1}
    # when
    report = ImportReport.from_dict(stored)
    lines = report.render().splitlines()
    # then
    assert list(report.counts) == list(MODELS)
    assert [line.split()[0] for line in lines[2:8]] == list(MODELS)
    assert report.counts["institution"].created == 1


def folded_file(tmp_path, rows: int = 25) -> str:
    """A sections-csv file of `rows` lectures, each with a time but no days, at two times (two folded warnings)."""
    header = "registrar_id,subject,number,title,component,section,days,start,end"
    lines = [f"{50000 + i},CS,{1000 + i},Course {i},LEC,001,,{9 + i % 2}:00 AM,{9 + i % 2}:50 AM" for i in range(rows)]
    path = tmp_path / "2025_fall.csv"
    path.write_text("\n".join((header, *lines, "")))
    return str(path)


def import_dry_run(path: str, *more: str) -> str:
    out = StringIO()
    args = ["--format", "sections-csv", "--institution", "wahoo", "--dry-run", *more]
    try:
        call_command("import_catalog", path, *args, stdout=out, stderr=StringIO())
    except CommandError:  # a guard's refusal: the dry run's report is printed first
        pass
    return out.getvalue()


@pytest.mark.django_db
def test_the_summary_counts_every_row_a_folded_warning_stands_for_under_one_reason(tmp_path):
    # given: 25 rows with a time and no days, at two times: two warnings, "(12 more like it)" and "(10 more like it)"
    path = folded_file(tmp_path)
    reason = "a time without days; kept as a meeting with no set time"
    # when
    text = import_dry_run(path)
    data = json.loads(import_dry_run(path, "--json"))
    # then
    assert f"25 × {reason}" in [line.strip() for line in text.splitlines()]
    assert not any("more like it" in line for line in text.splitlines() if " × " in line)
    folded = [w for w in data["warnings"] if w["reason"] == reason]
    assert sorted(w["more"] for w in folded) == [11, 12]
    assert all(w["message"].endswith(f"{reason} ({w['more']} more like it)") for w in folded)
    assert data["warning_reasons"][reason] == 25


def test_a_report_stored_before_the_fold_count_had_its_own_field_is_summed_the_same():
    # given: warnings as reports stored before 2026-12-09 kept them, the count in the reason
    stored = ImportReport(
        source_name="ps.csv", format="sections-csv", institution="psu", term="2025-fall", dry_run=True
    ).to_dict()
    stored["warnings"] = [
        {
            "location": "line 2",
            "message": "line 2: unknown status; taken as open",
            "reason": "unknown status; taken as open",
        },
        {
            "location": "line 3",
            "message": "line 3: unknown status; taken as open (8687 more like it)",
            "reason": "unknown status; taken as open (8687 more like it)",
        },
    ]
    # when
    lines = ImportReport.from_dict(stored).render().splitlines()
    page = report_html(stored)
    # then
    assert "Warnings (8,689 in all, listed in 2 lines):" in lines
    assert "   8,689 × unknown status; taken as open" in lines
    assert "<ul>\n<li>8,689 × unknown status; taken as open</li>\n</ul>" in page  # the admin's summary, apart
