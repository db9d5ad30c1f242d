"""What the frameworks API's modules share: the router, and finding what a request names."""

from django.shortcuts import get_object_or_404
from ninja import Field, Router

from openbuy.accounts.api import AUTH
from openbuy.accounts.permissions import works_for
from openbuy.core.errors import Forbidden

from .. import selectors
from ..models import Application, DraftService, Framework
from ..permissions import manages

router = Router(auth=AUTH, tags=["frameworks"])


def Slug():
    return Field(pattern=r"^[-a-z0-9]+$", max_length=80)


def framework_named(slug) -> Framework:
    return get_object_or_404(selectors.frameworks(), slug=slug)


def application_for(request, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("framework__authority__jurisdiction", "supplier"), pk=pk
    )
    if not (
        works_for(request.auth, application.supplier)
        or manages(request.auth, application.framework)
    ):
        raise Forbidden("Only the supplier's people and the framework's managers can see that")
    return application


def draft_for(request, pk) -> DraftService:
    draft = get_object_or_404(DraftService.objects.select_related("application__supplier"), pk=pk)
    application_for(request, draft.application_id)
    return draft
