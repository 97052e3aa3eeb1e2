"""python manage.py export_catalog --term CODE [--institution CODE] [--output PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog import selectors
from catalog.sources import canonical


class Command(BaseCommand):
    help = "Write a term's catalog in the canonical format (to stdout or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True)
        parser.add_argument("--institution", default="")
        parser.add_argument("--output", default="", help="file to write; default stdout")

    def handle(self, *args, **options):
        try:
            term = selectors.term_get(code=options["term"], institution=options["institution"])
        except selectors.TermNotFound as exc:
            raise CommandError(str(exc)) from None
        data = canonical.dump(selectors.catalog_records(term=term))
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(data)
            except OSError as exc:
                raise CommandError(f"--output {options['output']}: cannot write: {exc.strerror}") from None
            self.stderr.write(f"wrote {len(data):,} bytes to {options['output']}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
