"""What `openbuy serve` checks and runs: gunicorn in production, Django's development
server otherwise, each with a worker beside it (core/supervisor.py)."""

import logging
import os
import sys
import time

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger("openbuy.serve")

THREADS = 4


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_processes() -> int:
    """gunicorn's advice: two per core and one more."""
    return 2 * cores() + 1


def refuse_unless_ready() -> None:
    """One line on what to run, rather than a server that answers every page with a 500."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CommandError(f"cannot reach the database: {reason}") from error
    finally:
        connections.close_all()
    if pending:
        raise CommandError(
            f"the database is not migrated ({len(pending)} migrations to apply): "
            "run `openbuy migrate` first"
        )
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        manifest = os.path.join(settings.STATIC_ROOT, staticfiles_storage.manifest_name)
        if not os.path.exists(manifest):
            raise CommandError(
                f"no static files in {settings.STATIC_ROOT}: "
                "run `openbuy collectstatic --noinput` first"
            )


def web_command(host: str, port: str, *, processes: int, threads: int) -> list[str]:
    if not settings.PRODUCTION:
        # No autoreloader: it would start the server twice.
        return [
            *openbuy_command(),
            "runserver",
            f"{host}:{port}",
            "--noreload",
            "--skip-checks",
        ]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:openbuy.core.gunicorn_conf",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(processes),
        "--threads",
        str(threads),
        "openbuy.wsgi:application",
    ]


def openbuy_command() -> list[str]:
    return [sys.executable, "-m", "openbuy.cli"]


def warm_search() -> None:
    """Build each kind's search index in memory before the first visitor asks. A failure
    only costs speed (the first search builds it), so it is logged, not raised."""
    from .models import SearchIndexVersion
    from .search import warm

    try:
        kinds = list(SearchIndexVersion.objects.values_list("kind", flat=True))
        for kind in kinds:
            began = time.monotonic()
            warm(kind)
            logger.info("search index %r warmed in %.1f s", kind, time.monotonic() - began)
    except Exception:
        logger.exception("warming the search indexes failed; each process builds its own")
    finally:
        # Processes forked from this one must open their own connections.
        connections.close_all()
