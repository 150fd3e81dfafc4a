"""The public search form: a query and optional filters by division, domain, department and year."""

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalog import fragments
from catalog.models import Department, Division, Domain, Level
from catalog.search import MAX_QUERY_CHARS, clean_query

YEARS_OFFERED = 10


def year_choices(today=None):
    this_year = (today or timezone.localdate()).year
    return [("", "全部年份")] + [(str(y), f"{y}年") for y in range(this_year, this_year - YEARS_OFFERED, -1)]


class SafeChoiceMixin:
    """Refuse values no row can have (NUL bytes, overlong) before they reach the database as a lookup."""

    def to_python(self, value):
        if isinstance(value, str) and ("\x00" in value or len(value) > 100):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CachedSelect(forms.Select):
    """A <select> whose options are rendered once per catalogue version by each worker (catalog.fragments).

    The division and department lists hold hundreds of options; through Django's widget templates they cost most
    of a search page's time. The options are plain `<option value="…">label</option>` HTML, cached under the
    catalogue's version, and the chosen one is marked when the select is rendered.
    """

    def __init__(self, key: str, attrs=None):
        super().__init__(attrs)
        self.key = key

    def render(self, name, value, attrs=None, renderer=None):
        options = fragments.worker_fragment(f"select:{self.key}", build=lambda: "".join(
            format_html('<option value="{}">{}</option>', choice, label) for choice, label in self.choices
        ))
        chosen = self.format_value(value)
        if chosen and chosen[0]:
            mark = format_html('<option value="{}">', chosen[0])
            options = mark_safe(options.replace(mark, mark[:-1] + " selected>", 1))
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)


class ModelChoiceField(SafeChoiceMixin, forms.ModelChoiceField):
    pass


class DivisionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return ("　" if obj.level == Level.TOWNSHIP else "") + obj.name


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, strip=False)
    division = DivisionChoiceField(
        label="区划", required=False, empty_label="全部区划", to_field_name="code",
        widget=CachedSelect("search-division"),
        queryset=Division.objects.governments().order_by("tree_id", "lft"),
    )
    domain = ModelChoiceField(
        label="公开领域", required=False, empty_label="全部领域", to_field_name="code", queryset=Domain.objects.all(),
        widget=CachedSelect("search-domain"),
    )
    department = ModelChoiceField(
        label="发布机构", required=False, empty_label="全部机构", widget=CachedSelect("search-department"),
        queryset=Department.objects.active().only("id", "name"),
    )
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None, choices=year_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("division", "domain", "department", "year"):
            self.fields[name].error_messages["invalid_choice"] = "所选条件无效，已忽略，请从列表中重新选择。"
        self.was_cut = False
        # Control characters, NUL included, are turned into spaces by clean_query rather than refused.
        self.fields["q"].validators = []

    def clean_q(self):
        query, self.was_cut = clean_query(self.cleaned_data.get("q", ""))
        return query

    @property
    def cut_notice(self) -> str:
        return f"关键词过长，只按前{MAX_QUERY_CHARS}个字检索。" if self.was_cut else ""
