from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "openbuy.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from openbuy.core import tasks

        from . import publishers
        from .tasks import export_bulk_files

        # Releases follow the public events of the apps below: publishers/.
        publishers.register()
        tasks.periodic(export_bulk_files, timedelta(days=1))
