"""Opportunities through the API: one router per stage, the same actions and selectors as
the pages."""

from ninja import Router

from openbuy.accounts.api import AUTH

from . import awards, clarifications, drafting, evaluation, public, requirements, responses

router = Router(auth=AUTH, tags=["opportunities"])
# Drafting first: its /requirements/mine must not be read as a requirement's id.
router.add_router("", drafting.router)
router.add_router("", requirements.router)
router.add_router("", evaluation.router)
router.add_router("", responses.router)
router.add_router("", clarifications.router)
router.add_router("", public.router)
router.add_router("", awards.router)
