"""Template helpers for GOV.UK markup: widgets with the right classes, money, dates."""

from django import forms, template
from django.urls import reverse
from django.utils.html import format_html

from ..forms import CharacterCountTextarea
from ..money import format_money, input_affixes

register = template.Library()
DEFAULT_BRAND = "#1d70b8"

_WIDGET_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
}


@register.simple_tag
def govuk_widget(field):
    """Render a text-like, textarea or select widget with GOV.UK classes and error state."""
    counted = isinstance(field.field.widget, CharacterCountTextarea)
    kind = "textarea" if counted else field.widget_type
    base = _WIDGET_CLASS.get(kind, "govuk-input")
    classes = [base]
    if field.errors:
        classes.append(base.split()[0] + "--error")
    extra = field.field.widget.attrs.get("class")
    if extra:
        classes.append(extra)
    attrs = {"class": " ".join(classes)}
    if counted:
        # GOV.UK's script finds the textarea by this class and its message by this id.
        attrs["class"] += " govuk-js-character-count"
        described = [field.aria_describedby, f"{field.auto_id}-info"]
        attrs["aria-describedby"] = " ".join(part for part in described if part)
    if kind == "password":
        attrs.update({"spellcheck": "false", "autocapitalize": "none"})
    currency = getattr(field.field, "currency", None)
    if currency:
        return money_box(field.as_widget(attrs=attrs), currency)
    return field.as_widget(attrs=attrs)


def money_box(widget: str, currency: str) -> str:
    """An amount's box with the currency's symbol beside it: GOV.UK's prefix (or suffix,
    where the language writes the symbol after the number)."""
    prefix, suffix = input_affixes(currency)
    return format_html(
        '<div class="govuk-input__wrapper">{}{}{}</div>',
        format_html('<div class="govuk-input__prefix" aria-hidden="true">{}</div>', prefix)
        if prefix
        else "",
        widget,
        format_html('<div class="govuk-input__suffix" aria-hidden="true">{}</div>', suffix)
        if suffix
        else "",
    )


@register.filter
def field_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, CharacterCountTextarea):
        return "character-count"
    # Django's CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.MultiWidget):
        return "group"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


@register.filter
def money(amount, currency):
    if amount is None:
        return ""
    return format_money(amount, currency)


@register.simple_tag
def brand_style(jurisdiction):
    """The jurisdiction's brand colour as GOV.UK Frontend's custom property, from a style
    sheet per colour (not an inline style, which would need a CSP nonce)."""
    colour = (getattr(jurisdiction, "brand_colour", None) or DEFAULT_BRAND).lstrip("#").lower()
    return format_html('<link rel="stylesheet" href="{}">', reverse("brand-css", args=[colour]))


@register.filter
def error_anchor(field) -> str:
    """The id an error summary link points at: the first option of a group of choices."""
    if field_kind(field) in {"radios", "checkboxes", "group"}:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def first_field_id(form) -> str:
    visible = form.visible_fields()
    return error_anchor(visible[0]) if visible else "main-content"


@register.filter
def lang_attr(language) -> str:
    """lang="…" for text in another language than the page's (given by the caller), or
    nothing."""
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def attr(attrs: dict, name: str):
    """An HTML attribute whose name a template cannot spell, like aria-invalid."""
    return attrs.get(name)
