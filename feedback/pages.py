"""The title of a page of this website, from its path: the 我要纠错 form and the error report name the page the
citizen was on ("《关于…的通知》", "县民政局") rather than showing its address."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from catalog.models import Department, Division, Domain, Entry, Publication, ReviewPoint, Tag

#: Pages without an object of their own, by URL name.
FIXED_TITLES = {
    "home": "首页",
    "sitemap_page": "网站地图",
    "catalog:directory": "政府信息公开目录",
    "catalog:search": "站内搜索",
    "catalog:guide": "政府信息公开指南",
    "applications:apply": "政府信息公开申请",
    "applications:status": "申请办理进度查询",
    "feedback:index": "互动交流",
    "feedback:points": "政务公开查阅点",
    "feedback:qa": "留言答复选登",
    "feedback:message_track": "查询留言答复",
    "feedback:choose_department": "评价单位",
    "reports:dashboard": "统计数据",
    "reports:annual": "政府信息公开工作年度报告",
    "reports:assessment": "政务公开考核",
}

#: Pages of one object, by URL name: how to find it from the URL's arguments (public ones only) and its name.
OBJECT_TITLES = {
    "catalog:publication": lambda kw: _name(Publication.objects.public(), "title", pk=kw["pk"]),
    "catalog:entry": lambda kw: _name(Entry.objects, "name", pk=kw["pk"]),
    "catalog:division": lambda kw: _name(Division.objects, "name", code=kw["code"]),
    "catalog:division_guide": lambda kw: _suffix(_name(Division.objects, "name", code=kw["code"]), "政府信息公开指南"),
    "catalog:department": lambda kw: _name(Department.objects, "name", pk=kw["pk"]),
    "catalog:domain": lambda kw: _name(Domain.objects, "name", code=kw["code"]),
    "catalog:theme": lambda kw: _name(Tag.objects, "name", kind=kw["kind"], slug=kw["slug"]),
    "catalog:life_event": lambda kw: _name(Tag.objects, "name", kind=kw["kind"], slug=kw["slug"]),
    "catalog:audience": lambda kw: _name(Tag.objects, "name", kind=kw["kind"], slug=kw["slug"]),
    "feedback:point_detail": lambda kw: _name(ReviewPoint.objects, "name", pk=kw["pk"]),
    "feedback:rate_department": lambda kw: _suffix(_name(Department.objects, "name", pk=kw["pk"]), "评价"),
}


def _name(queryset, field, **lookup):
    return queryset.filter(**lookup).values_list(field, flat=True).first() or ""


def _suffix(name, suffix):
    return f"{name}{suffix}" if name else ""


def page_title(path: str) -> str:
    """The title of the page at `path` (a path on this site, query string allowed), or "" for a path that is not
    a page of this site or whose object no longer exists or is not public."""
    if not (path or "").startswith("/") or not url_has_allowed_host_and_scheme(path, allowed_hosts=set()):
        return ""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    name = match.view_name
    if name in FIXED_TITLES:
        return FIXED_TITLES[name]
    if name in OBJECT_TITLES:
        return OBJECT_TITLES[name](match.kwargs)
    return ""
