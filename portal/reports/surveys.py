"""Results of a satisfaction survey: its figures as counties report them, one chart per question (the dashboard's
server-rendered SVG) and the .xlsx export. Staff of the organising department and supervisors see the results at any
time, with the citizens' written answers; the public sees figures and charts once the survey has closed."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from feedback import surveys
from feedback.models import Answer, Question, Survey
from portal import spreadsheets
from portal.reports import charts

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_ANSWERS_ON_SCREEN = 200
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def question_charts(results: list[dict]) -> list:
    """One horizontal bar chart per question with options: how many valid questionnaires chose each."""
    return [
        charts.bars(str(row["question"]), [o["label"] for o in row["options"]],
                    [charts.Series("份数", [o["count"] for o in row["options"]])], unit="份")
        for row in results if row["question"].has_options
    ]


def _context(survey: Survey) -> dict:
    results = surveys.results(survey)
    return {"survey": survey, "figures": survey.figures(), "results": results, "charts": question_charts(results)}


def public_results(request, pk):
    survey = get_object_or_404(Survey.objects.public().select_related("department"), pk=pk)
    if not survey.is_closed(timezone.localdate()):
        return render(request, "feedback/surveys/results.html", {"survey": survey, "not_yet": True})
    return render(request, "feedback/surveys/results.html", _context(survey))


def _staff_survey(request, pk):
    if not request.user.is_authenticated:
        return None
    if not request.user.is_staff:
        raise PermissionDenied("只有工作人员可以查看调查的全部结果。")
    return get_object_or_404(Survey.objects.for_user(request.user).select_related("department"), pk=pk)


def staff_results(request, pk):
    survey = _staff_survey(request, pk)
    if survey is None:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    texts = (Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.TEXT).exclude(text="")
             .select_related("question", "response").order_by("question__order", "response__submitted_at"))
    return render(request, "reports/survey_results.html", {
        **_context(survey), "texts": texts[:TEXT_ANSWERS_ON_SCREEN], "text_count": texts.count(),
        "text_limit": TEXT_ANSWERS_ON_SCREEN,
    })


def staff_results_xlsx(request, pk):
    survey = _staff_survey(request, pk)
    if survey is None:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    response = HttpResponse(workbook(survey), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{survey.title}调查结果.xlsx")
    return response


def _row(ws, row: int, values, *, header=False) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = BORDER
        if header:
            cell.font, cell.fill = BOLD, HEADER_FILL


def workbook(survey: Survey) -> bytes:
    """统计 (figures and per-question counts) and 文字意见 (the written answers), through portal.spreadsheets."""
    figures = survey.figures()
    book = Workbook()
    ws = book.active
    ws.title = "统计"
    ws.cell(row=1, column=1, value=f"{survey.title}调查结果").font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=f"{survey.department.name}，调查时间{survey.opens_on:%Y年%m月%d日}至"
                                   f"{survey.closes_on:%Y年%m月%d日}")
    headers = ["发放问卷", "回收问卷", "其中线上", "其中线下", "有效问卷", "无效问卷", "有效率", "回收率"]
    _row(ws, 4, headers, header=True)
    rate = [None if r is None else float(r) / 100 for r in (figures.valid_rate, figures.return_rate)]
    _row(ws, 5, [figures.issued, figures.returned, figures.online, figures.offline, figures.valid, figures.invalid,
                 *rate])
    for col in (7, 8):
        ws.cell(row=5, column=col).number_format = "0.0%"
    ws.freeze_panes = "A5"
    row = 7
    _row(ws, row, ["题目", "选项", "选择份数", "占答题份数"], header=True)
    for result in surveys.results(survey):
        q = result["question"]
        if not q.has_options:
            continue
        for option in result["options"]:
            row += 1
            share = option["count"] / result["answered"] if result["answered"] else None
            _row(ws, row, [str(q), option["label"], option["count"], share])
            ws.cell(row=row, column=4).number_format = "0.0%"
    for letter, width in zip("ABCDEFGH", (40, 16, 10, 10, 10, 10, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width
    texts = book.create_sheet("文字意见")
    _row(texts, 1, ["题目", "方式", "提交时间", "意见"], header=True)
    texts.freeze_panes = "A2"
    answers = (Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.TEXT).exclude(text="")
               .select_related("question", "response").order_by("question__order", "response__submitted_at"))
    for n, answer in enumerate(answers, start=2):
        _row(texts, n, [str(answer.question), answer.response.get_channel_display(),
                        timezone.localtime(answer.response.submitted_at).strftime("%Y-%m-%d %H:%M"), answer.text])
        texts.cell(row=n, column=4).alignment = WRAP
    for letter, width in zip("ABCD", (30, 12, 17, 60), strict=True):
        texts.column_dimensions[letter].width = width
    return spreadsheets.save(book, f"{survey.title}调查结果")
