"""Saved schedule pages and the public share and calendar links."""

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
    path("s/<str:token>/", views.shared_schedule, name="shared-schedule-page"),
    path("calendar/<str:token>.ics", views.calendar_subscription, name="calendar-subscription"),
]
