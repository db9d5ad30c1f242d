"""Reads of frameworks that depend on who is asking."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from openbuy.accounts.models import Organisation, Role
from openbuy.core.permissions import is_platform_admin

from .models import (
    Agreement,
    Application,
    ClarificationQuestion,
    DraftService,
    Framework,
    Result,
)
from .permissions import manages


def frameworks(jurisdiction=None) -> QuerySet[Framework]:
    """Every framework, or those run by authorities of one jurisdiction."""
    found = Framework.objects.select_related("authority__jurisdiction").annotate(
        lot_count=Count("lots")
    )
    return found if jurisdiction is None else found.filter(authority__jurisdiction=jurisdiction)


def suppliers_of(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER,
        memberships__user=user,
        memberships__role__in=[Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER],
    ).distinct()


def managed_authorities(user) -> QuerySet[Organisation]:
    authorities = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY)
    if is_platform_admin(user):
        return authorities
    if not user.is_authenticated:
        return authorities.none()
    return authorities.filter(
        memberships__user=user, memberships__role=Role.FRAMEWORK_MANAGER
    ).distinct()


def applications_for(framework: Framework, user) -> QuerySet[Application]:
    """Managers see every application; suppliers' people see their own."""
    applications = framework.applications.select_related("supplier").annotate(
        complete_services=Count("services", filter=Q(services__status=DraftService.Status.COMPLETE))
    )
    if manages(user, framework):
        return applications
    return applications.filter(supplier__in=suppliers_of(user))


def with_services(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with what their pages and the API show beside each: the framework and
    its declaration questions, the supplier, and the services with their lots, in a fixed
    number of queries however many there are."""
    return applications.select_related(
        "framework__authority__jurisdiction", "framework__declaration", "supplier"
    ).prefetch_related(
        Prefetch(
            "services",
            DraftService.objects.select_related("lot__framework__authority__jurisdiction"),
        )
    )


def results_shown_to(user, framework: Framework) -> bool:
    """Whether the person sees the results of the framework's applications: suppliers learn
    theirs once the results are announced (standstill on); the framework's managers see them
    as they are set. The application pages and the API ask this alike."""
    return framework.results_published or manages(user, framework)


def clarifications_for(framework: Framework, user) -> QuerySet[ClarificationQuestion]:
    """Published answers are public; unanswered questions are seen by the managers and the
    supplier who asked."""
    questions = framework.clarifications.all()
    if manages(user, framework):
        return questions
    return questions.filter(Q(published_at__isnull=False) | Q(supplier__in=suppliers_of(user)))


def applications_visible_to(user) -> QuerySet[Application]:
    """Across frameworks: what applications_for shows, for the audit trail."""
    return Application.objects.filter(
        Q(framework__authority__in=managed_authorities(user)) | Q(supplier__in=suppliers_of(user))
    )


def drafts_visible_to(user) -> QuerySet[DraftService]:
    return DraftService.objects.filter(application__in=applications_visible_to(user))


def agreements_visible_to(user) -> QuerySet[Agreement]:
    return Agreement.objects.filter(application__in=applications_visible_to(user))


def clarifications_visible_to(user) -> QuerySet[ClarificationQuestion]:
    """Across frameworks: what clarifications_for shows, for the audit trail."""
    return ClarificationQuestion.objects.filter(
        Q(published_at__isnull=False)
        | Q(supplier__in=suppliers_of(user))
        | Q(framework__authority__in=managed_authorities(user))
    )


def application_counts(framework: Framework) -> dict[str, int]:
    """Submitted applications (evaluated once applications close) and unsubmitted ones."""
    return framework.applications.aggregate(
        submitted=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
        unsubmitted=Count("pk", filter=~Q(status=Application.Status.SUBMITTED)),
    )


def admitted(framework: Framework) -> QuerySet[Application]:
    """The applications of the suppliers on the framework once results are announced: a
    submitted application with a passed declaration and at least one passed service
    (Application.passed, as a query)."""
    return framework.applications.filter(
        Exists(DraftService.objects.filter(application=OuterRef("pk"), result=Result.PASS)),
        status=Application.Status.SUBMITTED,
        declaration_result=Result.PASS,
    )


def result_counts(framework: Framework) -> dict[str, int]:
    """The suppliers told their results when they are announced, and those who passed."""
    return {
        "told": framework.applications.filter(status=Application.Status.SUBMITTED).count(),
        "passed": admitted(framework).count(),
    }


def live_iteration_replaced(framework: Framework) -> QuerySet[Framework]:
    """The family's live iteration, which expires when this one goes live."""
    return Framework.objects.filter(
        authority=framework.authority_id, family=framework.family, status=Framework.Status.LIVE
    ).exclude(pk=framework.pk)
