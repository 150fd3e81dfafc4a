"""What every app's read-only JSON API shares (each app's `api.py`, mounted under /api/v1/ by portal/urls.py).

Pages of `API_PAGE_SIZE` rows whose errors are Chinese (a page past the end is 404, a malformed one 400), the
per-client limit counted through `portal.ratelimit` (so the client behind the county's proxy is the one that
portal.ratelimit finds through RATELIMIT_IP_HEADER), the date-range parameters, and the exception handler that
answers every refusal with a Chinese `detail`.
"""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from portal import ratelimit
from portal.localdates import local_day_bounds

RATE_ACTION = "api"
DATE_FORMAT_HELP = "日期格式为 年-月-日，例如 2026-03-02。"

FROM_PARAMETER = OpenApiParameter(
    "date_from", OpenApiTypes.DATE, description="起始日期（含当日），" + DATE_FORMAT_HELP)
TO_PARAMETER = OpenApiParameter(
    "date_to", OpenApiTypes.DATE, description="截止日期（含当日），" + DATE_FORMAT_HELP)


def positive_int(value: str | None, *, default: int, name: str, maximum: int | None = None) -> int:
    """A positive integer query parameter, or a 400 that says what is expected."""
    if value in (None, ""):
        return default
    if not value.isdigit() or int(value) < 1 or (maximum is not None and int(value) > maximum):
        upper = f"1 到 {maximum} 之间的" if maximum is not None else "正"
        raise exceptions.ParseError(f"参数 {name} 应为{upper}整数，收到的是“{value[:20]}”。")
    return int(value)


class Pagination(BasePagination):
    """Numbered pages: `?page=` (from 1) and `?page_size=` (at most API_MAX_PAGE_SIZE).

    Two queries per page whatever the data size: the count and the page's rows.
    """

    def paginate_queryset(self, queryset, request, view=None):
        size = positive_int(request.query_params.get("page_size"), default=settings.API_PAGE_SIZE,
                            name="page_size", maximum=settings.API_MAX_PAGE_SIZE)
        number = positive_int(request.query_params.get("page"), default=1, name="page")
        paginator = Paginator(queryset, size)
        if number > paginator.num_pages:
            raise exceptions.NotFound(
                f"第 {number} 页不存在：共 {paginator.count} 条数据，{paginator.num_pages} 页。")
        self.request = request
        self.page = paginator.page(number)
        return list(self.page)

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)

    def get_paginated_response(self, data):
        page = self.page
        return Response({
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": self._link(page.next_page_number() if page.has_next() else None),
            "previous": self._link(page.previous_page_number() if page.has_previous() else None),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "符合条件的数据总条数"},
                "page": {"type": "integer", "description": "当前页码（从 1 开始）"},
                "pages": {"type": "integer", "description": "总页数"},
                "next": {"type": "string", "format": "uri", "nullable": True, "description": "下一页的网址"},
                "previous": {"type": "string", "format": "uri", "nullable": True, "description": "上一页的网址"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "required": False, "in": "query", "schema": {"type": "integer", "minimum": 1},
             "description": "页码，从 1 开始；超过总页数时返回 404。"},
            {"name": "page_size", "required": False, "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
             "description": f"每页条数，默认 {settings.API_PAGE_SIZE}，最多 {settings.API_MAX_PAGE_SIZE}。"},
        ]


class ClientThrottle(BaseThrottle):
    """API_REQUESTS_PER_MINUTE and API_REQUESTS_PER_HOUR requests per client, counted atomically in the shared
    cache (portal.ratelimit), the client being the one portal.ratelimit finds behind the county's proxy."""

    def allow_request(self, request, view):
        client = ratelimit.client(request)
        limits = [(60, settings.API_REQUESTS_PER_MINUTE), (3600, settings.API_REQUESTS_PER_HOUR)]
        for window, limit in limits:
            if not ratelimit.take(RATE_ACTION, f"{client}:{window}", limit, window):
                for earlier_window, _limit in limits:
                    if earlier_window == window:
                        break
                    ratelimit.give_back(RATE_ACTION, f"{client}:{earlier_window}")
                self.window = window
                return False
        return True

    def wait(self):
        return getattr(self, "window", 60)


def too_many_message(wait: float | None) -> str:
    return (f"请求过于频繁：每个用户每分钟最多 {settings.API_REQUESTS_PER_MINUTE} 次、"
            f"每小时最多 {settings.API_REQUESTS_PER_HOUR} 次，请 {int(wait or 60)} 秒后再试。"
            "需要全部数据的，请使用区划页面的“数据下载”。")


def exception_handler(exc, context):
    """DRF's handler, with every message the client sees in Chinese."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("没有找到该数据，请检查网址中的代码或编号。")
    elif isinstance(exc, exceptions.Throttled):
        exc.detail = exceptions.ErrorDetail(too_many_message(exc.wait), code="throttled")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = exceptions.MethodNotAllowed(context["request"].method, detail="本接口只读，只接受 GET 请求。")
    elif isinstance(exc, exceptions.NotAcceptable):
        exc = exceptions.NotAcceptable(detail="本接口只提供 JSON 格式的数据。")
    return drf_exception_handler(exc, context)  # a 429 carries Retry-After


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 instead of the site's HTML page."""
    return JsonResponse({"detail": "没有这个接口。接口列表和说明见 /api/v1/docs/。"}, status=status.HTTP_404_NOT_FOUND,
                        json_dumps_params={"ensure_ascii": False})


def date_param(request, name: str) -> dt.date | None:
    """A YYYY-MM-DD query parameter, None when absent; anything else is a 400 in Chinese."""
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise exceptions.ParseError(f"参数 {name} 不是有效的日期（收到“{value[:20]}”）。{DATE_FORMAT_HELP}") from None


def in_date_range(queryset, request, field: str):
    """Rows whose datetime `field` falls on the local days ?date_from= to ?date_to= (either may be left out)."""
    start, end = date_param(request, "date_from"), date_param(request, "date_to")
    if start and end and start > end:
        raise exceptions.ParseError("起始日期 date_from 不能晚于截止日期 date_to。")
    if start:
        queryset = queryset.filter(**{f"{field}__gte": local_day_bounds(start, start)[0]})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": local_day_bounds(end, end)[1]})
    return queryset
