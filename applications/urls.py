from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("", views.apply, name="apply"),
    path("submitted/", views.submitted, name="submitted"),
    path("suggestions/", views.suggest, name="suggestions"),
    path("suggestions/<int:pk>/", views.follow_suggestion, name="follow_suggestion"),
    path("status/", views.status_lookup, name="status"),
    # The tracking number is never in a URL: the session remembers the request the applicant looked up.
    path("status/progress/", views.status_detail, name="status_detail"),
    path("status/progress/correction/", views.submit_correction, name="submit_correction"),
    path("status/progress/documents/<int:pk>/", views.download, name="download"),
    path("status/progress/reply-notice/", views.reply_notice, name="reply_notice"),
]
