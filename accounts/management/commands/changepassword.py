"""python manage.py changepassword [USERNAME]: Django's command, through the accounts service.

A password set by an operator is a reset (the account may be in someone else's hands): every
personal API token of the user is revoked and every session of theirs ends, as after a reset by
email. This app is listed before django.contrib.auth in INSTALLED_APPS so that this command
replaces Django's.
"""

import getpass

from django.contrib.auth.management.commands import changepassword
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts import selectors, services
from accounts.views import tokens_revoked_text

TRIES = 3


class Command(changepassword.Command):
    help = (
        "Set a user's password (the username in any case). Revokes all their personal API tokens and "
        "signs them out everywhere."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Whose password to set; by default, your login name.")

    def handle(self, *args, **options):
        username = options["username"] or getpass.getuser()
        user = selectors.user_by_username(username=username, active_only=False)
        if user is None:
            raise CommandError(f"No user is called {username!r} (in any case); check the username.")
        self.stdout.write(f"Setting the password of {user.get_username()!r}.")
        password = self.password_asked(user)
        revoked = services.user_password_set(user=user, password=password, revoke_tokens=True, by="staff")
        return f"Password set for {user.get_username()!r}: signed out everywhere, {tokens_revoked_text(revoked)}."

    def password_asked(self, user) -> str:
        """A password typed twice alike that passes the validators, in three tries at most."""
        for _ in range(TRIES):
            first = self._get_pass()
            if first != self._get_pass("Password (again): "):
                self.stderr.write("The passwords do not match; type them again.")
                continue
            try:
                validate_password(first, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return first
        raise CommandError(f"No password set for {user.get_username()!r} after {TRIES} tries; nothing changed.")
