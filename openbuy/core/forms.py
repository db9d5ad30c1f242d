"""The project form renderer: every Django form field gets GOV.UK markup (label, hint,
error message) and every form an error summary. Also the fields openbuy's forms share."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.contrib import messages as flash
from django.forms.renderers import TemplatesSetting
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .dates import four_digit_year, year_problem
from .errors import ActionError
from .money import MoneyError, input_amount, parse_amount
from .throttle import Throttled
from .wording import write_field_messages


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def _lf(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def with_lf(data):
    """The submitted values with every line break as LF. Browsers send the line breaks of a
    textarea as CR LF (the HTML standard says so), so text shown from the database and sent
    back unchanged would differ from what is stored: a new version, a changed answer."""
    if data is None:
        return None
    if isinstance(data, MultiValueDict):
        copy = data.copy()
        for key, values in data.lists():
            copy.setlist(key, [_lf(value) for value in values])
        return copy
    return {
        key: [_lf(v) for v in value] if isinstance(value, list) else _lf(value)
        for key, value in data.items()
    }


class Form(forms.Form):
    """Every form of openbuy. Line breaks are read as LF whatever the browser sent. When it
    is checked, Django's default messages, written for no one in particular, give way to
    ones that name the field (see core.wording).

    error_names: what messages call a field whose label is a question ("Why is the service
    suspended?" is the label, "The reason must be 2,000 characters or fewer" the message).
    """

    error_names: dict = {}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_lf(data), *args, **kwargs)
        for name, text in self.error_names.items():
            self.fields[name].error_name = text

    def full_clean(self):
        for field in self.fields.values():
            write_field_messages(field)
        super().full_clean()


def add_action_error(form: forms.Form, error: ActionError) -> None:
    """Show an action's error on the form: on its field when the form has one."""
    if not error.errors:
        form.add_error(None, str(error))
        return
    for field, messages in error.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


NOT_RUN = object()


def submit(request, form: forms.Form, run):
    """On a valid POST, run the action with the cleaned data; its errors go on the form.

    Returns the action's result, or NOT_RUN when the form was not posted or had errors.
    Throttled is let through: it is no fault of what was typed, and the view answers it
    with how long to wait (429).
    """
    if request.method != "POST" or not form.is_valid():
        return NOT_RUN
    try:
        done = run(form.cleaned_data)
    except Throttled:
        raise
    except ActionError as error:
        add_action_error(form, error)
        return NOT_RUN
    # What the form did not keep of what was typed, said on the next page (SectionForm).
    for notice in getattr(form, "notices", ()):
        flash.info(request, notice)
    return done


class MoneyField(forms.Field):
    """An amount typed by a person, read strictly in the given currency, in a box with the
    currency's symbol beside it (the `currency` attribute, see govuk_widget)."""

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
        # No limit on length here: parse_amount says what is wrong with the text (not in
        # figures, or too large), which a count of characters would not.
        try:
            return parse_amount(text, self.currency)
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        # A saved amount as people write it ("2,000,000"); what was typed, as typed.
        return input_amount(value, self.currency) if isinstance(value, Decimal) else value


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


class CharacterCountTextarea(forms.Textarea):
    """A textarea with GOV.UK's character count: the field's limit is shown, and counted
    as you type where JavaScript runs. The browser's maxlength is left out, because it cuts
    pasted text short without a word; the form and the action refuse what is too long."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes in a fieldset."""

    template_name = "core/forms/widgets/date.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        super().__init__(
            [
                forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                forms.TextInput({**box, "class": box["class"] + " govuk-input--width-4"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [day.day, day.month, day.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    default_error_messages = {
        "invalid": _("Enter a real date, like 31 3 2027"),
        "incomplete": _("Enter a day, month and year"),
    }

    def __init__(self, **kwargs):
        parts = [forms.CharField(max_length=4) for _i in range(3)]
        kwargs.setdefault("require_all_fields", False)
        super().__init__(parts, widget=GovukDateWidget, **kwargs)
        day, month, year = self.fields
        for part in (day, month):
            part.error_messages["max_length"] = self.error_messages["invalid"]
        year.error_messages["max_length"] = four_digit_year()

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(part) for part in data_list)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        problem = year_problem(year)
        if problem:
            raise forms.ValidationError(problem, code="year")
        try:
            return datetime.date(year, month, day)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
