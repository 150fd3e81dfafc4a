"""Removing personal data from text before it is shown publicly (public Q&A).

Citizens write numbers as they speak them: ID numbers of 18 or (old cards) 15 digits, in groups separated by
spaces or hyphens, with an X check digit; mobiles with +86/0086/86 in front and spaces or hyphens between groups;
landlines as (0579)12345678, （0579）8888 1234 or 0579-1234 5678. An address is masked when it names a house: a chain
of place names (…省…市…县/区…镇/乡/街道…村/社区/路/街/巷) followed by numbers (…号, …幢, …单元, …室, …组).
The clerk sees the result before anything is published and may correct it.
"""

import re

_SEP = r"[ \t\u3000-]?"  # one space (also the ideographic one) or hyphen between groups of digits
_NOT_DIGIT_BEFORE, _NOT_DIGIT_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"

ID_NUMBER = re.compile(
    rf"{_NOT_DIGIT_BEFORE}(?:(?:\d{_SEP}){{17}}[\dXx]|(?:\d{_SEP}){{14}}\d){_NOT_DIGIT_AFTER}"
)
MOBILE = re.compile(
    rf"(?:(?:(?:\+|00)86|{_NOT_DIGIT_BEFORE}86){_SEP}|{_NOT_DIGIT_BEFORE})1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}"
    rf"{_NOT_DIGIT_AFTER}"
)
LANDLINE = re.compile(
    rf"(?:(?:\+|00)86{_SEP}[(（]?[1-9]\d{{1,2}}[)）]?"  # +86 579 …: the area code without its 0
    rf"|{_NOT_DIGIT_BEFORE}[(（]0\d{{2,3}}[)）]|{_NOT_DIGIT_BEFORE}0\d{{2,3}}(?=[ \t\u3000)）-]|\d{{7,8}}(?!\d)))"
    rf"{_SEP}\d{{3,4}}{_SEP}\d{{4}}{_NOT_DIGIT_AFTER}"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

_PLACE = (r"[\u4e00-\u9fa5]{1,10}?(?:省|自治区|自治州|市|州|盟|县|区|旗|镇|乡|街道|村|社区|小区|新村|大道|路|街|巷|弄"
          r"|胡同|苑|园|大厦|公寓)")
_HOUSE = r"[0-9０-９一二三四五六七八九十百零〇]+(?:[-－][0-9０-９]+)?(?:号楼|号院|号|幢|栋|单元|楼|层|室|户|组|弄)"
ADDRESS = re.compile(rf"(?:{_PLACE})+(?:{_HOUSE})+")
# Words a citizen puts before an address: kept, so that the sentence still reads.
_LEAD_IN = re.compile(r"^(?:我|本人|我家|家)?(?:现)?(?:住在|住址是|住址为|住址|家住|地址是|地址为|地址|位于|住|在)"
                      r"[:：]?")

_PATTERNS = [
    (ID_NUMBER, "[身份证号已隐去]"),
    (MOBILE, "[电话已隐去]"),
    (LANDLINE, "[电话已隐去]"),
    (EMAIL, "[邮箱已隐去]"),
]


def _mask_address(match: re.Match) -> str:
    lead_in = _LEAD_IN.match(match.group(0))
    return (lead_in.group(0) if lead_in else "") + "[地址已隐去]"


def redact(text: str, *, names: tuple[str, ...] = ()) -> str:
    """`text` with ID numbers, phone numbers, e-mail addresses, home addresses and the given names masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    text = ADDRESS.sub(_mask_address, text)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            text = text.replace(name, "[姓名已隐去]")
    return text
