"""Photos citizens and staff upload: checked (portal.uploads), decoded, and stored as a fresh image without metadata.

A phone photo carries EXIF: where it was taken (GPS), when, the phone's make and serial. None of it may be stored,
let alone published, so the image is decoded with Pillow, turned upright by its EXIF orientation, scaled down to
at most MAX_SIDE pixels, and encoded anew, which writes pixels and nothing else (no EXIF, XMP, ICC or comments).
What cannot be decoded as an image is refused with a Chinese message, before anything is stored.
"""

import io
import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.uploads import FileCheck, safe_file_name

#: The formats accepted from phones; stored as JPEG (photos) or PNG (screenshots with transparency).
PHOTO_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})
#: Longest side of a stored photo, in pixels: sharp on a phone and in print, a fraction of a camera's file.
MAX_SIDE = 2000
#: Refuse images that would decode to more pixels than this (a "decompression bomb").
MAX_PIXELS = 50_000_000

check_photo_file = FileCheck(PHOTO_EXTENSIONS)


class CleanPhoto:
    """A stored-ready photo: `content` (a ContentFile named for storage), its width and height."""

    def __init__(self, content: ContentFile, width: int, height: int):
        self.content = content
        self.width = width
        self.height = height


def clean_photo(upload) -> CleanPhoto:
    """Check `upload` (type, size, content) and return it re-encoded without metadata; ValidationError otherwise."""
    check_photo_file(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ValidationError("照片像素过大，请换一张照片或先缩小后再上传。", code="pixels")
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("无法识别该照片，请换一张照片重新上传。", code="image") from error
    finally:
        upload.seek(0)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    keeps_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    stem = os.path.splitext(safe_file_name(getattr(upload, "name", "") or "photo"))[0]
    if keeps_alpha:
        image = image.convert("RGBA")
        fresh = Image.new("RGBA", image.size)
        fresh.paste(image)
        fresh.save(buffer, format="PNG", optimize=True)
        name = f"{stem}.png"
    else:
        image = image.convert("RGB")
        fresh = Image.new("RGB", image.size)
        fresh.paste(image)
        fresh.save(buffer, format="JPEG", quality=85, optimize=True)
        name = f"{stem}.jpg"
    return CleanPhoto(ContentFile(buffer.getvalue(), name=name), fresh.width, fresh.height)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})


class PhotosField(forms.FileField):
    """Up to `max_count` photos in one input, each cleaned by `clean_photo`: cleans to a list of CleanPhoto."""

    widget = MultiplePhotoInput

    def __init__(self, *, max_count: int, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if self.required and not items:
            raise ValidationError("请至少上传一张照片。", code="required")
        if len(items) > self.max_count:
            raise ValidationError(f"最多上传{self.max_count}张照片，您选择了{len(items)}张。", code="count")
        cleaned, errors = [], []
        for number, item in enumerate(items, start=1):
            try:
                cleaned.append(clean_photo(item))
            except ValidationError as error:
                errors.extend(f"第{number}张照片：{message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned
