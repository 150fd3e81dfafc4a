from django.urls import path

from portal.reports import public

app_name = "annual_reports"

urlpatterns = [
    path("", public.report_list, name="list"),
    path("<int:pk>/", public.report_detail, name="detail"),
    path("<int:pk>.xlsx", public.report_xlsx, name="xlsx"),
]
