"""Usernames unique in any case, in the database: a unique index on UPPER(username) of Django's
own user table, so two sign-ups "Ada" and "ada" sent at once cannot both succeed, and a lookup
in any case (`username__iexact`, which compares UPPER(...) on PostgreSQL) finds one account.

The user model is Django's (`auth.User`), whose migrations are not ours, so the index is made
here with the schema editor and not recorded in any model's state. An existing database that
already holds usernames differing only in case is not changed: the migration stops and names
them (docs/operations.md, "Accounts").
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models.functions import Upper

INDEX = models.UniqueConstraint(Upper("username"), name="auth_user_username_upper_uniq")


def case_duplicates(User, using: str) -> list[list]:
    """The accounts whose usernames differ only in case, in groups, oldest first."""
    keys = (
        User.objects.using(using)
        .annotate(key=Upper("username"))
        .values("key")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    groups: dict[str, list] = {}
    for user in User.objects.using(using).annotate(key=Upper("username")).filter(key__in=list(keys)).order_by("pk"):
        groups.setdefault(user.key, []).append(user)
    return list(groups.values())


def describe(user) -> str:
    last = user.last_login.strftime("%Y-%m-%d") if user.last_login else "never"
    return (
        f"{user.username!r} (id {user.pk}, email {user.email or 'none'}, joined {user.date_joined:%Y-%m-%d}, "
        f"last signed in {last})"
    )


def add_index(apps, schema_editor):
    User = apps.get_model("auth", "User")
    groups = case_duplicates(User, schema_editor.connection.alias)
    if groups:
        lines = "\n".join("  - " + ", ".join(describe(user) for user in group) for group in groups)
        raise CommandError(
            "Usernames must now be unique in any case, but these accounts differ only in case:\n"
            f"{lines}\n"
            "Nothing was changed. Rename all but one account of each group, to a name no other account has "
            "in any case: in the admin (Users, the account, Username), or with\n"
            '  manage.py shell -c "from django.contrib.auth.models import User; '
            "User.objects.filter(pk=ID).update(username='NEW')\"\n"
            "Tell their owners the new username they sign in with (nothing else of theirs changes), then run "
            'manage.py migrate again. See docs/operations.md, "Accounts".'
        )
    schema_editor.add_constraint(User, INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_constraint(apps.get_model("auth", "User"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_friendship"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
