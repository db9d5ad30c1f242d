"""The words question sets use for what a price or a number counts (units), how often a price
is charged (intervals), and what each type of question asks for (types). The ones the
shipped sets offer are a fixed vocabulary, translated here, so "£0.08 per gigabyte per
month" reads "0,08 £ par gigaoctet par mois" on a French page. A word a document brings that
is not here is the document's own text: it is shown as written, marked with the document's
language (see `words`)."""

from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

UNITS = {
    "unit": pgettext_lazy("pricing unit", "unit"),
    "user": pgettext_lazy("pricing unit", "user"),
    "instance": pgettext_lazy("pricing unit", "instance"),
    "device": pgettext_lazy("pricing unit", "device"),
    "gigabyte": pgettext_lazy("pricing unit", "gigabyte"),
    "licence": pgettext_lazy("pricing unit", "licence"),
    "team day": pgettext_lazy("pricing unit", "team day"),
    "day": pgettext_lazy("pricing unit", "day"),
    "participant": pgettext_lazy("pricing unit", "participant"),
    # Units of number questions, which are plural ("40 hours").
    "hours": pgettext_lazy("number unit", "hours"),
    "people": pgettext_lazy("number unit", "people"),
}

INTERVALS = {
    "hour": pgettext_lazy("pricing interval", "hour"),
    "day": pgettext_lazy("pricing interval", "day"),
    "week": pgettext_lazy("pricing interval", "week"),
    "month": pgettext_lazy("pricing interval", "month"),
    "year": pgettext_lazy("pricing interval", "year"),
}


def word(vocabulary: dict, value: str) -> tuple[str, bool]:
    """The word in the page's language and True, or the document's word and False."""
    known = vocabulary.get(value)
    return (str(known), True) if known is not None else (value, False)


def marked(vocabulary: dict, value: str, lang: str) -> str:
    """The word as HTML: a document's own word carries the document's language."""
    text, known = word(vocabulary, value)
    if known or not lang:
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', lang, text)


# What each type asks for, in words for the managers reading a question set's page.
TYPE_NAMES = {
    "text": pgettext_lazy("question type", "Short text"),
    "textarea": pgettext_lazy("question type", "Long text"),
    "number": pgettext_lazy("question type", "Number"),
    "money": pgettext_lazy("question type", "Amount of money"),
    "radios": pgettext_lazy("question type", "One choice"),
    "checkboxes": pgettext_lazy("question type", "Several choices"),
    "boolean": pgettext_lazy("question type", "Yes or no"),
    "list": pgettext_lazy("question type", "List of items"),
    "date": pgettext_lazy("question type", "Date"),
    "pricing": pgettext_lazy("question type", "Price"),
}
