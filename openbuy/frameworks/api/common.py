"""What the frameworks API's modules share: the router, and finding what a request names."""

from django.shortcuts import get_object_or_404
from ninja import Field, Router

from openbuy.accounts.api import AUTH

from .. import selectors
from ..models import Application, DraftService, Framework

router = Router(auth=AUTH, tags=["frameworks"])


def Slug():  # noqa: N802 (used as a field type: `slug: str = Slug()`)
    return Field(pattern=r"^[-a-z0-9]+$", max_length=80)


def framework_named(slug) -> Framework:
    return get_object_or_404(selectors.frameworks(), slug=slug)


def application_for(request, pk) -> Application:
    # To anyone but the supplier's people and the framework's managers it is not there
    # (404), as on the pages (docs/visibility.md).
    return get_object_or_404(
        selectors.with_services(selectors.applications_visible_to(request.auth)), pk=pk
    )


def draft_for(request, pk) -> DraftService:
    draft = get_object_or_404(DraftService.objects.select_related("application__supplier"), pk=pk)
    application_for(request, draft.application_id)
    return draft
