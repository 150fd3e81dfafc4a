"""The pages elderly citizens use most, on a 375 px phone: no sideways scrolling, in normal and large-font mode."""

import pytest
from django.utils import timezone

from catalog.models import Attachment, Publication
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
# What real notices contain and phones struggle with: a wide table, a long unbroken web address, a long file name.
BODY = (
    "<p>根据《示范县城乡居民最低生活保障实施办法》，现将2026年第三季度低保对象名单公示如下，公示期7个工作日。</p>"
    "<table><thead><tr><th>序号</th><th>户主姓名</th><th>家庭人口</th><th>保障人数</th><th>月保障金额（元）</th>"
    "<th>所在村民小组</th><th>备注</th></tr></thead><tbody>"
    + "".join(f"<tr><td>{n}</td><td>王某某</td><td>3</td><td>2</td><td>1,260.00</td><td>第{n}村民小组</td>"
              f"<td>新增对象</td></tr>" for n in range(1, 6))
    + "</tbody></table>"
    "<p>监督电话：0579-86000001。网上查询：https://www.example.gov.cn/col/col1229012345/art/2026/art_"
    "0123456789abcdef0123456789abcdef.html</p>"
)


@pytest.fixture
def publication():
    county = factories.county(name="示范县")
    township = factories.township(county, segment="100", name="城关镇")
    for n, name in enumerate(["东坪村", "西岭村", "南山村", "北溪村", "石门坎村", "上官塘村"]):
        factories.village(township, suffix=f"{201 + n}", name=name)
    department = factories.department(county, name="县民政局")
    factories.department(county, name="县人力资源和社会保障局")
    entry = factories.entry(factories.domain("社会救助", code="social-assistance"), name="低保对象名单")
    published = factories.publication(
        entry, department, title="关于示范县城关镇东坪村2026年第三季度城乡居民最低生活保障对象名单的公示",
        document_number="示民政〔2026〕108号", status=Publication.Status.PUBLISHED, published_at=timezone.now(),
        body=BODY,
    )
    Attachment.objects.create(
        publication=published, name="示范县城关镇东坪村2026年第三季度低保对象名单（含保障金额明细表）.pdf",
        file=factories.uploaded(),
    )
    return published


def pages(publication):
    return [("home", "/"), ("publication", f"/publications/{publication.pk}/"), ("apply", "/apply/")]


def overflowing(page) -> list[str]:
    """The elements sticking out past the right edge, to name in a failure message."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""")


def test_phone_pages_fit_375_px_without_sideways_scrolling(publication, page, live_server):
    page.set_viewport_size(PHONE)
    for name, path in pages(publication):
        page.goto(live_server.url + path)
        page.steps.shot(f"{name}-375")
        assert no_horizontal_scroll(page), f"{name} scrolls sideways: {overflowing(page)}"


def test_phone_pages_fit_375_px_in_large_font_mode(publication, page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="大字版").click()
    page.get_by_role("button", name="标准字号").wait_for()
    for name, path in pages(publication):
        page.goto(live_server.url + path)
        page.steps.shot(f"{name}-375-large")
        large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert large >= normal * 1.2, f"{name} is not in large type"
        assert no_horizontal_scroll(page), f"{name} scrolls sideways in large-font mode: {overflowing(page)}"


def test_chinese_text_renders_with_a_cjk_font(publication, page, live_server):
    """A character no installed font has is drawn as the same empty box (tofu) whatever the character, so two
    different characters drawn in the page's own font must give different, non-blank pixels."""
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/publications/{publication.pk}/")
    page.steps.shot("publication-glyphs")
    drawn = page.evaluate("""() => {
        const font = getComputedStyle(document.querySelector('h1')).font;
        return ['公', '开', '示'].map(character => {
            const canvas = document.createElement('canvas');
            canvas.width = canvas.height = 64;
            const context = canvas.getContext('2d');
            context.font = font.replace(/\\d+(\\.\\d+)?px/, '48px');
            context.fillText(character, 4, 52);
            return Array.from(context.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
        });
    }""")
    assert all(set(pixels.split(",")) != {"0"} for pixels in drawn)
    assert len(set(drawn)) == 3
