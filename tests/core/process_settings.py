"""Settings for openbuy run as a real process by a test: the test's own database (given
whole in OPENBUY_TEST_PROCESS_DATABASE, so either engine works), and what the test asks
for: a mail backend that holds a send open, or a server that dies right after a commit."""

import json
import os

from openbuy.settings import *  # noqa: F403
from openbuy.settings import INSTALLED_APPS, STORAGES

DATABASES = {"default": json.loads(os.environ["OPENBUY_TEST_PROCESS_DATABASE"])}

if os.environ.get("OPENBUY_TEST_HOLD_MAIL_IN"):
    MAILERS = {"default": {"BACKEND": "tests.core.crashes.HeldOutboxBackend"}}
if os.environ.get("OPENBUY_TEST_DIE_AFTER_AUDITED_COMMIT"):
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.core.crashes.DieAfterCommit"]

# Static files from the build folder, as in development, so a production server starts
# without a collectstatic (tested on its own in test_serve.py).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
