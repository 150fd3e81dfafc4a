"""Template helpers for the rating widget, a request's rating on its status page and the 我要纠错 link every page
carries."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from feedback import ratings
from feedback.models import Level

register = template.Library()


@register.simple_tag
def rating_levels():
    """The five levels as (value, label), best first, for the rating widget."""
    return [(value, str(label)) for value, label in Level.choices]


@register.simple_tag(takes_context=True)
def application_rating(context, application):
    """On a request's status page: `given`, its rating if it has one, and `can_rate`, whether the applicant in
    this session may rate it now (finished and not yet rated). At most one query."""
    given = ratings.rating_of(application)
    return {"given": given, "can_rate": ratings.applicant_may_rate(context["request"], application, given)}


@register.simple_tag(takes_context=True)
def correction_url(context):
    """The 我要纠错 form, remembering the page the citizen was on."""
    request = context.get("request")
    query = {"kind": "correction"}
    if request is not None:
        query["page"] = request.get_full_path()[:500]
    return reverse("feedback:message_new") + "?" + urlencode(query)


@register.simple_tag
def widget_id(*parts):
    """A unique HTML id from its parts, e.g. rate-publication-42."""
    return "-".join(str(part) for part in parts)
