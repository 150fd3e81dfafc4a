"""Small factory functions for tests: each makes one valid object with sensible defaults."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import Department, Division, Domain, Entry, Level, Publication
from catalog.roles import CLERK, REVIEWER, SUPERVISOR

#: What a worker's first rendered page per catalogue version adds: the version and the footer's site info.
FOOTER_QUERIES = 2

_seq = itertools.count(1)


def county(code="339901000000", name="测试县"):
    found = Division.objects.filter(code=code).first()
    return found or Division.objects.create(code=code, name=name, level=Level.COUNTY, kind=Division.Kind.COUNTY)


def township(parent=None, segment=None, name=None):
    parent = parent or county()
    segment = segment or f"{100 + next(_seq) % 800:03d}"
    return Division.objects.create(
        code=parent.code[:6] + segment + "000", name=name or f"测试{segment}镇", level=Level.TOWNSHIP,
        kind=Division.Kind.TOWN, parent=parent,
    )


def village(parent=None, suffix=None, name=None):
    parent = parent or township()
    suffix = suffix or f"{200 + next(_seq) % 700:03d}"
    return Division.objects.create(
        code=parent.code[:9] + suffix, name=name or f"测试{suffix}村", level=Level.VILLAGE,
        kind=Division.Kind.VILLAGE, parent=parent,
    )


def department(division=None, name=None, **fields):
    n = next(_seq)
    return Department.objects.create(
        division=division or county(), name=name or f"测试局{n}", code=f"T{n:08d}", **fields
    )


def user(username=None, role=None, departments=(), **fields):
    User = get_user_model()
    username = username or f"user{next(_seq)}"
    fields.setdefault("is_staff", role is not None)
    made = User.objects.create_user(username=username, password="Test-pass-2026", **fields)
    if role:
        made.groups.add(Group.objects.get(name=role))
    made.departments.set(departments)
    return made


def clerk(*departments, **fields):
    return user(role=CLERK, departments=departments, **fields)


def reviewer(*departments, **fields):
    return user(role=REVIEWER, departments=departments, **fields)


def supervisor(**fields):
    return user(role=SUPERVISOR, **fields)


def domain(name=None, **fields):
    n = next(_seq)
    return Domain.objects.create(code=fields.pop("code", f"d{n}"), name=name or f"测试领域{n}", **fields)


def entry(domain_=None, parent=None, name=None, **fields):
    domain_ = domain_ or (parent.domain if parent else domain())
    return Entry.objects.create(domain=domain_, parent=parent, name=name or f"测试事项{next(_seq)}", **fields)


def publication(entry_=None, department_=None, division=None, title=None, **fields):
    department_ = department_ or department()
    from catalog import history

    fields.setdefault("formed_on", dt.date(2026, 3, 2))
    made = Publication(
        entry=entry_ or entry(), department=department_, division=division or department_.division,
        title=title or f"测试信息{next(_seq)}", **fields,
    )
    history.save(made, by=made.created_by)  # as the admin creates one: with its "created" history row
    return made


# Catalogue back office (branch catalog): attachments and uploaded files.

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def uploaded(name="通知.pdf", content=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def attachment(publication_=None, name="", file=None):
    from catalog.models import Attachment

    return Attachment.objects.create(publication=publication_ or publication(), name=name, file=file or uploaded())


# The 一张图 (branch map): facility kinds, facilities and division outlines.


def square(west, south, size=0.02):
    """A GeoJSON polygon: the square of `size` degrees whose south-west corner is (west, south)."""
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def facility_kind(name=None, slug=None, symbol="设"):
    from catalog.models import FacilityKind

    n = next(_seq)
    return FacilityKind.objects.create(name=name or f"设施类别{n}", slug=slug or f"kind-{n}", symbol=symbol)


def facility(division=None, kind=None, name=None, point=(29.08, 119.65), **fields):
    from catalog.models import Facility

    latitude, longitude = point if point else (None, None)
    return Facility.objects.create(
        division=division or county(), kind=kind or facility_kind(), name=name or f"测试设施{next(_seq)}",
        address="测试路1号", opening_hours="每天 8:00—18:00", latitude=latitude, longitude=longitude, **fields)


def outline(division, geometry=None):
    from catalog.models import DivisionOutline

    return DivisionOutline.objects.create(division=division, geometry=geometry or square(119.60, 29.04, 0.1))
