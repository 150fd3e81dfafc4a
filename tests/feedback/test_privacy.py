"""Personal data never reaches the public Q&A: property tests of the redaction."""

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
