"""`openbuy demo` loads idempotent demo data; `openbuy serve` runs the app with a worker."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from openbuy.accounts.models import Organisation, Role, User
from openbuy.catalogue import browse
from openbuy.catalogue.models import Service
from openbuy.core import audit
from openbuy.core.models import AuditEvent, Jurisdiction


@pytest.mark.django_db
def test_demo_data_has_every_role_and_size_band_and_reloads_without_change():
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


@pytest.mark.django_db
def test_demo_catalogue_has_hundreds_of_services_from_every_size_band_in_both_jurisdictions():
    """The demo's catalogue is believable: a few hundred live services from several dozen
    suppliers of every size band, in Scotland (GBP) and Australia (AUD, a live framework of
    its own run by an Australian authority), all in the search index, every name distinct."""
    call_command("demo", stdout=StringIO())
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs once, on its own SQLite file")
def test_serve_runs_the_app_on_a_fresh_database(tmp_path):
    env = {**os.environ, "OPENBUY_DATA_DIR": str(tmp_path), "PYTHONWARNINGS": "ignore"}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "openbuy.cli"]
    for command in (["migrate", "--noinput", "-v0"], ["demo"]):
        subprocess.run([*cli, *command], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
                    html = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("openbuy serve did not answer")
        assert "Buy digital and technology work in the open" in html
        # The worker beside the server delivers the demo's queued e-mails.
        for _attempt in range(100):
            with sqlite3.connect(tmp_path / "openbuy.sqlite3") as db:
                sent = db.execute("SELECT count(*) FROM core_outboxmessage").fetchone()[0]
            if sent:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the worker sent no e-mail")
    finally:
        server.terminate()
        server.wait(timeout=20)
