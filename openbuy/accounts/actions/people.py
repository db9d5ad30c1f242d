"""Accounts: sign up, verify e-mail, sign in and out, passwords, profile."""

import hashlib

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from openbuy.core import audit, site_url
from openbuy.core.actors import SYSTEM
from openbuy.core.errors import Forbidden, Invalid, full_clean
from openbuy.core.mail import send_templated

from ..models import ApiToken, Membership, Role, User
from ..selectors import buyer_body_for_email
from ..throttles import end_account_waits
from ..verbs import Verb

VERIFY_SALT = "openbuy.accounts.verify-email"


class Purpose:
    BUYER = "buyer"
    SUPPLIER = "supplier"
    CHOICES = (BUYER, SUPPLIER)


def normalise_email(value: str, field: str = "email") -> str:
    email = (value or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise Invalid(
            _("Enter an email address in the correct format, like name@example.org"), field=field
        ) from error
    return email


def _check_password(password: str, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), field=field) from error


def _absolute(path: str) -> str:
    return site_url.absolute(path)


def verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def _verification_link(user: User) -> str:
    return _absolute(reverse("accounts:verify-email", args=[verification_token(user)]))


def _send_verification(user: User) -> None:
    send_templated(
        user.email,
        "accounts/email/verify",
        {"user": user, "link": _verification_link(user)},
        language=user.language,
    )


def may_mail(email: str) -> bool:
    """At most one unsolicited e-mail (repeat sign-up, password reset, sign-in link) per
    address per MAIL_INTERVAL, so nobody can flood a mailbox through the forms. Kept in the
    shared cache, where it expires by itself."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return cache.add(f"mailed:{digest}", True, settings.MAIL_INTERVAL)


def unsolicited_recipient(email: str) -> User | None:
    """The active account to e-mail at this address, unless it has none or had an e-mail
    within MAIL_INTERVAL. The throttle is consulted for unknown addresses too, so both take
    the same path."""
    email = normalise_email(email)
    user = User.objects.filter(email=email, is_active=True).first()
    allowed = may_mail(email)
    return user if allowed else None


@audit.action
def account_sign_up(*, email: str, name: str, password: str, purpose: str, language: str = "en"):
    """Create an unverified account and e-mail a verification link.

    If the address already has an account, that person is told by e-mail instead, and
    the response is the same, so sign-up never reveals who has an account.
    """
    email = normalise_email(email)
    if purpose not in Purpose.CHOICES:
        raise Invalid(_("Select what you will use openbuy for"), field="purpose")
    if purpose == Purpose.BUYER and buyer_body_for_email(email) is None:
        raise Invalid(
            _(
                "%(domain)s is not the e-mail domain of a public body on openbuy. Use your work "
                "address, or ask your organisation's openbuy contact to add the domain. If you "
                "sell to the public sector, choose 'I am a supplier'."
            )
            % {"domain": email.partition("@")[2]},
            field="email",
        )
    user = User(email=email, name=(name or "").strip(), language=language)
    full_clean(user, exclude=["password"], validate_unique=False)
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        user = None
    if user is None:
        existing = User.objects.get(email=email)
        if may_mail(existing.email):
            send_templated(
                existing.email,
                "accounts/email/account_exists",
                {
                    "user": existing,
                    "verified": existing.email_verified,
                    "sign_in": _absolute(reverse("accounts:sign-in")),
                    "reset": _absolute(reverse("accounts:password-forgotten")),
                    "verify": None if existing.email_verified else _verification_link(existing),
                },
                language=existing.language,
            )
        audit.nothing_changed()
        return None
    audit.record(Verb.ACCOUNT_SIGNED_UP, actor=user, obj=user, payload={"purpose": purpose})
    _send_verification(user)
    return user


@audit.action
def verification_resend(*, actor: User) -> None:
    if actor.email_verified:
        raise Invalid(_("Your email address is already verified"))
    _send_verification(actor)
    audit.nothing_changed()


def verification_user(token: str) -> User:
    """The account a verification link is for, or an error saying why the link fails."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise Invalid(_("This link has expired. Sign in to get a new one.")) from error
    except signing.BadSignature as error:
        raise Invalid(_("This link is not valid. Check you copied all of it.")) from error
    user = User.objects.filter(pk=data["user"], email=data["email"], is_active=True).first()
    if user is None:
        raise Invalid(_("This link is not valid. Check you copied all of it."))
    return user


def mark_verified(user: User):
    """The address is proven: record it, and join the buyer body its domain belongs to."""
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    body = buyer_body_for_email(user.email)
    if body is not None:
        Membership.objects.get_or_create(user=user, organisation=body, role=Role.BUYER)
    return body


