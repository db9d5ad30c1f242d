from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openbuy.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import audit, audit_names

        audit_names.register()
        audit.register_verbs(
            {
                "jurisdiction.created": _("Jurisdiction created"),
                "jurisdiction.updated": _("Jurisdiction updated"),
            }
        )
