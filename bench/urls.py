"""The portal's URLs plus the benchmark's baseline: a bare view returning a fixed page (bench/run.py only)."""

from django.http import HttpResponse
from django.urls import include, path

FIXED_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>基准页</title></head>'
    "<body><h1>基准页</h1><p>一个固定的页面，用作服务器耗时的基准。</p></body></html>"
)


def baseline(request):
    return HttpResponse(FIXED_PAGE)


urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("", include("portal.urls")),
]
