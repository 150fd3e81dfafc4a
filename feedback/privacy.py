"""Removing personal data from text before it is shown publicly (public Q&A)."""

import re

_PATTERNS = [
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "[身份证号已隐去]"),
    (re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"), "[电话已隐去]"),
    (re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)"), "[电话已隐去]"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[邮箱已隐去]"),
]


def redact(text: str, *, names: tuple[str, ...] = ()) -> str:
    """`text` with ID numbers, phone numbers, e-mail addresses and the given names masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            text = text.replace(name, "[姓名已隐去]")
    return text
