"""Checks for what a citizen types on a public form: the resident ID (GB 11643), the social credit code (GB 32100),
a telephone number and a postcode. Each failure has its own plain message saying what is expected."""

import datetime as dt
import re

from django.core.exceptions import ValidationError

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def resident_id_check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


RESIDENT_ID_FORMAT = "居民身份证号码应为18位，最后一位可以是X；旧版身份证为15位数字。"


def validate_resident_id(value: str) -> None:
    """A mainland resident ID: 18 characters with a real birth date and the ISO 7064 check digit, or an old
    15-digit card (no check digit; its birth year is 19YY)."""
    value = (value or "").strip().upper()
    if len(value) not in (15, 18):
        raise ValidationError(f"{RESIDENT_ID_FORMAT}您填写了{len(value)}位。", code="length")
    if not re.fullmatch(r"\d{17}[\dX]|\d{15}", value):
        raise ValidationError("居民身份证号码只能填写数字，18位号码的最后一位可以是X。", code="format")
    year, month, day = (int(value[6:10]), value[10:12], value[12:14]) if len(value) == 18 else (
        1900 + int(value[6:8]), value[8:10], value[10:12])
    try:
        dt.date(year, int(month), int(day))
    except ValueError as error:
        raise ValidationError("居民身份证号码中的出生日期不正确，请核对。", code="birth_date") from error
    if len(value) == 18 and resident_id_check_digit(value[:17]) != value[17]:
        raise ValidationError("居民身份证号码校验位不正确（最后一位与前17位不符），请核对是否输错。", code="checksum")


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """A unified social credit code (统一社会信用代码): 18 characters and its check character."""
    value = (value or "").strip().upper()
    if len(value) != 18 or any(char not in _USCC_ALPHABET for char in value):
        raise ValidationError(
            "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。", code="format"
        )
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对是否输错。", code="checksum")


PHONE_FORMAT = "手机号码应为11位数字，以1开头；固定电话请带区号，例如0579-86000001。"


def normalise_phone(value: str) -> str:
    """The digits of a number as typed with spaces, dashes or brackets, without a +86 country prefix."""
    digits = re.sub(r"[\s\-()（）]", "", value or "")
    return re.sub(r"^(\+86|0086)(?=1)", "", digits)


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits starting with 1) or a landline with its area code (0 and 2 or 3 digits,
    then 7 or 8 digits)."""
    digits = normalise_phone(value)
    if not re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", digits):
        if re.fullmatch(r"\d{7,8}", digits):
            raise ValidationError("固定电话请带区号，例如0579-86000001。", code="area_code")
        raise ValidationError(PHONE_FORMAT, code="phone")


POSTCODE_FORMAT = "邮政编码应为6位数字。"


def validate_postcode(value: str) -> None:
    """A mainland postcode: six digits."""
    if not re.fullmatch(r"\d{6}", (value or "").strip()):
        raise ValidationError(POSTCODE_FORMAT, code="postcode")
