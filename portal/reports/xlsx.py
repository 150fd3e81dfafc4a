"""The .xlsx exports: the assessment sheet (with its rules on a second tab) and the annual report's tables."""

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from portal import spreadsheets
from portal.reports.assessment import COLUMNS, GREEN, RATE_KEYS, RED, YELLOW, Sheet

GRADE_FILLS = {
    GREEN: PatternFill("solid", fgColor="C6EFCE"),
    YELLOW: PatternFill("solid", fgColor="FFEB9C"),
    RED: PatternFill("solid", fgColor="FFC7CE"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header(ws, row: int, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER


def assessment_title(sheet: Sheet) -> str:
    return f"{sheet.government.name}{sheet.period.label}政府信息公开工作考核表"


def assessment_workbook(sheet: Sheet) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "考核表"
    headers = ["序号", "单位", *(header for _key, header, _e in COLUMNS)]
    ws.cell(row=1, column=1, value=f"{assessment_title(sheet)}（制表日期：{sheet.made_on:%Y年%m月%d日}）").font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    _header(ws, 2, headers)
    for n, row in enumerate(sheet.rows, start=1):
        r = n + 2
        values = [n, row.department.name]
        for key, _header_text, _e in COLUMNS:
            value = row.grade_label if key == "grade" else row.value(key)
            if value is None and key in RATE_KEYS:
                value = "不适用"  # nothing to measure this unit by: the rate's weight is shared out (说明 tab)
            values.append(float(value) if isinstance(value, Decimal) else value)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border = BORDER
        for col, (key, _h, _e) in enumerate(COLUMNS, start=3):
            cell = ws.cell(row=r, column=col)
            if key in RATE_KEYS:
                cell.number_format = "0.0%"
            elif key in ("mean_reply_workdays", "score"):
                cell.number_format = "0.0"
            if key in ("grade", "score") and row.grade:
                cell.fill = GRADE_FILLS[row.grade]
            if key == "grade":
                cell.alignment = CENTER
    ws.freeze_panes = "C3"
    ws.row_dimensions[2].height = 48
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 28
    for col in range(3, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    _rules_tab(workbook, sheet)
    return spreadsheets.save(workbook, assessment_title(sheet))


def _rules_tab(workbook: Workbook, sheet: Sheet) -> None:
    ws = workbook.create_sheet("说明")
    rule = sheet.rule
    ws.cell(row=1, column=1, value="各列说明").font = TITLE
    _header(ws, 2, ["列", "含义"])
    r = 3
    for _key, header, explanation in COLUMNS:
        ws.cell(row=r, column=1, value=header).border = BORDER
        cell = ws.cell(row=r, column=2, value=explanation)
        cell.border, cell.alignment = BORDER, WRAP
        r += 1
    r += 1
    source = "督查员在管理后台设置" if sheet.rule_is_set else "本年度尚未设置，使用默认规则"
    ws.cell(row=r, column=1, value=f"{rule.year}年考核规则（{source}）").font = TITLE
    r += 1
    _header(ws, r, ["项目", "权重/分数"])
    lines = [(str(label), getattr(rule, field)) for field, _key, label in rule.COMPONENTS]
    lines += [("每件逾期申请扣分", float(rule.overdue_penalty)), ("绿色等次最低分", float(rule.green_min)),
              ("黄色等次最低分（低于此分为红色）", float(rule.yellow_min))]
    for label, value in lines:
        r += 1
        ws.cell(row=r, column=1, value=label).border = BORDER
        ws.cell(row=r, column=2, value=value).border = BORDER
    r += 2
    formula = ("得分 = Σ(权重 × 比率) ÷ Σ(适用比率的权重) × 100 − 每件逾期申请扣分 × 逾期未答复数，"
               "在0至100之间；某项比率的分母为0时（如本季度没有收到申请）该项为“不适用”，不参与计分，其权重由适用各项分摊；"
               "没有任何适用项的单位不计分、不评等次（无数据）。"
               "得分不低于绿色等次最低分为绿，不低于黄色等次最低分为黄，其余为红。")
    ws.cell(row=r, column=1, value="计分公式").font = BOLD
    cell = ws.cell(row=r, column=2, value=formula)
    cell.alignment = WRAP
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80


def annual_workbook(data: dict, *, checks=(), signature: str = "") -> bytes:
    """The annual report's tables from its snapshot (annual.snapshot, or a published report's), set up for A4.

    `checks` (the live report's cross-checks) are written for supervisors only; a published report has none and
    ends with its `signature` (the organ's full name and the publication date).
    """
    workbook = Workbook()
    ws = workbook.active
    ws.title = "年度报告"
    ws.cell(row=1, column=1, value=data["title"]).font = TITLE
    ws.merge_cells("A1:H1")
    r = 3
    r = _text(ws, r, "一、总体情况", data["overview"])

    ws.cell(row=r, column=1, value="二、主动公开政府信息情况").font = BOLD
    r += 1
    r = _caption(ws, r, "第二十条第（一）项", 4)
    _header(ws, r, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for values in data["documents"]:
        r += 1
        for col, value in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=value).border = BORDER
    # The 2021 format prints (五) 行政许可 and (六) 行政处罚, 行政强制 as blocks of their own; snapshots keep the
    # three decisions in that order.
    for caption, rows in (("第二十条第（五）项", data["decisions"][:1]), ("第二十条第（六）项", data["decisions"][1:])):
        r = _caption(ws, r + 1, caption, 2)
        _header(ws, r, ["信息内容", "本年处理决定数量"])
        for label, value in rows:
            r += 1
            ws.cell(row=r, column=1, value=label).border = BORDER
            ws.cell(row=r, column=2, value=value).border = BORDER
    r = _caption(ws, r + 1, "第二十条第（八）项", 2)
    _header(ws, r, ["信息内容", "本年收费金额（万元）"])
    r += 1
    ws.cell(row=r, column=1, value="行政事业性收费").border = BORDER
    fee = ws.cell(row=r, column=2, value=float(Decimal(data["fee_amount"])))
    fee.border, fee.number_format = BORDER, "0.0000"
    r += 2

    ws.cell(row=r, column=1, value="三、收到和处理政府信息公开申请情况").font = BOLD
    r += 1
    _header(ws, r, ["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "自然人",
                    "法人或其他组织", "", "", "", "", "总计"])
    ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=7)
    r += 1
    _header(ws, r, ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    for row in data["requests"]:
        r += 1
        label = ws.cell(row=r, column=1, value=row["label"])
        label.border, label.alignment = BORDER, Alignment(indent=row["level"] * 2, wrap_text=True)
        for col, value in enumerate(row["values"], start=2):
            ws.cell(row=r, column=col, value=None if row["is_heading"] else value).border = BORDER
    r += 1
    for check in checks:
        r += 1
        ws.cell(row=r, column=1, value=f"校验：{check.label}：{'通过' if check.ok else '不通过'} {check.detail}")
    r += 2

    ws.cell(row=r, column=1, value="四、政府信息公开行政复议、行政诉讼情况").font = BOLD
    r = _cases(ws, r + 1, data["cases"])
    r += 2
    r = _text(ws, r, "五、存在的主要问题及改进情况", data["problems"])
    r = _text(ws, r, "六、其他需要报告的事项", data["other_matters"])
    if signature:
        for line in signature.splitlines():
            ws.cell(row=r, column=1, value=line).alignment = Alignment(horizontal="right")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
            r += 1
    ws.column_dimensions["A"].width = 60
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 13
    return spreadsheets.save(workbook, data["title"])


def _caption(ws, r: int, text: str, width: int) -> int:
    """A block's caption (第二十条第（…）项) across the block's columns; returns the row under it."""
    cell = ws.cell(row=r, column=1, value=text)
    cell.font, cell.alignment = BOLD, CENTER
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    return r + 1


CASE_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _cases(ws, r: int, cases: list[dict]) -> int:
    """Table 四 as the 2021 format prints it: 行政复议 (over two header rows) | 行政诉讼 over 未经复议直接起诉 and
    复议后起诉, five result columns under each, and one row of figures. Returns the row of the figures."""
    width = len(CASE_RESULTS)
    for row in (r, r + 1, r + 2):
        for col in range(1, 3 * width + 1):
            cell = ws.cell(row=row, column=col)
            cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
    ws.cell(row=r, column=1, value="行政复议")
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=width)
    ws.cell(row=r, column=width + 1, value="行政诉讼")
    ws.merge_cells(start_row=r, start_column=width + 1, end_row=r, end_column=3 * width)
    for n, label in enumerate(("未经复议直接起诉", "复议后起诉"), start=1):
        ws.cell(row=r + 1, column=n * width + 1, value=label)
        ws.merge_cells(start_row=r + 1, start_column=n * width + 1, end_row=r + 1, end_column=(n + 1) * width)
    for col in range(3 * width):
        ws.cell(row=r + 2, column=col + 1, value=CASE_RESULTS[col % width])
    values = [value for group in cases for value in [*group["counts"], group["total"]]]
    for col, value in enumerate(values, start=1):
        ws.cell(row=r + 3, column=col, value=value).border = BORDER
    return r + 3


def _text(ws, r: int, heading: str, text: str) -> int:
    ws.cell(row=r, column=1, value=heading).font = BOLD
    cell = ws.cell(row=r + 1, column=1, value=text or "（未填写）")
    cell.alignment = WRAP
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=8)
    ws.row_dimensions[r + 1].height = max(30, 15 * (len(text or "") // 60 + 1))
    return r + 3


def website_workbook(report) -> bytes:
    """政府网站工作年度报表 as one sheet: 指标 | 数值 | 来源, section by section (print titles repeat the header)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "网站年度报表"
    title = f"{report.year}年政府网站工作年度报表"
    ws.cell(row=1, column=1, value=title).font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    _header(ws, 2, ["指标", "数值", "来源"])
    row = 3
    for section in report.sections:
        cell = ws.cell(row=row, column=1, value=section.title)
        cell.font, cell.fill = BOLD, HEADER_FILL
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        row += 1
        for item in section.rows:
            ws.cell(row=row, column=1, value=("    " * item.indent) + item.label).alignment = WRAP
            value = item.value if isinstance(item.value, int | Decimal) and not isinstance(item.value, bool) \
                else item.shown
            ws.cell(row=row, column=2, value=value)
            ws.cell(row=row, column=3, value=item.source)
            for col in (1, 2, 3):
                ws.cell(row=row, column=col).border = BORDER
            row += 1
    for letter, width in (("A", 46), ("B", 30), ("C", 12)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    return spreadsheets.save(workbook, title)
