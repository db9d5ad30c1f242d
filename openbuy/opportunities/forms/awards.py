"""Forms of the award pages: choosing the intended supplier, confirming the award with the
contract's dates and value, cancelling an award, ending a lot or the whole requirement
without one. Each can be made with no arguments (tests/core/test_wording.py does)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openbuy.core.forms import CharacterCountTextarea, Form, GovukDateField, MoneyField

from ..actions.deciding import MAX_REASON
from ..actions.decisions import ENDINGS


def _reason(label, hint, required):
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=MAX_REASON,
        widget=CharacterCountTextarea(attrs={"rows": 5}),
        error_messages={"required": required},
    )


class ChooseWinnerForm(Form):
    error_names = {"response": _("The supplier"), "reason": _("The reason")}
    response = forms.TypedChoiceField(
        label=_("Who do you want to award this to?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the supplier you want to award this to")},
    )
    reason = forms.CharField(
        label=_("Why this supplier, if it is not ranked first?"),
        help_text=_(
            "Needed unless you choose the first ranked: the outcome of the presentations or "
            "case studies, for example. Published with the award and shown in every "
            "supplier's feedback."
        ),
        required=False,
        max_length=MAX_REASON,
        widget=CharacterCountTextarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        """choices: (response id, label) of the lot's submitted responses."""
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = list(choices)


class ConfirmAwardForm(Form):
    error_names = {
        "contract_start": _("The contract start date"),
        "contract_end": _("The contract end date"),
        "value": _("The contract value"),
    }
    contract_start = GovukDateField(
        label=_("When does the contract start?"),
        help_text=_("For example, 1 4 2027"),
        error_messages={"required": _("Enter the contract start date")},
    )
    contract_end = GovukDateField(
        label=_("When does the contract end?"),
        help_text=_("For example, 31 3 2028"),
        error_messages={"required": _("Enter the contract end date")},
    )
    value = MoneyField(
        label=_("Total contract value"),
        help_text=_("In figures, like 45,000 or 45,000.50"),
        error_messages={"required": _("Enter the contract value")},
    )

    def __init__(self, *args, currency="GBP", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].currency = currency


class CancelAwardForm(Form):
    error_names = {"reason": _("The reason")}
    reason = _reason(
        _("Why are you cancelling this award?"),
        _("Published, and sent to every supplier that responded to this lot."),
        _("Enter why you are cancelling this award"),
    )


class DecideLotForm(Form):
    error_names = {"outcome": _("What happened"), "reason": _("The reason")}
    outcome = forms.ChoiceField(
        label=_("Why is no contract awarded?"),
        choices=[
            (ENDINGS[0], pgettext_lazy("lot outcome", "No suitable supplier")),
            (ENDINGS[1], pgettext_lazy("lot outcome", "The procurement is cancelled")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why no contract is awarded")},
    )
    reason = _reason(
        _("Explain the decision"),
        _("Published, and sent to every supplier that responded."),
        _("Enter the reason for the decision"),
    )


class CancelRequirementForm(Form):
    error_names = {"reason": _("The reason")}
    reason = _reason(
        _("Why are you cancelling this requirement?"),
        _("Published, and sent to every supplier that responded."),
        _("Enter why you are cancelling this requirement"),
    )
