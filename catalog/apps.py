from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Registrar catalog"

    def ready(self) -> None:
        from catalog.sqlite_like import install

        # searches and case-insensitive look-ups fold case on SQLite as on PostgreSQL
        connection_created.connect(install, dispatch_uid="catalog.sqlite_like")
