"""The container files name what exists: files to copy, openbuy commands and their options,
the settings production requires, the health check. (No container engine runs here.)"""

import json
import re
import shlex
import tomllib

from django.core.management import get_commands, load_command_class

from tests.core.processes import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = (ROOT / "compose.yaml").read_text()


def _openbuy_commands(text: str) -> list[list[str]]:
    """Each openbuy command: in JSON form (CMD, command:) or starting a shell line."""
    found = [json.loads(words)[1:] for words in re.findall(r'\["openbuy"[^\]]*\]', text)]
    shell = re.findall(r"^\s*(?:RUN\s+)?openbuy\s+(.+)$", text, re.MULTILINE)
    return found + [shlex.split(line) for line in shell]


def test_the_container_files_run_openbuy_commands_that_exist_with_options_they_take():
    commands = _openbuy_commands(DOCKERFILE) + _openbuy_commands(COMPOSE)
    names = sorted({words[0] for words in commands})
    assert names == ["collectstatic", "migrate", "serve"]
    for name, *args in commands:
        command = load_command_class(get_commands()[name], name)
        command.create_parser("openbuy", name).parse_args(args)  # exits on an unknown option


def test_the_dockerfile_copies_files_that_exist_and_uses_a_python_the_project_takes():
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            *sources, _target = line.split()[1:]
            for source in sources:
                assert (ROOT / source).exists(), source
    python = re.search(r"^FROM python:(\d+)\.(\d+)", DOCKERFILE, re.MULTILINE).groups()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.12"
    assert tuple(map(int, python)) >= (3, 12)
    assert "http://127.0.0.1:8000/healthz" in DOCKERFILE
    assert 'CMD ["openbuy", "serve", "0.0.0.0:8000"]' in DOCKERFILE


def test_compose_gives_the_settings_production_requires_and_waits_for_migrations():
    for name in ("OPENBUY_ENV: production", "SECRET_KEY:", "ALLOWED_HOSTS:", "EMAIL_URL:"):
        assert name in COMPOSE
    assert "DATABASE_URL: postgres://openbuy:" in COMPOSE
    assert "@db:5432/openbuy" in COMPOSE
    assert "condition: service_completed_successfully" in COMPOSE
