"""Personal API tokens in the admin: create one (its key is shown once) and revoke; friendships;
users, whose deletion takes their tokens with them, whose username is unique in any case, and
whose new password (set by an administrator) revokes their tokens and ends their sessions; the
admin's own password change page, which is the site's.

Staff see and create their own tokens; superusers see everyone's and may create one for
another account. Staff who are not superusers may not change or delete a superuser's account
or another staff member's, nor grant superuser or staff status, permissions or groups, nor give
a group permissions.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import services
from accounts.forms import AdminSignInForm
from accounts.models import Friendship, PersonalApiToken
from accounts.selectors import user_email_taken
from accounts.views import PasswordChangeView, tokens_revoked_text
from classtime_site.admin_lookups import SecretFieldsAdmin

# the admin's sign-in counts failures and refuses past the limits too (accounts.limits)
admin.site.login_form = AdminSignInForm


def own_password_change(request, extra_context=None):
    """The admin's own *Change password* page is the site's (accounts.views.PasswordChangeView):
    the same form, limits, choice to revoke one's tokens and notice by email, so that no page sets
    a password around accounts.services.user_password_set."""
    request.current_app = admin.site.name
    return PasswordChangeView.as_view(success_url=reverse("admin:password_change_done"))(request)


admin.site.password_change = own_password_change


class TokenCreateForm(forms.ModelForm):
    current_user = None  # set per request by the admin

    class Meta:
        model = PersonalApiToken
        fields = ["name", "owner"]

    def clean(self):
        data = super().clean()
        name = (data.get("name") or "").strip()
        owner = data.get("owner") or self.current_user
        if name and PersonalApiToken.objects.filter(owner=owner, name=name, revoked_at__isnull=True).exists():
            self.add_error("name", f"{owner} already has an active token named {name!r}; pick another name.")
        return data


@admin.register(PersonalApiToken)
class PersonalApiTokenAdmin(SecretFieldsAdmin, admin.ModelAdmin):
    # never shown: no way in (a SHA-256 of a 240-bit key), but no page tells it either
    secret_fields = ("key_hash",)
    list_display = ["name", "prefix", "owner", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "owner__username"]
    readonly_fields = ["name", "owner", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("owner")
        return tokens if request.user.is_superuser else tokens.filter(owner=request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("TokenCreateForm", (TokenCreateForm,), {"current_user": request.user})
            kwargs["fields"] = ["name", "owner"] if request.user.is_superuser else ["name"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk}

    def has_change_permission(self, request, obj=None):
        return False if obj is not None and obj.revoked_at else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row keeps when the token was used

    def save_model(self, request, obj, form, change):
        if change:
            return
        owner = form.cleaned_data.get("owner") or request.user
        token, key = services.token_create(owner=owner, name=form.cleaned_data["name"])
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        messages.warning(
            request,
            f"The key of “{token.name}” is {key} — copy it now: it is not stored and will not be shown again. "
            "Send it as the header 'Authorization: Token <key>'.",
        )

    def save_related(self, request, form, formsets, change):
        pass  # nothing related; save_model did the work through the service

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.token_revoke(token=token)
        self.message_user(request, f"Revoked {len(tokens)} token(s).", messages.SUCCESS)


class FriendshipForm(forms.ModelForm):
    """A friendship row as the friend services keep them: nobody is their own friend, and a pair
    is friends through one accepted row, so a row the other way may stand beside it only where
    one of the two is declined (the declined sender may not ask again; the other may)."""

    def clean(self):
        data = super().clean()
        sender, recipient, status = data.get("from_user"), data.get("to_user"), data.get("status")
        if sender is None or recipient is None:
            return data
        if sender == recipient:
            self.add_error("to_user", f"{sender} cannot be their own friend: choose another user.")
            return data
        other_way = Friendship.objects.filter(from_user=recipient, to_user=sender).first()
        if other_way is not None and Friendship.Status.DECLINED not in (other_way.status, status):
            self.add_error(
                None,
                f"There is already a friendship row from {recipient} to {sender} "
                f"({other_way.get_status_display().lower()}), and a pair is friends through one accepted row: "
                "change that row instead.",
            )
        return data


@admin.register(Friendship)
class FriendshipAdmin(admin.ModelAdmin):
    form = FriendshipForm
    list_display = ["from_user", "to_user", "status", "created_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["from_user__username", "to_user__username"]
    list_select_related = ["from_user", "to_user"]
    raw_id_fields = ["from_user", "to_user"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"


class UserRenameForm(UserChangeForm):
    """Django's user change form, refusing a username another account has in another case, and
    an email address another account has in any case (the database would refuse both too, as a
    server error)."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email and user_email_taken(email=email, other_than=self.instance):
            raise forms.ValidationError(
                f"{services.OTHER_EMAIL_TAKEN} Addresses are unique in any case: a password reset link goes to "
                "one account."
            )
        return email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        others = get_user_model().objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                "Another account already has this username in another case; usernames are unique in any case."
            )
        return username


