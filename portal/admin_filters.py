"""Admin list filters shared by the apps."""

from django.contrib import admin


class RelatedOnlyListFilter(admin.RelatedOnlyFieldListFilter):
    """Django's RelatedOnlyFieldListFilter, still applied when it has a single choice to show.

    Django hides a filter with one choice and then drops its parameter without filtering, so a link such as
    ?department__id__exact=2 would list every department's records whenever only one department has any.
    """

    def has_output(self):
        return super().has_output() or bool(self.used_parameters)
