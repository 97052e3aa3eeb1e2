from django.urls import path

from scheduler.api import fits, saved, views, watches

urlpatterns = [
    path("generations/", views.GenerationListCreate.as_view(), name="generation-list"),
    path("generations/<uuid:job_id>/", views.GenerationDetail.as_view(), name="generation-detail"),
    path("course-fits/", fits.CourseFits.as_view(), name="course-fits"),
    path("schedules/", saved.SavedScheduleListCreate.as_view(), name="saved-schedule-list"),
    path("schedules/compare/", saved.SavedScheduleCompare.as_view(), name="saved-schedule-compare"),
    path("schedules/bin/", saved.SavedScheduleBin.as_view(), name="saved-schedule-bin"),
    path("schedules/bin/<int:pk>/", saved.SavedScheduleBinItem.as_view(), name="saved-schedule-bin-item"),
    path("schedules/bin/<int:pk>/restore/", saved.SavedScheduleRestore.as_view(), name="saved-schedule-restore"),
    path("schedules/<int:pk>/", saved.SavedScheduleDetail.as_view(), name="saved-schedule-detail"),
    path("schedules/<int:pk>/duplicate/", saved.SavedScheduleDuplicate.as_view(), name="saved-schedule-duplicate"),
    path("schedules/<int:pk>/share/", saved.SavedScheduleShare.as_view(), name="saved-schedule-share"),
    path(
        "schedules/<int:pk>/subscription/",
        saved.SavedScheduleSubscription.as_view(),
        name="saved-schedule-subscription",
    ),
    path("schedules/<int:pk>/calendar.ics", saved.SavedScheduleCalendar.as_view(), name="saved-schedule-calendar"),
    path(
        "schedules/<int:pk>/acknowledge/", saved.SavedScheduleAcknowledge.as_view(), name="saved-schedule-acknowledge"
    ),
    path("schedules/<int:pk>/replan/", saved.SavedScheduleReplan.as_view(), name="saved-schedule-replan"),
    path("shared/<str:token>/", saved.SharedSchedule.as_view(), name="shared-schedule"),
    path("friends/schedules/", saved.FriendSchedules.as_view(), name="friend-schedules"),
    path("watches/", watches.WatchListCreate.as_view(), name="section-watch-list"),
    path("watches/<int:watch_id>/", watches.WatchDetail.as_view(), name="section-watch-detail"),
]
