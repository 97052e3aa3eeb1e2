"""Forms of the account pages: they validate input; services do the writes."""

import re

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, UserCreationForm

from accounts import limits
from accounts.selectors import user_by_username, user_email_taken, username_looking_alike
from accounts.services import EMAIL_TAKEN, OTHER_EMAIL_TAKEN

TOO_MANY = "too_many_attempts"  # the error code of a refusal by accounts.limits


# the user table's column: a form's EmailField allows 320 characters, more than it holds
EMAIL_MAX = get_user_model()._meta.get_field("email").max_length


# a new username's characters: a friend request names its sender by username alone, and a letter
# of another alphabet can look like a Latin one (a Cyrillic а passed for alice's a); names made
# before 2026-12-09 keep whatever letters they have
USERNAME_LETTERS = re.compile(r"[A-Za-z0-9@.+_-]+")
USERNAME_NOT_ASCII = (
    "Use the letters a to z, digits and @/./+/-/_ only: a letter of another alphabet can look like one of "
    "these (Cyrillic “а”, Latin “a”), so a name could pass for someone else's."
)
USERNAME_LOOKS_ALIKE = (
    "This name looks like an existing one (I and l, 0 and O, rn and m read alike), so it could pass for "
    "someone else's in a friend request. Choose another."
)


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        max_length=EMAIL_MAX,
        help_text="Where password reset links are sent.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
        help_texts = {
            # why "Ada" is refused once "ada" exists, said before it is
            "username": "Up to 150 letters a to z, digits and @/./+/-/_. Case does not count: “Ada” and “ada” "
            "are the same name, to sign up and to sign in.",
        }

    def clean_username(self) -> str:
        username = super().clean_username()
        if username and not USERNAME_LETTERS.fullmatch(username):
            raise forms.ValidationError(USERNAME_NOT_ASCII)
        if username and username_looking_alike(username=username) is not None:
            raise forms.ValidationError(USERNAME_LOOKS_ALIKE)
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if user_email_taken(email=email):
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


WRONG_PASSWORD = "This is not your password."


def own_password_check(*, request, user, password: str) -> None:
    """Raise ValidationError unless `password` is the signed-in user's. A wrong one counts as a
    failed sign-in of the account and, past the sign-in limits (accounts.limits), even the right
    one is refused (code TOO_MANY, with the minutes to wait in `params`): a stolen session, or a
    token, is no better a way to guess the password than the sign-in page."""
    attempt = limits.signin_attempt(request, user.get_username())
    if attempt.refused:
        raise forms.ValidationError(attempt.refused, code=TOO_MANY, params={"minutes": attempt.wait})
    # counted as a failure before the check (accounts.limits.signin_attempt): given back unless wrong
    wrong = False
    try:
        wrong = not user.check_password(password)
    finally:
        if not wrong:
            attempt.give_back()
    if wrong:
        raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label="New email address", max_length=EMAIL_MAX)
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Password resets go to this address, so changing it needs your password.",
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if get_user_model().objects.normalize_email(email) == self.user.email:
            raise forms.ValidationError("This is already your email address.")
        if user_email_taken(email=email, other_than=self.user):
            raise forms.ValidationError(OTHER_EMAIL_TAKEN)
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        own_password_check(request=self.request, user=self.user, password=password)
        return password


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change, whose old password counts against the sign-in limits, with the
    choice to revoke one's personal API tokens too (on by default: a password is most often
    changed because it may be known to someone else)."""

    revoke_tokens = forms.BooleanField(
        label="Also revoke all my personal API tokens",
        required=False,
        initial=True,
        help_text="Scripts using them stop working until you give them new tokens. Leave this on if "
        "someone else may know your password.",
    )

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        own_password_check(request=self.request, user=self.user, password=password)
        return password


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account and everything listed above are deleted for good",
        error_messages={"required": "Tick the box to confirm that everything listed is deleted for good."},
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        own_password_check(request=self.request, user=self.user, password=password)
        return password


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, e.g. “advising script”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Give the token a name that says what it is for, e.g. “advising script”."},
    )


class FriendRequestForm(forms.Form):
    # someone else's username: not one's own for a browser or password manager to fill in
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="The username of the person to ask.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": "Give the username of the person to ask."},
    )


class LimitedSignIn:
    """Sign-in forms that refuse an account or address with too many failed attempts, even
    with the right password, and count each failure (accounts.limits)."""

    def clean(self):
        typed = self.cleaned_data.get("username") or ""
        # usernames are unique in any case (sign-up refuses 'Ada' once 'ada' exists, and so does
        # the database), so they sign in in any case too; the account's attempts are counted under
        # its own name, not as typed: PostgreSQL finds `alice` for `alıce` (its upper case of the
        # dotless ı is I), whose case folding differs, so each spelling had attempts of its own
        user = user_by_username(username=typed) if typed else None
        username = user.get_username() if user is not None else typed
        # counted as a failure before the password is checked, so attempts sent at once cannot
        # all be checked (accounts.limits.signin_attempt); given back unless the login is invalid
        attempt = limits.signin_attempt(self.request, username)
        if attempt.refused:
            raise forms.ValidationError(attempt.refused, code=TOO_MANY)
        failed = False
        try:
            if user is not None:
                self.cleaned_data["username"] = username
            return super().clean()
        except forms.ValidationError as error:
            failed = getattr(error, "code", None) == "invalid_login"
            raise
        finally:
            if not failed:
                attempt.give_back()


# Django's own say "both fields may be case-sensitive": here the username is not
PASSWORD_CASE = "The password is case-sensitive; the username is not."


# the id accounts/form.html gives a form's errors of no one field
FORM_ERRORS_ID = "form-errors"


class SignInForm(LimitedSignIn, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match an account. "
        f"{PASSWORD_CASE} Forgot your password? Use the link below to set a new one.",
    }

    def full_clean(self) -> None:
        super().full_clean()
        # a failed sign-in is no one field's error but concerns both: each is marked invalid and
        # described by it, so a screen reader says it on the field the focus is on (WCAG 3.3.1)
        if self.non_field_errors():
            for field in self.fields.values():
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": FORM_ERRORS_ID})


class AdminSignInForm(LimitedSignIn, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": f"That username and password do not match a staff account. {PASSWORD_CASE}",
    }


class LimitedPasswordResetForm(PasswordResetForm):
    """Each request sends a mail: counted per address and per email address (accounts.limits)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        data = super().clean()
        email = data.get("email")
        if email and self.request is not None:
            refused = limits.password_reset_refused(self.request, email)
            if refused:
                raise forms.ValidationError(refused, code=TOO_MANY)
        return data
