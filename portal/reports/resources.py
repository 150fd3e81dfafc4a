"""The assessment rows as a django-import-export resource, for the plain export admins download."""

from import_export import fields, resources

from portal.reports.assessment import COLUMNS


def _attrs() -> dict:
    attrs = {
        "government": fields.Field(attribute="department__division__name", column_name="区划"),
        "department": fields.Field(attribute="department__name", column_name="单位"),
        "department_code": fields.Field(attribute="department__code", column_name="机构代码"),
    }
    for key, header, _explanation in COLUMNS:
        attrs[key] = fields.Field(attribute=key, column_name=header)
    attrs["dehydrate_grade"] = lambda self, row: row.grade_label if row.grade else ""
    return attrs


# Declared through the metaclass so that the columns follow assessment.COLUMNS without repeating them.
AssessmentRowResource = type(resources.Resource)("AssessmentRowResource", (resources.Resource,), {
    "__module__": __name__, "__doc__": "One row per department of a quarterly assessment sheet.", **_attrs(),
})
