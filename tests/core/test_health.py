"""/healthz tells a load balancer or container runtime whether the database answers and a
worker has beaten lately; it answers probes that speak plain HTTP to an internal address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openbuy.core.models import WorkerBeat

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_healthz_is_unavailable_until_a_worker_beats_within_its_lease(client, settings):
    settings.TASKS = DATABASE_TASKS
    down = {"status": "unavailable", "database": "ok", "worker": "down"}
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, down)

    beat = WorkerBeat.objects.create(worker_id="w", host="h", pid=1, seen_at=timezone.now())
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "worker": "ok"},
    )

    beat.seen_at -= timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    beat.save()
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, down)


def test_healthz_answers_plain_http_probes_to_any_address(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["buy.example.gov"]
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
