from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "openbuy.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from . import publishers

        # Releases follow the public events of the apps below: publishers/.
        publishers.register()
