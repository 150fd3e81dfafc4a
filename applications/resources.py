"""The register of requests (依申请公开登记台账) as a spreadsheet: what clerks keep for their department and supervisors
for the county. It carries the applicants' names and contact details, so every export is on the personal-data
access log (`portal.access_log`)."""

from import_export import fields, resources

from applications.models import Application


def _field(column: str, attribute: str | None = None, method: str | None = None) -> fields.Field:
    return fields.Field(column_name=column, attribute=attribute, dehydrate_method=method, readonly=True)


def _on(day) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


class ApplicationResource(resources.ModelResource):
    tracking_number = _field("申请编号", "tracking_number")
    received_on = _field("收到申请日期", method="export_received_on")
    channel = _field("申请渠道", method="export_channel")
    applicant_kind = _field("申请人类型", method="export_applicant_kind")
    applicant_name = _field("申请人姓名/名称", "applicant_name")
    phone = _field("联系电话", "phone")
    address = _field("通信地址", "address")
    department = _field("办理机关", method="export_department")
    description = _field("申请内容", "description")
    status = _field("状态", method="export_status")
    due_on = _field("答复期限", method="export_due_on")
    replied_on = _field("答复日期", method="export_replied_on")
    outcome = _field("办理结果", method="export_outcome")

    class Meta:
        model = Application
        fields = ("tracking_number", "received_on", "channel", "applicant_kind", "applicant_name", "phone",
                  "address", "department", "description", "status", "due_on", "replied_on", "outcome")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("department").order_by("received_on", "pk")

    def export_received_on(self, item):
        return _on(item.received_on)

    def export_due_on(self, item):
        shown = _on(item.due_on)
        return f"{shown}（暂定）" if shown and item.due_is_provisional else shown

    def export_replied_on(self, item):
        return _on(item.replied_on)

    def export_channel(self, item):
        return item.get_channel_display()

    def export_applicant_kind(self, item):
        return item.get_applicant_kind_display()

    def export_department(self, item):
        return item.department.name

    def export_status(self, item):
        return item.get_status_display()

    def export_outcome(self, item):
        return item.get_outcome_display() if item.outcome else ""
