"""Signing in: passwords checked behind throttles that slow a guesser without ever locking
the owner out, and sign-in links sent by e-mail.

A password is tried only through three counts of failures, each in the shared cache:
per client address, per account from devices it was never used on, and per device it was
used on. Past a count's limit each try waits (twice as long each time, to a cap), so
nobody guesses fast, while a stranger's failures make only unfamiliar devices wait: the
owner signs in on a device they used before, or with a link by e-mail.

Audit policy, so guessing cannot grow the trail without bound: failures on an account are
recorded until the first wait; then one event each time a wait starts (a wait is at least a
minute and doubles, so at most about a hundred a day per account); nothing for attempts
refused while waiting, for addresses without an account, or for a client address's waits
(those go to the server log).
"""

import logging

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from openbuy.core import audit
from openbuy.core.errors import Forbidden, Invalid
from openbuy.core.mail import send_templated
from openbuy.core.throttle import Throttled

from ..backends import authenticate_email
from ..devices import Device
from ..models import User
from ..throttles import (
    ADDRESS_SCOPE,
    account_gate,
    account_wait,
    address_gate,
    address_wait,
    device_gate,
    device_wait,
    end_account_waits,
)
from ..verbs import Verb
from .people import _absolute, mark_verified, unsolicited_recipient, verification_user

log = logging.getLogger(__name__)

LINK_SALT = "openbuy.accounts.sign-in-link"


def sign_in(*, email: str, password: str, address: str, device: Device | None) -> User | None:
    """The account if the password is right, else None; raises Throttled while a wait runs
    and when this failure starts one (429 with Retry-After)."""

    def check(counted):
        return password_check(
            email=email, password=password, failures=counted.number, wait=counted.wait
        )

    return _through_gates(email, address, device, check)


def current_password_check(*, actor: User, password: str, address: str, device: Device | None):
    """Before a signed-in person changes their password: the current one, checked behind the
    same throttles as signing in, so a session someone else holds cannot be used to guess
    it. Raises Invalid when it is wrong, Throttled while a wait runs or when one starts."""

    def check(counted):
        return password_recheck(
            actor=actor, password=password, failures=counted.number, wait=counted.wait
        )

    if _through_gates(actor.email, address, device, check) is None:
        raise Invalid(_("Your current password is not right"), field="current_password")


def _through_gates(email: str, address: str, device: Device | None, check) -> User | None:
    """Run `check` (given the attempt counted, returning the account or None) behind the
    address and account counts, or the device's count where the account was used before.

    Counted outside any transaction, so a count stands whatever happens to the attempt's own
    transaction, and alike on every cache backend.
    """
    email = (email or "").strip().lower()
    if device is not None and device.knows(email):
        gates = [(device_gate(), f"{device.id}:{email}", device_wait)]
    else:
        gates = [(address_gate(), address, address_wait), (account_gate(), email, account_wait)]
    attempts = []
    try:
        for gate, ident, message in gates:
            attempts.append(gate.enter(ident, message=message))
    except Throttled:
        for attempt in attempts:
            attempt.refund()
        raise
    user = check(attempts[-1])
    if user is not None:
        for attempt in attempts:
            if attempt.gate.scope == ADDRESS_SCOPE:
                attempt.refund()  # the address counts failures only
            else:
                attempt.succeeded()
        return user
    started = []
    for (gate, _ident, message), attempt in zip(gates, attempts, strict=True):
        attempt.failed()
        if attempt.wait:
            started.append((gate.scope, message, attempt.wait))
            if gate.scope == ADDRESS_SCOPE:
                log.warning("sign-in failures from %s: waiting %d s", address, attempt.wait)
    if started:  # the account's (or device's) wait says more than the address's
        scope, message, wait = started[-1]
        raise Throttled(message(wait), retry_after=wait, scope=scope)
    return None


