from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "openbuy.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from django.db.models.signals import post_save

        from openbuy.accounts.models import Organisation
        from openbuy.core import audit, audit_visibility, search

        from . import audit_names, indexing, selectors

        post_save.connect(
            _supplier_saved, sender=Organisation, dispatch_uid="catalogue-supplier-renamed"
        )

        search.register_source(indexing.KIND, indexing.all_documents)
        audit_visibility.register("catalogue.service", selectors.services_visible_to)
        audit_visibility.register("catalogue.project", selectors.projects_of)

        audit_names.register()
        audit.register_verbs(
            {
                "service.published": _("Published services"),
                "service.edited": _("Edited service"),
                "service.version_approved": _("Approved service edit"),
                "service.removed": _("Removed service"),
                "service.suspended": _("Suspended service"),
                "service.reinstated": _("Reinstated service"),
                "project.created": _("Saved search as project"),
                "project.search_updated": _("Changed project search"),
                "project.ended": _("Ended search and froze shortlist"),
                "project.downloaded": _("Downloaded shortlist"),
                "project.outcome_recorded": _("Recorded outcome"),
                "project.outcome_corrected": _("Corrected outcome"),
            }
        )


def _supplier_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Organisations are renamed in the admin as well as by actions; either way their
    services' search text must follow."""
    if raw or created or (update_fields is not None and "name" not in update_fields):
        return
    from .indexing import reindex_supplier

    reindex_supplier(instance.pk)
