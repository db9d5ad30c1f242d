"""The audit verbs accounts writes: each one's value is stored in the trail, its label
shown to people. `tests/core/test_verbs.py` checks each is written somewhere."""

from django.utils.translation import gettext_lazy as _

from openbuy.core import audit


class Verb(audit.Verbs):
    ACCOUNT_SIGNED_UP = "account.signed_up", _("Signed up")
    ACCOUNT_EMAIL_VERIFIED = "account.email_verified", _("Verified email address")
    ACCOUNT_SIGNED_IN = "account.signed_in", _("Signed in")
    ACCOUNT_SIGN_IN_FAILED = "account.sign_in_failed", _("Failed sign-in")
    ACCOUNT_LOCKED = "account.locked", _("Sign-in locked after failed attempts")
    ACCOUNT_SIGNED_OUT = "account.signed_out", _("Signed out")
    ACCOUNT_PASSWORD_CHANGED = "account.password_changed", _("Changed password")
    ACCOUNT_PASSWORD_CHECK_FAILED = (
        "account.password_check_failed",
        _("Gave a wrong current password"),
    )
    ACCOUNT_PASSWORD_RESET_REQUESTED = (
        "account.password_reset_requested",
        _("Asked to reset password"),
    )
    ACCOUNT_SIGN_IN_LINK_SENT = "account.sign_in_link_sent", _("Sent a sign-in link")
    ACCOUNT_PASSWORD_RESET = "account.password_reset", _("Reset password")
    ACCOUNT_PASSWORD_SET_BY_OPERATOR = (
        "account.password_set_by_operator",
        _("Password set from the command line"),
    )
    ACCOUNT_UPDATED = "account.updated", _("Updated account")
    API_TOKEN_CREATED = "api_token.created", _("Created API token")
    API_TOKEN_REVOKED = "api_token.revoked", _("Revoked API token")
    SUPPLIER_REGISTERED = "supplier.registered", _("Registered supplier")
    SUPPLIER_UPDATED = "supplier.updated", _("Updated supplier details")
    ORGANISATION_CREATED = "organisation.created", _("Added organisation")
    ORGANISATION_RENAMED = "organisation.renamed", _("Renamed organisation")
    ORGANISATION_DOMAIN_ADDED = "organisation.domain_added", _("Added e-mail domain")
    ORGANISATION_DOMAIN_REMOVED = "organisation.domain_removed", _("Removed e-mail domain")
    MEMBERSHIP_GRANTED = "membership.granted", _("Granted role")
    MEMBERSHIP_REMOVED = "membership.removed", _("Removed member")
    INVITATION_CREATED = "invitation.created", _("Invited colleague")
    INVITATION_ACCEPTED = "invitation.accepted", _("Accepted invitation")
    INVITATION_REVOKED = "invitation.revoked", _("Withdrew invitation")
    PLATFORM_ADMIN_BOOTSTRAPPED = (
        "platform_admin.bootstrapped",
        _("Platform admin created from the command line"),
    )
