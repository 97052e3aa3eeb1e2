from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Student web page"

    def ready(self) -> None:
        from classtime_site import checks  # noqa: F401  (registers the deploy checks)
