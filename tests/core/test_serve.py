"""`openbuy serve`: gunicorn with a worker in production, the development server with one
otherwise; a clear refusal when the database is not ready; and no process left behind,
however it is stopped. Real processes, on this test's database."""

import json
import secrets
import signal

import pytest
from django.db import connection
from django.test import override_settings

from openbuy.core import search, serving
from tests.core import processes

PRODUCTION = {
    "OPENBUY_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "127.0.0.1",
    "EMAIL_URL": "outbox:",
}
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="processes behave alike on both engines; run once"
)


def _refusal(**env) -> str:
    """The one line `openbuy serve` exits 1 with, on its own settings and database."""
    environment = {**processes.env(**env), "DJANGO_SETTINGS_MODULE": "openbuy.settings"}
    with processes.started(["serve", f"127.0.0.1:{processes.free_port()}"], environment) as p:
        assert p.popen.wait(timeout=60) == 1
        [line] = p.output().strip().splitlines()
    return line


@sqlite_only
def test_serve_on_a_database_not_migrated_refuses_with_one_line(tmp_path):
    line = _refusal(OPENBUY_DATA_DIR=str(tmp_path))  # a new, empty, SQLite database
    assert line.startswith("CommandError: the database is not migrated")
    assert line.endswith("run `openbuy migrate` first")


@sqlite_only
def test_serve_without_its_database_refuses_with_one_line():
    closed = processes.free_port()
    line = _refusal(DATABASE_URL=f"postgres://openbuy@127.0.0.1:{closed}/openbuy")
    assert line.startswith("CommandError: cannot reach the database: connection failed")


@pytest.mark.django_db
def test_production_serve_refuses_without_collected_static_files(tmp_path):
    manifest = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    with (
        override_settings(STATIC_ROOT=tmp_path, STORAGES={"staticfiles": {"BACKEND": manifest}}),
        pytest.raises(Exception, match=r"run `openbuy collectstatic --noinput` first"),
    ):
        serving.refuse_unless_ready()


def test_web_processes_follow_the_cores_and_can_be_set(monkeypatch):
    assert serving.default_processes() == 2 * serving.cores() + 1
    command = serving.web_command("0.0.0.0", "8000", processes=3, threads=5)  # noqa: S104
    assert command[1:3] == ["-m", "openbuy.cli"]  # development: Django's server
    with override_settings(PRODUCTION=True):
        command = serving.web_command("0.0.0.0", "8000", processes=3, threads=5)  # noqa: S104
    line = " ".join(command)
    assert "-m gunicorn" in line
    assert "--bind 0.0.0.0:8000 --workers 3 --threads 5" in line


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("mode", "stop"),
    [
        ("development", signal.SIGTERM),
        ("development", signal.SIGINT),
        ("production", signal.SIGTERM),
        ("production", signal.SIGKILL),
    ],
)
def test_serve_runs_a_worker_beside_the_server_and_leaves_no_process_behind(mode, stop):
    """Stopped (SIGTERM as a service manager or container runtime does, SIGINT as Ctrl-C
    does) it stops its server and worker; killed, they notice and stop too."""
    search.index("service", [search.Document(object_id=1, title="Cloud hosting", body="Hosting")])
    port = processes.free_port()
    environment = processes.env(**(PRODUCTION if mode == "production" else {}))
    args = ["serve", f"127.0.0.1:{port}", "--processes", "2", "--threads", "2"]
    with processes.started(args, environment) as server:
        _status, headers, body = processes.wait_until(
            lambda: _health(port), 60, "/healthz to report the database and a worker"
        )
        assert json.loads(body) == {"status": "ok", "database": "ok", "worker": "ok"}
        if mode == "production":
            assert headers["Server"] == "gunicorn"
            # gunicorn, its two processes (the second may still be starting), the worker
            processes.wait_until(lambda: len(server.family()) == 4, 30, "gunicorn's processes")
            assert len(server.family()) == 4
            assert "search index 'service' warmed" in server.output()
            # gunicorn's longest request line (8190 bytes, not its default 4094): a long
            # address reaches openbuy, which answers for itself; longer is gunicorn's 414.
            long_query = f"http://127.0.0.1:{port}/api/v1/jurisdictions?x=" + "a" * 6000
            behind_tls = {"X-Forwarded-Proto": "https"}
            assert processes.get(long_query, behind_tls)[0] == 200
            assert processes.get(long_query + "a" * 3000, behind_tls)[0] == 414
        else:
            assert headers["Server"].startswith("WSGIServer")
            assert len(server.family()) == 2  # Django's server, the worker

        server.popen.send_signal(stop)
        processes.wait_until(lambda: not server.survivors(), 40, "every process to stop")
        if stop != signal.SIGKILL:
            assert server.popen.wait(timeout=5) == 0


def _health(port: int):
    try:
        answer = processes.get(f"http://127.0.0.1:{port}/healthz")
    except OSError:
        return None
    return answer if answer[0] == 200 else None
