"""The project form renderer: every Django form field gets GOV.UK markup (label, hint,
error message) and every form an error summary. Also the fields openbuy's forms share."""

import re
from decimal import Decimal

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .errors import ActionError
from .money import MoneyError, parse_amount


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def add_action_error(form: forms.Form, error: ActionError) -> None:
    """Show an action's error on the form: on its field when the form has one."""
    if not error.errors:
        form.add_error(None, str(error))
        return
    for field, messages in error.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class MoneyField(forms.Field):
    """An amount typed by a person, read strictly in the given currency."""

    widget = forms.TextInput

    def __init__(self, *, currency: str = "GBP", **kwargs):
        self.currency = currency
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def to_python(self, value) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Enter an amount of 30 characters or fewer"))
        try:
            return parse_amount(text, self.currency)
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        return f"{value:f}" if isinstance(value, Decimal) else value


_GROUPED = re.compile(r"\d{1,3}(,\d{3})+")


class WholeNumberField(forms.IntegerField):
    """A count typed as text (GOV.UK advice: no type=number), 0 or more."""

    default_error_messages = {"invalid": _("Enter a whole number, like 12")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10_000_000)
        kwargs["error_messages"] = {
            "min_value": _("Enter a number of %(limit_value)s or more"),
            "max_value": _("Enter a number of %(limit_value)s or less"),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if _GROUPED.fullmatch(value):
                value = value.replace(",", "")
        return super().to_python(value)
