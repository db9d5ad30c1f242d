"""Clarification questions: asked privately by suppliers, answered publicly by the buyer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openbuy.accounts.models import Organisation

from .requirements import Requirement


class ClarificationQuestion(models.Model):
    """A supplier's question. The asker stays private: the published answer carries the
    question as the buyer chose to word it, never the asker's name."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="clarifications"
    )
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", help_text=_("Who asked.")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(max_length=5000, help_text=_("As the supplier asked it."))
    asked_at = models.DateTimeField(auto_now_add=True)
    published_question = models.TextField(
        blank=True,
        max_length=5000,
        help_text=_("The question as published, reworded by the buyer if it named the asker."),
    )
    answer = models.TextField(blank=True, max_length=10000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the answer was published to everyone.")
    )

    class Meta:
        ordering = ["requirement", "asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (~Q(answer="") & ~Q(published_question="")),
                name="clarification_answered_in_full",
            )
        ]

    def __str__(self) -> str:
        return self.published_question or self.question[:80]
