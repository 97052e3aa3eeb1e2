"""Migrations let the release before them keep running during an upgrade (docs/operations.md,
"Upgrading"): the old processes write rows while the new schema is in place."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import CreateModel
from django.db.models.fields import NOT_PROVIDED

OUR_APPS = ("accounts", "catalog", "scheduler")
# a column whose default the database cannot compute on every backend: a release older than the
# migration that added it needs its processes stopped while migrating (docs/operations.md)
NO_DATABASE_DEFAULT = {("scheduler", "savedschedule", "uid"): "scheduler 0005: a random UUID per row"}


def columns_added_later() -> list[tuple[str, str, str, object]]:
    """(app, model, field name, field) of every column of our models' current state that the
    migration creating its table did not have."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    created = {
        (app, op.name.lower()): (app, name)
        for (app, name), migration in loader.disk_migrations.items()
        if app in OUR_APPS
        for op in migration.operations
        if isinstance(op, CreateModel)
    }
    now = loader.project_state()
    found = []
    for (app, model), node in sorted(created.items()):
        if (app, model) not in now.models:
            continue
        first = set(loader.project_state(node).models[(app, model)].fields)
        found += [(app, model, name, f) for name, f in now.models[(app, model)].fields.items() if name not in first]
    return found


@pytest.mark.django_db
def test_a_column_added_to_a_table_lets_the_release_before_insert_rows_without_it():
    # given: the columns migrations added to existing tables (the release before writes none of them)
    added = columns_added_later()
    # when: those the database would refuse a row without
    refused = [
        f"{app}.{model}.{name}"
        for app, model, name, f in added
        if not f.null
        and not f.many_to_many
        and f.db_default is NOT_PROVIDED
        and (app, model, name) not in NO_DATABASE_DEFAULT
    ]
    # then: none; every such column has a default the database itself fills in
    assert len(added) >= 11  # the check sees the columns added so far (catalog 0006 on)
    assert refused == []


def insert_without(row, left_out: set[str]) -> None:
    """INSERT `row` as a release whose model lacks the `left_out` fields would: naming none of them."""
    model = type(row)
    fields = [
        f for f in model._meta.concrete_fields if f.name not in left_out and not (f.primary_key and f.auto_created)
    ]
    values = [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
    quote = connection.ops.quote_name
    columns, marks = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", values)


@pytest.mark.django_db
def test_an_import_run_the_release_before_catalog_0006_inserts_is_stored_with_the_new_columns_defaults():
    # given: an import run as a release before catalog 0006 wrote it (no dry run, withdrawals,
    # column mapping or attempts)
    from catalog.models import ImportRun

    run = ImportRun(source_name="fall.json", format="canonical", sha256="0" * 64, status="queued")
    # when
    insert_without(run, {"dry_run", "allow_withdrawals", "column_mapping", "attempts"})
    # then
    stored = ImportRun.objects.get()
    assert (stored.dry_run, stored.allow_withdrawals, stored.column_mapping, stored.attempts) == (False, False, {}, 0)
