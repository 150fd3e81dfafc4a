"""The body allow-list: what pasted WPS and Word documents keep and lose, which images stay, how tables show."""

import pytest

from catalog.sanitize import TABLE_HINT, clean_html, render_body, text_to_html

# What WPS puts on the clipboard for a small table under a heading (trimmed): Office namespaces, mso- styles,
# classes, <font>, <o:p>, conditional comments and an <xml> island.
WPS_PASTE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">'
    "<style>td { mso-number-format:General; } .xl65 { font-family:宋体; }</style></head><body>"
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->"
    '<h2 class="MsoNormal" style="mso-outline-level:2"><span style="font-family:黑体">一、保障对象</span></h2>'
    '<p class="MsoNormal" style="text-indent:2em;mso-char-indent-count:2"><font face="仿宋_GB2312" size="4">'
    '经审核，<b>张某某</b>等户符合条件。<o:p></o:p></font></p>'
    '<table border="1" cellspacing="0" class="MsoTableGrid" style="border-collapse:collapse;mso-yfti-tbllook:1184">'
    '<col width="72" style="mso-width-source:userset"><tr height="19" style="mso-height-source:userset">'
    '<td class="xl65" width="72" x:str>户主姓名</td><td class="xl65" colspan="2" x:str>月保障金额（元）</td></tr>'
    '<tr><td rowspan="2" style="mso-ignore:colspan">张某某</td><td x:num="1260">1,260.00</td><td>新增</td></tr>'
    "</table><ul><li><span lang=\"EN-US\" style=\"mso-list:l0 level1 lfo1\">公示期7个工作日</span></li></ul>"
    "</body></html>"
)


def test_wps_paste_keeps_structure_and_loses_office_markup():
    cleaned = clean_html(WPS_PASTE)
    assert cleaned == (
        "<h2>一、保障对象</h2><p>经审核，<b>张某某</b>等户符合条件。</p>"
        '<table><colgroup><col></colgroup><tbody><tr><td>户主姓名</td><td colspan="2">月保障金额（元）</td></tr>'
        '<tr><td rowspan="2">张某某</td><td>1,260.00</td><td>新增</td></tr></tbody></table>'
        "<ul><li>公示期7个工作日</li></ul>"
    )


@pytest.mark.parametrize("junk", ["mso-", "MsoNormal", "o:p", "<font", "style=", "class=", "<!--", "WordDocument",
                                  "<span", "x:num", "宋体"])
def test_no_office_junk_survives(junk):
    assert junk not in clean_html(WPS_PASTE)


@pytest.mark.parametrize(
    "src",
    [
        "https://www.example.gov.cn/a.png",
        "http://127.0.0.1/media/a.png",
        "//cdn.example.com/a.png",
        "\\\\evil.example.com\\a.png",
        "/\\evil.example.com/a.png",
        "\\/evil.example.com/a.png",
        "/media\\..\\a.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "a.png",
        " //evil.example.com/a.png",
        "/other/a.png",
    ],
)
def test_images_not_from_our_media_or_static_paths_are_removed_whole(src):
    assert clean_html(f'<p>见下图<img src="{src}" alt="示意图"></p>') == "<p>见下图</p>"


@pytest.mark.parametrize("src", ["/media/attachments/2026/03/a.png", "/static/img/map.png"])
def test_images_from_our_own_media_and_static_paths_stay(src):
    assert clean_html(f'<img src="{src}" alt="示意图">') == f'<img src="{src}" alt="示意图">'


def test_image_without_a_source_is_removed():
    assert clean_html('<p>图<img alt="说明"></p>') == "<p>图</p>"


def test_links_keep_safe_schemes_only():
    cleaned = clean_html('<a href="mailto:zwgk@example.gov.cn">信箱</a><a href="vbscript:x">坏</a>')
    assert 'href="mailto:zwgk@example.gov.cn"' in cleaned
    assert "vbscript" not in cleaned


def test_scripts_and_styles_are_dropped_with_their_content():
    assert clean_html("<p>正文</p><script>alert(1)</script><style>p{color:red}</style>") == "<p>正文</p>"


def test_escaped_text_and_attribute_values_survive_unchanged():
    body = '<p>收入 &lt; 500 元 &amp; 家庭人口 &gt; 3</p><a href="/x" title="&lt;table&gt;">链接</a>'
    assert clean_html(body) == body.replace('">链接', '" rel="noopener noreferrer">链接')


def test_rendered_table_sits_in_a_scroll_box_under_the_hint():
    rendered = render_body("<p>名单如下：</p><table><tbody><tr><td>1</td></tr></tbody></table><p>完</p>")
    assert rendered == (
        '<p>名单如下：</p><div class="table-box"><p class="table-hint" aria-hidden="true">'
        f'{TABLE_HINT}</p><div class="table-scroll" role="region" tabindex="0" aria-label="表格（可左右滑动）">'
        "<table><tbody><tr><td>1</td></tr></tbody></table></div></div><p>完</p>"
    )


def test_table_markup_inside_an_attribute_is_not_wrapped():
    rendered = render_body('<a href="/x" title="<table>">链接</a>')
    assert "table-box" not in rendered


def test_rendering_cleans_again():
    assert render_body('<p onclick="x()">正文</p><img src="https://evil.example/a.png">') == "<p>正文</p>"


def test_plain_text_becomes_paragraphs_and_line_breaks():
    assert text_to_html("第一段\r\n第一段第二行\n\n  \n第二段 a<b & c\n") == (
        "<p>第一段<br>第一段第二行</p><p>第二段 a&lt;b &amp; c</p>")


def test_text_with_markup_is_left_as_html():
    assert text_to_html("<p>已是网页格式</p>\n\n<p>第二段</p>") == "<p>已是网页格式</p>\n\n<p>第二段</p>"
