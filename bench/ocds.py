"""Open data benchmark: bulk exports, incremental compiling, and import against OCDS Kit.

Run by hand:  .venv/bin/python bench/ocds.py [--releases N] [--processes N]
              [--imports N] [--compiles N] [--skip-postgres]

For each engine (SQLite in a temporary folder, then PostgreSQL in a scratch database) it
writes 1,000,000 releases over 270,000 processes into open data's store (bench/
generate_ocds.py), then measures:

- `openbuy ocds export` of release packages, and of record packages, each in a process of
  its own, three times (the fastest run's releases (records) per second, every run's
  seconds, and the highest peak RSS);
- publishing a new release into 1,000 existing processes through the store (the path an
  action takes): the incremental compile alone and the whole publish, p50 and p95;
- `openbuy ocds import` of a 100,000-release JSON Lines file taken from the store (on as
  many cores as it takes by default, its peak RSS the sum of its processes'), and,
  side by side on the same releases (as 1,000-release packages, the way it runs fastest),
  `ocdskit compile`, installed on first use into var/bench-ocdskit (the bench's own
  environment, never the project's); each three times, in turns, the fastest run of each
  reported with every run's seconds (`runs_seconds`).

The project's modules are byte-compiled first, as a deployment's are, so no command's time
includes compiling them. Prints progress, then one JSON object with the figures as its
last line.
Targets (issue 10): export >= 100,000 releases/s at <= 150 MB peak RSS whatever the size;
incremental compile p95 <= 2 ms; import >= 2 x ocdskit compile's releases/s.
"""

import argparse
import compileall
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from harness import progress, run_engines, summary  # noqa: E402

OCDSKIT = ROOT / "var" / "bench-ocdskit"
RUNS = 3  # of each export, of the import and of OCDS Kit, the fastest of each kept


def _peak_rss_mb(pid: int) -> float | None:
    """The process's own high-water mark (VmHWM), in MB. Not ru_maxrss: Linux carries the
    forking parent's high-water mark into the child across exec, so every child of this
    process (which holds the generated data) would report at least this one's size."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        parent = pending.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as children:
                kids = [int(kid) for kid in children.read().split()]
        except OSError:
            kids = []
        found.extend(kids)
        pending.extend(kids)
    return found


def _timed(command: list[str], *, stdin=None, env=None) -> tuple[float, float]:
    """Seconds taken and peak RSS in MB of one process run to its end, with the processes
    it forks (`ocds import --jobs`): the sum of each one's high-water mark, read every
    20 ms (it only grows, so the last reading is the peak but for the last few
    milliseconds; the sum is at most what they held at once)."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    peaks: dict[int, float] = {}
    while process.poll() is None:
        for pid in (process.pid, *_descendants(process.pid)):
            peaks[pid] = max(peaks.get(pid, 0.0), _peak_rss_mb(pid) or 0.0)
        time.sleep(0.02)
    peak = sum(peaks.values())
    seconds = time.perf_counter() - began
    error = process.stderr.read().decode(errors="replace")
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{error[-3000:]}")
    return seconds, peak


def _openbuy() -> str:
    return str(Path(sys.executable).parent / "openbuy")


def _export(what: str, count: int, out: Path) -> dict:
    runs = [
        _timed([_openbuy(), "ocds", "export", "--out", str(out), "--what", what])
        for _run in range(RUNS)
    ]
    seconds = min(s for s, _rss in runs)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "per_second": round(count / seconds),
        "seconds": round(seconds, 1),
        "runs_seconds": [round(s, 1) for s, _rss in runs],
        "peak_rss_mb": round(max(rss for _s, rss in runs), 1),
        "bytes": size,
    }


def _compiles(count: int) -> dict:
    from django.db import transaction
    from django.utils import timezone
    from generate_ocds import PREFIX, jurisdiction

    from openbuy.opendata import ocds, store
    from openbuy.opendata.merge import compile_release
    from openbuy.opendata.models import Record
    from openbuy.opendata.serialize import dumps, loads

    place = jurisdiction()
    total = Record.objects.count()
    rng = random.Random(3)
    compile_ms, publish_ms = [], []
    for n in range(count):
        ocid = f"{PREFIX}-rq-{rng.randrange(total)}"
        release = ocds.Release(
            ocid=ocid,
            id=f"{ocid}-bench-{n}",
            date=timezone.now(),
            tag=["tenderUpdate"],
            tender=ocds.Tender(id="t", status="complete"),
        )
        stored = Record.objects.get(ocid=ocid).compiled
        began = time.perf_counter()
        dumps(compile_release(loads(stored), loads(dumps(release))))
        compile_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        with transaction.atomic():
            store.publish(
                jurisdiction=place,
                ocid=ocid,
                at=timezone.now(),
                build=lambda _next: {
                    "tag": ["tenderUpdate"],
                    "tender": ocds.Tender(id="t", status="complete"),
                },
            )
        publish_ms.append((time.perf_counter() - began) * 1000)
    return {"compile": summary(compile_ms), "publish": summary(publish_ms)}


def _ocdskit() -> Path:
    binary = OCDSKIT / "bin" / "ocdskit"
    if not binary.exists():
        progress("  installing ocdskit into var/bench-ocdskit (the bench's own environment)")
        subprocess.run([sys.executable, "-m", "venv", str(OCDSKIT)], check=True)
        subprocess.run([str(OCDSKIT / "bin" / "pip"), "install", "--quiet", "ocdskit"], check=True)
    return binary


