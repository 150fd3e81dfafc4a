import pytest
from django.core.exceptions import ValidationError

from applications.validators import validate_credit_code, validate_phone, validate_postcode, validate_resident_id
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


@pytest.mark.parametrize("phone", ["13812345678", "0579-86001234", "010 6000 1234", "+86 138 1234 5678"])
def test_phone_numbers_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "23812345678", "abc"])
def test_phone_numbers_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_old_fifteen_digit_resident_id_is_valid():
    validate_resident_id("110105491231002")  # born 1949-12-31; old cards have no check digit


def test_old_fifteen_digit_resident_id_with_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError, match="出生日期"):
        validate_resident_id("110105490230002")  # 1949-02-30


def test_resident_id_length_message_says_how_many_digits_were_typed():
    with pytest.raises(ValidationError, match="最后一位可以是X.*您填写了16位"):
        validate_resident_id("1101051949123100")


def test_resident_id_with_letters_inside_is_refused_as_digits_only():
    with pytest.raises(ValidationError, match="只能填写数字"):
        validate_resident_id("1101051949A231002X")


def test_landline_without_area_code_is_asked_for_the_area_code():
    with pytest.raises(ValidationError, match="固定电话请带区号，例如0579-86000001"):
        validate_phone("86001234")


def test_mobile_number_of_wrong_length_gets_the_mobile_and_landline_rule():
    with pytest.raises(ValidationError, match="手机号码应为11位数字，以1开头"):
        validate_phone("1381234567")


@pytest.mark.parametrize("postcode", ["321000", " 321000 "])
def test_six_digit_postcode_is_accepted(postcode):
    validate_postcode(postcode)


@pytest.mark.parametrize("postcode", ["32100", "3210000", "32100A", "邮编"])
def test_postcode_that_is_not_six_digits_is_refused(postcode):
    with pytest.raises(ValidationError, match="邮政编码应为6位数字"):
        validate_postcode(postcode)
