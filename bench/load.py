"""Load benchmark: many clients with no think time against the production server.

Run by hand:  .venv/bin/python bench/load.py [--engine sqlite|postgresql|both]
              [--clients 200] [--seconds 60] [--warmup 15] [--workers N] [--threads N]
              [--processes 2] [--debug]

For each engine it makes a scratch database with the demo data (`openbuy demo`: about 300
services in two jurisdictions), starts the production server (`openbuy serve` with
OPENBUY_ENV=production: gunicorn with its default processes and threads unless told, and a
worker beside it; static files collected) on a free port of this machine, and runs the
clients over a mix of public reads: the home page, catalogue searches (keywords drawn from
the demo's vocabulary, by popularity; some in a lot; pages 1-3), service pages, and API reads
(search, a service, the frameworks). They run first to warm up, unmeasured (each server
process fills its caches and builds its search index), then for the measured time. Then it
stops the server.

The clients are cheap, since they share the machine with the server: a few processes, each
running its share of the clients on one asyncio loop, speaking raw HTTP/1.1 (keep-alive
when the server offers it, a new connection when it closes one). A latency is measured
from sending a request (or opening its connection) to the last byte of its response; an
error is a status other than 200, a broken connection or no answer in 30 seconds.

Prints progress, then one JSON object as its last line: per engine, requests per second and
for each page its count, p50/p95/p99 in milliseconds and errors; and whether the target
(no errors, p95 <= 300 ms for every page on both engines) was met.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import queue
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("OPENBUY_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "openbuy_load"
TARGET_P95_MS = 300
TIMEOUT_S = 30
# Share of requests per page.
MIX = {"home": 15, "search": 35, "service": 30, "api": 20}


def progress(message: str) -> None:
    print(message, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


# --- the server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(engine: str, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OPENBUY_ENV"}}
    env["OPENBUY_DATA_DIR"] = str(data_dir)
    env["PYTHONWARNINGS"] = "ignore"
    if engine == "postgresql":
        env["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DB
    return env


def _prepare(engine: str, data_dir: Path) -> dict:
    """A fresh database with the demo data; returns the environment that reaches it."""
    env = _environment(engine, data_dir)
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DB}")
    openbuy = [str(BIN / "openbuy")]
    start = time.perf_counter()
    subprocess.run([*openbuy, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*openbuy, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    progress(f"{engine}: demo data loaded in {time.perf_counter() - start:.1f} s")
    return env


def _serve(env: dict, args, static_root: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {
        **env,
        "OPENBUY_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "outbox:",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        # Every client comes from this machine's one address: the per-address rates stay on
        # (their counting is part of what a request costs) but high enough never to refuse.
        "OPENBUY_API_RATE": "100000000/m",
        "OPENBUY_FORM_RATE": "100000000/h",
    }
    if args.debug:
        env.update({"OPENBUY_ENV": "development", "DEBUG": "true"})
    if not (static_root / "staticfiles.json").exists():
        subprocess.run(
            [str(BIN / "openbuy"), "collectstatic", "--noinput", "-v0"], env=env, check=True
        )
    # The production server as operators run it (gunicorn, a worker beside it, the search
    # index warmed before the processes fork); with --debug, Django's development server.
    command = [str(BIN / "openbuy"), "serve", f"127.0.0.1:{port}"]
    if args.workers:
        command += ["--processes", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    # Its access log (a line a request) goes to a file, not among the bench's progress.
    log = open(static_root.parent / f"openbuy-load-{port}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )
    for _attempt in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return server, port
        except OSError:
            time.sleep(0.1)
    _stop(server)
    raise SystemExit("the server did not answer")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _targets(port: int) -> dict:
    """What the clients ask for: service ids, lot ids, and search words by popularity."""
    base = f"http://127.0.0.1:{port}"
    ids, page = [], 1
    while True:
        with urllib.request.urlopen(f"{base}/api/v1/services?page={page}") as response:
            found = json.load(response)
        ids += [s["service_id"] for s in found["services"]]
        if page >= found["pages"]:
            break
        page += 1
    with urllib.request.urlopen(f"{base}/services/?jurisdiction=all") as response:
        lots = sorted(set(re.findall(r"\?lot=(\d+)", response.read().decode())))
    sys.path.insert(0, str(ROOT))
    from openbuy.demo import vocabulary

    words = []
    for vocab in vocabulary.LOTS.values():
        for name, thing, _category in vocab["products"]:
            words += re.findall(r"[a-z]{4,}", f"{name} {thing}".lower())
    words = list(dict.fromkeys(words))
    # How many pages each search has, as a visitor sees it (in the default jurisdiction, or
    # the lot's), so that the clients ask only for pages that exist (past the end is a 404).
    pages = {}
    for word in words:
        for lot in ["", *lots]:
            query = f"q={word}" + (f"&lot={lot}" if lot else "")
            with urllib.request.urlopen(f"{base}/services/?{query}") as response:
                numbers = re.findall(r"[?&;]page=(\d+)", response.read().decode())
            pages[word, lot] = max(map(int, numbers), default=1)
    return {"services": ids, "lots": lots, "words": words, "pages": pages}


# --- the clients ----------------------------------------------------------------------------


class Plan:
    """Chooses each client's next request: a page of the mix and its address."""

    def __init__(self, targets: dict, seed: int):
        self.rng = random.Random(seed)
        self.t = targets
        # Popular words first: the n-th word is asked 1/n as often as the first.
        self.word_weights = [1 / (n + 1) for n in range(len(targets["words"]))]
        self.pages, self.weights = zip(*MIX.items(), strict=True)

    def word(self) -> str:
        return self.rng.choices(self.t["words"], self.word_weights)[0]

    def next(self) -> tuple[str, str]:
        rng = self.rng
        page = rng.choices(self.pages, self.weights)[0]
        if page == "home":
            return page, "/"
        if page == "service":
            return page, f"/services/{rng.choice(self.t['services'])}/"
        if page == "search":
            word = self.word()
            lot = rng.choice(self.t["lots"]) if rng.random() < 0.4 else ""
            query = f"q={word}" + (f"&lot={lot}" if lot else "")
            last = self.t["pages"][word, lot]
            if rng.random() < 0.3 and last > 1:
                query += f"&page={rng.randint(2, min(3, last))}"
            return page, f"/services/?{query}"
        kind = rng.random()
        if kind < 0.5:
            return page, f"/api/v1/services?q={self.word()}"
        if kind < 0.9:
            return page, f"/api/v1/services/{rng.choice(self.t['services'])}"
        return page, "/api/v1/frameworks"


