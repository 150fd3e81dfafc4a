"""The work page's panel on the admin index (portal.reports.workbench)."""

from django import template
from django.utils import timezone

from portal.reports import workbench

register = template.Library()


@register.inclusion_tag("admin/workbench.html", takes_context=True)
def workbench_panel(context):
    user = context["request"].user
    return {"sections": workbench.sections_for(user, today=timezone.localdate()),
            "report_links": workbench.report_links(user)}
