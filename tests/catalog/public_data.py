"""A small catalogue for the public-page tests, with as many published items as a test asks for."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from catalog import history
from catalog.models import Division, Entry, GuidePage, Publication, Tag
from catalog.search import document_tokens
from tests import factories


@dataclass
class Catalogue:
    county: Division
    township: Division
    village: Division
    domain: object
    top: Entry
    leaf: Entry
    department: object
    theme: Tag
    life_event: Tag
    audience: Tag
    policy: Publication
    interpretation: Publication
    draft: Publication
    township_government: object


def build(publications: int) -> Catalogue:
    county = factories.county()
    township = factories.township(county, segment="100", name="城关镇")
    village = factories.village(township, suffix="201", name="东坪村")
    department = factories.department(county, name="县民政局", phone="0579-86000001")
    township_government = factories.department(township, name="城关镇人民政府", is_disclosure_office=True)
    domain = factories.domain("社会救助", code="social-assistance", is_village_level=True)
    top = factories.entry(domain, name="最低生活保障", is_village_level=True)
    leaf = factories.entry(parent=top, name="低保对象名单", content="户主姓名、保障人数", is_village_level=True,
                           column=Entry.Column.ART20_11)
    theme = Tag.objects.create(kind=Tag.Kind.THEME, name="救助", slug="jiuzhu")
    life_event = Tag.objects.create(kind=Tag.Kind.LIFE_EVENT, name="养老", slug="yanglao")
    audience = Tag.objects.create(kind=Tag.Kind.AUDIENCE, name="老年人", slug="laonianren")
    leaf.tags.set([theme, life_event, audience])
    now = timezone.now()
    policy = factories.publication(
        leaf, department, title="示范县城乡居民最低生活保障实施办法", document_number="示政办发〔2025〕12号",
        document_type=Publication.DocumentType.NORMATIVE, status=Publication.Status.PUBLISHED, published_at=now,
        body="<p>为规范最低生活保障工作，制定本办法。</p>",
    )
    interpretation = factories.publication(
        leaf, department, title="《示范县城乡居民最低生活保障实施办法》政策解读", status=Publication.Status.PUBLISHED,
        document_type=Publication.DocumentType.INTERPRETATION, published_at=now, body="<p>出台背景和主要内容。</p>",
        interprets=policy,
    )
    policy.related.add(interpretation)
    draft = factories.publication(leaf, department, title="尚未发布的低保名单草稿")
    GuidePage.objects.create(body="<h2>一、主动公开</h2><p>按标准目录公开。</p>")
    catalogue = Catalogue(county, township, village, domain, top, leaf, department, theme, life_event, audience,
                          policy, interpretation, draft, township_government)
    add_publications(catalogue, publications - 2)
    return catalogue


def add_publications(c: Catalogue, count: int) -> None:
    """Bulk-add `count` published items spread over the county, the township and the village."""
    start = Publication.objects.count()
    places = [(c.county, c.department), (c.township, c.township_government), (c.village, c.township_government)]
    now = timezone.now()
    history.create_many(
        Publication(
            entry=c.leaf, division=places[i % 3][0], department=places[i % 3][1],
            title=f"{2024 + i % 3}年第{i}期低保对象名单公示", formed_on=dt.date(2026, 3, 2),
            status=Publication.Status.PUBLISHED, published_at=now - dt.timedelta(hours=i + 1),
            body=f"<p>第{i}期低保对象名单。</p>", search_text=document_tokens(f"第{i}期低保对象名单公示"),
        )
        for i in range(start, start + max(0, count))
    )
