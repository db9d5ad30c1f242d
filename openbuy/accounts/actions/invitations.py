"""Invitations: members invite colleagues by e-mail; an invitation expires after a week."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from openbuy.core.mail import send_templated
from openbuy.core.permissions import is_platform_admin

from ..models import Invitation, Membership, Organisation, Role, User
from ..permissions import (
    INCLUDED_ROLES,
    OPEN_TO_OUTSIDERS,
    can_manage_members,
    grantable_roles,
)
from ..selectors import buyer_body_for_email
from ..verbs import Verb
from .people import _absolute, mark_verified, normalise_email


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_digest=token_digest(token or ""))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid. Check you copied all of it."))
    return invitation


@audit.action
def invitation_create(*, actor, organisation: Organisation, email: str, role: str):
    """Invite someone by e-mail. Returns the invitation and the secret token for its link."""
    org = Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)
    if not can_manage_members(actor, org):
        raise Forbidden(_("Only the organisation's managers can invite people"))
    email = normalise_email(email)
    if role not in grantable_roles(actor, org):
        raise Invalid(_("Select a role you can give"), field="role")
    role_label = Role(role).label
    if email == getattr(actor, "email", None):
        raise Invalid(_("You cannot invite yourself"), field="email")
    _check_address_fits(org, email, role, actor)
    held = set(
        Membership.objects.filter(organisation=org, user__email=email).values_list(
            "role", flat=True
        )
    )
    if role in held or role in {r for h in held for r in INCLUDED_ROLES.get(h, ())}:
        raise Invalid(
            _("%(email)s is already a member here, as %(roles)s")
            % {"email": email, "roles": ", ".join(Role(r).label.lower() for r in sorted(held))},
            field="email",
        )
    open_invitation = org.invitations.filter(
        email=email, role=role, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).first()
    if open_invitation:
        raise Invalid(
            _("%(email)s was already invited as %(role)s; that invitation is open until %(date)s")
            % {
                "email": email,
                "role": role_label.lower(),
                "date": formats.date_format(open_invitation.expires_at, "j F Y"),
            },
            field="email",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=org,
        email=email,
        role=role,
        invited_by=actor,
        token_digest=token_digest(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_LIFETIME_DAYS),
    )
    language = User.objects.filter(email=email).values_list("language", flat=True).first()
    send_templated(
        email,
        "accounts/email/invitation",
        {
            "invitation": invitation,
            "role": role_label,
            "link": _absolute(reverse("accounts:invitation", args=[token])),
        },
        language=language or getattr(actor, "language", "en"),
    )
    audit.record(
        Verb.INVITATION_CREATED,
        actor=actor,
        obj=invitation,
        organisation=org,
        payload={"email": email, "role": role},
    )
    return invitation, token


def _check_address_fits(org: Organisation, email: str, role: str, actor) -> None:
    """People who buy for a body use its e-mail domains; outside evaluators may be invited."""
    if not org.is_buyer_body or role in OPEN_TO_OUTSIDERS or is_platform_admin(actor):
        return
    if buyer_body_for_email(email) != org:
        domains = ", ".join(org.email_domains.values_list("domain", flat=True)) or "-"
        raise Invalid(
            _("A %(role)s at %(org)s must use an address at %(domains)s")
            % {"role": Role(role).label.lower(), "org": org.name, "domains": domains},
            field="email",
        )


def check_acceptable(invitation: Invitation, user) -> None:
    """Why this person cannot accept this invitation, as an error; or nothing."""
    if invitation.status == Invitation.Status.REVOKED:
        raise Gone(
            _("This invitation was withdrawn. Ask %(org)s to send a new one.")
            % {"org": invitation.organisation}
        )
    if invitation.status == Invitation.Status.ACCEPTED:
        raise Gone(_("This invitation has already been used."))
    if invitation.is_expired:
        raise Gone(
            _("This invitation expired on %(date)s. Ask %(person)s at %(org)s to send a new one.")
            % {
                "date": formats.date_format(invitation.expires_at, "j F Y"),
                "person": invitation.invited_by.name,
                "org": invitation.organisation,
            }
        )
    if user.email != invitation.email:
        raise Forbidden(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )


@audit.action
def invitation_accept(*, actor: User, token: str) -> Membership:
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    check_acceptable(invitation, actor)
    invitation.accept(actor)
    invitation.save()
    # The link reached this address, which proves the person reads it.
    if not actor.email_verified:
        mark_verified(actor)
    membership, _created = Membership.objects.get_or_create(
        user=actor, organisation=invitation.organisation, role=invitation.role
    )
    audit.record(
        Verb.INVITATION_ACCEPTED,
        actor=actor,
        obj=invitation,
        organisation=invitation.organisation,
        payload={"role": invitation.role, "membership": membership.pk},
    )
    return membership


@audit.action
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.role not in grantable_roles(actor, invitation.organisation):
        raise Forbidden(_("Only the organisation's managers can withdraw invitations"))
    if not can_proceed(invitation.revoke):
        raise Conflict(_("Only a pending invitation can be withdrawn"))
    invitation.revoke()
    invitation.save()
    audit.record(
        Verb.INVITATION_REVOKED,
        actor=actor,
        obj=invitation,
        organisation=invitation.organisation,
        payload={"email": invitation.email},
    )
    return invitation
