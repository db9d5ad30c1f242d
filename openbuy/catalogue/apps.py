from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "openbuy.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from openbuy.core import audit, audit_visibility, search

        from . import audit_names, indexing, receivers, selectors
        from .verbs import Verb

        # Publishing on go-live, withdrawing on expiry, reindexing renamed suppliers, and
        # the answers the framework pages ask for: catalogue/receivers.py.
        receivers.register()

        search.register_source(indexing.KIND, indexing.all_documents)
        audit_visibility.register("catalogue.service", selectors.services_visible_to)
        audit_visibility.register("catalogue.project", selectors.projects_of)

        audit_names.register()
        audit.register_verbs(Verb)
