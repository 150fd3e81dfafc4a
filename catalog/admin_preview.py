"""发布预览: the page a citizen will see once an item is published, for the reviewer deciding whether to publish it.

It renders the public page's own includes with the public stylesheet, under a banner saying that nothing is
published yet, with the workflow steps the user may take next. A mixin for PublicationAdmin, so that the preview
is one more admin URL beside the change page, with the same department scoping.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalog import publishing
from catalog.models import Tag


class PublicationPreviewMixin:
    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:object_id>/preview/", preview, name="catalog_publication_preview"),
        ] + super().get_urls()

    def preview_view(self, request, object_id):
        publication = (
            self.get_queryset(request).select_related("department", "division", "entry__domain")
            .filter(pk=object_id).first()
        )
        if publication is None:
            raise Http404("没有找到这条信息，或它不属于您的单位。")
        if not self.has_view_permission(request, publication):
            raise PermissionDenied
        context = {
            "publication": publication,
            "themes": list(publication.entry.tags.filter(kind=Tag.Kind.THEME)),
            "attachments": list(publication.attachments.all()),
            "preview": True,
            "change_url": reverse("admin:catalog_publication_change", args=[publication.pk]),
            "workflow_steps": publishing.allowed_steps(publication, request.user),
        }
        return TemplateResponse(request, "catalog/publication_preview.html", context)
