"""E-mails to suppliers about a requirement, and the address they link to."""

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from openbuy.accounts.models import Organisation, User
from openbuy.core.mail import send_templated

from .models import Requirement


def requirement_path(requirement: Requirement) -> str:
    """The requirement's public page; the buyer's own page until the public one exists."""
    try:
        return reverse("opportunities:requirement", args=[requirement.pk])
    except NoReverseMatch:
        return reverse("opportunities:draft", args=[requirement.pk])


def email_suppliers(suppliers: QuerySet[Organisation], template: str, context: dict) -> int:
    """E-mail every active person of these suppliers once, each in their own language,
    queued in the running transaction (core.mail). Returns how many were written."""
    people = (
        User.objects.filter(
            is_active=True,
            memberships__organisation__in=suppliers.filter(kind=Organisation.Kind.SUPPLIER),
        )
        .distinct()
        .order_by("pk")
    )
    count = 0
    for person in people:
        send_templated(
            person.email, template, {**context, "user": person}, language=person.language
        )
        count += 1
    return count
