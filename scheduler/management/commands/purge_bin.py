"""`manage.py purge_bin`: delete for good the saved schedules binned over 30 days ago.

In production the beat does it hourly (`scheduler.saved_schedules_purge`); the embedded
default runs no beat, so run this from cron there (the bin already hides such schedules).
"""

from django.core.management.base import BaseCommand

from scheduler import saved_schedules


class Command(BaseCommand):
    help = "Delete for good the saved schedules in the bin for over 30 days."

    def handle(self, *args, **options) -> None:
        purged = saved_schedules.saved_schedules_purge()
        self.stdout.write(f"Purged {purged} saved schedule{'s' if purged != 1 else ''} from the bin.")
