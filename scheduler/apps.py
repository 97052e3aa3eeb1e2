from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Scheduler"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from scheduler.api import schema  # noqa: F401  (registers the OpenAPI description of strict requests)
        from scheduler.unsaved_notes import unsaved_notes_drop_others

        # notes kept for after sign-in are their owner's only (scheduler/unsaved_notes.py)
        user_logged_in.connect(unsaved_notes_drop_others, dispatch_uid="scheduler.unsaved_notes_drop_others")
