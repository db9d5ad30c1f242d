"""Links in e-mails point where the app is served: OPENBUY_BASE_URL when set; otherwise, in
development, the address of the request, or the one `openbuy serve` serves; in production
the first allowed host."""

import os
import re
import subprocess
import sys

import pytest

from tests import helpers
from tests.core.helpers import GOOD, run_check

pytestmark = pytest.mark.django_db

FORM = {
    "purpose": "supplier",
    "name": "Sam Person",
    "email": "sam@example.org",
    "password": "a-long-enough-pass",
}


def _link(to: str) -> str:
    return re.search(r"https?://\S+", helpers.last_email(to).body).group(0)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("", "http://localhost:8765/account/verify/"),
        ("https://buy.example.gov/", "https://buy.example.gov/account/verify/"),
    ],
)
def test_links_follow_the_address_served_unless_a_base_url_is_set(
    client, settings, django_capture_on_commit_callbacks, base_url, expected
):
    settings.OPENBUY_BASE_URL = base_url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/sign-up/", FORM, HTTP_HOST="localhost:8765")
    assert response.status_code == 302
    assert _link("sam@example.org").startswith(expected)


def test_outside_a_request_links_go_to_the_address_openbuy_serve_serves(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.OPENBUY_BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        helpers.user("first@example.org", verified=False)
    assert _link("first@example.org").startswith("http://127.0.0.1:8000/account/verify/")

    monkeypatch.setenv("OPENBUY_SERVED_URL", "http://127.0.0.1:8765")
    with django_capture_on_commit_callbacks(execute=True):
        helpers.user("second@example.org", verified=False)
    assert _link("second@example.org").startswith("http://127.0.0.1:8765/account/verify/")


def test_production_links_go_to_the_first_allowed_host_or_the_base_url_set():
    show = "from django.conf import settings; print(settings.OPENBUY_BASE_URL)"
    for env, expected in [
        ({"ALLOWED_HOSTS": "buy.example.gov,internal"}, "https://buy.example.gov"),
        ({"OPENBUY_BASE_URL": "https://buy.example.gov/"}, "https://buy.example.gov"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "openbuy.cli", "shell", "-v0", "-c", show],
            env={**os.environ, "DEBUG": "", "DATABASE_URL": "", **GOOD, **env},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        (
            {"ALLOWED_HOSTS": ".example.gov"},
            (
                "production needs OPENBUY_BASE_URL (like https://buy.example.gov) when the first "
                "of ALLOWED_HOSTS is a pattern ('.example.gov')"
            ),
        ),
        (
            {"OPENBUY_BASE_URL": "buy.example.gov"},
            "OPENBUY_BASE_URL must start http:// or https://, not 'buy.example.gov'",
        ),
    ],
)
def test_production_refuses_a_base_url_it_cannot_know(env, reason):
    result = run_check(**{**GOOD, **env})
    assert result.returncode == 2
    assert result.stderr.strip() == f"openbuy: {reason}"
