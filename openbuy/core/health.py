"""GET /healthz, for load balancers, container runtimes and uptime checks: is the database
answering, and has a worker beaten lately? 200 when both are, else 503 saying which."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django_tasks_db import DatabaseBackend

PATH = "/healthz"


def report() -> dict:
    from django.tasks import task_backends

    from .models import WorkerBeat

    result = {"status": "ok", "database": "ok", "worker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return {"status": "unavailable", "database": "unreachable", "worker": "unknown"}
    if not isinstance(task_backends["default"], DatabaseBackend):
        result["worker"] = "not used"  # jobs run in the web process
        return result
    since = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    try:
        seen = WorkerBeat.objects.filter(seen_at__gte=since).exists()
    except DatabaseError:
        seen = False
    if not seen:
        result.update(status="unavailable", worker="down")
    return result


def health(request):
    result = report()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


class HealthMiddleware:
    """Answers /healthz first: a probe from inside a container or a load balancer speaks
    plain HTTP to an internal address, which the host check and HTTPS redirect refuse."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return health(request)
        return self.get_response(request)
