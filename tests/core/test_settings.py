"""In production the app refuses to start on unsafe settings, with a one-line reason."""

import os
import subprocess
import sys

import pytest

from tests.core.helpers import GOOD, run_check


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"SECRET_KEY": ""},
            "production needs SECRET_KEY set to a random value of 50 or more characters",
        ),
        (
            {"SECRET_KEY": "short"},
            "production needs SECRET_KEY set to a random value of 50 or more characters",
        ),
        ({"DEBUG": "1"}, "production refuses to run with DEBUG on; unset DEBUG"),
        (
            {"ALLOWED_HOSTS": ""},
            "production needs ALLOWED_HOSTS, a comma-separated list of host names",
        ),
        (
            {"OPENBUY_ENV": "staging"},
            "OPENBUY_ENV must be development or production, not 'staging'",
        ),
        ({"EMAIL_URL": "pigeon://loft"}, "EMAIL_URL must start outbox:, console:, smtp: or smtps:"),
        ({"EMAIL_URL": ""}, "production needs EMAIL_URL"),
    ],
)
def test_unsafe_production_settings_stop_start_up_with_one_line(change, reason):
    env = {**GOOD, **change}
    for name in ("SECRET_KEY", "EMAIL_URL"):
        if env.get(name) == "":
            env.pop(name)
    result = run_check(**env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"openbuy: {reason}")


def test_safe_production_settings_pass_the_deploy_checks():
    result = run_check(**GOOD)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


HSTS_HEADER = """
import django
django.setup()
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
request = RequestFactory().get("/", secure=True, HTTP_HOST="openbuy.example")
print(SecurityMiddleware(lambda r: HttpResponse())(request)["Strict-Transport-Security"])
"""


@pytest.mark.parametrize(
    ("change", "header"),
    [
        ({}, "max-age=31536000; includeSubDomains"),
        ({"SECURE_HSTS_PRELOAD": "true"}, "max-age=31536000; includeSubDomains; preload"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}, "max-age=31536000"),
    ],
)
def test_hsts_preload_is_asked_for_only_by_the_operator_and_deploy_checks_pass(change, header):
    """Preload is hard to undo (browsers ship the list), so it is off unless set; either
    choice passes check --deploy."""
    env = {**GOOD, **change, "DJANGO_SETTINGS_MODULE": "openbuy.settings"}
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    shown = subprocess.run(
        [sys.executable, "-c", HSTS_HEADER],
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert shown.stdout.strip() == header
    checked = run_check(**env)
    assert checked.returncode == 0, checked.stderr
