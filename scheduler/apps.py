from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Scheduler"

    def ready(self) -> None:
        from scheduler.api import schema  # noqa: F401  (registers the OpenAPI description of strict requests)
