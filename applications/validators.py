"""Checks for the identity numbers on a request: the resident ID (GB 11643) and the social credit code (GB 32100)."""

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


def validate_resident_id(value: str) -> None:
    """A mainland resident ID: 18 characters, a real birth date and the ISO 7064 check digit."""
    value = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError("居民身份证号码应为18位，前17位为数字，最后一位为数字或X。", code="format")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as error:
        raise ValidationError("居民身份证号码中的出生日期不正确，请核对。", code="birth_date") from error
    if resident_id_check_digit(value[:17]) != value[17]:
        raise ValidationError("居民身份证号码校验位不正确，请核对是否输错。", code="checksum")


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


def validate_phone(value: str) -> None:
    """A mainland mobile or landline number, digits with an optional area-code dash."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"(1[3-9]\d{9}|0\d{9,11}|\d{7,8})", digits):
        raise ValidationError("请填写正确的联系电话（手机号11位，或带区号的固定电话）。", code="phone")
