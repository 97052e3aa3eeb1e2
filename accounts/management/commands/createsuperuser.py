"""python manage.py createsuperuser: Django's command, refusing a username another account has
in another case and an email address another account has in any case (both are unique in any
case; the database would refuse them with a traceback). Replaces Django's: this app is listed
before django.contrib.auth."""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError
from django.db import IntegrityError

from accounts.selectors import user_email_taken

EMAIL_TAKEN = "Error: another account already has this email address (in any case)."


class Command(createsuperuser.Command):
    def _validate_username(self, username, verbose_field_name, database):
        error = super()._validate_username(username, verbose_field_name, database)
        if error or not username:
            return error
        if self.UserModel._default_manager.db_manager(database).filter(username__iexact=username).exists():
            return f"Error: another account already has this {verbose_field_name} in another case."
        return None

    def get_input_data(self, field, message, default=None):
        """The prompt's value; an address another account has is refused and asked again."""
        value = super().get_input_data(field, message, default)
        if field.name == "email" and value and user_email_taken(email=value):
            self.stderr.write(EMAIL_TAKEN)
            return None
        return value

    def handle(self, *args, **options):
        email = options.get("email") or os.environ.get("DJANGO_SUPERUSER_EMAIL")  # what Django's --noinput reads
        if options.get("interactive") is False and email and user_email_taken(email=email):
            raise CommandError(EMAIL_TAKEN)
        try:  # no transaction around the prompts: on SQLite it would lock every other writer out
            return super().handle(*args, **options)
        except IntegrityError as exc:  # taken meanwhile, or given through DJANGO_SUPERUSER_EMAIL
            raise CommandError(
                f"Error: another account already has this username or email address (in any case): {exc}"
            ) from exc
