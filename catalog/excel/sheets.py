"""Reading and writing the county directory spreadsheets (标准目录) as they really are laid out.

A county's sheet has a title row naming the domain, a two-row header with merged cells, 一级事项 merged down
over its 二级事项 rows, ticks (√) in the 公开对象/公开方式/公开层级 columns and channels as a checkbox string.
`read_directory` turns such a workbook (or the simple one-column-per-element layout) into one canonical table;
`write_directory` writes the canonical table back in the official layout. Pure openpyxl, no database.
"""

import io
import re

import openpyxl
import tablib
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from portal import spreadsheets

DOMAIN = "领域"
CATEGORY = "五公开类别"
TITLE = "标题"
LEVEL1 = "一级事项"
LEVEL2 = "二级事项"
LEVEL3 = "三级事项"
CONTENT = "公开内容（要素）"
BASIS = "公开依据"
TIME_LIMIT = "公开时限"
PUBLISHER = "公开主体"
CHANNELS = "公开渠道和载体"
AUDIENCE = "公开对象"
MODE = "公开方式"
LEVELS = "公开层级"
ROW = "表格行号"
PROBLEMS = "表格问题"
HEADERS = [ROW, DOMAIN, CATEGORY, TITLE, LEVEL1, LEVEL2, LEVEL3, CONTENT, BASIS, TIME_LIMIT, PUBLISHER, CHANNELS,
           AUDIENCE, MODE, LEVELS, PROBLEMS]

TICKS = {"√", "✓", "✔", "☑", "■", "●", "是", "Y", "y"}
# Marks some counties print in every unticked box (〇 beside ●, □ beside ■): read as left empty.
BLANKS = {"〇", "○", "□", "☐", "×", "否"}
# Headings of the leading column that gives each entry's 五公开 category (决策/执行/管理/服务/结果).
CATEGORY_HEADINGS = {"过程", "公开过程", "五公开", "类别", "公开类别", CATEGORY}
# Columns that carry nothing to import and are not worth reporting.
IGNORED_HEADINGS = {"序号", "编号"}
CHECKED, UNCHECKED = "■", "□"
# Sub-labels under a merged tick-column heading, as county sheets spell them.
TICK_GROUPS = {AUDIENCE: ["全社会", "特定群体"], MODE: ["主动", "依申请"], LEVELS: ["县级", "乡级", "村级"]}
_TICK_SUBLABELS = {"全社会", "特定群体", "主动", "依申请", "县级", "乡级", "镇级", "村级", "乡、村级", "乡镇级",
                   "乡村级", "县、乡级"}


class DirectorySheetError(spreadsheets.SheetError):
    """The workbook cannot be read as a directory at all (the message is for the user)."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _squash(value) -> str:
    return re.sub(r"\s+", "", _text(value))


def _grid(sheet) -> list[list[str]]:
    """The sheet's values with every merged range filled with its top-left value."""
    rows = [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    for merged in sheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, min(merged.max_col, width)):
                rows[r][c] = value
    return rows


def _canonical(top: str, bottom: str) -> str | None:
    """The canonical column for a header cell pair (top row, sub-header row)."""
    top, bottom = _squash(top), _squash(bottom)
    if top in CATEGORY_HEADINGS:
        return CATEGORY
    for label in (bottom, top):
        for name in (LEVEL1, LEVEL2, LEVEL3):
            if name in label:
                return name
    if top in {AUDIENCE, MODE, LEVELS} or any(top.startswith(name) for name in (AUDIENCE, MODE, LEVELS)):
        group = next(name for name in (AUDIENCE, MODE, LEVELS) if top.startswith(name))
        if bottom and bottom != top:
            return f"{group}:{bottom}"
        return group
    for needle, name in [("领域", DOMAIN), ("公开内容", CONTENT), ("公开依据", BASIS), ("公开时限", TIME_LIMIT),
                         ("公开主体", PUBLISHER), ("渠道", CHANNELS), ("事项名称", LEVEL2)]:
        if needle in top:
            return name
    return None


def _is_subheader(row: list[str]) -> bool:
    cells = {_squash(cell) for cell in row}
    return (LEVEL1 in cells or {"全社会", "特定群体"} <= cells or {"全社会", "特定群众"} <= cells
            or {"主动", "依申请"} <= cells)


def _find_header(grid) -> int:
    for index, row in enumerate(grid[:15]):
        cells = [_squash(cell) for cell in row]
        if any("公开事项" in c or c in {LEVEL1, LEVEL2, "事项名称"} for c in cells) and any(
            "公开内容" in c or "公开时限" in c for c in cells
        ):
            return index
    raise DirectorySheetError("未找到表头：表格应包含“公开事项（或一级事项）”“公开内容（要素）”“公开时限”等列。")


