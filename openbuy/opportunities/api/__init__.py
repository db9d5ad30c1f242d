"""Opportunities through the API: one router per stage, the same actions and selectors as
the pages."""

from ninja import Router

from openbuy.accounts.api import AUTH

from . import awards, requirements

router = Router(auth=AUTH, tags=["opportunities"])
router.add_router("", requirements.router)
router.add_router("", awards.router)