def _forget_import() -> None:
    """Empty the store of external processes, and the indexing the import queued, so the
    next run imports the file again rather than finding it there, into tables as the first
    run found them: on PostgreSQL a DELETE left the rows dead in the tables and their
    indexes, and autovacuum at work on them during the next run (each run after the first
    was a tenth slower), so the tables are truncated (SQLite's DELETE of every row does the
    same)."""
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from openbuy.opendata.models import ExternalRecord, ExternalRelease

    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for model in (ExternalRelease, ExternalRecord, DBTaskResult)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    connection.close()


def _imports(count: int, folder: Path) -> dict:
    from openbuy.opendata import schema, serialize
    from openbuy.opendata.import_files import default_jobs
    from openbuy.opendata.models import ExternalRelease, Release

    jsonl = folder / "releases.jsonl"
    packages = folder / "packages.jsonl"
    datas = Release.objects.order_by("seq").values_list("data", flat=True)[:count]
    with jsonl.open("wb") as lines, packages.open("wb") as grouped:
        batch = []
        for data in datas.iterator(chunk_size=2_000):
            lines.write(bytes(data) + b"\n")
            batch.append(bytes(data))
            if len(batch) == 1_000:
                grouped.write(
                    b'{"uri":"bench","version":"1.1","releases":[' + b",".join(batch) + b"]}\n"
                )
                batch = []
        if batch:
            grouped.write(
                b'{"uri":"bench","version":"1.1","releases":[' + b",".join(batch) + b"]}\n"
            )
    progress(f"  wrote {count:,} releases ({jsonl.stat().st_size / 2**20:.0f} MB) to import")
    extended = schema.extended_schema(
        schema.schema_dir(), [schema.repository(u) for u in serialize.EXTENSIONS.values()]
    )
    schema_file = folder / "release-schema.json"
    schema_file.write_text(json.dumps(extended))
    # As in production: the import queues the search indexing for the worker (timed apart).
    queued = {**os.environ, "OPENBUY_TASKS": "database"}
    # Each side RUNS times, taken in turns, and the fastest of each kept: on a shared machine
    # one run of either can be slowed by a third by its neighbours.
    ours_runs, theirs_runs = [], []
    for run in range(RUNS):
        if run:
            _forget_import()
        ours_runs.append(_timed([_openbuy(), "ocds", "import", str(jsonl)], env=queued))
        rate = count / ours_runs[-1][0]
        progress(f"  openbuy ocds import, run {run + 1}: {rate:,.0f} releases/s")
        with packages.open("rb") as stdin:
            theirs_runs.append(
                _timed([str(_ocdskit()), "compile", "--schema", str(schema_file)], stdin=stdin)
            )
        progress(f"  ocdskit compile, run {run + 1}: {count / theirs_runs[-1][0]:,.0f} releases/s")
    seconds, _rss = min(ours_runs)
    ours = {
        "per_second": round(count / seconds),
        "seconds": round(seconds, 1),
        "runs_seconds": [round(s, 1) for s, _rss in ours_runs],
        "peak_rss_mb": round(max(rss for _s, rss in ours_runs), 1),  # with its parts
        "jobs": default_jobs(),
    }
    seconds, _rss = _timed([_openbuy(), "worker", "--batch"], env=queued)
    ours["indexing_seconds"] = round(seconds, 1)
    if ExternalRelease.objects.count() != count:
        raise SystemExit("the last import run did not store every release")
    seconds, _rss = min(theirs_runs)
    theirs = {
        "per_second": round(count / seconds),
        "seconds": round(seconds, 1),
        "runs_seconds": [round(s, 1) for s, _rss in theirs_runs],
        "peak_rss_mb": round(max(rss for _s, rss in theirs_runs), 1),
    }
    return {
        "openbuy_import": ours,
        "ocdskit_compile": theirs,
        "ratio": round(ours["per_second"] / theirs["per_second"], 2),
    }


def child(releases: int, processes: int, imports: int, compiles: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    import generate_ocds

    began = time.perf_counter()
    written = generate_ocds.releases(releases, processes, progress=progress)
    progress(f"  {connection.vendor}: {written:,} releases in {time.perf_counter() - began:.0f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does to a store written over months: a table loaded a moment ago
        # has no visibility map (every index-only read visits the table) and autovacuum
        # would be vacuuming it during the measuring.
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        progress(f"  vacuumed in {time.perf_counter() - began:.0f} s")
    connection.close()  # the exporting processes read what this one wrote
    figures = {"releases": written, "processes": processes}
    with tempfile.TemporaryDirectory() as folder:
        for what, count in (("releases", written), ("records", processes)):
            out = Path(folder) / what
            figures[f"export_{what}"] = _export(what, count, out)
            progress(f"  export {what}: {figures[f'export_{what}']}")
        figures["incremental"] = _compiles(compiles)
        progress(f"  incremental: {figures['incremental']}")
        figures.update(_imports(min(imports, written), Path(folder)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--processes", type=int, default=270_000)
    parser.add_argument("--imports", type=int, default=100_000)
    parser.add_argument("--compiles", type=int, default=1_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    arguments = [
        "--releases", str(options.releases),
        "--processes", str(options.processes),
        "--imports", str(options.imports),
        "--compiles", str(options.compiles),
    ]  # fmt: skip
    if options.child:
        print(
            json.dumps(
                child(options.releases, options.processes, options.imports, options.compiles)
            )
        )
        return
    # Byte-compiled as a deployment is (the Dockerfile does it): where the environment says
    # PYTHONDONTWRITEBYTECODE, each command would otherwise compile openbuy's modules again.
    compileall.compile_dir(ROOT / "openbuy", quiet=1)
    figures = run_engines(__file__, arguments, "bench_ocds", options.skip_postgres)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
