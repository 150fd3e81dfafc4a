"""Photos are stored without their metadata: a JPEG with GPS in, none out; anything not a photo is refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal.photos import MAX_SIDE, PhotosField, clean_photo
from tests.feedback.snapshot_factories import jpeg_bytes, upload


def test_the_test_photo_really_carries_gps():
    with Image.open(io.BytesIO(jpeg_bytes())) as image:
        assert image.getexif().get_ifd(0x8825)[2] == (30.0, 15.0, 10.5)


def test_gps_and_every_other_exif_tag_are_stripped():
    cleaned = clean_photo(upload()).content.read()
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert "exif" not in image.info
    assert b"Exif" not in cleaned
    assert b"TestPhone" not in cleaned


def test_a_sideways_phone_photo_is_stored_upright():
    image = Image.new("RGB", (80, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    cleaned = clean_photo(upload(content=buffer.getvalue()))
    assert (cleaned.width, cleaned.height) == (40, 80)


def test_a_large_photo_is_scaled_down():
    cleaned = clean_photo(upload(content=jpeg_bytes(size=(4000, 3000))))
    assert (cleaned.width, cleaned.height) == (MAX_SIDE, 1500)


def test_a_png_with_transparency_stays_a_png_without_text_chunks():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 30.25N")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    cleaned = clean_photo(upload("screen.png", buffer.getvalue())).content
    assert cleaned.name.endswith(".png")
    assert b"GPS" not in cleaned.read()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("photo.jpg", b"\xff\xd8\xff\xe0 this is not really a jpeg", "无法识别该照片"),
    ("photo.jpg", b"%PDF-1.4 a pdf named as a photo", "文件内容与扩展名"),
    ("photo.gif", b"GIF89a", "不支持的文件类型"),
    ("photo.jpg", b"", "文件是空的"),
])
def test_what_is_not_a_photo_is_refused_in_chinese(name, content, message):
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(name, content))
    assert message in refused.value.messages[0]


def test_the_field_refuses_more_than_its_count_and_names_the_bad_photo():
    field = PhotosField(max_count=2)
    with pytest.raises(ValidationError, match="最多上传2张"):
        field.clean([upload(), upload(), upload()])
    with pytest.raises(ValidationError) as refused:
        field.clean([upload(), upload("b.jpg", b"\xff\xd8\xff\xe0 broken")])
    assert refused.value.messages[0].startswith("第2张照片")