class PasswordSetForm(AdminPasswordChangeForm):
    """Django's form for an administrator setting a user's password (or disabling password
    sign-in), saved through the service: the account may be in someone else's hands, so every
    personal API token of theirs is revoked and every session of theirs ends."""

    WHAT_IT_DOES = "Setting a password here signs the user out everywhere and revokes all their personal API tokens."

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["password1"].help_text = self.WHAT_IT_DOES

    def save(self, commit=True):
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        self.revoked = services.user_password_set(user=self.user, password=password, revoke_tokens=True, by="staff")
        return self.user


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    """Django's group admin, except that only superusers give a group permissions: a member of
    a group who may change it would otherwise give themselves any permission through it, which
    their own user page no longer lets them (UserAdmin.ACCESS_FIELDS)."""

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return shown if request.user.is_superuser else [*shown, "permissions"]


@admin.register(get_user_model())
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, except that:

    - deleting a user is not refused for their personal API tokens: no one may delete a token by
      itself (it is revoked, and its row kept), but a deleted account's tokens go with it, as
      everything else of theirs does (docs/api.md, "Deleting an account");
    - a username taken in another case, or an email address another account has, is refused on
      the form;
    - setting a user's password revokes their tokens (docs/api.md, "A new password and tokens");
    - staff who are not superusers may not change, set the password of or delete a superuser's
      account, nor another staff member's (since 2026-12-07), nor grant superuser or staff
      status, permissions or groups, to anyone, themselves included (docs/operations.md, "Who
      may change whom in the admin"): with Django's own admin, *Can change user* was every
      power there is."""

    form = UserRenameForm
    change_password_form = PasswordSetForm

    # what a user may do anywhere: only a superuser grants it
    ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def may_touch(self, request, obj) -> bool:
        """Whether the signed-in user may change or delete the account `obj` (None: accounts in
        general): a superuser may touch any; other staff their own and those of students (no
        staff account but theirs: its password set, it is theirs, with whatever it may do)."""
        if obj is None or request.user.is_superuser:
            return True
        return not (obj.is_superuser or obj.is_staff) or obj.pk == request.user.pk

    def has_change_permission(self, request, obj=None) -> bool:
        # the password page asks this too
        return self.may_touch(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.may_touch(request, obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return shown if request.user.is_superuser else [*shown, *self.ACCESS_FIELDS]

    def construct_change_message(self, request, form, formsets, add=False):
        if isinstance(form, PasswordSetForm):  # called once the password is set: say what it did
            revoked = tokens_revoked_text(form.revoked)
            messages.info(request, f"Signed {form.user.get_username()} out everywhere; {revoked}.")
        return super().construct_change_message(request, form, formsets, add)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(PersonalApiToken._meta.verbose_name)
        # the list's *Delete selected users* asks no object-level permission: refused here instead
        for user in objs:
            if not self.may_touch(request, user):
                what = "a superuser" if user.is_superuser else "staff"
                perms_needed.add(f"{user.get_username()} ({what}: only a superuser may delete one)")
        return deleted, counts, perms_needed, protected
