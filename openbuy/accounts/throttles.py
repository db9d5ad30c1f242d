"""The throttles that guard signing in and the API, and what each says when it makes
someone wait (see actions/signing_in.py for how they are used)."""

from django.conf import settings
from django.utils.translation import gettext as _

from openbuy.core.throttle import Backoff, Rate, Window, wait_message

ADDRESS_SCOPE = "sign-in-address"


def _backoff(scope: str, limit: int) -> Backoff:
    return Backoff(
        scope,
        limit=limit,
        base=settings.SIGN_IN_FIRST_WAIT,
        cap=settings.SIGN_IN_LOCK_SECONDS,
        memory=settings.SIGN_IN_FAILURE_MEMORY,
    )


def account_gate() -> Backoff:
    """Failures on an account from devices it was never signed in on."""
    return _backoff("sign-in-account", settings.SIGN_IN_FAILURE_LIMIT)


def address_gate() -> Backoff:
    return _backoff(ADDRESS_SCOPE, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)


def device_gate() -> Backoff:
    """Failures on a device an account was signed in on before, counted apart."""
    return _backoff("sign-in-device", settings.SIGN_IN_FAILURE_LIMIT)


def token_gate() -> Backoff:
    """Wrong API tokens from one client address."""
    return _backoff("api-token", settings.API_TOKEN_FAILURE_LIMIT)


def account_wait(seconds: float) -> str:
    return _(
        "There have been too many failed attempts to sign in to this account on devices it "
        "has not been used on. Wait %(wait)s, then try again. On a device you have signed in "
        "on before you can sign in now, or we can email you a sign-in link."
    ) % {"wait": wait_message(seconds)}


def address_wait(seconds: float) -> str:
    return _(
        "There have been too many failed attempts to sign in from your network. Wait "
        "%(wait)s, then try again, or ask for a sign-in link by email."
    ) % {"wait": wait_message(seconds)}


def device_wait(seconds: float) -> str:
    return _(
        "There have been too many failed attempts to sign in on this device. Wait %(wait)s, "
        "then try again, or reset your password."
    ) % {"wait": wait_message(seconds)}


def form_window(form: str) -> Window:
    """Sign-up, password reset and sign-in link requests: FORM_RATE per client address."""
    return Window(f"form-{form}", Rate.parse(settings.FORM_RATE))


def end_account_waits(email: str) -> None:
    """A reset password or a sign-in link proves the owner: the account's count ends."""
    account_gate().clear((email or "").strip().lower())