def _tick_text(group: str, ticked_labels: list[str]) -> str:
    if group == LEVELS:
        levels = []
        for label in ticked_labels:
            if "县" in label:
                levels.append("县级")
            if "乡" in label or "镇" in label or "街道" in label:
                levels.append("乡级")
            if "村" in label or "社区" in label:
                levels.append("村级")
        return "、".join(dict.fromkeys(levels))
    return "、".join(ticked_labels)


def _unplaced(top_row: list[str], bottom_row: list[str], columns: list[str | None]) -> list[str]:
    """The headings of the columns no element is read from (序号 aside), as the sheet spells them."""
    names = []
    for top, bottom, column in zip(top_row, bottom_row, columns, strict=True):
        top, bottom = _squash(top), _squash(bottom)
        heading = f"{top}（{bottom}）" if top and bottom and bottom != top else top or bottom
        if column is None and heading and top not in IGNORED_HEADINGS:
            names.append(heading)
    return list(dict.fromkeys(names))


def _read_sheet(sheet, unplaced: list[str]) -> list[list]:
    grid = _grid(sheet)
    if not any(any(row) for row in grid):
        return []
    header = _find_header(grid)
    title = next((cell for row in grid[:header] for cell in row if cell), "")
    two_rows = header + 1 < len(grid) and _is_subheader(grid[header + 1])
    bottom = grid[header + 1] if two_rows else [""] * len(grid[header])
    columns = [_canonical(top, sub) for top, sub in zip(grid[header], bottom, strict=True)]
    if LEVEL1 not in columns and LEVEL2 not in columns:
        raise DirectorySheetError("未找到“一级事项”或“二级事项”列。")
    prefix = f"{sheet.title}!" if len(sheet.parent.worksheets) > 1 else ""
    unplaced += [prefix + name for name in _unplaced(grid[header], bottom, columns)]
    rows = []
    for number, row in enumerate(grid[header + (2 if two_rows else 1):], start=header + (3 if two_rows else 2)):
        values, problems = {}, []
        ticks = {group: [] for group in TICK_GROUPS}
        if not any(cell for cell, column in zip(row, columns, strict=True) if column):
            continue
        if _squash(row[0]).startswith(("注", "备注", "说明")):
            continue
        for cell, column in zip(row, columns, strict=True):
            if column is None:
                continue
            if ":" in column:
                group, label = column.split(":", 1)
                if _squash(cell) in TICKS:
                    ticks[group].append(label)
                elif _squash(cell) and _squash(cell) not in BLANKS:
                    problems.append(f"“{group}（{label}）”一栏只能打√或留空，现为“{cell}”。")
                continue
            values.setdefault(column, cell)
        for group, ticked in ticks.items():
            if any(column and column.startswith(group + ":") for column in columns):
                values[group] = _tick_text(group, ticked)
        if values.get(LEVEL2) and values.get(LEVEL2) == values.get(LEVEL3):
            values[LEVEL3] = ""  # 二级事项 with no 三级事项, merged across both columns
        if values.get(LEVEL1) == values.get(LEVEL2):
            values[LEVEL2] = ""  # 一级事项 with no 二级事项, merged across both columns
        values.update({ROW: f"{sheet.title}!{number}" if len(sheet.parent.worksheets) > 1 else str(number),
                       TITLE: title, PROBLEMS: "".join(problems)})
        rows.append([values.get(name, "") for name in HEADERS])
    return rows


def read_directory(content: bytes) -> tablib.Dataset:
    """Every sheet of the workbook as one canonical table (HEADERS), one row per directory entry.

    The headings of columns that no element is read from are kept in the dataset's `unplaced_columns`, for the
    import preview to list: a county's extra column is reported, never silently dropped.
    """
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:
        raise DirectorySheetError("无法打开该文件，请上传 .xlsx 格式的 Excel 表格。") from error
    dataset = tablib.Dataset(headers=HEADERS)
    refusals, unplaced = [], []
    for sheet in workbook.worksheets:
        try:
            rows = _read_sheet(sheet, unplaced)
        except DirectorySheetError as error:  # e.g. a sheet of notes next to the directory
            refusals.append((sheet.title, error))
            continue
        for row in rows:
            dataset.append(row)
    if refusals and not dataset:
        title, error = refusals[0]
        if len(workbook.worksheets) == 1:
            raise error
        raise DirectorySheetError(f"工作表“{title}”：{error}")
    if not dataset:
        raise DirectorySheetError("表格中没有可导入的公开事项。")
    dataset.unplaced_columns = list(dict.fromkeys(unplaced))
    return dataset