async def _read_response(reader) -> tuple[int, bool]:
    line = await reader.readline()
    if not line:
        raise ConnectionResetError("closed before answering")
    status = int(line.split()[1])
    length, chunked, close = None, False, False
    while True:
        header = await reader.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _sep, value = header.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            close = True
    if chunked:
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    return status, close


async def _client(port, plan, measured_from, deadline, times, errors, counter):
    reader = writer = None
    host = f"Host: 127.0.0.1:{port}\r\n"
    while time.monotonic() < deadline:
        page, path = plan.next()
        request = f"GET {path} HTTP/1.1\r\n{host}Accept-Language: en\r\n\r\n".encode()
        start = time.perf_counter()
        status, failure = None, "no answer"
        for attempt in range(2):
            reused = writer is not None
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                status, close = await asyncio.wait_for(_read_response(reader), TIMEOUT_S)
            except (
                OSError,
                EOFError,
                ValueError,
                TimeoutError,
                asyncio.IncompleteReadError,
            ) as error:
                failure = type(error).__name__
                if writer is not None:
                    writer.close()
                reader = writer = None
                # A kept-alive connection the server has just closed: ask again, once.
                if reused and attempt == 0:
                    continue
                break
            if close:
                writer.close()
                reader = writer = None
            break
        elapsed = (time.perf_counter() - start) * 1000
        if time.monotonic() - elapsed / 1000 < measured_from:
            continue  # warming up
        if status == 200:
            times[page].append(elapsed)
        else:
            kind = f"{page}: {status or failure}"
            errors[kind] = errors.get(kind, 0) + 1
        with counter.get_lock():
            counter.value += 1
    if writer is not None:
        writer.close()


