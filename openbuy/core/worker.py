"""The background worker: django-tasks-db's, with leases.

django-tasks-db 0.13 marks a task RUNNING when a worker takes it, and nothing brings it
back if that worker dies. Here each worker beats (a WorkerBeat row, written from a thread
every fifth of TASK_LEASE_SECONDS, also while a task runs), and every worker puts back in
the queue the RUNNING tasks whose worker has not beaten for TASK_LEASE_SECONDS, giving up
on a task after MAX_RUNS (one that kills its worker every time). Tasks are idempotent
(core/tasks.py), so running one again is safe.

Periodic jobs: a worker that runs until stopped (not `--batch`) enqueues each task of
core.tasks.PERIODIC when no worker has enqueued it within its interval, checked every
SCHEDULE_SECONDS; the queue itself remembers when it last was, so restarts and several
workers keep to the interval.

Stopping: SIGTERM or SIGINT lets the running task finish and exits (a second signal does
not cut it short; SIGKILL does, and the lease brings the task back). `--parent` makes the
worker stop when the process that started it is gone.
"""

import logging
import os
import signal
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.utils import OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .models import WorkerBeat
from .tasks import PERIODIC

logger = logging.getLogger("openbuy.worker")

MAX_RUNS = 5
SCHEDULE_SECONDS = 60
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class WorkerDied(Exception):
    """Recorded on a task given up on because its workers kept dying while running it."""


class Worker(QueueWorker):
    """Reuses django-tasks-db's running of a task (signals, results, errors); the loop
    around it is ours, for beats, leases, parents and stopping."""

    def __init__(self, *, batch: bool, interval: float, parent: int | None = None):
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self.parent = parent
        self.lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
        self._wake = threading.Event()
        self._stopped = threading.Event()

    def shutdown(self, signum, frame) -> None:
        if self.running:
            logger.info("%s: stopping after the current task", signal.strsignal(signum))
        self.running = False
        self._wake.set()

    def run(self) -> None:
        previous = {sig: signal.signal(sig, self.shutdown) for sig in STOP_SIGNALS}
        self.beat()
        beater = threading.Thread(target=self._beat_until_stopped, name="worker-beat")
        beater.start()
        logger.info("worker %s started (pid %s)", self.worker_id, os.getpid())
        try:
            self._loop()
        finally:
            self._stopped.set()
            beater.join()
            try:
                WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
            except DatabaseError:
                logger.warning("could not remove this worker's beat; it will expire")
            connection.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self) -> None:
        next_reclaim = next_schedule = 0.0
        while self.running:
            if self.parent and os.getppid() != self.parent:
                logger.warning("the process that started this worker is gone; stopping")
                return
            close_old_connections()
            try:
                if time.monotonic() >= next_reclaim:
                    self.reclaim()
                    next_reclaim = time.monotonic() + self.lease.total_seconds() / 2
                if not self.batch and time.monotonic() >= next_schedule:
                    self.schedule()
                    next_schedule = time.monotonic() + SCHEDULE_SECONDS
                task, asked = self.claim()
            except DatabaseError:
                if self.batch:
                    raise
                logger.exception("database error; trying again in %s s", self.interval)
                connection.close()
                task, asked = None, False
            if task is not None:
                self.run_task(task)
                continue
            if self.batch and asked:
                return
            self._wake.wait(self.interval)

    def claim(self) -> tuple[DBTaskResult | None, bool]:
        """The next ready task, marked RUNNING by this worker; and whether the queue could
        be asked (SQLite may be locked by a writer)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        try:
            with exclusive_transaction(tasks.db):
                task = tasks.get_locked()
                if task is not None:
                    task.claim(self.worker_id)
            return task, True
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False
            raise

    def reclaim(self) -> int:
        """Queue again the tasks whose worker stopped beating; give up after MAX_RUNS."""
        now = timezone.now()
        alive = set(
            WorkerBeat.objects.filter(seen_at__gte=now - self.lease).values_list(
                "worker_id", flat=True
            )
        )
        running = DBTaskResult.objects.running().filter(
            backend_name=self.backend_name, started_at__lt=now - self.lease
        )
        count = 0
        with exclusive_transaction(running.db):
            for task in running.select_for_update(skip_locked=True):
                if task.worker_ids and task.worker_ids[-1] in alive:
                    continue
                count += 1
                if len(task.worker_ids) >= MAX_RUNS:
                    logger.error("task %s: its worker died %s times; giving up", task.id, MAX_RUNS)
                    task.set_failed(WorkerDied(f"its worker died {len(task.worker_ids)} times"))
                else:
                    logger.warning("task %s: its worker died; queueing it again", task.id)
                    task.status = TaskResultStatus.READY
                    task.started_at = None
                    task.save(update_fields=["status", "started_at"])
        WorkerBeat.objects.filter(seen_at__lt=now - 10 * self.lease).delete()
        return count

    def schedule(self, periodic=PERIODIC) -> list[str]:
        """Enqueue each periodic task that no worker enqueued within its interval; returns
        the tasks enqueued."""
        now, enqueued = timezone.now(), []
        for task, every in periodic:
            recent = DBTaskResult.objects.filter(
                task_path=task.module_path, enqueued_at__gt=now - every
            )
            if not recent.exists():
                task.using(backend=self.backend_name).enqueue()
                enqueued.append(task.module_path)
                logger.info("enqueued %s (every %s)", task.module_path, every)
        return enqueued

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "seen_at": timezone.now(),
            },
        )

    def _beat_until_stopped(self) -> None:
        try:
            while not self._stopped.wait(self.lease.total_seconds() / 5):
                try:
                    self.beat()
                except DatabaseError:
                    logger.exception("could not beat; trying again")
                    connection.close()
        finally:
            connection.close()
