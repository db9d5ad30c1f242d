"""E-mails to the people of an organisation, each in their own language."""

from openbuy.core.mail import send_templated

from .models import Organisation, Role


def notify(organisation: Organisation, template: str, context: dict, *, admins_only=True) -> int:
    memberships = organisation.memberships.select_related("user").filter(user__is_active=True)
    if admins_only and organisation.kind == Organisation.Kind.SUPPLIER:
        memberships = memberships.filter(role=Role.SUPPLIER_ADMIN)
    sent = set()
    for membership in memberships:
        user = membership.user
        if user.pk in sent:
            continue
        sent.add(user.pk)
        send_templated(
            user.email,
            template,
            {**context, "user": user, "organisation": organisation},
            language=user.language,
        )
    return len(sent)
