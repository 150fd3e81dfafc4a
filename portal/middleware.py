"""Response headers that Django 5.2 does not set by itself, and the refusal of oversized request bodies."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy and Permissions-Policy headers on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = (
            settings.CONTENT_SECURITY_POLICY_ADMIN
            if request.path.startswith("/admin/")
            else settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than REQUEST_MAX_BYTES (413, a Chinese page) before anything
    reads it: Django would otherwise spool a multi-gigabyte upload to disk before the form's size check runs.
    A body sent without Content-Length (chunked) is not read by Django at all under WSGI."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            limit_mb = settings.REQUEST_MAX_BYTES // (1024 * 1024)
            response = HttpResponse(render_to_string("errors/413.html", {"limit_mb": limit_mb}), status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
