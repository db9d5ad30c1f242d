"""Catalogue search benchmark: keyword + two filters + facets over 100,000 live services.

Run by hand:  .venv/bin/python bench/catalogue_search.py [--services N] [--queries N]

For each engine (SQLite in a temporary file, then PostgreSQL in a scratch database) it
generates live services over the G-Cloud-like lots (20 categories, text from a domain
vocabulary), indexes them, and times the public search page through the whole Django stack
(middleware, view, template) with 1,000 varied queries, each a keyword with two filters of
the chosen lot; and the same for an empty view as the baseline (the site shell with no
content, through the same middleware and template engine). The index in memory is built
before timing starts (a server process builds it at its first search, the database engine
answering meanwhile), and its build time and memory are reported. Prints
progress, then one JSON object with the figures as its last line.

Targets (issue 3): p95 <= 50 ms and <= 5 x the empty view's p95, on both engines.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from harness import percentile, progress, run_engines  # noqa: E402

COUNT = re.compile(r'id="result-count"[^>]*>(\d+)')
PG_DB = "openbuy_bench"

VOCABULARY = (
    "cloud hosting platform secure data analytics dashboard case management licensing permits "
    "email calendar collaboration identity access payroll finance accounting storage backup "
    "archive migration support training council health education transport housing planning "
    "records document workflow api integration open source accessible mobile citizen portal "
    "payments booking scheduling monitoring security incident response network database "
    "virtual machines containers kubernetes compliance audit reporting forms survey feedback "
    "chat telephony contact centre crm customer relationship learning content publishing search "
    "geospatial mapping sensors iot energy waste environment inspection enforcement grants "
    "benefits tax social care procurement contract invoice budget forecasting machine learning"
).split()


# --- the child: runs inside Django against one engine ------------------------------------


def child(services: int, queries: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ROOT_URLCONF = "empty_urls"
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    lots = _generate(services)
    from openbuy.core import search

    # Timed apart: a process builds its index once, at its first search.
    before, start = _rss_mb(), time.perf_counter()
    search.warm("service")
    build_s, index_mb = time.perf_counter() - start, _rss_mb() - before
    progress(f"  {connection.vendor}: index in memory built in {build_s:.1f} s")
    client = Client()
    rng = random.Random(7)
    plan = [_query(rng, lots) for _ in range(queries)]
    for params in plan[:20]:  # warm caches and connections
        client.get("/services/", params)
        client.get("/bench/empty/")
    search_times, empty_times, totals = [], [], []
    for n, params in enumerate(plan, start=1):
        start = time.perf_counter()
        response = client.get("/services/", params)
        search_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (response.status_code, params)
        totals.append(int(COUNT.search(response.content.decode()).group(1)))
        start = time.perf_counter()
        assert client.get("/bench/empty/").status_code == 200
        empty_times.append((time.perf_counter() - start) * 1000)
        if n % 250 == 0:
            progress(f"  {connection.vendor}: {n}/{queries} queries")
    return {
        "engine": connection.vendor,
        "search_p50_ms": round(statistics.median(search_times), 2),
        "search_p95_ms": round(percentile(search_times, 0.95), 2),
        "empty_p50_ms": round(statistics.median(empty_times), 2),
        "empty_p95_ms": round(percentile(empty_times, 0.95), 2),
        "ratio_p95": round(percentile(search_times, 0.95) / percentile(empty_times, 0.95), 2),
        "index_build_s": round(build_s, 2),
        "index_memory_mb": round(index_mb),
        "median_results": statistics.median(totals),
        "queries_with_results": sum(1 for t in totals if t),
    }


def _rss_mb() -> float:
    """Resident memory of this process now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _query(rng: random.Random, lots: list) -> dict:
    lot, filters = rng.choice(lots)
    words = rng.sample(VOCABULARY, rng.choice([1, 1, 2]))
    params = {"lot": lot.pk, "q": " ".join(words)}
    for question in rng.sample(filters, 2):
        options = (
            ["yes", "no"] if question.type == "boolean" else [o.value for o in question.options]
        )
        params[question.id] = rng.choice(options)
    return params