@audit.action
def email_verify(*, actor: User, token: str) -> User:
    """Verify the address of the signed-in person who opened the link.

    Both the link (the mailbox) and the password (the account) are needed, so someone who
    signs up with another person's address never gets a verified account.
    """
    user = verification_user(token)
    if getattr(actor, "pk", None) != user.pk:
        raise Forbidden(
            _("This link is for %(email)s. Sign in as %(email)s to use it.") % {"email": user.email}
        )
    user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    if user.email_verified:
        audit.nothing_changed()
        return user
    body = mark_verified(user)
    audit.record(
        Verb.ACCOUNT_EMAIL_VERIFIED,
        actor=user,
        obj=user,
        organisation=body,
        payload={"joined": body.slug if body else None},
    )
    return user


@audit.action
def sign_out(*, actor: User) -> None:
    audit.record(Verb.ACCOUNT_SIGNED_OUT, actor=actor, obj=actor)


def _revoke_tokens(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@audit.action
def password_change(*, actor: User, current: str, new: str, keep_api_tokens=False) -> int:
    """Change the password. Every other session of the person ends (its stored hash of the
    password no longer matches), and their API tokens are revoked unless they keep them:
    whoever learnt the old password may have made one. Returns how many were revoked."""
    if not actor.check_password(current):
        raise Invalid(_("Your current password is not right"), field="current_password")
    _check_password(new, actor, field="new_password")
    actor.set_password(new)
    actor.save(update_fields=["password"])
    revoked = 0 if keep_api_tokens else _revoke_tokens(actor)
    audit.record(
        Verb.ACCOUNT_PASSWORD_CHANGED, actor=actor, obj=actor, payload={"revoked_tokens": revoked}
    )
    return revoked


@audit.action
def password_set_by_operator(*, email: str, password: str) -> User:
    """The operator sets a person's password from the command line (`openbuy
    changepassword`): the same checks as any new password, and the person's API tokens are
    revoked, since whoever needed the password changed may have made one."""
    user = User.objects.filter(email=normalise_email(email)).first()
    if user is None:
        raise Invalid(_("No account has the address %(email)s") % {"email": email}, field="email")
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _revoke_tokens(user)
    audit.record(
        Verb.ACCOUNT_PASSWORD_SET_BY_OPERATOR,
        actor=SYSTEM,
        obj=user,
        payload={"revoked_tokens": revoked},
    )
    return user


def password_reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _absolute(reverse("accounts:password-reset", args=[uid, token]))


@audit.action
def password_reset_request(*, email: str) -> None:
    """E-mail a reset link if the address has an account; the answer is the same either way."""
    user = unsolicited_recipient(email)
    if user is None:
        audit.nothing_changed()
        return
    send_templated(
        user.email,
        "accounts/email/password_reset",
        {
            "user": user,
            "link": password_reset_link(user),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        language=user.language,
    )
    audit.record(Verb.ACCOUNT_PASSWORD_RESET_REQUESTED, actor=None, obj=user)


def password_reset_user(uidb64: str, token: str) -> User | None:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.filter(pk=int(pk), is_active=True).first()
    except (ValueError, TypeError):
        return None
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@audit.action
def password_reset_complete(*, uidb64: str, token: str, new: str) -> User:
    user = password_reset_user(uidb64, token)
    if user is None:
        raise Invalid(_("This link has expired or has already been used. Ask for a new one."))
    _check_password(new, user, field="new_password")
    user.set_password(new)
    user.save(update_fields=["password"])
    # The link proves the person reads this address.
    joined = None if user.email_verified else mark_verified(user)
    end_account_waits(user.email)
    # A reset is how people take back an account: whoever held its tokens loses them.
    revoked = _revoke_tokens(user)
    audit.record(
        Verb.ACCOUNT_PASSWORD_RESET,
        actor=user,
        obj=user,
        organisation=joined,
        payload={"revoked_tokens": revoked, "joined": joined.slug if joined else None},
    )
    return user


@audit.action
def account_update(*, actor: User, name: str, language: str) -> User:
    before = {"name": actor.name, "language": actor.language}
    actor.name, actor.language = (name or "").strip(), language
    full_clean(actor, exclude=["password"], validate_unique=False)
    changed = sorted(k for k, v in before.items() if getattr(actor, k) != v)
    if not changed:
        audit.nothing_changed()
        return actor
    actor.save(update_fields=changed)
    audit.record(Verb.ACCOUNT_UPDATED, actor=actor, obj=actor, payload={"changed": changed})
    return actor
