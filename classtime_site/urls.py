from django.contrib import admin
from django.urls import include, path

from catalog import views as catalog_views

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("scheduler.api.urls")),
]
