"""Saved schedule pages and the public share and calendar links.

A share or calendar token is `secrets.token_urlsafe` text, letters, digits, `-` and `_`: exactly a
slug, so an address with any other character is a 404 before a query (a NUL in one was a 500 on
PostgreSQL)."""

from django.urls import path

from scheduler import views

urlpatterns = [
    path("schedules/", views.schedule_list, name="schedule-list"),
    path("schedules/compare/", views.schedule_compare, name="schedule-compare"),
    path("schedules/bin/", views.schedule_bin, name="schedule-bin"),
    path("schedules/bin/empty/", views.schedule_bin_empty, name="schedule-bin-empty"),
    path("schedules/bin/<int:pk>/<slug:action>/", views.schedule_bin_action, name="schedule-bin-action"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule-detail"),
    path("schedules/<int:pk>/<slug:action>/", views.schedule_action, name="schedule-action"),
    path("s/<slug:token>/", views.shared_schedule, name="shared-schedule-page"),
    path("s/<slug:token>/calendar.ics", views.shared_schedule_calendar, name="shared-schedule-calendar"),
    path("calendar/<slug:token>.ics", views.calendar_subscription, name="calendar-subscription"),
]
