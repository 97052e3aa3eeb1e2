"""python manage.py import_catalog PATH --format canonical|uva-csv|gatech-json|sections-csv|sections-json
[--columns FILE] [--dry-run] [--allow-withdrawals] [--allow-mass-untimed] [--allow-outside-term] [--json]"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog import services, sources
from catalog.models import ImportRun
from catalog.sources.records import CatalogFormatError
from scheduler import change_notices


class Command(BaseCommand):
    help = "Import one term's catalog file; all or nothing, idempotent, with a change report."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the catalog file (one term)")
        parser.add_argument(
            "--format",
            required=True,
            choices=sorted(sources.FORMATS),
            help="the file's format: uva-csv (a University of Virginia course listing CSV, or another export "
            "with its columns), gatech-json (gt-scheduler crawler JSON), canonical (Classtime's own JSON, "
            "docs/catalog-format.md), sections-csv (any student-information system's spreadsheet of sections, "
            "one row per meeting; needs --institution), sections-json (its JSON dump, an array of section or "
            "meeting objects, read as sections-csv reads rows; needs --institution); docs/sources.md lists what "
            "each reads and tolerates",
        )
        parser.add_argument(
            "--columns",
            default="",
            metavar="FILE",
            help='sections-csv: a JSON column mapping, canonical name → the file\'s header, such as {"number": '
            '"Crse Nbr", "registrar_id": "CRN"}; sections-json: canonical name → a path inside a record, such as '
            '{"records": "data", "meetings": "meetingsFaculty", "start": "meetingTime.beginTime"} (docs/sources.md)',
        )
        parser.add_argument(
            "--institution",
            default="",
            help="file it under this institution code (default: the format's or the file's)",
        )
        parser.add_argument(
            "--term",
            default="",
            help="file it under this term code (default: the file's, or the one its name implies: "
            "2025_fall.csv → 2025-fall)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--allow-withdrawals",
            action="store_true",
            help="withdraw the sections the file leaves out even when they are many (by default an import "
            "leaving out 20 or more, and over a fifth of the term's sections, is refused as a partial file)",
        )
        parser.add_argument(
            "--allow-mass-untimed",
            action="store_true",
            help="apply the file even when it leaves many of the term's timed sections without any set time (by "
            "default a re-import leaving 20 or more, and over a fifth of the term's listed sections with set times, "
            "untimed is refused, as is a term's first import giving 20 or more, and over a fifth, of its meetings "
            "with a time no days, or whose days and times columns were not found, leaving 20 or more sections, and "
            "all but under a fifth, untimed: most likely a days or times column was not read)",
        )
        parser.add_argument(
            "--allow-outside-term",
            action="store_true",
            help="apply the file as this term's even when most of its timed sections meet only outside the term's "
            "days (by default a file with 20 or more such sections, and over half of its timed ones, is refused as "
            "another term's file; if the term's days are wrong, widen them in the admin instead)",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if path.is_dir():
            raise CommandError(f"{path}: is a folder; give the catalog file inside it")
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        limit = settings.CLASSTIME_MAX_IMPORT_BYTES
        if path.stat().st_size > limit:
            raise CommandError(
                f"{path}: file is {path.stat().st_size:,} bytes; the limit is {limit:,} bytes "
                "(CLASSTIME_MAX_IMPORT_BYTES)"
            )
        column_mapping = self.column_mapping(options["columns"], format=options["format"])
        bar = tqdm(desc="importing", unit=" sections", file=sys.stderr, disable=None, leave=False)
        try:
            run, report = services.catalog_import_file(
                data=path.read_bytes(),
                name=str(path),
                format=options["format"],
                institution_code=options["institution"],
                term_code=options["term"],
                dry_run=options["dry_run"],
                progress=bar.update,
                allow_withdrawals=options["allow_withdrawals"],
                allow_mass_untimed=options["allow_mass_untimed"],
                allow_outside_term=options["allow_outside_term"],
                column_mapping=column_mapping,
            )
        finally:
            bar.close()
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(run.error)
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), indent=1, default=str))
        else:
            self.stdout.write(report.render())
        if run.status == ImportRun.Status.REFUSED:  # the report is a dry run's: what applying would have done
            raise CommandError(run.error)
        if not options["json"]:
            # who the change reaches: saved schedules holding a changed section, emails to go
            reach = change_notices.import_reach_text(
                term=run.term,
                changes=[(c.registrar_id, c.fields) for c in report.changes],
                dry_run=run.dry_run,
                added=report.components_added,
            )
            if reach:
                self.stdout.write(reach)

    def column_mapping(self, path: str, *, format: str) -> dict | None:
        """The --columns mapping as the import run keeps it, or None without one."""
        if not path:
            return None
        if format not in services.COLUMN_FORMATS:
            raise CommandError(
                f"--columns {path}: a column mapping is for --format sections-csv or sections-json, not {format}"
            )
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"--columns {path}: cannot read: {exc.strerror}") from None
        try:
            return {"name": path, "columns": sources.adapter(format).columns_load(data, name=path)}
        except CatalogFormatError as exc:
            raise CommandError(str(exc)) from None
