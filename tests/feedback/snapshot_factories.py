"""Factories for 随手拍 tests: a township with its government and a village, reports in any state, photos."""

import io

from PIL import Image

from feedback import snapshots
from feedback.models import IssueCategory, IssueReport, IssueStatus
from portal.photos import clean_photo
from tests import factories


class Place:
    """A township (with its government, which receives reports) and one of its villages."""

    def __init__(self):
        self.township = factories.township(name="城关镇")
        self.government = factories.department(division=self.township, name="城关镇人民政府",
                                               is_disclosure_office=True)
        self.village = factories.village(parent=self.township, name="东山村")
        self.committee = factories.department(division=self.village, name="东山村村民委员会")
        self.township_clerk = factories.clerk(self.government)
        self.township_reviewer = factories.reviewer(self.government)


def category(name="环境卫生"):
    return IssueCategory.objects.get_or_create(name=name)[0]


def jpeg_bytes(*, with_gps: bool = True, size=(64, 48)) -> bytes:
    """A small JPEG; with GPS coordinates, the phone's make and a capture time in its EXIF when `with_gps`."""
    image = Image.new("RGB", size, (200, 120, 40))
    buffer = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "TestPhone"  # Make
        exif[0x0132] = "2026:11:20 08:30:00"  # DateTime
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", (30.0, 15.0, 10.5)  # latitude
        gps[3], gps[4] = "E", (120.0, 5.0, 3.25)  # longitude
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name="photo.jpg", content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content if content is not None else jpeg_bytes(), content_type="image/jpeg")


def report(place: Place, *, photos: int = 0, wants_public: bool = True, **fields) -> IssueReport:
    fields.setdefault("body", "东山村村口的垃圾桶满了三天没人清运，气味很大。联系人王大伯13905791234。")
    fields.setdefault("phone", "13905791234")
    fields.setdefault("name", "王大伯")
    return snapshots.submit(category=fields.pop("category", None) or category(), division=place.village,
                            photos=[clean_photo(upload()) for _ in range(photos)], wants_public=wants_public,
                            **fields)


def in_state(place: Place, status: str, handler, *, is_public: bool = False, **fields) -> IssueReport:
    """A report put straight into `status` (as the steps would leave it), handled by `handler` once dispatched."""
    made = report(place, **fields)
    changes = {"status": status, "is_public": is_public}
    if status in (IssueStatus.DISPATCHED, IssueStatus.REPLIED, IssueStatus.RATED):
        changes.update(department=handler, due_on=snapshots.due_date(made.created_at.date(), 10))
    if status in (IssueStatus.REPLIED, IssueStatus.RATED):
        changes.update(reply="已清运。", replied_at=made.created_at)
    IssueReport.objects.filter(pk=made.pk).update(**changes)
    made.refresh_from_db()
    return made