def _load_process(port, targets, clients, warmup, seconds, seed, counter, results):
    async def main():
        measured_from = time.monotonic() + warmup
        deadline = measured_from + seconds
        times = {page: [] for page in MIX}
        errors: dict = {}
        await asyncio.gather(
            *(
                _client(
                    port,
                    Plan(targets, seed * 1000 + n),
                    measured_from,
                    deadline,
                    times,
                    errors,
                    counter,
                )
                for n in range(clients)
            )
        )
        return times, errors

    results.put(asyncio.run(main()))


def _run_load(port: int, targets: dict, args) -> dict:
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)
    results = context.Queue()
    shares = [args.clients // args.processes] * args.processes
    shares[0] += args.clients - sum(shares)
    children = [
        context.Process(
            target=_load_process,
            args=(port, targets, share, args.warmup, args.seconds, n + 1, counter, results),
        )
        for n, share in enumerate(shares)
    ]
    start = time.monotonic()
    for child in children:
        child.start()
    gathered = []
    while len(gathered) < len(children):
        try:
            gathered.append(results.get(timeout=10))
        except queue.Empty:  # time to say how far it got
            progress(f"  {time.monotonic() - start:.0f} s: {counter.value} requests measured")
    for child in children:
        child.join()
    elapsed = time.monotonic() - start - args.warmup
    times = {page: [t for found, _e in gathered for t in found[page]] for page in MIX}
    kinds: dict = {}
    for _t, found in gathered:
        for kind, count in found.items():
            kinds[kind] = kinds.get(kind, 0) + count
    errors = {page: sum(c for k, c in kinds.items() if k.startswith(f"{page}: ")) for page in MIX}
    total = sum(len(t) for t in times.values()) + sum(errors.values())
    return {
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "errors": kinds,
        "pages": {
            page: {
                "requests": len(times[page]) + errors[page],
                "p50_ms": round(percentile(times[page], 0.50), 1),
                "p95_ms": round(percentile(times[page], 0.95), 1),
                "p99_ms": round(percentile(times[page], 0.99), 1),
                "errors": errors[page],
            }
            for page in MIX
        },
    }


def bench(engine: str, args, static_root: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"openbuy-load-{engine}-") as data:
        env = _prepare(engine, Path(data))
        server, port = _serve(env, args, static_root)
        try:
            targets = _targets(port)
            progress(
                f"{engine}: openbuy serve, {args.workers or 'default'} processes x "
                f"{args.threads or 'default'} threads on port "
                f"{port}; {len(targets['services'])} services; {args.clients} clients, "
                f"{args.warmup} s to warm up, then {args.seconds} s measured"
            )
            figures = _run_load(port, targets, args)
        finally:
            _stop(server)
    for page, found in figures["pages"].items():
        progress(
            f"{engine}: {page:8} {found['requests']:7} requests  p50 {found['p50_ms']:7.1f}  "
            f"p95 {found['p95_ms']:7.1f}  p99 {found['p99_ms']:7.1f} ms  "
            f"{found['errors']} errors"
        )
    progress(f"{engine}: {figures['requests_per_s']} requests/s")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--workers", type=int, help="server processes (default: openbuy serve's, from the cores)"
    )
    parser.add_argument("--threads", type=int, help="threads a process (default: openbuy serve's)")
    parser.add_argument(
        "--warmup", type=int, default=15, help="seconds of load before measuring starts"
    )
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--debug", action="store_true", help="DEBUG on, development settings")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = {}
    with tempfile.TemporaryDirectory(prefix="openbuy-load-static-") as static_root:
        for engine in engines:
            results[engine] = bench(engine, args, Path(static_root))
    met = all(
        page["errors"] == 0 and page["p95_ms"] <= TARGET_P95_MS
        for figures in results.values()
        for page in figures["pages"].values()
    )
    print(
        json.dumps(
            {
                **results,
                "clients": args.clients,
                "seconds": args.seconds,
                "warmup_seconds": args.warmup,
                "server": "openbuy serve (gunicorn)"
                + (f" --processes {args.workers}" if args.workers else "")
                + (f" --threads {args.threads}" if args.threads else ""),
                "debug": args.debug,
                "cores": os.cpu_count(),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "target": f"0 errors and p95 <= {TARGET_P95_MS} ms for every page",
                "met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
