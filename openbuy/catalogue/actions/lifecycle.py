"""Going live publishes the catalogue; expiry withdraws it. Both live here, beside the
catalogue they change, and move the framework's state machine."""

from django.utils import timezone

from openbuy.core import audit, search
from openbuy.frameworks.actions import transition
from openbuy.frameworks.models import Framework
from openbuy.frameworks.notify import notify

from ..indexing import KIND, reindex
from ..models import Service, ServiceVersion
from ..selectors import drafts_to_publish, live_iteration_replaced


@audit.action
def framework_go_live(*, actor, framework: Framework) -> Framework:
    """Standstill → live once every signed agreement is countersigned. The family's current
    live iteration expires in the same step, and the passed services of countersigned
    suppliers are published."""
    live = live_iteration_replaced(framework).select_for_update(of=("self",)).first()
    if live is not None:
        transition(live, "expire", actor)
        search.remove(KIND, live.services.values_list("pk", flat=True))
    framework = transition(framework, "go-live", actor)
    published = _publish(framework)
    for supplier in {s.supplier for s in published}:
        notify(
            supplier,
            "catalogue/email/live",
            {"framework": framework, "services": [s for s in published if s.supplier == supplier]},
        )
    audit.record(
        "framework.live",
        actor=actor,
        obj=framework,
        organisation=framework.authority,
        public=True,
        payload={"services": len(published), "succeeded": live.slug if live else None},
    )
    return framework


def _publish(framework: Framework) -> list[Service]:
    drafts = drafts_to_publish(framework).select_related("application__supplier", "lot")
    now, services = timezone.now(), []
    for draft in drafts:
        service = Service.objects.create(
            framework=framework, lot=draft.lot, supplier=draft.application.supplier, draft=draft
        )
        service.current = ServiceVersion.objects.create(
            service=service, number=1, answers=draft.answers, approved_at=now
        )
        service.save(update_fields=["current"])
        services.append(service)
    reindex(
        Service.objects.filter(pk__in=[s.pk for s in services]).select_related(
            "lot__questions", "current", "supplier", "framework"
        )
    )
    return services


@audit.action
def framework_expire(*, actor, framework: Framework) -> Framework:
    framework = transition(framework, "expire", actor)
    search.remove(KIND, framework.services.values_list("pk", flat=True))
    audit.record(
        "framework.expired",
        actor=actor,
        obj=framework,
        organisation=framework.authority,
        public=True,
    )
    return framework
