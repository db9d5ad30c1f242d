"""Who may read suppliers' responses (docs/visibility.md): they are sealed until the
requirement closes.

- A supplier's own people read its responses at any time, drafts included.
- Once the requirement has closed by time, and only then, the members of its team who may
  read responses read the submitted ones.
- Before that, everyone else (the buyer, its evaluators, platform admins, other suppliers)
  may know one thing: how many responses are submitted (`response_count`).

Pages, the API, exports, the Django admin and the audit trail all read through these."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation, Role
from openbuy.questions import interface as qs

from ..models import Evaluator, Requirement, Response, TeamMember
from ..permissions import Permission, may
from .eligibility import is_eligible, service_for

OPENED = Requirement.OPENED
SUPPLIER_ROLES = (Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)


def has_closed(requirement: Requirement) -> bool:
    """Closed by time: published (not withdrawn) and its closing time has passed."""
    return requirement.has_closed


def unsealed() -> Q:
    """Responses anyone but their supplier may ever read: submitted ones, of requirements
    that have closed by time."""
    return Q(
        status=Response.Status.SUBMITTED,
        requirement__status__in=OPENED,
        requirement__closes_at__lte=timezone.now(),
    )


def _with_related(responses: QuerySet[Response]) -> QuerySet[Response]:
    return responses.select_related(
        "requirement__buyer__jurisdiction", "lot", "supplier", "questions"
    )


def suppliers_of(user) -> QuerySet[Organisation]:
    """The suppliers the person works for (their admins and members)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER,
        memberships__user=user,
        memberships__role__in=SUPPLIER_ROLES,
    ).distinct()


def responses_of_supplier(user) -> QuerySet[Response]:
    """The responses of the suppliers the person works for, in any state, at any time."""
    if not getattr(user, "is_authenticated", False):
        return Response.objects.none()
    return _with_related(
        Response.objects.filter(supplier__in=suppliers_of(user).values("pk"))
    ).order_by("-created_at", "-pk")


def responses_for_buyer(user, requirement: Requirement) -> QuerySet[Response]:
    """The submitted responses to the requirement, once it has closed by time, for the
    members of its team who may read responses; nothing for anyone before then."""
    if not has_closed(requirement) or not may(user, requirement, Permission.READ_RESPONSES):
        return Response.objects.none()
    return _with_related(Response.objects.filter(unsealed(), requirement=requirement)).order_by(
        "lot__number", "submitted_at", "pk"
    )


def responses_visible_to(user) -> QuerySet[Response]:
    """Every response the person may read, whatever the requirement: its supplier's own,
    and the unsealed ones of requirements whose team lets them read responses (for the
    audit trail)."""
    if not getattr(user, "is_authenticated", False):
        return Response.objects.none()
    own = Q(supplier__in=suppliers_of(user).values("pk"))
    # Permissions are a JSON list, which SQLite cannot search: read the person's few rows.
    memberships = TeamMember.objects.filter(user=user).values_list("requirement", "permissions")
    readable = [pk for pk, held in memberships if Permission.READ_RESPONSES in held]
    conflicts = Evaluator.objects.filter(user=user, has_conflict=True).values("requirement")
    return Response.objects.filter(
        own | (unsealed() & Q(requirement__in=readable) & ~Q(requirement__in=conflicts))
    )


def response_count(requirement: Requirement) -> int:
    """How many responses are submitted: the one thing anyone may know before closing."""
    return Response.objects.filter(
        requirement=requirement, status=Response.Status.SUBMITTED
    ).count()


def closing_time(requirement: Requirement) -> str:
    """When responses close, as people read it in the jurisdiction's time zone: "the end
    of 2 December 2026" for a closing day, else "14:30 on 2 December 2026"."""
    local = timezone.localtime(requirement.closes_at, requirement.zone)
    if local.time() == datetime.time():
        day = local.date() - datetime.timedelta(days=1)
        return _("the end of %(date)s") % {"date": formats.date_format(day, "j F Y")}
    return _("%(time)s on %(date)s") % {
        "time": formats.time_format(local, "H:i"),
        "date": formats.date_format(local, "j F Y"),
    }


def respond_refusal(requirement: Requirement, supplier: Organisation) -> str | None:
    """Why the supplier may not respond to the requirement, in words for its people; None
    when it may."""
    if is_eligible(requirement, supplier):
        return None
    buyer = requirement.buyer
    if supplier.jurisdiction_id != buyer.jurisdiction_id:
        return _("Only suppliers registered in %(jurisdiction)s can respond to it.") % {
            "jurisdiction": buyer.jurisdiction.name
        }
    if requirement.lot_id is not None and service_for(requirement, supplier) is None:
        words = {"lot": requirement.lot.name, "framework": requirement.lot.framework.name}
        if requirement.specialist_role:
            return _(
                "Only suppliers with a live service on %(lot)s of %(framework)s offering the "
                "role it asks for (%(role)s) can respond to it."
            ) % {**words, "role": requirement.specialist_role}
        return (
            _("Only suppliers with a live service on %(lot)s of %(framework)s can respond to it.")
            % words
        )
    if requirement.invite_only:
        return _("It is open only to the suppliers the buyer invited.")
    return _("Your organisation cannot respond to it.")


def export_table(requirement: Requirement, responses) -> tuple[list[str], list[list[str]]]:
    """The responses as a table (supplier, lot, when submitted, then each answer), in the
    page's language, times in the jurisdiction's zone."""
    document = qs.document_of(requirement.response_questions)
    header, rows = qs.export_rows(
        document, [r.answers for r in responses], currency=requirement.currency
    )
    lead = [_("Supplier"), _("Lot"), _("Submitted")]
    return [*lead, *header], [
        [
            response.supplier.name,
            str(response.lot),
            timezone.localtime(response.submitted_at, requirement.zone).strftime("%Y-%m-%d %H:%M"),
            *row,
        ]
        for response, row in zip(responses, rows, strict=True)
    ]
