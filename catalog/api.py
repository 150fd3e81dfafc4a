"""The catalogue's read-only JSON API: divisions, domains, directory entries with their standard elements,
published items and their attachments' metadata (mounted under /api/v1/ by portal/urls.py).

Only what the public pages show: items through `Publication.objects.public()` and attachments through
`Attachment.objects.public()` (never drafts, items under review or withdrawn ones), and only the fields a public
page prints — no one who drafted, reviewed or withdrew anything, no review notes, no contact details.
Each list is paginated (portal.api.Pagination) with a fixed number of queries per page.
"""

from django.db.models import Prefetch
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers

from catalog.models import Attachment, Division, Domain, Entry, Level, Publication
from catalog.views.common import in_subtree
from portal import api

app_name = "catalog_api"

LEVEL_HELP = "层级：county（县级）、township（乡级）、village（村级）。"
DIVISION_PARAMETER = OpenApiParameter(
    "division", str, description="12位统计用区划代码：只返回该区划及其下辖全部区划的数据。")
DOMAIN_PARAMETER = OpenApiParameter("domain", str, description="公开领域代码，见 /api/v1/domains/。")
LEVEL_PARAMETER = OpenApiParameter("level", str, enum=[level.value for level in Level], description=LEVEL_HELP)


@extend_schema_field(OpenApiTypes.URI)
class PageLink(serializers.Field):
    """The absolute address of an object's public page (or file), built from `view_name` and the named attributes."""

    def __init__(self, view_name: str, *attributes: str, **kwargs):
        self.view_name, self.attributes = view_name, attributes
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        path = reverse(self.view_name, args=[getattr(value, name) for name in self.attributes])
        return self.context["request"].build_absolute_uri(path)


def division_from(request) -> Division | None:
    """The ?division= filter: a division and everything below it; an unknown code is a 400 in Chinese."""
    code = request.query_params.get("division", "").strip()
    if not code:
        return None
    found = Division.objects.filter(code=code).only("pk", "tree_id", "lft", "rght", "level").first()
    if found is None:
        raise exceptions.ParseError(f"没有代码为“{code[:20]}”的区划。区划代码为12位数字，见 /api/v1/divisions/。")
    return found


def domain_from(request) -> Domain | None:
    code = request.query_params.get("domain", "").strip()
    if not code:
        return None
    found = Domain.objects.filter(code=code).only("pk").first()
    if found is None:
        raise exceptions.ParseError(f"没有代码为“{code[:30]}”的公开领域，见 /api/v1/domains/。")
    return found


def level_from(request) -> str | None:
    value = request.query_params.get("level", "").strip()
    if value and value not in Level.values:
        raise exceptions.ParseError(f"参数 level 不正确（收到“{value[:20]}”）。{LEVEL_HELP}")
    return value or None


# Divisions -----------------------------------------------------------------------------------------------------


class DivisionSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", help_text="层级名称")
    kind_label = serializers.CharField(source="get_kind_display", help_text="类型名称")
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="上级区划的代码，县级为空")
    depth = serializers.IntegerField(help_text="在区划树中的深度：县级 0，乡级 1，村级 2")
    url = PageLink("catalog:division", "code", help_text="公开页面的网址")

    class Meta:
        model = Division
        fields = ["code", "name", "level", "level_label", "kind", "kind_label", "parent", "depth", "url"]


class DivisionDetailSerializer(DivisionSerializer):
    ancestors = serializers.SerializerMethodField(help_text="从县级到上一级的各级区划")
    children = serializers.SerializerMethodField(help_text="直接下级区划")

    class Meta(DivisionSerializer.Meta):
        fields = [*DivisionSerializer.Meta.fields, "ancestors", "children"]

    @extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "name": {"type": "string"}}}})
    def get_ancestors(self, division):
        return [{"code": place.code, "name": place.name} for place in division.get_ancestors()]

    @extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "name": {"type": "string"}}}})
    def get_children(self, division):
        return [{"code": place.code, "name": place.name} for place in division.get_children()]


