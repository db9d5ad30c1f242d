"""Reads of the catalogue that depend on who is asking."""

from django.db.models import Q, QuerySet

from openbuy.accounts.models import Organisation
from openbuy.accounts.permissions import works_for
from openbuy.accounts.selectors import buyer_bodies_of
from openbuy.frameworks.models import Agreement, DraftService, Framework, Result
from openbuy.frameworks.permissions import manages
from openbuy.frameworks.selectors import managed_authorities, suppliers_of

from .models import Project, Service, ServiceVersion


def buyers_of(user) -> QuerySet[Organisation]:
    """Bodies the person buys for: direct-award projects belong to them. Only someone with
    one may see the project pages and links to them (the account page asks the same)."""
    return buyer_bodies_of(user)


def projects_of(user) -> QuerySet[Project]:
    return Project.objects.filter(buyer__in=buyers_of(user)).select_related(
        "buyer", "lot__framework__authority__jurisdiction", "lot__questions"
    )


def _kept_by(user) -> Q:
    """Services of the person's suppliers, and on frameworks they manage (platform admins
    manage every framework)."""
    return Q(supplier__in=suppliers_of(user)) | Q(
        framework__authority__in=managed_authorities(user)
    )


def services_visible_to(user) -> QuerySet[Service]:
    """Services are public until removed; then their supplier's people, the framework's
    managers and platform admins still see them. Everyone else is told there is no such
    service (404), on the pages and through the API alike (docs/visibility.md)."""
    return Service.objects.filter(~Q(status=Service.Status.REMOVED) | _kept_by(user))


def service_histories_visible_to(user) -> QuerySet[Service]:
    """Services whose versions (the edit history, with edits awaiting review) the person
    may read: those of their suppliers and of frameworks they manage. To anyone else the
    history is not there (404)."""
    return Service.objects.filter(_kept_by(user))


def versions_to_review(framework: Framework) -> QuerySet[ServiceVersion]:
    """Edits of the framework's services awaiting a manager's approval, with what their
    list shows (the service's name, from its current version and question set)."""
    return (
        ServiceVersion.objects.filter(service__framework=framework, approved_at__isnull=True)
        .select_related("service__supplier", "service__current", "service__lot__questions")
        .defer("service__lot__questions__document")  # parsed once per process
        .order_by("service", "number")
    )


def sees_status_reason(user, service: Service) -> bool:
    """Why a service is suspended or removed is for its supplier's people and the
    framework's managers; everyone else (the public, other buyers) sees only that it is,
    on its page and through the API alike."""
    return works_for(user, service.supplier) or manages(user, service.framework)


def drafts_to_publish(framework: Framework) -> QuerySet[DraftService]:
    """What going live publishes: passed services of passed suppliers whose agreement is
    countersigned."""
    countersigned = Agreement.objects.filter(
        application__framework=framework, countersigned_at__isnull=False
    ).values("application")
    return DraftService.objects.filter(
        application__in=countersigned,
        application__declaration_result=Result.PASS,
        result=Result.PASS,
        service__isnull=True,
    )


def services_in_search(framework: Framework) -> QuerySet[Service]:
    """The framework's services buyers can find (not removed or suspended)."""
    return framework.services.filter(status=Service.Status.PUBLISHED)
