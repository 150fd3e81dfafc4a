"""Plain-text bodies become paragraphs: the data migration on old rows, and the Excel import of new ones."""

import importlib

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from catalog.models import Publication
from tests import factories as f
from tests.catalog import sheets as book

migration = importlib.import_module("catalog.migrations.0009_plain_text_bodies_to_paragraphs")

# As a plain body is stored after nh3 escaped it: a blank line between paragraphs, a single break inside one,
# `<` and `&` in the text, Windows line ends and a blank line with spaces in it.
PLAIN = "关于低保对象的公示\r\n\r\n收入 &lt; 500 元 &amp; 人口 3 人\r\n公示期7个工作日\n  \n\n　　联系电话：12345\n"


def stored(body):
    """A publication whose body is stored as given, bypassing the sanitiser as old rows did."""
    item = f.publication()
    Publication.objects.filter(pk=item.pk).update(body=body)
    return item


@pytest.mark.django_db
def test_plain_text_becomes_paragraphs_with_breaks_and_escaped_text():
    item = stored(PLAIN)
    migration.forwards(apps, None)
    item.refresh_from_db()
    assert item.body == ("<p>关于低保对象的公示</p><p>收入 &lt; 500 元 &amp; 人口 3 人<br>公示期7个工作日</p>"
                         "<p>　　联系电话：12345</p>")


@pytest.mark.django_db
def test_raw_plain_text_is_escaped_once():
    item = stored("A < B & C")
    migration.forwards(apps, None)
    item.refresh_from_db()
    assert item.body == "<p>A &lt; B &amp; C</p>"


@pytest.mark.django_db
def test_html_bodies_and_empty_bodies_are_left_alone():
    html = stored("<p>已是网页格式</p>\n\n<table><tbody><tr><td>1</td></tr></tbody></table>")
    empty = stored("")
    migration.forwards(apps, None)
    html.refresh_from_db()
    empty.refresh_from_db()
    assert html.body == "<p>已是网页格式</p>\n\n<table><tbody><tr><td>1</td></tr></tbody></table>"
    assert empty.body == ""


@pytest.mark.django_db
def test_running_twice_changes_nothing_more():
    item = stored(PLAIN)
    migration.forwards(apps, None)
    item.refresh_from_db()
    once = item.body
    migration.forwards(apps, None)
    item.refresh_from_db()
    assert item.body == once


@pytest.mark.django_db
def test_going_back_restores_the_text():
    item = stored("第一段\n第一段第二行\n\n第二段 a < b & c")
    migration.forwards(apps, None)
    migration.backwards(apps, None)
    item.refresh_from_db()
    assert item.body == "第一段\n第一段第二行\n\n第二段 a < b & c"


@pytest.mark.django_db
def test_going_back_leaves_richer_html_alone():
    body = "<p>说明</p><table><tbody><tr><td>1</td></tr></tbody></table>"
    item = stored(body)
    migration.backwards(apps, None)
    item.refresh_from_db()
    assert item.body == body


@pytest.mark.django_db
def test_excel_import_turns_a_plain_text_body_into_paragraphs(client):
    office = f.department(name="县民政局")
    entry = f.entry(name="办事指南")
    workbook = openpyxl.Workbook()
    workbook.active.append(["索引号", "标题", "公开领域", "公开事项", "发布机构", "成文日期", "正文"])
    workbook.active.append([None, "表格里写的正文", entry.domain.name, "办事指南", office.name, "2026-04-01",
                            "一、申请条件\n月收入<800元\n\n二、办理地点"])
    client.force_login(f.clerk(office))
    preview = client.post(reverse("admin:catalog_publication_import"),
                          {"import_file": f.uploaded("信息.xlsx", book.save(workbook)), "format": "0"})
    client.post(reverse("admin:catalog_publication_process_import"), preview.context["confirm_form"].initial)
    body = Publication.objects.get(title="表格里写的正文").body
    assert body == "<p>一、申请条件<br>月收入&lt;800元</p><p>二、办理地点</p>"
