"""python manage.py export_catalog --term CODE [--institution CODE] [--format canonical|sections-csv]
[--columns FILE] [--output PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog import selectors
from catalog.sources import canonical, sections_csv
from catalog.sources.records import CatalogFormatError


class Command(BaseCommand):
    help = "Write a term's catalog in the canonical format or as a sections-csv spreadsheet (to stdout or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True)
        parser.add_argument("--institution", default="")
        parser.add_argument(
            "--format",
            default="canonical",
            choices=["canonical", "sections-csv"],
            help="canonical (Classtime's JSON, the default) or sections-csv (one row per meeting, docs/sources.md)",
        )
        parser.add_argument(
            "--columns",
            default="",
            metavar="FILE",
            help="sections-csv: a JSON column mapping (canonical name → header) naming the columns written",
        )
        parser.add_argument("--output", default="", help="file to write; default stdout")

    def handle(self, *args, **options):
        try:
            term = selectors.term_get(code=options["term"], institution=options["institution"])
        except selectors.TermNotFound as exc:
            raise CommandError(str(exc)) from None
        records = selectors.catalog_records(term=term)
        if options["format"] == "sections-csv":
            data = sections_csv.dump(records, columns=self.columns(options["columns"]))
        elif options["columns"]:
            raise CommandError(f"--columns {options['columns']}: a column mapping is for --format sections-csv")
        else:
            data = canonical.dump(records)
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(data)
            except OSError as exc:
                raise CommandError(f"--output {options['output']}: cannot write: {exc.strerror}") from None
            self.stderr.write(f"wrote {len(data):,} bytes to {options['output']}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    def columns(self, path: str) -> dict[str, str] | None:
        if not path:
            return None
        try:
            return sections_csv.columns_load(Path(path).read_bytes(), name=path)
        except OSError as exc:
            raise CommandError(f"--columns {path}: cannot read: {exc.strerror}") from None
        except CatalogFormatError as exc:
            raise CommandError(str(exc)) from None
