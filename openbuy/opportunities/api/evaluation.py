"""Evaluation through the API: the evaluator's work and the team's progress
(evaluation_scoring.py), moderation, ranking and shortlist (evaluation_moderation.py)."""

from ninja import Router

from . import evaluation_moderation, evaluation_scoring

router = Router(tags=["opportunities"])
router.add_router("", evaluation_scoring.router)
router.add_router("", evaluation_moderation.router)
