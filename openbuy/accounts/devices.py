"""Devices a person has signed in on, remembered by a signed cookie in their browser.

Failed guesses from devices an account was never used on make those devices wait; a device
the owner signed in on before is counted on its own, so a stranger's guessing never keeps
the owner out. The cookie names the accounts (as keyed digests, not addresses) that signed
in on this browser; being signed, it cannot be made up.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

COOKIE = "openbuy_device"
SALT = "openbuy.accounts.device"
MAX_AGE = 60 * 60 * 24 * 365
MAX_ACCOUNTS = 10


def account_tag(email: str) -> str:
    return salted_hmac(SALT, (email or "").strip().lower(), algorithm="sha256").hexdigest()[:20]


@dataclass(frozen=True)
class Device:
    id: str
    accounts: tuple[str, ...] = ()

    def knows(self, email: str) -> bool:
        return account_tag(email) in self.accounts


def device_of(request) -> Device | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    if not value or ":" not in value:
        return None
    device_id, _sep, tags = value.partition(":")
    return Device(device_id, tuple(t for t in tags.split(",") if t))


def remember(response, request, email: str) -> None:
    """After a sign-in: this browser is one the account is used on."""
    device = device_of(request) or Device(secrets.token_urlsafe(16))
    tag = account_tag(email)
    tags = (tag, *(t for t in device.accounts if t != tag))[:MAX_ACCOUNTS]
    response.set_signed_cookie(
        COOKIE,
        f"{device.id}:{','.join(tags)}",
        salt=SALT,
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
