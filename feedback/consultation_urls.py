"""Public 意见征集 pages, mounted under feedback/consultations/."""

from django.urls import path

from feedback import consultation_views

urlpatterns = [
    path("", consultation_views.consultation_list, name="consultation_list"),
    path("<int:pk>/", consultation_views.consultation_detail, name="consultation_detail"),
]
