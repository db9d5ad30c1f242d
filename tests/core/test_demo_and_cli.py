"""`openbuy demo` loads idempotent demo data; `make demo` serves it with a worker."""

import os
import re
import sqlite3
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from openbuy.accounts.models import ApiToken, Invitation, Organisation, Role, User
from openbuy.catalogue import browse
from openbuy.catalogue.models import Project, Service
from openbuy.core import audit
from openbuy.core.models import AuditEvent, Jurisdiction
from openbuy.frameworks.models import Application, Framework
from tests.core import processes


@pytest.mark.django_db
def test_demo_has_every_role_size_band_and_a_believable_catalogue_and_reloads_without_change():
    """The demo has every role and size band, its accounts take the demo password, and its
    catalogue is believable: a few hundred live services from several dozen
    suppliers of every size band, in Scotland (GBP) and Australia (AUD, a live framework of
    its own run by an Australian authority), all in the search index, every name distinct.
    (One test, because one full demo run takes most of half a minute.)"""
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    assert "password for all: openbuy-demo-2026" in printed
    assert {j.currency for j in Jurisdiction.objects.all()} == {"GBP", "AUD"}
    assert set(Organisation.objects.filter(kind="buyer").values_list("name", flat=True)) >= {
        "Scottish Environment Protection Agency",
        "Transport Scotland",
        "NHS National Services Scotland",
    }
    assert Organisation.objects.get(name="Scottish Government").kind == "authority"
    bands = {o.size_band for o in Organisation.objects.filter(kind="supplier")}
    assert bands == {"micro", "small", "medium", "large"}
    roles = set(User.objects.values_list("memberships__role", flat=True))
    assert roles == set(Role.values)
    listed = [u for u in User.objects.all() if u.email in printed]
    for user in listed:
        assert user.check_password("openbuy-demo-2026")
    live = Service.objects.filter(status="published", framework__status="live").select_related(
        "supplier", "framework__authority__jurisdiction", "current", "lot__questions"
    )
    by_code = {}
    for service in live:
        by_code.setdefault(service.framework.authority.jurisdiction.code, []).append(service)
    assert len(by_code["GB-SCT"]) >= 150
    assert len(by_code["AU"]) >= 80
    for code, services in by_code.items():
        suppliers = {s.supplier for s in services}
        assert len(suppliers) >= 12, code
        assert {s.size_band for s in suppliers} == {"micro", "small", "medium", "large"}, code
        assert {s.supplier.jurisdiction.code for s in services} == {code}
        assert {s.framework.authority.kind for s in services} == {"authority"}
    assert {s.framework.currency for s in by_code["AU"]} == {"AUD"}
    assert {s.framework.currency for s in by_code["GB-SCT"]} == {"GBP"}
    names = [s.name for s in live]
    assert len(set(names)) == len(names)
    assert len({s.current.answers["price"]["min"] for s in live}) > 100
    assert len({s.current.answers["serviceDescription"] for s in live}) > 150
    # Made through the actions: a version each, an audit event for each step, all indexed.
    assert all(s.current.number == 1 for s in live)
    assert AuditEvent.objects.filter(verb="draft.completed").count() >= len(names)
    assert browse.run(lot=None).total == len(names)

    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        Service.objects.count(),
    )
    call_command("demo", stdout=StringIO())
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        Service.objects.count(),
    ) == counts
    assert audit.verify().ok


