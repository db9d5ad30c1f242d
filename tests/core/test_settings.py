"""In production the app refuses to start on unsafe settings, with a one-line reason."""

import os
import secrets
import subprocess
import sys

import pytest

GOOD = {
    "OPENBUY_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "openbuy.example",
    "EMAIL_URL": "smtp://mail.example:587?tls=true",
}


def run_check(**env):
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
