"""Account pages under /accounts/: Django's sign-in, sign-out and password views (URL names
login, logout, password_change, password_reset, ...) and this app's pages."""

from django.urls import include, path

from accounts import views
from scheduler import watch_pages

urlpatterns = [
    # Django's own views with attempt limits (accounts.limits), ahead of django.contrib.auth.urls
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    # ... and with what a new password does to personal API tokens
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.account_data, name="account-data"),
    path("delete/", views.account_delete, name="account-delete"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("friends/", views.friends, name="friends"),
    path("friends/requests/<int:request_id>/accept/", views.friend_request_accept, name="friend-request-accept"),
    path("friends/requests/<int:request_id>/decline/", views.friend_request_decline, name="friend-request-decline"),
    path("friends/requests/<int:request_id>/cancel/", views.friend_request_cancel, name="friend-request-cancel"),
    path("friends/<int:user_id>/remove/", views.friend_remove, name="friend-remove"),
    path("watches/", watch_pages.section_watches, name="section-watches"),
    path("watches/<int:watch_id>/stop/", watch_pages.section_watch_stop, name="section-watch-stop"),
    path("watches/<int:watch_id>/emails/", watch_pages.section_watch_emails, name="section-watch-emails"),
    path("", include("django.contrib.auth.urls")),
]
