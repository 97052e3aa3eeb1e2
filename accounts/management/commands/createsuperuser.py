"""python manage.py createsuperuser: Django's command, refusing a username another account has
in another case (usernames are unique in any case; the database would refuse it with a
traceback). Replaces Django's: this app is listed before django.contrib.auth."""

from django.contrib.auth.management.commands import createsuperuser


class Command(createsuperuser.Command):
    def _validate_username(self, username, verbose_field_name, database):
        error = super()._validate_username(username, verbose_field_name, database)
        if error or not username:
            return error
        if self.UserModel._default_manager.db_manager(database).filter(username__iexact=username).exists():
            return f"Error: another account already has this {verbose_field_name} in another case."
        return None