@extend_schema(tags=["区划"], summary="行政区划列表", parameters=[
    OpenApiParameter("division", str, description="12位区划代码：只返回该区划及其下辖的全部区划。"),
    OpenApiParameter("parent", str, description="12位区划代码：只返回它的直接下级区划。"),
    LEVEL_PARAMETER,
], description="县、乡镇（街道）、村（社区）三级区划，按区划树的顺序排列（每个区划紧跟在上级之后）。")
class DivisionList(generics.ListAPIView):
    serializer_class = DivisionSerializer

    def get_queryset(self):
        within = division_from(self.request)
        places = Division.objects.all() if within is None else within.get_descendants(include_self=True)
        places = places.select_related("parent").order_by("tree_id", "lft")
        parent = self.request.query_params.get("parent", "").strip()
        if parent:
            places = places.filter(parent__code=parent)
        level = level_from(self.request)
        return places.filter(level=level) if level else places


@extend_schema(tags=["区划"], summary="一个行政区划", description="含上级区划的路径和直接下级区划。")
class DivisionDetail(generics.RetrieveAPIView):
    serializer_class = DivisionDetailSerializer
    queryset = Division.objects.select_related("parent")
    lookup_field = "code"


# Domains and directory entries -------------------------------------------------------------------------------


class DomainSerializer(serializers.ModelSerializer):
    levels = serializers.ListField(child=serializers.CharField(), help_text="适用的层级（county、township、village）")
    url = PageLink("catalog:domain", "code", help_text="公开页面的网址")

    class Meta:
        model = Domain
        fields = ["code", "name", "description", "order", "levels", "url"]


@extend_schema(tags=["公开领域与标准目录"], summary="公开领域列表", parameters=[LEVEL_PARAMETER])
class DomainList(generics.ListAPIView):
    serializer_class = DomainSerializer

    def get_queryset(self):
        level = level_from(self.request)
        return Domain.objects.for_level(level) if level else Domain.objects.all()


@extend_schema(tags=["公开领域与标准目录"], summary="一个公开领域")
class DomainDetail(generics.RetrieveAPIView):
    serializer_class = DomainSerializer
    queryset = Domain.objects.all()
    lookup_field = "code"


class EntrySerializer(serializers.ModelSerializer):
    domain = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="公开领域代码")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, help_text="上级事项的编号，一级事项为空")
    depth = serializers.IntegerField(help_text="0 为一级事项，1 为二级事项，2 为三级事项")
    is_item = serializers.SerializerMethodField(help_text="是否为最末一级事项（公开信息挂在这一级）")
    time_limit_text = serializers.CharField(help_text="公开时限")
    time_limit_workdays = serializers.IntegerField(help_text="公开时限（工作日）")
    posting_workdays = serializers.IntegerField(allow_null=True, help_text="公示期（工作日），没有公示期为空")
    update_cycle = serializers.CharField(source="get_update_cycle_display", help_text="更新周期")
    publisher_text = serializers.CharField(help_text="公开主体")
    channels = serializers.SerializerMethodField(help_text="公开渠道和载体")
    audience = serializers.CharField(source="get_audience_display", help_text="公开对象")
    mode = serializers.CharField(source="get_mode_display", help_text="公开方式")
    category = serializers.CharField(source="get_category_display", help_text="五公开类别，未分类为空字符串")
    column = serializers.CharField(source="get_column_display", help_text="同时列入的公开栏目，没有为空字符串")
    levels = serializers.ListField(child=serializers.CharField(), help_text="公开层级（county、township、village）")
    levels_label = serializers.CharField(source="levels_display", help_text="公开层级名称")
    tags = serializers.SerializerMethodField(help_text="主题服务、一生事、面向群体标签")
    url = PageLink("catalog:entry", "pk", help_text="公开页面的网址")

    class Meta:
        model = Entry
        fields = ["id", "domain", "parent", "depth", "is_item", "name", "order", "content", "basis",
                  "time_limit_text", "time_limit_workdays", "posting_workdays", "update_cycle", "publisher_text",
                  "channels", "audience", "mode", "category", "column", "levels", "levels_label", "tags", "url"]
        extra_kwargs = {"name": {"help_text": "事项名称"}, "content": {"help_text": "公开内容（要素）"},
                        "basis": {"help_text": "公开依据"}, "order": {"help_text": "序号"}}

    def get_is_item(self, entry) -> bool:
        return entry.is_leaf_node()

    def get_channels(self, entry) -> list[str]:
        return entry.channel_labels()

    @extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
        "kind": {"type": "string"}, "name": {"type": "string"}}}})
    def get_tags(self, entry):
        return [{"kind": tag.get_kind_display(), "name": tag.name} for tag in entry.tags.all()]


