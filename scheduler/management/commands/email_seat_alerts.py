"""`manage.py email_seat_alerts`: email the students whose watched sections opened.

In production the beat does it every 10 minutes (`scheduler.section_watches_notify`,
CLASSTIME_SEAT_ALERTS_EVERY_SECONDS); the embedded default runs no beat, so run this from cron
there, or after an import.
"""

from django.core.management.base import BaseCommand

from scheduler import watches


class Command(BaseCommand):
    help = "Email the students whose watched sections opened since the last run."

    def handle(self, *args, **options) -> None:
        sent = watches.section_watches_notify()
        self.stdout.write(f"Sent {sent} seat alert{'s' if sent != 1 else ''}.")
