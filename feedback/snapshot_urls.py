from django.urls import path

from feedback import snapshot_views as views

app_name = "snapshots"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.new, name="new"),
    path("track/", views.track, name="track"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/rate/", views.rate, name="rate"),
    path("<str:code>/photos/<int:pk>/", views.photo, name="photo"),
]