# Writing --------------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def format_channels(selected_labels: list[str], all_labels: list[str]) -> str:
    """The checkbox string county sheets use: ■ before each selected channel, □ before the others."""
    return " ".join(f"{CHECKED if label in selected_labels else UNCHECKED}{label}" for label in all_labels)


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "、", name)[:28] or "目录"
    candidate, n = title, 2
    while candidate in used:
        candidate, n = f"{title}{n}", n + 1
    used.add(candidate)
    return candidate


def write_directory(dataset: tablib.Dataset, channel_labels: list[str]) -> bytes:
    """The canonical table (grouped by 领域) in the official layout, one sheet per domain."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    records = [dict(zip(dataset.headers, row, strict=True)) for row in dataset]
    domains = list(dict.fromkeys(record.get(DOMAIN, "") for record in records)) or [""]
    used = set()
    for domain in domains:
        rows = [record for record in records if record.get(DOMAIN, "") == domain]
        _write_sheet(workbook.create_sheet(_sheet_title(domain, used)), domain, rows, channel_labels)
    return spreadsheets.save(workbook)


def _write_sheet(sheet, domain, rows, channel_labels):
    has_level3 = any(row.get(LEVEL3) for row in rows)
    has_village = any("村" in (row.get(LEVELS) or "") for row in rows)
    has_category = any(row.get(CATEGORY) for row in rows)
    items = [LEVEL1, LEVEL2] + ([LEVEL3] if has_level3 else [])
    level_labels = ["县级", "乡级"] + (["村级"] if has_village else [])
    groups = [("过程", ["过程"])] * has_category
    groups += [("序号", ["序号"]), ("公开事项", items)] + [(name, [name]) for name in
              (CONTENT, BASIS, TIME_LIMIT, PUBLISHER, CHANNELS)] + [
        (AUDIENCE, TICK_GROUPS[AUDIENCE]), (MODE, TICK_GROUPS[MODE]), (LEVELS, level_labels)]
    width = sum(len(subs) for _name, subs in groups)
    sheet.append([f"{domain}领域基层政务公开标准目录"] + [None] * (width - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=16)
    sheet.cell(1, 1).alignment = _CENTER
    sheet.row_dimensions[1].height = 32
    top, bottom, column = [], [], 1
    for name, subs in groups:
        top += [name] + [None] * (len(subs) - 1)
        bottom += subs if len(subs) > 1 else [None]
    sheet.append(top)
    sheet.append(bottom)
    for _name, subs in groups:
        if len(subs) > 1:
            sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + len(subs) - 1)
        else:
            sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
        column += len(subs)
    for r in (2, 3):
        for c in range(1, width + 1):
            sheet.cell(r, c).font = Font(bold=True)
            sheet.cell(r, c).alignment = _CENTER
            sheet.cell(r, c).border = _BORDER
    group_number, previous, group_start = 0, None, 4
    for offset, row in enumerate(rows):
        r = 4 + offset
        if row.get(LEVEL1) != previous:
            if previous is not None:
                _merge_down(sheet, group_start, r - 1, has_category)
            group_number, previous, group_start = group_number + 1, row.get(LEVEL1), r
        channels = [label.strip() for label in re.split(r"[、，,；;\s]+", row.get(CHANNELS) or "") if label.strip()]
        ticks = []
        for group, labels in ((AUDIENCE, TICK_GROUPS[AUDIENCE]), (MODE, TICK_GROUPS[MODE]), (LEVELS, level_labels)):
            chosen = row.get(group) or ""
            ticks += ["√" if label in chosen else None for label in labels]
        values = [row.get(CATEGORY) or None] * has_category + [group_number, row.get(LEVEL1), row.get(LEVEL2) or None]
        if has_level3:
            values.append(row.get(LEVEL3) or None)
        values += [row.get(CONTENT), row.get(BASIS), row.get(TIME_LIMIT), row.get(PUBLISHER),
                   format_channels(channels, channel_labels)] + ticks
        sheet.append(values)
        for c in range(1, width + 1):
            cell = sheet.cell(r, c)
            cell.border = _BORDER
            cell.alignment = _CENTER if c <= 1 + has_category or c > width - len(ticks) else _WRAP
    if previous is not None:
        _merge_down(sheet, group_start, 3 + len(rows), has_category)
    for c, size in enumerate([8] * has_category + [6, 16, 18] + [18] * has_level3 + [30, 30, 22, 16, 30], start=1):
        sheet.column_dimensions[get_column_letter(c)].width = size
    sheet.freeze_panes = f"{get_column_letter(4 + has_category)}4"


def _merge_down(sheet, first_row, last_row, shift=0):
    """Merge 序号 and 一级事项 (after the 过程 column when there is one) down over a 一级事项's rows."""
    if last_row > first_row:
        for column in (1 + shift, 2 + shift):
            sheet.merge_cells(start_row=first_row, start_column=column, end_row=last_row, end_column=column)