def _demo_recipe(port: int) -> list[str]:
    """The command lines `make demo` runs (after the set-up it shares with the tests)."""
    printed = subprocess.run(
        ["make", "-n", "-s", "demo", f"PORT={port}"],
        cwd=processes.ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [line for line in printed.splitlines() if ".venv/bin/openbuy " in line]


@pytest.mark.django_db
def test_the_small_demo_has_every_role_and_kind_of_object_and_a_handful_of_services():
    """`openbuy demo --small`, for the browser journeys: the hand-written suppliers only,
    every role, a live framework in each jurisdiction and one open for applications, an
    application in progress (a complete draft and one half done), a direct-award project,
    an invitation waiting and an API token; loaded again, it changes nothing."""
    out = StringIO()
    call_command("demo", "--small", stdout=out)
    assert "owner@thistledigital.example" in out.getvalue()
    assert set(User.objects.values_list("memberships__role", flat=True)) == set(Role.values)
    assert Organisation.objects.filter(kind="supplier").count() == 6
    live = Service.objects.filter(status="published", framework__status="live")
    assert 8 <= live.count() <= 12
    assert {s.framework.authority.jurisdiction.code for s in live} == {"GB-SCT", "AU"}
    assert dict(Framework.objects.values_list("slug", "status")) == {
        "g-cloud-14": "live",
        "cloud-marketplace-2": "live",
        "digital-outcomes-7": "open",
    }
    application = Application.objects.get(framework__slug="digital-outcomes-7")
    assert application.status == "draft"
    assert sorted(application.services.values_list("status", flat=True)) == ["complete", "draft"]
    assert Project.objects.count() == 1
    assert Invitation.objects.filter(status="pending").count() == 1
    assert ApiToken.objects.count() == 1
    events = AuditEvent.objects.count()
    call_command("demo", "--small", stdout=StringIO())
    assert AuditEvent.objects.count() == events
    assert audit.verify().ok


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs once, on its own SQLite file")
def test_make_demo_serves_the_products_error_pages_and_links_to_its_own_port(tmp_path):
    """`PORT=N make demo`: the app and a worker on port N, e-mails linking to port N, and
    the product's own 404 page, not Django's debug page listing every address."""
    port = processes.free_port()
    *loading, serving = _demo_recipe(port)
    assert serving.endswith(f"serve 127.0.0.1:{port}")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OPENBUY_", "DEBUG"))}
    environment.pop("DATABASE_URL", None)
    environment["OPENBUY_DATA_DIR"] = str(tmp_path)
    for line in loading:
        subprocess.run(
            ["sh", "-c", line],
            cwd=processes.ROOT,
            env=environment,
            check=True,
            capture_output=True,
            timeout=300,
        )
    base = f"http://127.0.0.1:{port}"
    with processes.started_command(["sh", "-c", serving], environment):
        _status, _headers, home = processes.wait_until(
            lambda: _answer(f"{base}/"), 60, "the demo to answer"
        )
        assert "Buy digital and technology work in the open" in home.decode()
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.decode()).group(1)
        assert processes.get(base + stylesheet)[0] == 200

        status, _headers, page = processes.get(f"{base}/no-such-page/")
        assert status == 404
        assert '<h1 class="govuk-heading-l">Page not found</h1>' in page.decode()
        assert "URLconf" not in page.decode()

        # The worker beside the server delivers the demo's e-mails, with links that work.
        bodies = processes.wait_until(
            lambda: _outbox(tmp_path / "openbuy.sqlite3"), 60, "the worker to send e-mail"
        )
        links = re.findall(r"https?://[^/\s]+", " ".join(bodies))
        assert links
        assert set(links) == {base}


def _answer(url: str):
    try:
        return processes.get(url)
    except OSError:
        return None


def _outbox(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [body for (body,) in db.execute("SELECT body FROM core_outboxmessage")]


def test_a_command_runs_with_the_cycle_collector_on_and_what_starting_made_frozen():
    """The collector is paused while Django starts (nothing it makes then is garbage) and on
    again, with all of that out of its sight, before the command runs."""
    show = "import gc; print(gc.isenabled(), gc.get_freeze_count() > 50_000)"
    result = subprocess.run(
        [*processes.CLI, "shell", "-v0", "-c", show],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True"]


def test_a_line_logged_by_django_is_printed_once_in_development():
    """Django's own console handler printed its loggers' lines a second time."""
    say = "import logging; logging.getLogger('django.tasks').info('said once')"
    result = subprocess.run(
        [*processes.CLI, "shell", "-v0", "-c", say],
        env={**os.environ, "DEBUG": "true", "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stderr.count("said once") == 1
