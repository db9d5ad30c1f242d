from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openbuy.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import audit, audit_names
        from .cache import create_cache_table
        from .verbs import Verb

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="openbuy_cache_table")

        audit_names.register()
        audit.register_verbs(Verb)

        from . import audit_visibility
        from .models import Jurisdiction

        audit_visibility.register("core.jurisdiction", lambda user: Jurisdiction.objects.all())
