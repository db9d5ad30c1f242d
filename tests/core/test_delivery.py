"""Nothing lost, nothing twice: an action's e-mail is queued in the action's transaction,
a task whose worker died is run again, and running it again never sends it twice. The
kills are real: real processes on this test's database, on either engine."""

import re
import signal
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openbuy import settings as settings_module
from openbuy.accounts.models import User
from openbuy.core import mail
from openbuy.core.models import AuditEvent, Email, OutboxMessage, WorkerBeat
from openbuy.core.tasks import deliver_email
from openbuy.core.worker import MAX_RUNS, Worker
from tests import helpers
from tests.core import processes

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Short leases, so a dead worker's task comes back in about a second.
LEASE = {"OPENBUY_TASK_LEASE_SECONDS": "1"}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def delivered_once(emails) -> bool:
    """Every e-mail sent, and in the outbox exactly once."""
    for email in emails:
        email.refresh_from_db()
        if (
            email.sent_at is None
            or OutboxMessage.objects.filter(message_id=email.message_id).count() != 1
        ):
            return False
    return OutboxMessage.objects.count() == len(emails)


@pytest.mark.django_db
def test_an_email_is_queued_in_its_actions_transaction_and_rolls_back_with_it(database_tasks):
    def failing_action():
        with transaction.atomic():
            mail.queue(["sam@example.org"], "Subject", "Body")
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError, match="the action failed"):
        failing_action()
    assert not Email.objects.exists()
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        email = mail.queue(["sam@example.org"], "Subject", "Body")
        # Queued before the commit, not after it: nothing can come between.
        task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"email_id": email.pk}
    assert re.fullmatch(r"<[^<>@]+@[^<>@]+>", email.message_id)


@pytest.mark.django_db
def test_delivering_an_email_again_does_not_send_it_again(database_tasks):
    email = mail.queue(["sam@example.org"], "Subject", "Body")
    assert deliver_email.call(email_id=email.pk) == "sent"
    assert deliver_email.call(email_id=email.pk) == "already sent"
    sent = OutboxMessage.objects.get()
    assert (sent.message_id, sent.recipients) == (email.message_id, ["sam@example.org"])


@pytest.mark.django_db
def test_a_mail_server_gets_a_stable_message_id_and_each_email_once(database_tasks, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    email = mail.queue(["sam@example.org"], "Subject", "Body")
    assert deliver_email.call(email_id=email.pk) == "sent"
    assert deliver_email.call(email_id=email.pk) == "already sent"
    [sent] = django_mail.outbox
    assert sent.extra_headers["Message-ID"] == email.message_id


@pytest.mark.django_db
def test_a_refused_send_is_tried_again_later(database_tasks, settings):
    closed = processes.free_port()
    settings.MAILERS = {"default": settings_module.mailer(f"smtp://127.0.0.1:{closed}")}
    email = mail.queue(["sam@example.org"], "Subject", "Body")
    DBTaskResult.objects.all().delete()
    with pytest.raises(ConnectionRefusedError, match="Connection refused"):
        deliver_email.call(email_id=email.pk)
    email.refresh_from_db()
    assert (email.sent_at, email.attempts) == (None, 1)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"email_id": email.pk}
    assert retry.run_after > timezone.now() + timedelta(seconds=50)


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_is_run_again_and_given_up_after_five_deaths(database_tasks):
    email = mail.queue(["sam@example.org"], "Subject", "Body")
    long_ago = timezone.now() - timedelta(minutes=5)
    task = DBTaskResult.objects.get()
    WorkerBeat.objects.create(worker_id="alive", host="h", pid=1, seen_at=timezone.now())
    WorkerBeat.objects.create(worker_id="dead", host="h", pid=2, seen_at=long_ago)
    worker = Worker(batch=True, interval=0)

    # A slow worker that still beats keeps its task.
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["alive"]
    )
    assert worker.reclaim() == 0
    # One that stopped beating loses it, and the task runs again.
    DBTaskResult.objects.filter(pk=task.pk).update(worker_ids=["dead"])
    assert worker.reclaim() == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    call_command("worker", batch=True, verbosity=0)
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert delivered_once([email])

    # A task that killed its worker five times is failed, not run a sixth time.
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead"] * MAX_RUNS
    )
    assert worker.reclaim() == 1
    failed = DBTaskResult.objects.get()
    assert failed.status == TaskResultStatus.FAILED
    assert "its worker died 5 times" in failed.traceback


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_no_email_and_sends_none_twice(database_tasks, tmp_path):
    """SIGKILL a real worker while it sends (its outbox row written, not committed); a
    second worker takes the task back once the first one's lease has run out."""
    emails = [mail.queue([f"person{i}@example.org"], f"Message {i}", "Body") for i in range(3)]
    (tmp_path / "hold").touch()
    environment = processes.env(**LEASE, OPENBUY_TEST_HOLD_MAIL_IN=str(tmp_path))
    with processes.started(["worker", "--interval", "0.1"], environment) as first:
        processes.wait_until(
            lambda: list(tmp_path.glob("sending-*")), 30, "the first worker to start sending"
        )
        first.popen.send_signal(signal.SIGKILL)
        first.popen.wait(timeout=10)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1
    assert not OutboxMessage.objects.exists()

    (tmp_path / "hold").unlink()
    with processes.started(["worker", "--interval", "0.1"], environment):
        processes.wait_until(lambda: delivered_once(emails), 30, "every e-mail, once")
    # Periodic tasks the second worker enqueued may still be waiting; the sends may not.
    sends = DBTaskResult.objects.filter(task_path=deliver_email.module_path)
    assert set(sends.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_server_killed_right_after_an_actions_commit_loses_no_email(database_tasks):
    """The server process dies right after the sign-up commits, where on_commit() callbacks
    would run; the worker still sends the verification e-mail, once."""
    helpers.jurisdiction()
    port = processes.free_port()
    environment = processes.env(OPENBUY_TEST_DIE_AFTER_AUDITED_COMMIT="1")
    base = f"http://127.0.0.1:{port}"
    with processes.started(["serve", f"127.0.0.1:{port}", "--no-worker"], environment) as server:
        processes.wait_until(lambda: _answers(base), 60, "the server to answer")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        form = opener.open(f"{base}/account/sign-up/", timeout=10).read().decode()
        token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        data = {
            "csrfmiddlewaretoken": token,
            "purpose": "supplier",
            "name": "Sam Person",
            "email": "sam@example.org",
            "password": "correct-horse-battery",
        }
        # The server dies before it answers.
        with pytest.raises(OSError, match=r"closed connection without response|reset by peer"):
            opener.open(f"{base}/account/sign-up/", urllib.parse.urlencode(data).encode())
        server.popen.wait(timeout=30)

    assert User.objects.filter(email="sam@example.org").exists()
    assert AuditEvent.objects.filter(verb="account.signed_up").exists()
    with processes.started(["worker", "--batch"], processes.env()) as worker:
        worker.popen.wait(timeout=60)
    email = Email.objects.get()
    assert email.recipients == ["sam@example.org"]
    assert delivered_once([email])


def _answers(base: str) -> bool:
    try:
        processes.get(f"{base}/healthz")  # 503 without a worker: still an answer
    except OSError:
        return False
    return True
