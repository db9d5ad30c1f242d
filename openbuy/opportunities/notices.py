"""E-mails about a requirement, and the address they link to."""

from django.db.models import Q, QuerySet
from django.urls import reverse

from openbuy.accounts.models import Organisation, User
from openbuy.core.mail import send_templated

from .models import ClarificationQuestion, Requirement, Response
from .selectors.eligibility import eligible_suppliers


def requirement_path(requirement: Requirement) -> str:
    """The requirement's public page."""
    return reverse("opportunities:requirement", args=[requirement.pk])


def email_people(people: QuerySet[User], template: str, context: dict) -> int:
    """E-mail each of these people who is active once, in their own language, queued in
    the running transaction (core.mail). Returns how many were written."""
    count = 0
    for person in people.filter(is_active=True).distinct().order_by("pk"):
        send_templated(
            person.email, template, {**context, "user": person}, language=person.language
        )
        count += 1
    return count


def email_suppliers(suppliers: QuerySet[Organisation], template: str, context: dict) -> int:
    """E-mail every active person of these suppliers once (email_people)."""
    return email_people(
        User.objects.filter(
            memberships__organisation__in=suppliers.filter(kind=Organisation.Kind.SUPPLIER)
        ),
        template,
        context,
    )


def email_team(requirement: Requirement, permission: str, template: str, context: dict) -> int:
    """E-mail the members of the requirement's team who hold the permission."""
    # Permissions are a JSON list, which SQLite cannot search: read the team's few rows.
    held = requirement.team.values_list("user", "permissions")
    chosen = [user for user, permissions in held if permission in permissions]
    return email_people(User.objects.filter(pk__in=chosen), template, context)


def _engaged(requirement: Requirement) -> Q:
    """Suppliers that asked a question on the requirement or have a response on it, in
    any state (a draft too)."""
    asked = ClarificationQuestion.objects.filter(requirement=requirement).values("supplier")
    responded = Response.objects.filter(requirement=requirement).values("supplier")
    return Q(pk__in=asked) | Q(pk__in=responded)


def engaged_suppliers(requirement: Requirement) -> QuerySet[Organisation]:
    return Organisation.objects.filter(_engaged(requirement)).order_by("pk")


def concerned_suppliers(requirement: Requirement) -> QuerySet[Organisation]:
    """The suppliers a change to the whole requirement concerns: the eligible ones (those
    publishing told), and the engaged ones."""
    return Organisation.objects.filter(
        Q(pk__in=eligible_suppliers(requirement).values("pk")) | _engaged(requirement)
    )
