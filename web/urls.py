from django.urls import path

from web import views

urlpatterns = [
    path("", views.planner, name="planner"),
]
