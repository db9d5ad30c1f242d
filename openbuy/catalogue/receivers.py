"""The catalogue's part in other apps' actions, through their hooks (core/hooks.py).

Registered in CatalogueConfig.ready(). The ones sent by actions run inside the action's
transaction: publishing on go-live records `service.published` for each service, and a
failure here undoes the framework's move too.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts import hooks as accounts_hooks
from openbuy.accounts.notify import notify
from openbuy.core import audit, search
from openbuy.frameworks import hooks

from .indexing import KIND, reindex, reindex_supplier
from .models import Service, ServiceVersion
from .selectors import drafts_to_publish, services_in_search
from .verbs import Verb


def publish_services(event: hooks.FrameworkWentLive) -> list[Service]:
    """Publish the passed services of countersigned suppliers, and tell each supplier."""
    framework = event.framework
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
        audit.record(
            Verb.SERVICE_PUBLISHED,
            actor=event.actor,
            obj=service,
            organisation=service.supplier,
            public=True,
            payload={"framework": framework.slug, "lot": draft.lot.slug, "draft": draft.pk},
        )
        services.append(service)
    reindex(
        Service.objects.filter(pk__in=[s.pk for s in services]).select_related(
            "lot__questions", "current", "supplier", "framework"
        )
    )
    for supplier in {s.supplier for s in services}:
        notify(
            supplier,
            "catalogue/email/live",
            {"framework": framework, "services": [s for s in services if s.supplier == supplier]},
        )
    return services


def withdraw_services(event: hooks.FrameworkExpired) -> None:
    """An expired framework's services leave search (their pages stay)."""
    search.remove(KIND, event.framework.services.values_list("pk", flat=True))


def _leaving(framework) -> str:
    count = services_in_search(framework).count()
    return ngettext(
        "%(n)d service will leave search.", "%(n)d services will leave search.", count
    ) % {"n": count}


def consequences(preview: hooks.MovePreview) -> list[str]:
    """What a framework's move will do to the catalogue, for its confirmation page."""
    framework = preview.framework
    if preview.move == "go-live":
        drafts = drafts_to_publish(framework)
        services = drafts.count()
        suppliers = drafts.values("application__supplier").distinct().count()
        return [
            ngettext(
                "%(n)d service will be published and found in search.",
                "%(n)d services will be published and found in search.",
                services,
            )
            % {"n": services},
            ngettext(
                "%(n)d supplier will be told their services are live.",
                "%(n)d suppliers will be told their services are live.",
                suppliers,
            )
            % {"n": suppliers},
        ]
    if preview.move == "expire":
        if preview.succeeded_by is not None:
            return [_leaving(framework)]
        return [
            _leaving(framework),
            _(
                "Buyers can no longer find or shortlist its services; projects whose search "
                "has ended keep their shortlists."
            ),
        ]
    return []


def copy_sources(previous: hooks.PreviousIteration) -> list[hooks.CopySource]:
    """The supplier's live services on the previous iteration."""
    found = Service.objects.filter(
        framework=previous.framework,
        supplier=previous.supplier,
        status=Service.Status.PUBLISHED,
    ).select_related("current", "lot__questions")
    return [
        hooks.CopySource(
            key=f"service-{service.pk}",
            name=f"{service.name} ({service.lot.name})",
            lot=service.lot.slug,
            answers=service.current.answers,
            label=f"service:{service.service_id}",
        )
        for service in found
    ]


def supplier_renamed(event: accounts_hooks.OrganisationRenamed) -> None:
    """A supplier's name is searchable text: its services are indexed again."""
    reindex_supplier(event.organisation.pk)


def register() -> None:
    hooks.framework_went_live.connect(publish_services)
    hooks.framework_expired.connect(withdraw_services)
    hooks.move_consequences.connect(consequences)
    hooks.copy_sources.connect(copy_sources)
    accounts_hooks.organisation_renamed.connect(supplier_renamed)
