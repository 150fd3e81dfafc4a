"""Spreadsheets laid out as counties really publish their directories, built with openpyxl for the tests."""

import io

import openpyxl

TITLE = "社会救助领域基层政务公开标准目录"
CHANNELS_FULL = "■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点 □政务服务中心 □便民服务站 □入户/现场 ■社区/企事业单位/村公示栏（电子屏） □精准推送 □其他"  # noqa: E501

HEADER_TOP = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
              "公开对象", None, "公开方式", None, "公开层级", None]
HEADER_BOTTOM = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请",
                 "县级", "乡级"]

# (一级事项, 二级事项, 内容, 依据, 时限, 主体, 渠道, 全社会, 特定群体, 主动, 依申请, 县级, 乡级)
ROWS = [
    ("最低生活保障", "办事指南", "1.申请条件 2.办理材料 3.办理流程", "《社会救助暂行办法》",
     "制定或获取信息之日起10个工作日内", "县民政局", CHANNELS_FULL, "√", None, "√", None, "√", "√"),
    ("最低生活保障", "审核确认结果", "1.审核确认结果", "《社会救助暂行办法》第十一条",
     "自信息形成或者变更之日起20个工作日内予以公开，公示7个工作日", "县民政局、乡镇人民政府",
     "政府网站、公开查阅点、社区/企事业单位/村公示栏（电子屏）", None, "√", "√", None, "√", "√"),
    ("特困人员救助供养", "办事指南", "1.申请条件 2.办理流程", "《特困人员认定办法》",
     "制定或获取信息之日起10个工作日内", "县民政局", "■政府网站 □政府公报 ■便民服务站",
     "√", None, "√", None, "√", None),
]


def county_workbook(rows=ROWS, title=TITLE, levels=("县级", "乡级")) -> bytes:
    """Title row, two merged header rows, 一级事项 merged down, ticks and ■/□ channels."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "社会救助"
    sheet.append([title] + [None] * 13)
    sheet.merge_cells("A1:N1")
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_BOTTOM[:-2] + list(levels))
    for cells in ("A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2"):
        sheet.merge_cells(cells)
    previous, start, number = None, 4, 0
    for offset, row in enumerate(rows):
        r = 4 + offset
        if row[0] != previous:
            if previous is not None and r - 1 > start:
                sheet.merge_cells(f"A{start}:A{r - 1}")
                sheet.merge_cells(f"B{start}:B{r - 1}")
            previous, start, number = row[0], r, number + 1
            sheet.append([number, *row])
        else:
            sheet.append([None, None, *row[1:]])
    last = 3 + len(rows)
    if last > start:
        sheet.merge_cells(f"A{start}:A{last}")
        sheet.merge_cells(f"B{start}:B{last}")
    sheet.append(["注：√表示适用。"])
    return save(book)


def simple_workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["领域", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体", "公开对象", "公开方式", "公开层级"])
    for row in rows:
        sheet.append(list(row))
    return save(book)


def save(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
