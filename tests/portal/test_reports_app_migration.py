"""The supervision models left the portal app for their own app (label `reports`): their migrations keep every row,
their content types and the supervisors' permissions on them, in both directions."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.roles import SUPERVISOR
from portal.reports.models import AnnualReportInput, AssessmentRule, ReviewCase
from tests import factories as f
from tests.portal import reports_factories as rf

# The portal app's last migration while it held the supervision models.
BEFORE_THE_MOVE = [("portal", "0004_merge_0002_audit_log_0003_report_roles")]
TABLES = ["assessmentrule", "annualreportinput", "reviewcase"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def rows(app_label):
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {app_label}_{table}")
            counts[table] = cursor.fetchone()[0]
    return counts


def supervisor_grants(app_label):
    return set(
        Group.objects.get(name=SUPERVISOR)
        .permissions.filter(content_type__app_label=app_label, content_type__model__in=TABLES)
        .values_list("codename", flat=True)
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_report_models_keep_rows_content_types_and_supervisor_grants_across_the_move():
    county = f.county()
    rf.assessment_rule(2031)
    report = rf.annual_input(county, 2031, licensing_decisions=7)
    rf.review_case(report, ReviewCase.Kind.RECONSIDERATION, ReviewCase.Result.UPHELD, case_number="示复字〔2031〕1号")
    content_type_ids = {ct.model: ct.pk for ct in ContentType.objects.filter(app_label="reports", model__in=TABLES)}
    grants = supervisor_grants("reports")
    assert {"view_assessmentrule", "change_annualreportinput", "delete_reviewcase"} <= grants

    try:
        migrate(BEFORE_THE_MOVE)
        tables = connection.introspection.table_names()
        assert "portal_annualreportinput" in tables and "reports_annualreportinput" not in tables
        assert rows("portal") == {"assessmentrule": 1, "annualreportinput": 1, "reviewcase": 1}
        assert supervisor_grants("portal") == grants
        assert not ContentType.objects.filter(app_label="reports", model__in=TABLES).exists()
    finally:
        migrate(latest())

    assert rows("reports") == {"assessmentrule": 1, "annualreportinput": 1, "reviewcase": 1}
    moved = ContentType.objects.filter(app_label="reports", model__in=TABLES)
    assert {ct.model: ct.pk for ct in moved} == content_type_ids
    assert supervisor_grants("reports") == grants
    assert AnnualReportInput.objects.get().cases.get().case_number == "示复字〔2031〕1号"
    assert AssessmentRule.objects.get().year == 2031
