"""Reads of core objects that depend on who is asking."""

from django.conf import settings

from .models import Jurisdiction

SESSION_KEY = "jurisdiction"


def current_jurisdiction(request) -> Jurisdiction | None:
    """The visitor's choice, else their first organisation's, else the instance default."""
    code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if code and (chosen := Jurisdiction.objects.filter(code=code).first()):
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        own = Jurisdiction.objects.filter(organisations__memberships__user=user).first()
        if own:
            return own
    default = settings.OPENBUY_DEFAULT_JURISDICTION
    found = Jurisdiction.objects.filter(code=default).first() if default else None
    return found or Jurisdiction.objects.order_by("pk").first()


def jurisdictions():
    return Jurisdiction.objects.all()
