"""Awards: the chosen supplier of a lot, a standstill period, then the confirmed contract."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from .requirements import Requirement, RequirementLot
from .responses import Response


class Award(models.Model):
    class Status(models.TextChoices):
        STANDSTILL = "standstill", _("In standstill")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="awards")
    lot = models.ForeignKey(RequirementLot, on_delete=models.PROTECT, related_name="awards")
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="awards")
    status = FSMField(default=Status.STANDSTILL, choices=Status.choices, protected=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    # Why a response other than the first ranked was chosen (the second stage's outcome,
    # say): asked then, published with the award and in every responder's feedback.
    reason = models.TextField(blank=True, max_length=5000)
    standstill_ends_at = models.DateTimeField(
        help_text=_("No award is confirmed before this time.")
    )
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["requirement", "lot", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot"],
                condition=~Q(status="cancelled"),
                name="award_one_standing_per_lot",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed")
                | (
                    Q(confirmed_at__isnull=False)
                    & Q(confirmed_at__gte=F("standstill_ends_at"))
                    & Q(contract_start__isnull=False)
                    & Q(contract_end__gte=F("contract_start"))
                    & Q(value__gte=0)
                    & ~Q(currency="")
                ),
                name="award_confirmed_after_standstill_in_full",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
                name="award_cancelled_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Award of %(lot)s") % {"lot": self.lot})

    @property
    def in_standstill(self) -> bool:
        return self.status == self.Status.STANDSTILL and timezone.now() < self.standstill_ends_at

    @transition(
        field=status,
        source=Status.STANDSTILL,
        target=Status.CONFIRMED,
        conditions=[lambda a: timezone.now() >= a.standstill_ends_at],
    )
    def confirm(self) -> None:
        self.confirmed_at = timezone.now()

    @transition(field=status, source=Status.STANDSTILL, target=Status.CANCELLED)
    def cancel(self) -> None:
        pass
