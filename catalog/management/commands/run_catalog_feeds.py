"""`manage.py run_catalog_feeds [--feed ID] [--force]`: fetch and import the catalog feeds that are due.

In production the beat does it every minute (`catalog.feeds_run_due`); without a beat (the
embedded default), run this from cron every few minutes. docs/sources.md, "Feeds".
"""

from django.core.management.base import BaseCommand, CommandError

from catalog import feeds, tasks
from catalog.models import CatalogFeed


class Command(BaseCommand):
    help = "Fetch and import the enabled catalog feeds that are due (or one feed, now); exits 1 when one failed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed", type=int, metavar="ID", help="run this feed now, even when not due or not enabled"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="fetch the file whole (no conditional GET) and import it even when it is the file imported last time",
        )

    def handle(self, *args, **options) -> None:
        if options["feed"] is not None:
            if not CatalogFeed.objects.filter(pk=options["feed"]).exists():
                raise CommandError(f"--feed {options['feed']}: no catalog feed has that id")
            ids, due_only = [options["feed"]], False
        else:
            ids, due_only = feeds.catalog_feeds_due(), True
        failed, changed = 0, False
        for feed_id in ids:
            run = feeds.catalog_feed_run(feed_id=feed_id, force=options["force"], due_only=due_only)
            if run is None:
                self.stdout.write(f"feed {feed_id}: skipped, another worker is running it (or it ran meanwhile)")
                continue
            self.stdout.write(f"{run.feed} (id {feed_id}): {run.get_outcome_display()}: {run.message}")
            failed += run.outcome in CatalogFeed.FAILURES
            changed = changed or feeds.catalog_changed(run)
        if not ids:
            self.stdout.write("No catalog feed is due.")
        if changed:
            tasks.seat_alerts_send()
        if failed:
            raise CommandError(f"{failed} of {len(ids)} feed run(s) failed or were refused; the feeds' pages say why")
