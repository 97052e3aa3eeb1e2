from django.urls import path

from scheduler.api import views

urlpatterns = [
    path("generations/", views.GenerationListCreate.as_view(), name="generation-list"),
    path("generations/<uuid:job_id>/", views.GenerationDetail.as_view(), name="generation-detail"),
]
