"""The quarterly sheet's 政务新媒体 columns: accounts in operation and accounts overdue at the cut-off day."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from catalog.models.newmedia import AccountStatus, UpdateFrequency
from portal.reports import assessment, xlsx
from portal.reports.scope import Period
from tests import factories as f
from tests.catalog import newmedia_factories as nf

pytestmark = pytest.mark.django_db
D = dt.date
Q1 = Period(2026, 1)


@pytest.fixture
def sheet():
    county = f.county()
    bureau, other = f.department(county, name="县民政局"), f.department(county, name="县教育局")
    # Cut-off 31 March. Weekly, last updated 20 March: due 27 March, overdue; its 5 April update comes too late.
    nf.account(bureau, opened_on=D(2026, 1, 5), updates=[D(2026, 3, 20), D(2026, 4, 5)])
    # Weekly, updated 24 March: due exactly on 31 March, in time.
    nf.account(bureau, opened_on=D(2026, 1, 5), updates=[D(2026, 3, 24)])
    # Monthly, updated 2 March: due 1 April, in time.
    nf.account(bureau, opened_on=D(2026, 1, 5), frequency=UpdateFrequency.MONTHLY, updates=[D(2026, 3, 2)])
    # Closed on 15 March: neither in operation nor overdue at the cut-off.
    nf.account(bureau, opened_on=D(2026, 1, 5), status=AccountStatus.CLOSED, closed_on=D(2026, 3, 15))
    # Opened in April: not yet in operation at the end of the first quarter.
    nf.account(bureau, opened_on=D(2026, 4, 2))
    nf.account(other, opened_on=D(2026, 1, 5))
    return assessment.build(county, Q1, D(2026, 4, 15))


def rows_by_name(sheet):
    return {row.department.name: row for row in sheet.rows}


def test_sheet_counts_accounts_in_operation_and_overdue_at_quarter_end(sheet):
    rows = rows_by_name(sheet)
    assert (rows["县民政局"].newmedia_accounts, rows["县民政局"].newmedia_overdue) == (3, 1)
    assert (rows["县教育局"].newmedia_accounts, rows["县教育局"].newmedia_overdue) == (1, 1)


def test_overdue_figure_links_to_the_admin_list_of_those_accounts(client, sheet):
    client.force_login(f.user(is_superuser=True, is_staff=True))
    for row in sheet.rows:
        assert client.get(row.links["newmedia_overdue"]).context["cl"].result_count == row.newmedia_overdue


def test_xlsx_sheet_has_the_new_media_columns(sheet):
    ws = load_workbook(BytesIO(xlsx.assessment_workbook(sheet)))["考核表"]
    headers = [cell.value for cell in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[1].value == "县民政局")
    values = dict(zip(headers, (cell.value for cell in row), strict=True))
    assert (values["运营中新媒体账号数"], values["新媒体逾期未更新数"]) == (3, 1)