@audit.action
def password_check(*, email: str, password: str, failures: int = 1, wait: int = 0):
    """Check the password; `failures` is this attempt's number in the account's (or the
    device's) series and `wait` the wait it starts if it fails, for the audit trail.

    Unknown addresses take the same path and the same time, so the answer never tells
    whether an account exists.
    """
    user = authenticate_email(email, password)
    if user is None:
        known = User.objects.filter(email=email).first()
        if known is None:
            audit.nothing_changed()
        elif wait:
            audit.record(
                Verb.ACCOUNT_LOCKED,
                actor=None,
                obj=known,
                payload={"failures": failures, "wait_seconds": wait},
            )
        else:
            audit.record(Verb.ACCOUNT_SIGN_IN_FAILED, actor=None, obj=known)
        return None
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    audit.record(Verb.ACCOUNT_SIGNED_IN, actor=user, obj=user)
    return user


@audit.action
def password_recheck(*, actor: User, password: str, failures: int = 1, wait: int = 0):
    """The signed-in person's current password, checked; a wrong one is audited as a failed
    sign-in is (until the first wait, then once each wait starts). Changes nothing else."""
    if actor.check_password(password):
        audit.nothing_changed()
        return actor
    if wait:
        payload = {"failures": failures, "wait_seconds": wait}
        audit.record(Verb.ACCOUNT_LOCKED, actor=actor, obj=actor, payload=payload)
    else:
        audit.record(Verb.ACCOUNT_PASSWORD_CHECK_FAILED, actor=actor, obj=actor)
    return None


def _link_token(user: User) -> str:
    last = user.last_login.isoformat() if user.last_login else ""
    return signing.dumps({"u": user.pk, "e": user.email, "l": last}, salt=LINK_SALT)


@audit.action
def sign_in_link_request(*, email: str) -> None:
    """E-mail a link that signs the account in once, within SIGN_IN_LINK_MAX_AGE; the answer
    is the same for addresses without an account. At most one e-mail a minute an address."""
    user = unsolicited_recipient(email)
    if user is None:
        audit.nothing_changed()
        return
    link = _absolute(reverse("accounts:sign-in-link", args=[_link_token(user)]))
    send_templated(
        user.email,
        "accounts/email/sign_in_link",
        {"user": user, "link": link, "minutes": settings.SIGN_IN_LINK_MAX_AGE // 60},
        language=user.language,
    )
    audit.record(Verb.ACCOUNT_SIGN_IN_LINK_SENT, actor=None, obj=user)


def sign_in_link_user(token: str) -> User | None:
    """The account a link is for, while it is unused and fresh; signing in spends it."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=settings.SIGN_IN_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data["u"], email=data["e"], is_active=True).first()
    if user is None or (user.last_login.isoformat() if user.last_login else "") != data["l"]:
        return None
    return user


@audit.action
def sign_in_with_link(*, token: str) -> User:
    user = sign_in_link_user(token)
    if user is not None:
        user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
        user = user if sign_in_link_user(token) else None
    if user is None:
        raise Invalid(_("This link has expired or has already been used. Ask for a new one."))
    # The link proves the person reads this address, and that the owner is back.
    joined = None if user.email_verified else mark_verified(user)
    end_account_waits(user.email)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    audit.record(
        Verb.ACCOUNT_SIGNED_IN,
        actor=user,
        obj=user,
        organisation=joined,
        payload={"via": "link"},
    )
    return user


@audit.action
def sign_in_where_signed_up(*, token: str, account_hash: str) -> User:
    """Sign in the person who opens their verification link in the browser they signed up
    in, before it is verified. The link proves the mailbox; the browser's session proves the
    account: the password was chosen in it, and `account_hash` (the account's session hash
    when it signed up, kept in that session) shows the password has not changed since. A
    link opened anywhere else still needs the password.

    Like a sign-in link, it proves the owner, so it ends the account's waits; there is
    nothing in it to guess (a signed token and a server-side session)."""
    user = verification_user(token)
    user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    if user.email_verified or not constant_time_compare(account_hash, user.get_session_auth_hash()):
        raise Forbidden(_("Sign in with your password to use this link."))
    end_account_waits(user.email)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    audit.record(Verb.ACCOUNT_SIGNED_IN, actor=user, obj=user, payload={"via": "verification"})
    return user
