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


def layout_workbook(top, bottom, rows) -> bytes:
    """A title row, then a two-row header as given (None below a heading merges it down; None after a heading with
    sub-labels extends it across), then the rows as they are (no merged cells in the body)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "社会救助"
    width = len(top)
    sheet.append([TITLE] + [None] * (width - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(top)
    sheet.append(bottom)
    column = 1
    while column <= width:
        span = 1
        while column + span <= width and top[column + span - 1] is None:
            span += 1
        if bottom[column - 1] is None:
            sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
        elif span > 1:
            sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + span - 1)
        column += span
    for row in rows:
        sheet.append(list(row))
    return save(book)


ELEMENTS_TOP = ["公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]

# A leading 过程 column, 特定群众, levels headed 县级 | 乡、村级, and ●/〇 for ticks and channels.
PROCESS_TOP = ["过程", "序号", "公开事项", None, *ELEMENTS_TOP, "公开对象", None, "公开方式", None, "公开层级", None]
PROCESS_BOTTOM = [None, None, "一级事项", "二级事项", *[None] * 5, "全社会", "特定群众", "主动", "依申请", "县级",
                  "乡、村级"]
PROCESS_ROWS = [
    ("决策", 1, "政策文件", "规范性文件", "文件全文", "《社会救助暂行办法》", "自信息形成或者变更之日起20个工作日内",
     "县民政局", "●政府网站 〇政府公报 ●公开查阅点", "●", "〇", "●", "〇", "●", "〇"),
    ("结果公开", 2, "救助结果", "低保对象名单", "姓名、救助金额", "《社会救助暂行办法》第十一条",
     "每季度结束后10个工作日内", "县民政局、乡镇人民政府", "〇政府网站 ●社区/企事业单位/村公示栏（电子屏）",
     "〇", "●", "●", "〇", "〇", "●"),
]

# 三级事项, levels headed 乡(镇)级 | 村级, and a 备注 column no element is read from.
LEVEL3_TOP = ["序号", "公开事项", None, None, *ELEMENTS_TOP, "公开对象", None, "公开方式", None, "公开层级", None,
              "备注"]
LEVEL3_BOTTOM = [None, "一级事项", "二级事项", "三级事项", *[None] * 5, "全社会", "特定群体", "主动", "依申请",
                 "乡(镇)级", "村级", None]
LEVEL3_ROWS = [
    (1, "临时救助", "办事指南", "急难型临时救助", "申请条件", "依据", "5个工作日内", "乡镇人民政府", "政府网站",
     "√", None, "√", None, "√", "√", "新增"),
    (2, "临时救助", "办事指南", "支出型临时救助", "申请条件", "依据", "10个工作日内", "乡镇人民政府", "政府网站",
     "√", None, "√", None, "√", None, None),
    (3, "临时救助", "救助标准", "救助标准", "标准", "依据", "每年1月31日前", "乡镇人民政府", "政府网站",
     "√", None, "√", None, "√", "√", None),
]
