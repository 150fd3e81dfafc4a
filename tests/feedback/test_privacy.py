"""Personal data never reaches the public Q&A: property tests of the redaction."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.privacy import redact

chinese_text = st.text(alphabet=st.sampled_from("我想问低保怎么办请问电话是谢谢，。！ "), max_size=30)
mobiles = st.from_regex(r"1[3-9]\d{9}", fullmatch=True)
id_numbers = st.from_regex(r"\d{17}[\dX]", fullmatch=True)


@given(before=chinese_text, number=mobiles, after=chinese_text)
def test_mobile_numbers_are_always_removed(before, number, after):
    assert number not in redact(before + number + after)


@given(before=chinese_text, number=id_numbers, after=chinese_text)
def test_id_numbers_are_always_removed(before, number, after):
    assert number not in redact(before + number + after)


@given(text=chinese_text)
def test_text_without_personal_data_is_unchanged(text):
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("身份证 330702 19900101 123X 谢谢", "身份证 [身份证号已隐去] 谢谢"),
    ("身份证330702-19900101-1234", "身份证[身份证号已隐去]"),
    ("老身份证330702900101123", "老身份证[身份证号已隐去]"),
    ("老证号 330702 900101 123。", "老证号 [身份证号已隐去]。"),
    ("电话+86 138 1234 5678", "电话[电话已隐去]"),
    ("电话+86-13812345678", "电话[电话已隐去]"),
    ("电话8613812345678", "电话[电话已隐去]"),
    ("手机138-1234-5678", "手机[电话已隐去]"),
    ("座机(0579)12345678", "座机[电话已隐去]"),
    ("座机（0579）8888 1234", "座机[电话已隐去]"),
    ("座机0579-1234 5678", "座机[电话已隐去]"),
    ("座机+86 579 8888 1234", "座机[电话已隐去]"),
    ("我住在浙江省金华市婺城区城东街道人民路88号3幢201室，请回电", "我住在[地址已隐去]，请回电"),
    ("家住城关镇东村5组12号", "家住[地址已隐去]"),
    ("地址：示范县城关镇解放街12号", "地址：[地址已隐去]"),
])
def test_the_formats_citizens_write_are_removed(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "城关镇人民政府2026年发布", "示范县民政局", "2026-03-02收到", "补助共1500元", "城关镇东村的低保名单",
    "文号示民〔2026〕12号", "请看第3号文件", "金额12345678元",
])
def test_public_matters_are_left_as_written(text):
    assert redact(text) == text


spaced_ids = st.from_regex(r"\d{6}[ -]\d{8}[ -]\d{3}[\dX]|\d{6}[ -]?\d{6}[ -]?\d{3}", fullmatch=True)


@given(before=chinese_text, number=spaced_ids, after=chinese_text)
def test_grouped_and_fifteen_digit_id_numbers_are_always_removed(before, number, after):
    assert not any(group in redact(before + number + after) for group in re.split(r"[ -]", number) if len(group) > 4)
