"""Accounts under /api/v1/. Ids are integers, so a literal path such as `friends/schedules/`
(served elsewhere) is never captured here."""

from django.urls import path

from accounts.api import views

urlpatterns = [
    path("me/", views.Me.as_view(), name="accounts-me"),
    path("account/delete/", views.AccountDelete.as_view(), name="accounts-account-delete"),
    path("tokens/", views.TokenListCreate.as_view(), name="accounts-token-list"),
    path("tokens/<int:token_id>/", views.TokenRevoke.as_view(), name="accounts-token-detail"),
    path("friends/", views.Friends.as_view(), name="accounts-friend-list"),
    path("friends/requests/", views.FriendRequestCreate.as_view(), name="accounts-friend-request-list"),
    path(
        "friends/requests/<int:request_id>/", views.FriendRequestCancel.as_view(), name="accounts-friend-request-detail"
    ),
    path(
        "friends/requests/<int:request_id>/accept/",
        views.FriendRequestAccept.as_view(),
        name="accounts-friend-request-accept",
    ),
    path(
        "friends/requests/<int:request_id>/decline/",
        views.FriendRequestDecline.as_view(),
        name="accounts-friend-request-decline",
    ),
    path("friends/<int:user_id>/", views.FriendRemove.as_view(), name="accounts-friend-detail"),
]