@extend_schema(tags=["公开领域与标准目录"], summary="标准目录事项列表（含标准要素）", parameters=[
    DOMAIN_PARAMETER, LEVEL_PARAMETER,
    OpenApiParameter("division", str, description="12位区划代码：只返回适用于该区划层级的事项（即该区划的标准目录）。"),
], description="按领域和目录树的顺序排列：每个一级事项紧跟着它的二级事项。")
class EntryList(generics.ListAPIView):
    serializer_class = EntrySerializer

    def get_queryset(self):
        entries = (Entry.objects.select_related("domain").prefetch_related("tags")
                   .order_by("domain__order", "domain__code", "tree_id", "lft"))
        domain = domain_from(self.request)
        if domain is not None:
            entries = entries.filter(domain=domain)
        level = level_from(self.request)
        if level is not None:
            entries = entries.for_level(level)
        place = division_from(self.request)
        return entries if place is None else entries.for_level(place.level)


@extend_schema(tags=["公开领域与标准目录"], summary="一个标准目录事项（含标准要素）")
class EntryDetail(generics.RetrieveAPIView):
    serializer_class = EntrySerializer
    queryset = Entry.objects.select_related("domain").prefetch_related("tags")


# Published items and their attachments -----------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="download_name", help_text="文件名")
    format = serializers.CharField(source="extension", help_text="文件格式，如 PDF、DOCX")
    size = serializers.IntegerField(help_text="大小（字节）")
    publication = serializers.PrimaryKeyRelatedField(read_only=True, help_text="所属公开信息的编号")
    download_url = PageLink("catalog:attachment", "publication_id", "pk", help_text="下载网址")

    class Meta:
        model = Attachment
        fields = ["id", "publication", "name", "format", "size", "download_url"]


