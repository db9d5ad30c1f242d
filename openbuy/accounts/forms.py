"""Forms parse what people type; the actions decide whether it is allowed."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from openbuy.core.forms import Form, MoneyField, WholeNumberField

from .actions import Purpose
from .models import Role
from .registration import SCHEME_CHOICES

EMAIL_ERRORS = {
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.org"),
}


def _email(label=None, errors=None, autocomplete="email", **kwargs):
    return forms.EmailField(
        label=label or _("Email address"),
        max_length=254,
        error_messages=errors
        or {**EMAIL_ERRORS, "max_length": _("Email address must be 254 characters or fewer")},
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
        **kwargs,
    )


def _password(label, autocomplete, **kwargs):
    return forms.CharField(
        label=label,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


class SignUpForm(Form):
    error_names = {"purpose": _("What you will use openbuy for")}
    purpose = forms.ChoiceField(
        label=_("What will you use openbuy for?"),
        choices=[
            (Purpose.BUYER, _("I buy for a public body")),
            (Purpose.SUPPLIER, _("I am a supplier")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you will use openbuy for")},
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Full name must be 150 characters or fewer"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = _email(help_text=_("Buyers must use their work address at a public body."))
    password = _password(
        _("Create a password"),
        "new-password",
        help_text=_("At least 10 characters. Avoid common passwords."),
        error_messages={"required": _("Enter a password")},
    )


class SignInForm(Form):
    email = _email()
    password = _password(
        _("Password"), "current-password", error_messages={"required": _("Enter your password")}
    )


class VerifyPasswordForm(Form):
    password = _password(
        _("Password"),
        "current-password",
        help_text=_("The password you chose when you created the account."),
        error_messages={"required": _("Enter your password")},
    )


class PasswordResetRequestForm(Form):
    email = _email()


class SetPasswordForm(Form):
    new_password = _password(
        _("New password"),
        "new-password",
        help_text=_("At least 10 characters. Avoid common passwords."),
        error_messages={"required": _("Enter a new password")},
    )


class PasswordChangeForm(SetPasswordForm):
    current_password = _password(
        _("Current password"),
        "current-password",
        error_messages={"required": _("Enter your current password")},
    )
    keep_api_tokens = forms.BooleanField(
        required=False,
        help_text=_("Otherwise they are revoked, and scripts that use them need a new token."),
    )
    field_order = ["current_password", "new_password", "keep_api_tokens"]

    def __init__(self, *args, api_tokens: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if api_tokens:
            self.fields["keep_api_tokens"].label = ngettext(
                "Keep my %(count)d API token working",
                "Keep my %(count)d API tokens working",
                api_tokens,
            ) % {"count": api_tokens}
        else:
            del self.fields["keep_api_tokens"]


class AccountForm(Form):
    name = SignUpForm.base_fields["name"]
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=[(code, settings.LANGUAGE_NAMES_NATIVE[code]) for code, _n in settings.LANGUAGES],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a language"),
            "invalid_choice": _("Select English or French"),
        },
    )


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("So you can tell your tokens apart, like 'spend report script'."),
        error_messages={
            "required": _("Enter a name for the token"),
            "max_length": _("The name must be 100 characters or fewer"),
        },
    )


class SupplierForm(Form):
    name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        error_messages={
            "required": _("Enter your company's name"),
            "max_length": _("Company name must be 200 characters or fewer"),
        },
    )
    registration_scheme = forms.ChoiceField(
        label=_("Register"),
        choices=[("", _("Select a register")), *SCHEME_CHOICES],
        help_text=_("Where your company or charity is registered."),
        error_messages={"required": _("Select the register your organisation is in")},
    )
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=32,
        error_messages={
            "required": _("Enter your registration number"),
            "max_length": _("Registration number must be 32 characters or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    country = forms.ChoiceField(
        label=_("Country of registration"),
        choices=[("", _("Select a country"))],
        error_messages={"required": _("Select a country")},
    )
    address = forms.CharField(
        label=_("Registered address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        error_messages={
            "required": _("Enter your registered address"),
            "max_length": _("Address must be 500 characters or fewer"),
        },
    )
    headcount = WholeNumberField(
        label=_("Number of staff"),
        help_text=_("Count part-time staff as fractions, rounded up to a whole number."),
        error_messages={"required": _("Enter the number of staff")},
    )
    annual_turnover = MoneyField(
        label=_("Annual turnover"),
        error_messages={"required": _("Enter your annual turnover")},
    )
    balance_sheet_total = MoneyField(
        label=_("Balance sheet total"),
        error_messages={"required": _("Enter your balance sheet total")},
    )

    def __init__(self, *args, currency: str = "GBP", **kwargs):
        super().__init__(*args, **kwargs)
        # Countries are named in the reader's language, so the list is built per form.
        self.fields["country"].choices = [("", _("Select a country")), *countries]
        for name in ("annual_turnover", "balance_sheet_total"):
            field = self.fields[name]
            field.currency = currency
            field.help_text = _("In %(currency)s, from your last accounts, like 250,000") % {
                "currency": currency
            }
            field.widget.attrs["class"] = "govuk-input--width-10"
        self.fields["headcount"].widget.attrs["class"] = "govuk-input--width-5"


class InvitationForm(Form):
    # Someone else's address: the messages say "their", and the browser offers not yours.
    email = _email(
        _("Their email address"),
        errors={
            "required": _("Enter their email address"),
            "invalid": _("Enter their email address in the correct format, like name@example.org"),
            "max_length": _("Their email address must be 254 characters or fewer"),
        },
        autocomplete="off",
    )
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a role"),
            "invalid_choice": _("Select a role you can give"),
        },
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]


class AuditFilterForm(Form):
    """Filters for the audit trail; every field is optional."""

    verb = forms.ChoiceField(label=_("What happened"), required=False)
    actor = forms.CharField(label=_("Who (email address)"), required=False, max_length=254)
    organisation = forms.CharField(
        label=_("Organisation (its web address name)"), required=False, max_length=80
    )
    object_type = forms.CharField(
        label=_("Object type, like accounts.organisation"), required=False, max_length=64
    )
    since = forms.DateField(
        label=_("From date (YYYY-MM-DD)"),
        required=False,
        error_messages={"invalid": _("Enter the date like 2026-11-23")},
    )
    until = forms.DateField(
        label=_("To date (YYYY-MM-DD)"),
        required=False,
        error_messages={"invalid": _("Enter the date like 2026-11-23")},
    )

    def __init__(self, *args, verbs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("Anything")), *verbs]

    def filter(self, events):
        data = self.cleaned_data
        if data.get("verb"):
            events = events.filter(verb=data["verb"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("since"):
            events = events.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(created_at__date__lte=data["until"])
        return events
