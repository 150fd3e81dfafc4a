"""Telephone numbers for the demo county that reach nobody and read as made up.

Landlines take the area code 0000, which no Chinese city has. Mobiles take 138-0000-xxxx: the block Chinese
documentation uses for examples, the row of zeros marking it as invented. Both pass the portal's phone check.
"""

#: What a demo landline looks like (the footer and any page may print it).
LANDLINE_PREFIX = "0000-"
MOBILE_PREFIX = "1380000"


def landline(n: int) -> str:
    """The n-th demo landline: 0000-8xxxxxxx."""
    return f"{LANDLINE_PREFIX}8{n % 10_000_000:07d}"


def mobile(n: int) -> str:
    """A demo mobile number: 1380000 and four digits from n."""
    return f"{MOBILE_PREFIX}{n % 10_000:04d}"


def is_fictional(phone: str) -> bool:
    return not phone or phone.startswith((LANDLINE_PREFIX, MOBILE_PREFIX))
