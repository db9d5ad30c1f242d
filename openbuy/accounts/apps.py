from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openbuy.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from openbuy.core import audit

        from . import audit_names

        # password_check records the sign-in (and last_login) in its own transaction.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        audit_names.register()
        audit.register_verbs(
            {
                "account.signed_up": _("Signed up"),
                "account.email_verified": _("Verified email address"),
                "account.signed_in": _("Signed in"),
                "account.sign_in_failed": _("Failed sign-in"),
                "account.locked": _("Sign-in locked after failed attempts"),
                "account.signed_out": _("Signed out"),
                "account.password_changed": _("Changed password"),
                "account.password_check_failed": _("Gave a wrong current password"),
                "account.password_reset_requested": _("Asked to reset password"),
                "account.sign_in_link_sent": _("Sent a sign-in link"),
                "account.password_reset": _("Reset password"),
                "account.updated": _("Updated account"),
                "api_token.created": _("Created API token"),
                "api_token.revoked": _("Revoked API token"),
                "supplier.registered": _("Registered supplier"),
                "supplier.updated": _("Updated supplier details"),
                "organisation.created": _("Added organisation"),
                "organisation.domain_added": _("Added e-mail domain"),
                "organisation.domain_removed": _("Removed e-mail domain"),
                "membership.granted": _("Granted role"),
                "membership.removed": _("Removed member"),
                "invitation.created": _("Invited colleague"),
                "invitation.accepted": _("Accepted invitation"),
                "invitation.revoked": _("Withdrew invitation"),
                "platform_admin.bootstrapped": _("Platform admin created from the command line"),
            }
        )

        from openbuy.core import audit_visibility

        from . import selectors

        audit_visibility.register("accounts.user", selectors.users_visible_to)
        audit_visibility.register("accounts.organisation", selectors.organisations_visible_to)
        audit_visibility.register("accounts.membership", selectors.memberships_visible_to)
        audit_visibility.register("accounts.invitation", selectors.invitations_visible_to)
        audit_visibility.register("accounts.apitoken", selectors.api_tokens_of)
