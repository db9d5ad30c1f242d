"""What the page benchmarks share: progress lines, percentiles, and running the measuring
child once per engine (SQLite in a temporary directory, PostgreSQL in a scratch database)."""

import json
import os
import statistics
import subprocess
import sys
import tempfile

PG_ADMIN = os.environ.get("OPENBUY_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")

# Every page made every time: with the page cache on, the empty view would be a kept page
# and a ratio would compare a page's work with a memory read.
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "openbuy.settings",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "testserver",
    "OPENBUY_TASKS": "immediate",
    "PYTHONWARNINGS": "ignore",
    "OPENBUY_PAGE_CACHE_MB": "0",
}


def progress(message: str) -> None:
    print(message, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(times_ms: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(times_ms), 2),
        "p95_ms": round(percentile(times_ms, 0.95), 2),
    }


def run_child(script: str, name: str, env: dict, arguments: list[str]) -> dict:
    progress(f"{name}: starting")
    command = [sys.executable, script, "--child", *arguments]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines()[:-1]:
        progress(line)
    if result.returncode:
        raise SystemExit(f"{name} run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def run_engines(script: str, arguments: list[str], pg_database: str, skip_postgres: bool):
    """{"sqlite": figures, "postgresql": figures} from the child run on each engine."""
    base = {**os.environ, **ENVIRONMENT}
    base.pop("DATABASE_URL", None)
    figures = {}
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**base, "OPENBUY_DATA_DIR": data_dir}
        figures["sqlite"] = run_child(script, "sqlite", env, arguments)
    if skip_postgres:
        return figures
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {pg_database}")
        admin.execute(f"CREATE DATABASE {pg_database}")
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + pg_database
    try:
        figures["postgresql"] = run_child(
            script, "postgresql", {**base, "DATABASE_URL": url}, arguments
        )
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {pg_database}")
    return figures
