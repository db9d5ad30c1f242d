"""Opportunities through the API: one router per stage, the same actions and selectors as
the pages."""

from ninja import Router

from openbuy.accounts.api import AUTH

from . import requirements, responses

router = Router(auth=AUTH, tags=["opportunities"])
router.add_router("", requirements.router)
router.add_router("", responses.router)
