"""The audit trail: one event per action, hash-chained, append-only, verifiable."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from openbuy.core import audit
from openbuy.core.actions import jurisdiction_save
from openbuy.core.actors import SYSTEM
from openbuy.core.models import AuditChainHead, AuditEvent, Jurisdiction
from tests import helpers

pytestmark = pytest.mark.django_db


def _tamper(sql, params=()):
    """Change the table behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only"
            )
        cursor.execute(sql, params)


def test_each_action_appends_one_event_chained_to_the_one_before():
    helpers.jurisdiction()
    helpers.buyer_body()
    first, second = helpers.events()
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == audit.GENESIS
    assert second.prev_hash == first.hash
    assert first.verb == "jurisdiction.created"
    assert second.verb == "organisation.created"
    assert audit.verify().ok


def test_an_action_that_writes_no_event_is_refused_and_rolled_back():
    @audit.action
    def silent(*, actor):
        Jurisdiction.objects.create(
            code="XX",
            name="Nowhere",
            currency="EUR",
            languages=["en"],
            time_zone="UTC",
            ocid_prefix="ocds-xxxxxx",
        )

    with pytest.raises(audit.AuditUsageError, match="wrote no audit event"):
        silent(actor=SYSTEM)
    assert not Jurisdiction.objects.filter(code="XX").exists()
    assert AuditEvent.objects.count() == 0


def test_an_action_may_write_several_events_in_its_order_and_chain():
    @audit.action
    def two_things(*, actor):
        audit.record("jurisdiction.created", actor=actor, object_type="x", object_id=1)
        audit.record("jurisdiction.updated", actor=actor, object_type="x", object_id=1)

    two_things(actor=SYSTEM)
    first, second = AuditEvent.objects.order_by("seq")
    assert (first.verb, second.verb) == ("jurisdiction.created", "jurisdiction.updated")
    assert second.prev_hash == first.hash
    assert audit.verify().ok


def test_recording_outside_an_action_or_with_an_unknown_verb_is_refused():
    with pytest.raises(audit.AuditUsageError, match="outside an action"):
        audit.record("jurisdiction.created", actor=SYSTEM, object_type="x", object_id=1)

    @audit.action
    def unknown(*, actor):
        audit.record("made.up", actor=actor, object_type="x", object_id=1)

    with pytest.raises(audit.AuditUsageError, match=r"unknown audit verb 'made\.up'"):
        unknown(actor=SYSTEM)


def test_events_cannot_be_changed_or_deleted_through_the_model():
    helpers.jurisdiction()
    event = AuditEvent.objects.get()
    event.verb = "jurisdiction.updated"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_itself_refuses_updates_and_deletes():
    from django.db import DatabaseError, transaction

    helpers.jurisdiction()
    for sql in ("UPDATE core_auditevent SET verb = 'x'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql)
    assert AuditEvent.objects.count() == 1


def _three_events():
    helpers.jurisdiction()
    helpers.buyer_body()
    helpers.buyer_body(name="Transport Scotland", domain="transport.gov.scot")


def test_verify_reports_an_edited_event(capsys):
    _three_events()
    _tamper("UPDATE core_auditevent SET payload = %s WHERE seq = 2", ['{"kind": "supplier"}'])
    result = audit.verify()
    assert not result.ok
    assert result.problem == "event 2 was changed after it was written"
    with pytest.raises(SystemExit, match=r"^1$"):
        call_command("audit", "verify")
    assert capsys.readouterr().err.strip() == "BROKEN: event 2 was changed after it was written"


def test_verify_reports_a_deleted_event():
    _three_events()
    _tamper("DELETE FROM core_auditevent WHERE seq = 2")
    assert audit.verify().problem == "event 2 is missing (the next event found is 3)"


def test_verify_reports_the_newest_event_deleted():
    _three_events()
    _tamper("DELETE FROM core_auditevent WHERE seq = 3")
    assert audit.verify().problem == "events after 2 are missing (the chain head records 3)"


def test_verify_reports_a_rewritten_chain_link():
    _three_events()
    _tamper("UPDATE core_auditevent SET prev_hash = %s WHERE seq = 3", ["f" * 64])
    assert audit.verify().problem == "event 3 does not follow the event before it"


def test_verify_prints_ok_with_the_count_and_head(capsys):
    _three_events()
    call_command("audit", "verify")
    head = AuditChainHead.objects.get()
    assert capsys.readouterr().out.strip() == f"OK: 3 events, chain head {head.hash}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_extend_one_unbroken_chain():
    """Writers in parallel threads each get their own place in the chain."""
    errors = []

    def work(n):
        try:
            for i in range(5):
                jurisdiction_save(
                    Jurisdiction(
                        code=f"Q{chr(65 + n)}-{i}",
                        name=f"Q {n} {i}",
                        currency="EUR",
                        languages=["en"],
                        time_zone="UTC",
                        ocid_prefix=f"ocds-q{n}q{i}xx",
                        holiday_calendar="GB",
                    ),
                    actor=SYSTEM,
                )
        except Exception as error:  # noqa: BLE001 (the thread hands any failure to the test)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 21)
    )
    assert audit.verify().ok


