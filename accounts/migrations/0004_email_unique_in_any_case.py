"""Email addresses unique in any case, in the database: a unique index on UPPER(email) of Django's
own user table, over the accounts that have one (an account an administrator made may have
none). Password reset links go to an address, so an address must reach one account: the forms
refused a taken one already, but two sign-ups or changes sent at once could both pass them.

Made the way 0003 makes the username index (the user model is Django's, whose migrations are not
ours). An existing database that already holds accounts sharing an address is not changed: the
migration stops and names them (docs/operations.md, "Accounts").
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models.functions import Upper

INDEX = models.UniqueConstraint(Upper("email"), condition=~models.Q(email=""), name="auth_user_email_upper_uniq")


def shared_addresses(User, using: str) -> list[list]:
    """The accounts that share an address in any case, in groups, oldest first."""
    users = User.objects.using(using).exclude(email="").annotate(key=Upper("email"))
    keys = users.values("key").annotate(n=models.Count("pk")).filter(n__gt=1).values_list("key", flat=True)
    groups: dict[str, list] = {}
    for user in users.filter(key__in=list(keys)).order_by("pk"):
        groups.setdefault(user.key, []).append(user)
    return list(groups.values())


def describe(user) -> str:
    last = user.last_login.strftime("%Y-%m-%d") if user.last_login else "never"
    return (
        f"{user.username!r} (id {user.pk}, email {user.email}, joined {user.date_joined:%Y-%m-%d}, "
        f"last signed in {last})"
    )


def add_index(apps, schema_editor):
    User = apps.get_model("auth", "User")
    groups = shared_addresses(User, schema_editor.connection.alias)
    if groups:
        lines = "\n".join("  - " + ", ".join(describe(user) for user in group) for group in groups)
        raise CommandError(
            "Email addresses must now be unique in any case, but these accounts share one:\n"
            f"{lines}\n"
            "Nothing was changed. Give all but one account of each group another address (or none), in the "
            "admin (Users, the account, Email address), or with\n"
            '  manage.py shell -c "from django.contrib.auth.models import User; '
            "User.objects.filter(pk=ID).update(email='NEW')\"\n"
            "An account with no address cannot reset its password; tell its owner to add one on their profile "
            'page. Then run manage.py migrate again. See docs/operations.md, "Accounts".'
        )
    schema_editor.add_constraint(User, INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_constraint(apps.get_model("auth", "User"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_username_unique_in_any_case")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
