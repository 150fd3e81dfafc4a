"""Who looked at citizens' personal data in the admin, when, and from where. An applicant's name, ID number, phone
and address are for the staff handling the request; this log lets a supervisor check that they were used so.

`record` writes one `PersonalDataAccess` row; `PersonalDataAdminMixin` goes on every ModelAdmin whose pages show such
data and writes the rows itself: opening a record's page, a list page that shows personal data
(`personal_data_in_list`), and an export (django-import-export) with the number of records exported. Custom
admin pages (a printed notice) call `record` themselves. The address is the client's as `portal.ratelimit`
finds it behind the county's proxy: staff work from the government network, and a look from an unexpected
address is what a supervisor needs to see.

Nothing here stores what was searched for: a search string may itself be a citizen's phone number.
"""

from django.contrib.contenttypes.models import ContentType

from portal.models import PersonalDataAccess
from portal.ratelimit import client_ip

Kind = PersonalDataAccess.Kind


def record(request, kind: str, *, obj=None, model=None, count: int = 1, place: str) -> PersonalDataAccess:
    """One access row: `request.user` saw `obj` (or `count` records of `model`) on `place` in the way `kind`."""
    model = model if model is not None else type(obj)
    user = request.user
    return PersonalDataAccess.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username()[:150],
        kind=kind,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id="" if obj is None else str(obj.pk),
        object_repr="" if obj is None else str(obj)[:200],
        count=count,
        place=place[:100],
        address=client_ip(request)[:45],
    )


class PersonalDataAdminMixin:
    """For a ModelAdmin whose records carry citizens' personal data: every page that shows it leaves a row.

    A record's page is logged when it is shown (GET), not when a form is posted back: the change itself is in the
    admin log. A list page is logged only where `personal_data_in_list` is set (its columns show names or phone
    numbers) and it shows at least one record. Exports are logged with the number of records in the file.
    """

    personal_data_in_list = False

    def _names(self):
        return str(self.model._meta.verbose_name), str(self.model._meta.verbose_name_plural)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        original = context.get("original")
        if request.method == "GET" and response.status_code == 200 and original is not None:
            record(request, Kind.VIEW, obj=original, place=f"{self._names()[0]}详情页")
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if self.personal_data_in_list and request.method == "GET" and changelist is not None:
            shown = len(changelist.result_list)
            if shown:
                searched = "（检索结果）" if changelist.query else ""
                record(request, Kind.LIST, model=self.model, count=shown, place=f"{self._names()[1]}列表{searched}")
        return response

    def get_export_data(self, file_format, request, queryset, **kwargs):
        request.personal_data_export_extension = file_format.get_extension()
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        extension = getattr(request, "personal_data_export_extension", "")
        place = f"导出{self._names()[1]}" + (f"（.{extension}）" if extension else "")
        record(request, Kind.EXPORT, model=self.model, count=len(dataset), place=place)
        return dataset
