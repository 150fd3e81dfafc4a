import pytest
from django.core.exceptions import ValidationError

from applications.validators import validate_credit_code, validate_phone, validate_resident_id
from tests.applications.factories import CREDIT_CODE, RESIDENT_ID


def test_published_sample_resident_id_is_valid():
    validate_resident_id("11010519491231002X")  # the GB 11643 sample, check character X


def test_resident_id_with_wrong_check_digit_is_refused():
    wrong = RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        validate_resident_id(wrong)


def test_resident_id_with_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError, match="出生日期"):
        validate_resident_id("110105194902300021")


def test_resident_id_of_wrong_length_is_refused():
    with pytest.raises(ValidationError, match="18位"):
        validate_resident_id("1101051949123100")


def test_published_sample_credit_code_is_valid():
    validate_credit_code("91350100M000100Y43")


def test_credit_code_with_wrong_check_character_is_refused():
    wrong = CREDIT_CODE[:17] + ("0" if CREDIT_CODE[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code(wrong)


def test_credit_code_with_forbidden_letters_is_refused():
    with pytest.raises(ValidationError, match="18位"):
        validate_credit_code("91350100M000100I43")


@pytest.mark.parametrize("phone", ["13812345678", "0579-86001234", "86001234"])
def test_phone_numbers_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "23812345678", "abc"])
def test_phone_numbers_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
