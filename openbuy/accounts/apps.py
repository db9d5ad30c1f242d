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
        from .verbs import Verb

        # password_check records the sign-in (and last_login) in its own transaction.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        audit_names.register()
        audit.register_verbs(Verb)

        from openbuy.core import audit_visibility

        from . import selectors

        audit_visibility.register("accounts.user", selectors.users_visible_to)
        audit_visibility.register("accounts.organisation", selectors.organisations_visible_to)
        audit_visibility.register("accounts.membership", selectors.memberships_visible_to)
        audit_visibility.register("accounts.invitation", selectors.invitations_visible_to)
        audit_visibility.register("accounts.apitoken", selectors.api_tokens_of)
