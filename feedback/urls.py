from django.urls import include, path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.index, name="index"),
    path("rate/", views.rate, name="rate"),
    path("rate/department/", views.choose_department, name="choose_department"),
    path("rate/department/<int:pk>/", views.rate_department, name="rate_department"),
    path("points/", views.point_list, name="points"),
    path("points/<int:pk>/", views.point_detail, name="point_detail"),
    path("messages/new/", views.message_new, name="message_new"),
    path("messages/track/", views.message_track, name="message_track"),
    # The 查询码 is never in a URL: the session remembers the message looked up.
    path("messages/answer/", views.message_detail, name="message_detail"),
    path("messages/answer/rate/", views.message_rate, name="message_rate"),
    path("qa/", views.qa_list, name="qa"),
    path("surveys/", include("feedback.survey_urls")),
    path("consultations/", include("feedback.consultation_urls")),
]
