"""Admin lists that refuse lookups through a secret field."""

from django.db.models.constants import LOOKUP_SEP


class SecretFieldsAdmin:
    """A ModelAdmin mixin whose list refuses any lookup in its query string through one of
    `secret_fields` (`?share_token__startswith=p`, any lookup or transform), as Django's
    UserAdmin refuses `password`: Django's admin allows a lookup on a model's own fields whatever
    the list offers, and which rows each guess keeps tells the secret a character at a time. The
    list answers a refused lookup with a 400 (DisallowedModelAdminLookup). A related lookup
    (`saved_schedules__share_token`) Django refuses itself unless a list filter names it."""

    secret_fields: tuple[str, ...] = ()

    # RemovedInDjango60Warning: `request` is no longer optional in Django 6.0
    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if lookup.split(LOOKUP_SEP, 1)[0] in self.secret_fields:
            return False
        return super().lookup_allowed(lookup, value, request)
