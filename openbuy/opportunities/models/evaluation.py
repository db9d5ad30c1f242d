"""Evaluation after closing: evaluators declare conflicts, score each criterion of each
response, and a moderator agrees the final scores (scoring.py computes totals)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .requirements import Requirement
from .responses import Response


class Evaluator(models.Model):
    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="evaluators"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    declared_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When they declared their interests; none means not yet."),
    )
    has_conflict = models.BooleanField(
        default=False, help_text=_("A declared conflict of interest removes them.")
    )
    conflict_details = models.TextField(blank=True, max_length=5000)
    submitted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When they submitted their scores; only then may they see the others'."),
    )

    class Meta:
        ordering = ["requirement", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "user"], name="evaluator_once"),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | Q(declared_at__isnull=False),
                name="evaluator_conflict_declared",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | (Q(declared_at__isnull=False) & Q(has_conflict=False)),
                name="evaluator_submits_only_without_conflict",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def may_score(self) -> bool:
        return self.declared_at is not None and not self.has_conflict


class Score(models.Model):
    """One evaluator's score of one criterion of one response."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="scores")
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="scores")
    criterion = models.CharField(max_length=40, help_text=_("A criterion key from scoring.py."))
    score = models.PositiveSmallIntegerField()
    justification = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response", "criterion", "evaluator"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluator", "response", "criterion"], name="score_once"
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="score_justified"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class FinalScore(models.Model):
    """The moderated score of a criterion of a response, with why it differs from the
    evaluators' where it does."""

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="final_scores")
    criterion = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True, max_length=5000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["response", "criterion"], name="final_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