class PublicationSerializer(serializers.ModelSerializer):
    document_type = serializers.CharField(source="get_document_type_display", help_text="信息类别")
    validity = serializers.CharField(source="get_validity_display", help_text="有效性")
    department = serializers.CharField(source="department.name", help_text="发布机构")
    division = serializers.SerializerMethodField(help_text="所属区划")
    entry = serializers.SerializerMethodField(help_text="公开事项")
    domain = serializers.SerializerMethodField(help_text="公开领域")
    url = PageLink("catalog:publication", "pk", help_text="公开页面的网址")

    class Meta:
        model = Publication
        fields = ["id", "index_number", "title", "document_number", "document_type", "formed_on", "published_at",
                  "validity", "validity_changed_on", "department", "division", "entry", "domain", "url"]
        extra_kwargs = {"index_number": {"help_text": "索引号"}, "title": {"help_text": "标题"},
                        "document_number": {"help_text": "文号"}, "formed_on": {"help_text": "成文日期"},
                        "published_at": {"help_text": "发布时间"},
                        "validity_changed_on": {"help_text": "失效或废止日期"}}

    @extend_schema_field({"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}})
    def get_division(self, item):
        return {"code": item.division.code, "name": item.division.name}

    @extend_schema_field({"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}})
    def get_entry(self, item):
        return {"id": item.entry_id, "name": item.entry.name}

    @extend_schema_field({"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}})
    def get_domain(self, item):
        return {"code": item.entry.domain.code, "name": item.entry.domain.name}


class PublicationDetailSerializer(PublicationSerializer):
    body = serializers.CharField(help_text="正文（经过安全过滤的 HTML）")
    attachments = AttachmentSerializer(many=True, read_only=True, help_text="附件")

    class Meta(PublicationSerializer.Meta):
        fields = [*PublicationSerializer.Meta.fields, "body", "attachments"]


ITEM_FIELDS = ("pk", "index_number", "title", "document_number", "document_type", "formed_on", "published_at",
               "validity", "validity_changed_on", "entry_id", "department__name", "division__code", "division__name",
               "entry__name", "entry__domain__code", "entry__domain__name")


def public_items(*more_fields: str):
    """Published items with what a list row prints; never a draft, an item under review or a withdrawn one."""
    return (Publication.objects.public().select_related("department", "division", "entry__domain")
            .only(*ITEM_FIELDS, *more_fields))


def filter_items(queryset, request, prefix: str = ""):
    """The ?division=, ?domain= and ?date_from=/?date_to= filters on items (`prefix` reaches them from a row)."""
    place = division_from(request)
    if place is not None:
        queryset = queryset.filter(**in_subtree(f"{prefix}division", place))
    domain = domain_from(request)
    if domain is not None:
        queryset = queryset.filter(**{f"{prefix}entry__domain": domain})
    return api.in_date_range(queryset, request, f"{prefix}published_at")


ITEM_PARAMETERS = [DIVISION_PARAMETER, DOMAIN_PARAMETER, api.FROM_PARAMETER, api.TO_PARAMETER]


@extend_schema(tags=["公开信息"], summary="已发布的公开信息列表", parameters=ITEM_PARAMETERS,
               description="只含已发布的信息，最新发布的在前；日期范围按发布日期筛选。正文和附件见单条信息的接口。")
class PublicationList(generics.ListAPIView):
    serializer_class = PublicationSerializer

    def get_queryset(self):
        return filter_items(public_items(), self.request).order_by("-published_at", "-pk")


@extend_schema(tags=["公开信息"], summary="一条已发布的公开信息（含正文和附件）",
               description="草稿、待审核和已撤回的信息返回 404。")
class PublicationDetail(generics.RetrieveAPIView):
    serializer_class = PublicationDetailSerializer

    def get_queryset(self):
        return public_items("body").prefetch_related(
            Prefetch("attachments", Attachment.objects.order_by("order", "pk")))


@extend_schema(tags=["公开信息"], summary="公开信息的附件（元数据）", parameters=[
    *ITEM_PARAMETERS, OpenApiParameter("publication", int, description="只返回这条公开信息的附件"),
], description="只含已发布信息的附件，不含文件内容：download_url 是公开的下载网址。筛选条件作用于附件所属的信息。")
class AttachmentList(generics.ListAPIView):
    serializer_class = AttachmentSerializer

    def get_queryset(self):
        files = Attachment.objects.public().only("pk", "publication_id", "name", "file", "size")
        files = filter_items(files, self.request, prefix="publication__")
        publication = api.positive_int(self.request.query_params.get("publication"), default=0, name="publication")
        if publication:
            files = files.filter(publication_id=publication)
        return files.order_by("-publication__published_at", "-publication_id", "order", "pk")


urlpatterns = [
    path("divisions/", DivisionList.as_view(), name="divisions"),
    path("divisions/<str:code>/", DivisionDetail.as_view(), name="division"),
    path("domains/", DomainList.as_view(), name="domains"),
    path("domains/<slug:code>/", DomainDetail.as_view(), name="domain"),
    path("entries/", EntryList.as_view(), name="entries"),
    path("entries/<int:pk>/", EntryDetail.as_view(), name="entry"),
    path("publications/", PublicationList.as_view(), name="publications"),
    path("publications/<int:pk>/", PublicationDetail.as_view(), name="publication"),
    path("attachments/", AttachmentList.as_view(), name="attachments"),
]