def _clock(at):
    return mock.patch.object(timezone, "now", return_value=at)


def _failed_sign_in(email="ann@sepa.org.uk"):
    """An anonymous event, as anyone can cause: a wrong password for an existing account."""
    from openbuy.accounts.actions import password_check

    assert password_check(email=email, password="not-the-password") is None


def test_anonymous_events_are_kept_outside_the_chain():
    helpers.user("ann@sepa.org.uk")
    chained = helpers.events().count()
    head = AuditChainHead.objects.get()
    _failed_sign_in()
    failed = helpers.events("account.sign_in_failed").get()
    assert (failed.seq, failed.hash, failed.prev_hash, failed.actor_id) == (None, None, "", None)
    assert not failed.chained
    assert AuditChainHead.objects.get().seq == head.seq  # the chain did not move
    helpers.jurisdiction(code="GB-WLS", name="Wales", ocid_prefix="ocds-wales1")
    after = helpers.events().last()
    assert (after.seq, after.prev_hash) == (chained + 1, head.hash)
    assert [e.verb for e in helpers.events()][-2:] == [
        "account.sign_in_failed",
        "jurisdiction.created",
    ]
    assert audit.verify() == audit.VerifyResult(True, chained + 1, after.hash)


def test_pruning_deletes_anonymous_events_past_retention_and_the_chain_still_verifies(
    settings, capsys
):
    settings.AUDIT_ANONYMOUS_RETENTION_DAYS = 30
    helpers.user("ann@sepa.org.uk")
    with _clock(timezone.now() - timedelta(days=31)):
        _failed_sign_in()
    _failed_sign_in()
    chained = list(AuditEvent.objects.filter(seq__isnull=False))
    assert audit.prune_anonymous() == 1
    assert helpers.events("account.sign_in_failed").get().created_at > timezone.now() - timedelta(
        days=1
    )
    assert list(AuditEvent.objects.filter(seq__isnull=False)) == chained
    with _clock(timezone.now() + timedelta(days=31)):
        call_command("audit", "prune")
    assert capsys.readouterr().out.strip() == "Deleted 1 anonymous events older than 30 days"
    assert not helpers.events("account.sign_in_failed").exists()
    call_command("audit", "verify")
    assert capsys.readouterr().out.startswith(f"OK: {len(chained)} events")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_lets_only_anonymous_events_be_deleted():
    from django.db import DatabaseError, transaction

    helpers.user("ann@sepa.org.uk")
    _failed_sign_in()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("DELETE FROM core_auditevent WHERE seq IS NOT NULL")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("UPDATE core_auditevent SET verb = 'x' WHERE seq IS NULL")
    connection.cursor().execute("DELETE FROM core_auditevent WHERE seq IS NULL")
    assert not helpers.events("account.sign_in_failed").exists()
    assert audit.verify().ok


def test_a_verb_is_declared_by_one_app_only():
    class Again(audit.Verbs):
        CREATED = "jurisdiction.created", "Jurisdiction created again"

    with pytest.raises(
        audit.AuditUsageError,
        match=r"'jurisdiction.created' is declared by both openbuy.core.verbs",
    ):
        audit.register_verbs(Again)
