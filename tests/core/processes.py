"""Real openbuy processes for tests: started on the test's database, waited for, and
always killed at the end, with every process they started, even when the test fails."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

CLI = [sys.executable, "-m", "openbuy.cli"]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env(**extra) -> dict:
    """The environment of a process on this test's database (either engine)."""
    db = connection.settings_dict
    database = {
        "ENGINE": db["ENGINE"],
        "NAME": str(db["NAME"]),
        "USER": db["USER"],
        "PASSWORD": db["PASSWORD"],
        "HOST": db["HOST"],
        "PORT": str(db["PORT"] or ""),
        "OPTIONS": db["OPTIONS"],
    }
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENBUY_")}
    for name in ("DATABASE_URL", "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "EMAIL_URL"):
        environment.pop(name, None)
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.core.process_settings",
        OPENBUY_TEST_PROCESS_DATABASE=json.dumps(database),
        PYTHONPATH=str(ROOT),
    )
    environment.update(extra)
    return environment


def descendants(pid: int) -> set[int]:
    """Every process started by pid, and by those, found through /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopted it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our server)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Process:
    """An openbuy command run in its own session; kill() ends it and all it started."""

    def __init__(self, command: list[str], environment: dict):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by started())
        self.popen = subprocess.Popen(
            command,
            env=environment,
            cwd=ROOT,
            start_new_session=True,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.pid = self.popen.pid
        self.seen: set[int] = set()

    def family(self) -> set[int]:
        """This process's descendants now, remembered for kill() and survivors()."""
        self.seen |= descendants(self.pid)
        return self.seen

    def survivors(self) -> set[int]:
        return {pid for pid in self.seen | {self.pid} if running(pid)}

    def kill(self) -> None:
        self.family()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        for pid in self.seen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


def started(args: list[str], environment: dict):
    """`openbuy ARGS...`, killed with all it started when the block ends."""
    return started_command([*CLI, *args], environment)


@contextlib.contextmanager
def started_command(command: list[str], environment: dict):
    process = Process(command, environment)
    try:
        yield process
    except BaseException:
        print(f"output of {' '.join(command)}:\n{process.output()[-5000:]}")  # noqa: T201
        raise
    finally:
        process.kill()
        process.log.close()
