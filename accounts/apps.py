import importlib

from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate

USERNAME_INDEX_MIGRATION = ("accounts", "0003_username_unique_in_any_case")


def username_index_restore(*, using: str, **kwargs) -> None:
    """After every `migrate`: put back the unique index on UPPER(username) if it is missing once
    its migration has run. A later Django release whose `auth` migrations rebuild `auth_user` on
    SQLite would drop it (SQLite rebuilds a table from the models' state, which does not know
    it); the migration's own check stops with the accounts to rename if duplicates came in
    meanwhile."""
    connection = connections[using]
    if USERNAME_INDEX_MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    migration = importlib.import_module(".".join(["accounts.migrations", USERNAME_INDEX_MIGRATION[1]]))
    with connection.cursor() as cursor:
        if migration.INDEX.name in connection.introspection.get_constraints(cursor, "auth_user"):
            return
    from django.apps import apps

    with connection.schema_editor() as schema_editor:
        migration.add_index(apps, schema_editor)


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import schema  # noqa: F401  (registers the OpenAPI description of token auth)

        post_migrate.connect(username_index_restore, sender=self, dispatch_uid="accounts.username_index_restore")
