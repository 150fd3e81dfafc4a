from django.urls import path

from portal.reports import surveys, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("assessment/", views.assessment_view, name="assessment"),
    path("assessment.xlsx", views.assessment_xlsx, name="assessment_xlsx"),
    path("annual/", views.annual_view, name="annual"),
    path("annual.xlsx", views.annual_xlsx, name="annual_xlsx"),
    path("website/", views.website_view, name="website"),
    path("website.xlsx", views.website_xlsx, name="website_xlsx"),
    path("surveys/<int:pk>/", surveys.staff_results, name="survey_results"),
    path("surveys/<int:pk>.xlsx", surveys.staff_results_xlsx, name="survey_results_xlsx"),
]
