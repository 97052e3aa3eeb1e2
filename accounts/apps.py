import importlib

from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate

# the migrations that put a unique index of ours on Django's `auth_user` (UPPER(username), UPPER(email))
INDEX_MIGRATIONS = (("accounts", "0003_username_unique_in_any_case"), ("accounts", "0004_email_unique_in_any_case"))


def user_indexes_restore(*, using: str, **kwargs) -> None:
    """After every `migrate`: put back the unique indexes on UPPER(username) and UPPER(email) if
    one is missing once its migration has run. A later Django release whose `auth` migrations
    rebuild `auth_user` on SQLite would drop them (SQLite rebuilds a table from the models'
    state, which does not know them); each migration's own check stops with the accounts to
    change if duplicates came in meanwhile."""
    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    from django.apps import apps

    for name in INDEX_MIGRATIONS:
        if name not in applied:
            continue
        migration = importlib.import_module(f"accounts.migrations.{name[1]}")
        with connection.cursor() as cursor:
            if migration.INDEX.name in connection.introspection.get_constraints(cursor, "auth_user"):
                continue
        with connection.schema_editor() as schema_editor:
            migration.add_index(apps, schema_editor)


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import schema  # noqa: F401  (registers the OpenAPI description of token auth)

        post_migrate.connect(user_indexes_restore, sender=self, dispatch_uid="accounts.user_indexes_restore")
