"""Public survey pages, mounted under feedback/surveys/ (the results page is portal.reports')."""

from django.urls import path

from feedback import survey_views

urlpatterns = [
    path("", survey_views.survey_list, name="survey_list"),
    path("<int:pk>/", survey_views.survey_detail, name="survey_detail"),
]