def _generate(count: int) -> list:
    """Live framework, three lots, suppliers and `count` services, bulk-made and indexed."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from openbuy.accounts.models import Organisation
    from openbuy.catalogue.indexing import document
    from openbuy.catalogue.models import Service, ServiceVersion
    from openbuy.core import search
    from openbuy.core.models import Jurisdiction
    from openbuy.frameworks.models import Framework, Lot
    from openbuy.questions import answers as content
    from openbuy.questions.document import load_document
    from openbuy.questions.models import QuestionSet

    rng = random.Random(2026)
    sets = ROOT / "openbuy" / "questions" / "shipped"
    with transaction.atomic():
        scotland = Jurisdiction.objects.create(
            code="GB-SCT",
            name="Scotland",
            currency="GBP",
            languages=["en"],
            time_zone="Europe/London",
            ocid_prefix="ocds-bench0",
        )
        authority = Organisation.objects.create(
            kind="authority", name="Bench Authority", slug="bench-authority", jurisdiction=scotland
        )
        today = timezone.localdate()
        framework = Framework.objects.create(
            authority=authority,
            family="g-cloud",
            name="G-Cloud Bench",
            slug="g-cloud-bench",
            opens_on=today,
            clarifications_close_on=today,
            applications_close_on=today,
            intention_to_award_on=today,
            live_on=today,
            expires_on=today + datetime.timedelta(days=365),
        )
        Framework.objects.filter(pk=framework.pk).update(status="live")
        lots = []
        for position, name in enumerate(["hosting", "software", "support"]):
            raw = json.loads((sets / f"g-cloud-{name}.json").read_text())
            source = load_document(raw)
            doc = source.in_language("en")
            questions = QuestionSet.objects.create(
                authority=authority,
                slug=f"bench-{name}",
                version=1,
                purpose="service",
                title=doc.title,
                document=source.model_dump(mode="json"),
            )
            lot = Lot.objects.create(
                framework=framework,
                slug=f"cloud-{name}",
                name=name.title(),
                questions=questions,
                position=position,
            )
            lots.append((lot, doc))
        suppliers = Organisation.objects.bulk_create(
            Organisation(
                kind="supplier",
                name=f"Supplier {n}",
                slug=f"supplier-{n}",
                jurisdiction=scotland,
                registration_scheme="GB-COH",
                registration_number=f"{n:08d}",
                country="GB",
                headcount=rng.randint(1, 900),
                annual_turnover=1000,
                balance_sheet_total=1000,
            )
            for n in range(max(1, count // 50))
        )
    progress(f"  generating {count} services")
    made = 0
    while made < count:
        batch = min(5000, count - made)
        with transaction.atomic():
            rows = []
            for _ in range(batch):
                lot, doc = rng.choice(lots)
                rows.append((lot, doc, _answers(rng, doc)))
            services = Service.objects.bulk_create(
                Service(framework=framework, lot=lot, supplier=rng.choice(suppliers))
                for lot, _doc, _answers_ in rows
            )
            versions = ServiceVersion.objects.bulk_create(
                ServiceVersion(service=s, number=1, answers=row[2])
                for s, row in zip(services, rows, strict=True)
            )
            for service, version in zip(services, versions, strict=True):
                service.current = version
            Service.objects.bulk_update(services, ["current"])
            for service, row in zip(services, rows, strict=True):
                service.lot = row[0]
            search.index("service", [document(s) for s in services])
        made += batch
        progress(f"  {made}/{count} services indexed")
    assert content  # the answers above were made valid by the same rules
    return [(lot, doc.filters) for lot, doc in lots]


def _answers(rng: random.Random, doc) -> dict:
    words = lambda n: " ".join(rng.sample(VOCABULARY, n))  # noqa: E731
    category = doc.category_question
    answers = {
        "serviceName": words(3).title(),
        "serviceDescription": words(25),
        "serviceFeatures": [words(4) for _ in range(5)],
        "serviceBenefits": [words(4) for _ in range(4)],
        "serviceCategories": rng.sample([o.value for o in category.options], rng.randint(1, 3)),
        "price": {
            "min": str(rng.randint(1, 900)),
            "max": None,
            "unit": "user",
            "interval": "month",
        },
    }
    for question in doc.filters:
        if question is category:
            continue
        if question.type == "boolean":
            answers[question.id] = rng.random() < 0.5
        elif question.type == "radios":
            answers[question.id] = rng.choice(question.options).value
        else:
            answers[question.id] = rng.sample(
                [o.value for o in question.options], rng.randint(0, 2)
            )
    return answers


# --- the parent: one child per engine ----------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.services, args.queries)))
        return
    figures = {"services": args.services, "queries": args.queries}
    sizes = ["--services", str(args.services), "--queries", str(args.queries)]
    figures.update(run_engines(__file__, sizes, PG_DB, args.skip_postgres))
    engines = [figures[name] for name in ("sqlite", "postgresql") if name in figures]
    figures["target"] = "p95 <= 50 ms and <= 5 x the empty view's p95"
    figures["met"] = all(e["search_p95_ms"] <= 50 and e["ratio_p95"] <= 5 for e in engines)
    print(json.dumps(figures))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
