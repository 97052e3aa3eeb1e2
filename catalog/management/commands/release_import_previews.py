"""`manage.py release_import_previews`: dry runs not applied within 7 days let go of their file.

In production the beat does it daily (`catalog.import_previews_release`); the embedded default
runs no beat, so run this from cron there. Their reports stay; applying one asks for the file again.
"""

from django.core.management.base import BaseCommand

from catalog import services


class Command(BaseCommand):
    help = "Let go of the files of dry runs not applied within 7 days (their reports stay)."

    def handle(self, *args, **options) -> None:
        released = services.import_previews_release()
        plural = "s" if released != 1 else ""
        self.stdout.write(f"Released the file{plural} of {released} dry run{plural}.")
