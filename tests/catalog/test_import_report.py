"""An import's report read back from its stored dict renders as the command printed it."""

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
