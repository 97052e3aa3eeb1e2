from django.urls import path

from catalog.api import views

TERM = "institutions/<str:institution>/terms/<str:term>/"

urlpatterns = [
    path("institutions/", views.InstitutionList.as_view(), name="catalog-institution-list"),
    path("institutions/<str:institution>/", views.InstitutionDetail.as_view(), name="catalog-institution-detail"),
    path("terms/", views.TermList.as_view(), name="catalog-term-list"),
    path(TERM, views.TermDetail.as_view(), name="catalog-term-detail"),
    path(TERM + "courses/", views.CourseList.as_view(), name="catalog-course-list"),
    path(TERM + "courses/<str:subject>/<str:number>/", views.CourseDetail.as_view(), name="catalog-course-detail"),
    path(TERM + "sections/", views.SectionList.as_view(), name="catalog-section-list"),
    path(TERM + "sections/<str:registrar_id>/", views.SectionDetail.as_view(), name="catalog-section-detail"),
]
