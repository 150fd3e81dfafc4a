"""Import of new-media update dates from a sheet: one row per account and day (平台, 账号名称, 更新日期).

Only the importing user's own accounts are found; an account not found, a date that is not a date or is in the
future, or a day after the account was closed is an error naming the sheet row, and a file with any bad row
stores nothing (django-import-export's rollback on validation errors, portal.imports for large files).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from import_export import fields, resources

from catalog.models import Department, NewMediaAccount, NewMediaUpdate
from catalog.models.newmedia import Platform
from portal import spreadsheets

PLATFORM, NAME, UPDATED_ON = "平台", "账号名称", "更新日期"
COLUMNS = (PLATFORM, NAME, UPDATED_ON)


class UpdateFormat(spreadsheets.CheckedXLSX):
    """新媒体更新登记 Excel: one row per account and day."""

    required_columns = COLUMNS
    header_hint = "列名应为“平台”“账号名称”“更新日期”。"
    rows_noun = "更新记录"


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip().replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


class NewMediaUpdateResource(resources.ModelResource):
    # What the preview shows of each row; the row itself is read by import_instance.
    account_shown = fields.Field(attribute="account", column_name="账号", readonly=True)
    updated_on_shown = fields.Field(attribute="updated_on", column_name=UPDATED_ON, readonly=True)

    class Meta:
        model = NewMediaUpdate
        fields = ("account_shown", "updated_on_shown")
        import_id_fields = ()
        use_transactions = True

    # Checking a row only reads, so a background import validates without writing (portal.imports).
    validates_without_writing = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._accounts = None

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def _account(self, platform_label: str, name: str) -> NewMediaAccount | None:
        """One of the user's accounts by platform and name, any status (looked up once per import)."""
        if self._accounts is None:
            labels = {str(label): value for value, label in Platform.choices}
            self._labels = labels
            mine = NewMediaAccount.objects.filter(department__in=Department.objects.acted_for_by(self.user))
            self._accounts = {}
            for account in mine.order_by("status", "pk"):  # the live one before a cancelled one of the same name
                self._accounts.setdefault((account.platform, account.name), account)
        platform = self._labels.get(platform_label, platform_label)
        return self._accounts.get((platform, name))

    def get_instance(self, instance_loader, row):
        return None

    def import_instance(self, instance, row, **kwargs):
        line = kwargs.get("row_number", 0) + 1  # the header is the sheet's first row
        platform = str(row.get(PLATFORM) or "").strip()
        name = str(row.get(NAME) or "").strip()
        problems = []
        account = self._account(platform, name)
        if account is None:
            problems.append(f"未找到本单位的{platform}账号“{name}”，请核对平台和账号名称（新账号须先办理开设备案）。")
        updated_on = _date(row.get(UPDATED_ON))
        if updated_on is None:
            problems.append(f"更新日期“{row.get(UPDATED_ON) or ''}”无法识别，格式应为 2026-03-02。")
        if not problems:
            instance.account, instance.updated_on = account, updated_on
            try:
                instance.full_clean(exclude=["account"], validate_unique=False)
            except ValidationError as error:
                problems += error.messages
        if problems:
            raise ValidationError([f"表格第{line}行：{problem}" for problem in problems])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A day already recorded is not recorded twice."""
        if import_validation_errors:
            return False
        return NewMediaUpdate.objects.filter(account=instance.account, updated_on=instance.updated_on).exists()

    def do_instance_save(self, instance, is_create):
        instance.recorded_by = self.user
        instance.save()
