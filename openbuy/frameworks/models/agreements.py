"""Clarification questions answered for all applicants, and framework agreements."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openbuy.accounts.models import Organisation

from .applications import Application
from .lifecycle import Framework


class ClarificationQuestion(models.Model):
    """A supplier's question about a framework; the authority answers all applicants."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="clarifications"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(max_length=3000)
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True, max_length=5000)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.question[:60]


class Agreement(models.Model):
    """A passed supplier's signature on the framework agreement, and the countersignature."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement"
    )
    signer_name = models.CharField(max_length=150)
    signer_role = models.CharField(max_length=150)
    authority_confirmed = models.BooleanField(
        help_text=_("The signer confirmed they may sign for the supplier.")
    )
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(authority_confirmed=True), name="signer_has_authority"
            )
        ]

    def __str__(self) -> str:
        return f"Agreement of {self.application}"
