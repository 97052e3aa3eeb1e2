import json
import re

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Section, Term
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_catalog_prints_the_change_report():
    output = run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")

    assert "section" in output and "58" in output
    assert Section.objects.count() == 58


def test_import_catalog_dry_run_writes_nothing():
    output = run("import_catalog", str(DEMO_CATALOG), "--format", "canonical", "--dry-run")

    assert "DRY RUN" in output
    assert Section.objects.count() == 0


def test_import_catalog_json_report_accounts_for_every_section():
    report = json.loads(run("import_catalog", str(DEMO_CATALOG), "--format", "canonical", "--json"))

    assert report["sections_seen"] == report["sections_imported"] + len(report["rejected"]) == 58


def test_import_catalog_fails_with_the_file_and_line_for_broken_json(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "classtime-catalog",\n "version": 1,\n')

    with pytest.raises(CommandError, match=r"broken.json: line 3"):
        run("import_catalog", str(bad), "--format", "canonical")

    assert Term.objects.count() == 0


def test_import_catalog_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import_catalog", str(tmp_path / "nope.json"), "--format", "canonical")


def test_import_catalog_says_when_it_was_given_a_folder(tmp_path):
    with pytest.raises(CommandError, match="is a folder; give the catalog file inside it"):
        run("import_catalog", str(tmp_path), "--format", "canonical")

    assert Term.objects.count() == 0


def test_import_catalog_refuses_a_file_over_the_limit(tmp_path, settings):
    settings.CLASSTIME_MAX_IMPORT_BYTES = 100

    with pytest.raises(CommandError, match="the limit is 100 bytes"):
        run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")


def test_export_catalog_writes_what_import_reads_back_unchanged(tmp_path):
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    out = tmp_path / "export.json"
    # when
    call_command("export_catalog", "--term", "2026-fall", "--output", str(out), stderr=None)
    report = json.loads(run("import_catalog", str(out), "--format", "canonical", "--json"))
    # then
    assert all(c["created"] == c["updated"] == c["withdrawn"] == 0 for c in report["counts"].values())


def test_export_catalog_names_an_unknown_term():
    with pytest.raises(CommandError, match="no term 'nope'"):
        run("export_catalog", "--term", "nope")


@pytest.mark.parametrize(
    ("where", "reason"), [("missing/export.json", "No such file or directory"), (".", "Is a directory")]
)
def test_export_catalog_names_an_output_it_cannot_write(tmp_path, where, reason):
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    output = tmp_path / where
    # then: a one-line error naming the path, not a traceback
    with pytest.raises(CommandError, match=re.escape(f"--output {output}: cannot write: {reason}")):
        run("export_catalog", "--term", "2026-fall", "--output", str(output))
