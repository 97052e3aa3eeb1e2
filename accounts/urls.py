from django.urls import path

from accounts import views

urlpatterns = [
    path("me/", views.Me.as_view(), name="accounts-me"),
]
