"""`openbuy serve` keeps its web server and worker together: it starts both, starts the
worker again if it stops, and on SIGTERM or SIGINT stops both (SIGKILL after a grace
period) before it exits. If `openbuy serve` itself is killed, the children are told by the
kernel (Linux's parent-death signal) and the worker also sees its parent change."""

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time

logger = logging.getLogger("openbuy.serve")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
PR_SET_PDEATHSIG = 1
# Long enough for gunicorn to finish its requests and the worker its task.
GRACE_SECONDS = 30
RESTART_PAUSE = 5


def _die_with(parent: int):
    def preexec() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    return preexec if sys.platform == "linux" else None


def start(command: list[str], env: dict) -> subprocess.Popen:
    # Our own interpreter running our own commands (S603). The supervisor runs no threads,
    # so running code between fork and exec is safe here (PLW1509).
    return subprocess.Popen(command, env=env, preexec_fn=_die_with(os.getpid()))  # noqa: S603, PLW1509


def stop(children: list[subprocess.Popen], grace: float = GRACE_SECONDS) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("process %s did not stop in %s s; killing it", child.pid, grace)
            child.kill()
            child.wait()


def supervise(web: list[str], worker: list[str] | None, env: dict) -> int:
    """Run the web server and the worker until a stop signal or the web server exits;
    the exit status: 0 when asked to stop, else 1."""
    asked: list[int] = []

    def ask(signum, _frame):
        asked.append(signum)

    previous = {sig: signal.signal(sig, ask) for sig in STOP_SIGNALS}
    children = [start(web, env)]
    started = time.monotonic()
    if worker:
        children.append(start(worker, env))
    status = 0
    try:
        while not asked:
            if children[0].poll() is not None:
                logger.error("the web server stopped (status %s)", children[0].returncode)
                status = 1
                break
            worker_stopped = worker and children[1].poll() is not None
            if worker_stopped and time.monotonic() - started >= RESTART_PAUSE:
                logger.warning("the worker stopped (%s); starting another", children[1].returncode)
                children[1] = start(worker, env)
                started = time.monotonic()
            time.sleep(0.1)
    finally:
        stop(children)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status
