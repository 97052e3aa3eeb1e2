"""`manage.py email_schedule_changes`: email the owners of saved schedules the registrar changed.

In production the beat does it every 10 minutes (`scheduler.saved_schedules_notify_changes`,
CLASSTIME_CHANGE_EMAILS_EVERY_SECONDS);
the embedded default runs no beat, so run this from cron there, or after an import.
"""

from django.core.management.base import BaseCommand

from scheduler import change_notices


class Command(BaseCommand):
    help = "Email the owners of saved schedules the registrar changed since the last run."

    def handle(self, *args, **options) -> None:
        sent = change_notices.saved_schedules_notify_changes()
        self.stdout.write(f"Sent {sent} change email{'s' if sent != 1 else ''}.")
