"""Helpers the core tests share: the deploy check run as a process of its own, and the
French catalogue's path."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "openbuy" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
)


GOOD = {
    "OPENBUY_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "openbuy.example",
    "EMAIL_URL": "smtp://mail.example:587?tls=true",
}


def run_check(**env):
    """`openbuy check --deploy` in a process of its own, with this environment."""
    unset = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "openbuy.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
