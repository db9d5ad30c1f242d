"""Opportunities benchmark: the public list of requirements with two filters, and the
evaluation of a requirement with 500 responses.

Run by hand:  .venv/bin/python bench/opportunities.py [--requirements N] [--responses N]
              [--queries N] [--skip-postgres]

For each engine (SQLite in a temporary file, then PostgreSQL in a scratch database) it
bulk-makes 10,000 open requirements (half on a live framework's lot, half open
procedures; locations, budgets and closing dates varied) with 200,000 submitted responses
among them, indexes the requirements, and adds one closed requirement with 500 responses,
two evaluators' submitted scores and moderated final scores. It then times, through the
whole Django stack (middleware, view, template):

- the public list with a keyword and two filters (location and closing soon, or location
  and budget), 1,000 varied queries, against an empty view (the site shell) as the
  baseline, as catalogue_search.py does;
- the evaluation pages of the 500-response requirement (the team's overview and the
  ranking), signed in as its buyer, 200 times each.

Prints progress, then one JSON object with the figures as its last line.
Targets (issue 9): list p95 <= 50 ms and <= 5 x the empty view's p95; evaluation page p95
<= 200 ms; both engines.
"""

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT_COUNT = re.compile(r'id="result-count"[^>]*>([\d,]+)')
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from generate_opportunities import LOCATIONS, WORDS  # noqa: E402
from harness import progress, run_engines, summary  # noqa: E402


def child(requirements: int, responses: int, queries: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ROOT_URLCONF = "empty_urls"
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    import generate_opportunities as generate

    made = generate.everything(requirements, responses)
    from openbuy.core import search

    search.warm("requirement")
    client = Client()
    rng = random.Random(9)
    plan = [_query(rng) for _ in range(queries)]
    for params in plan[:20]:
        client.get("/opportunities/", params)
        client.get("/bench/empty/")
    list_times, empty_times, totals = [], [], []
    for n, params in enumerate(plan, start=1):
        start = time.perf_counter()
        response = client.get("/opportunities/", params)
        list_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (response.status_code, params)
        totals.append(_count(response))
        start = time.perf_counter()
        assert client.get("/bench/empty/").status_code == 200
        empty_times.append((time.perf_counter() - start) * 1000)
        if n % 250 == 0:
            progress(f"  {connection.vendor}: {n}/{queries} list queries")
    client.force_login(made["buyer"])
    pages = {}
    for name, url in made["evaluation_urls"].items():
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(200):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        pages[name] = summary(times)
        progress(f"  {connection.vendor}: {name} p95 {pages[name]['p95_ms']} ms")
    list_figures = summary(list_times)
    empty_figures = summary(empty_times)
    return {
        "engine": connection.vendor,
        "list": list_figures,
        "empty": empty_figures,
        "ratio_p95": round(list_figures["p95_ms"] / empty_figures["p95_ms"], 2),
        "queries_with_results": sum(1 for t in totals if t),
        "evaluation": pages,
        "generate_s": made["seconds"],
    }


def _count(response) -> int:
    found = RESULT_COUNT.search(response.content.decode())
    return int(found.group(1).replace(",", "")) if found else 0


def _query(rng: random.Random) -> dict:
    params = {"q": rng.choice(WORDS), "location": rng.choice(LOCATIONS)}
    if rng.random() < 0.5:
        params["closing"] = "soon"
    else:
        params["budget"] = rng.choice(["up-to-20000", "20000-100000", "100000-500000"])
    return params


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=int, default=10_000)
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    sizes = ["--requirements", str(args.requirements), "--responses", str(args.responses)]
    sizes += ["--queries", str(args.queries)]
    if args.child:
        print(json.dumps(child(args.requirements, args.responses, args.queries)))
        return
    figures = {"requirements": args.requirements, "responses": args.responses}
    figures.update(run_engines(__file__, sizes, "openbuy_bench_opportunities", args.skip_postgres))
    engines = [figures[name] for name in ("sqlite", "postgresql") if name in figures]
    figures["target"] = (
        "list p95 <= 50 ms and <= 5 x the empty view's p95; evaluation pages p95 <= 200 ms"
    )
    figures["met"] = all(
        e["list"]["p95_ms"] <= 50
        and e["ratio_p95"] <= 5
        and all(page["p95_ms"] <= 200 for page in e["evaluation"].values())
        for e in engines
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
