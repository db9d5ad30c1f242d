from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "openbuy.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from openbuy.core import audit, search, tasks

        from . import external_index, publishers
        from .tasks import export_bulk_files
        from .verbs import Verb

        # Releases follow the public events of the apps below: publishers/.
        publishers.register()
        tasks.periodic(export_bulk_files, timedelta(days=1))

        # Other publishers' processes, imported by `openbuy ocds import`.
        search.register_source(external_index.KIND, external_index.all_documents)
        audit.register_verbs(Verb)
