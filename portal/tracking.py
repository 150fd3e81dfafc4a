"""Tracking codes citizens keep, and the look-up that proves a browser belongs to the citizen who holds one.

A code is a prefix and characters from an alphabet without look-alikes (0/O, 1/I/L), short enough to read over the
phone and unguessable. The look-up asks for the code and the last four digits of the phone left with it: wrong
guesses are counted per client and per code before they are checked (so parallel guesses cannot pass a limit)
and handed back when right; a browser that passed is remembered in its session for that code. Requests for
disclosure (applications) and 随手拍 reports (feedback) both use this module, each under its own session scope.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable

from portal import ratelimit

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Wrong guesses: per client generous enough for a service-hall terminal or a carrier's NAT that many citizens share,
#: per code few enough that its four phone digits cannot be guessed.
GUESSES_PER_CLIENT = (30, 3600)
GUESSES_PER_CODE = (5, 3600)


def new_code(prefix: str, length: int, rng=None) -> str:
    """`prefix` and `length` random characters of ALPHABET (`rng` only for reproducible demo data)."""
    chooser = rng or secrets
    return prefix + "".join(chooser.choice(ALPHABET) for _ in range(length))


def normalise(value: str, *, keep: str = "", max_length: int = 20) -> str:
    """Upper case, full-width forms made plain, only letters, digits and the characters in `keep` kept."""
    value = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(ch for ch in value if (ch.isascii() and ch.isalnum()) or ch in keep)[:max_length]


def phone_last4(phone: str) -> str:
    return "".join(ch for ch in phone or "" if ch.isdigit())[-4:]


def session_key(scope: str, code: str) -> str:
    return f"{scope}_verified_{code}"


def mark_verified(request, scope: str, code: str) -> None:
    request.session[session_key(scope, code)] = True


def is_verified(request, scope: str, code: str) -> bool:
    return bool(request.session.get(session_key(scope, code)))


class Lookup:
    """The answer to one guess: `is_limited` (too many wrong guesses), else `is_found` or not."""

    def __init__(self, *, is_limited: bool = False, is_found: bool = False):
        self.is_limited = is_limited
        self.is_found = is_found


def check_guess(request, action: str, scope: str, code: str, last4: str,
                phone_of: Callable[[str], str | None]) -> Lookup:
    """Check the code + last four digits; `phone_of(code)` is the stored phone, None for an unknown code.
    A right guess is handed back and marks this session verified for the code under `scope`."""
    guess = [(ratelimit.client(request), *GUESSES_PER_CLIENT), (ratelimit.target(code), *GUESSES_PER_CODE)]
    if not ratelimit.take_all(action, guess):
        return Lookup(is_limited=True)
    phone = phone_of(code)
    if phone is None or not last4 or phone_last4(phone) != last4:
        return Lookup()
    for subject, _limit, _window in guess:
        ratelimit.give_back(action, subject)
    mark_verified(request, scope, code)
    return Lookup(is_found=True)
