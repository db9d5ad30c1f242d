from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "openbuy.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from django.db.models.signals import post_save

        from openbuy.accounts.models import Organisation
        from openbuy.core import audit, audit_visibility

        from . import audit_names, selectors
        from .verbs import Verb

        post_save.connect(
            _supplier_saved, sender=Organisation, dispatch_uid="catalogue-supplier-renamed"
        )

        audit_visibility.register("catalogue.service", selectors.services_visible_to)
        audit_visibility.register("catalogue.project", selectors.projects_of)

        audit_names.register()
        audit.register_verbs(Verb)


def _supplier_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Organisations are renamed in the admin as well as by actions; either way their
    services' search text must follow."""
    if raw or created or (update_fields is not None and "name" not in update_fields):
        return
    from .indexing import reindex_supplier

    reindex_supplier(instance.pk)
