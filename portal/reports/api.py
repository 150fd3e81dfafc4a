"""The annual reports' read-only JSON API: the figures of the published 政府信息公开工作年度报告 (mounted under
/api/v1/ by portal/urls.py).

Only published reports, as their frozen snapshot holds them (portal.reports.publishing): the list gives the
current version of each organ's year, as the public 年报 page does; an older version stays readable by its number
and names the one that corrected it. Who published a report is never part of it.
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from applications.classification import ApplicantKind
from catalog.api import DIVISION_PARAMETER, PageLink, division_from
from catalog.views.common import in_subtree
from portal import api
from portal.reports import annual
from portal.reports.models import PublishedAnnualReport, ReviewCase

app_name = "reports_api"

REQUEST_COLUMNS = [str(ApplicantKind(kind).label) for kind in annual.KIND_COLUMNS] + ["总计"]
CASE_COLUMNS = [str(result.label) for result in ReviewCase.Result] + ["总计"]

_TABLE = {"type": "object", "properties": {
    "columns": {"type": "array", "items": {"type": "string"}},
    "rows": {"type": "array", "items": {"type": "object"}},
}}
FIGURES_SCHEMA = {"type": "object", "properties": {
    "documents": {"type": "array", "description": "表二：规章、行政规范性文件的本年制发、废止和现行有效件数",
                  "items": {"type": "object", "properties": {
                      "label": {"type": "string"}, "made": {"type": "integer"}, "repealed": {"type": "integer"},
                      "in_force": {"type": "integer"}}}},
    "decisions": {"type": "array", "description": "表二：行政许可、行政处罚、行政强制的本年处理决定数量（未填报为空）",
                  "items": {"type": "object", "properties": {
                      "label": {"type": "string"}, "count": {"type": "integer", "nullable": True}}}},
    "fee_amount": {"type": "string", "description": "表二：行政事业性收费本年收费金额（万元）"},
    "requests": {**_TABLE, "description": "表三：收到和处理政府信息公开申请情况，每行 values 与 columns 一一对应"},
    "cases": {**_TABLE, "description": "表四：行政复议、行政诉讼情况，每行 values 与 columns 一一对应"},
}}


def figures(snapshot: dict) -> dict:
    """The report's tables (二, 三, 四) from its published snapshot, each value under its column's name."""
    return {
        "documents": [{"label": label, "made": made, "repealed": repealed, "in_force": in_force}
                      for label, made, repealed, in_force in snapshot["documents"]],
        "decisions": [{"label": label, "count": count} for label, count in snapshot["decisions"]],
        "fee_amount": snapshot["fee_amount"],
        "requests": {"columns": REQUEST_COLUMNS, "rows": [
            {"label": row["label"], "level": row["level"], "is_heading": row["is_heading"], "values": row["values"]}
            for row in snapshot["requests"]]},
        "cases": {"columns": CASE_COLUMNS, "rows": [
            {"label": group["label"], "values": [*group["counts"], group["total"]]} for group in snapshot["cases"]]},
    }


class AnnualReportSerializer(serializers.ModelSerializer):
    organ_name = serializers.CharField(help_text="发布机关全称（发布时）")
    division = serializers.SerializerMethodField(help_text="发布机关所在区划")
    superseded_by = serializers.PrimaryKeyRelatedField(read_only=True, help_text="更正后的版本编号；当前版本为空")
    figures = serializers.SerializerMethodField(help_text="报告中的统计表")
    url = PageLink("annual_reports:detail", "pk", help_text="公开页面的网址")
    xlsx_url = PageLink("annual_reports:xlsx", "pk", help_text="Excel 下载网址")

    class Meta:
        model = PublishedAnnualReport
        fields = ["id", "year", "version", "title", "organ_name", "division", "published_at", "correction_note",
                  "superseded_by", "figures", "url", "xlsx_url"]
        extra_kwargs = {"year": {"help_text": "年度"}, "version": {"help_text": "版本，更正一次加 1"},
                        "title": {"help_text": "标题"}, "published_at": {"help_text": "发布时间"},
                        "correction_note": {"help_text": "更正说明（更正版本才有）"}}

    @extend_schema_field({"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}})
    def get_division(self, report):
        return {"code": report.organ.division.code, "name": report.organ.division.name}

    @extend_schema_field(FIGURES_SCHEMA)
    def get_figures(self, report):
        return figures(report.snapshot)


def published_reports():
    return (PublishedAnnualReport.objects.select_related("organ__division", "superseded_by")
            .only("pk", "year", "version", "title", "organ_name", "published_at", "correction_note", "snapshot",
                  "organ__division__code", "organ__division__name", "superseded_by__id"))


@extend_schema(tags=["政府信息公开工作年度报告"], summary="已发布的年度报告及其统计数据", parameters=[
    OpenApiParameter("year", int, description="年度，例如 2025"), DIVISION_PARAMETER, api.FROM_PARAMETER,
    api.TO_PARAMETER,
], description="每个机关每年度只列当前版本（更正后的版本）；日期范围按发布日期筛选。")
class AnnualReportList(generics.ListAPIView):
    serializer_class = AnnualReportSerializer

    def get_queryset(self):
        reports = published_reports().current()
        year = api.positive_int(self.request.query_params.get("year"), default=0, name="year", maximum=2100)
        if year:
            reports = reports.filter(year=year)
        place = division_from(self.request)
        if place is not None:
            reports = reports.filter(**in_subtree("organ__division", place))
        reports = api.in_date_range(reports, self.request, "published_at")
        return reports.order_by("-year", "organ__division__tree_id", "organ__division__lft", "organ__order", "pk")


@extend_schema(tags=["政府信息公开工作年度报告"], summary="一份已发布的年度报告及其统计数据",
               description="被更正的旧版本仍可读取，superseded_by 为更正后的版本。")
class AnnualReportDetail(generics.RetrieveAPIView):
    serializer_class = AnnualReportSerializer

    def get_queryset(self):
        return published_reports()


urlpatterns = [
    path("annual-reports/", AnnualReportList.as_view(), name="annual_reports"),
    path("annual-reports/<int:pk>/", AnnualReportDetail.as_view(), name="annual_report"),
]
