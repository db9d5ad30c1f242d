"""Helpers the framework and catalogue tests share: forms as a browser sends them back, and
a framework's calendar moved into the past."""

import datetime
import re

from django import forms
from django.utils import timezone

from openbuy.frameworks.models import Framework
from openbuy.questions.forms import SectionForm
from tests.frameworks import factories as f

TWO_PARAGRAPHS = "Hosting for public bodies.\n\nRun from Scotland."


def as_sent(document, section, answers) -> dict:
    """The section's form as a browser sends it back untouched: each field as shown, line
    breaks as CR LF."""
    form = SectionForm(document=document, section=section, currency="GBP", existing=answers)
    sent = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.MultiWidget):
            parts = field.widget.decompress(value)
            sent |= {f"{name}_{n}": "" if p is None else str(p) for n, p in enumerate(parts)}
        elif isinstance(value, list):
            sent[name] = value
        elif value is not None:
            sent[name] = str(value).replace("\n", "\r\n")
    return sent


def date_boxes(prefix_values: dict) -> dict:
    """Dates as a form's day, month and year boxes send them: {field: date}."""
    data = {}
    for name, day in prefix_values.items():
        data |= {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
    return data


def expire_by_the_calendar(framework):
    """The framework's calendar moved into the past, so that it expired yesterday (time
    passing is not an action)."""
    past = f.dates(opens=timezone.localdate() - datetime.timedelta(days=431))
    assert past["expires_on"] == timezone.localdate() - datetime.timedelta(days=1)
    Framework.objects.filter(pk=framework.pk).update(**past)


def refusal(response) -> list[str]:
    """The reasons a confirmation page gives for refusing a move."""
    html = response.content.decode()
    block = re.search(r'<ul[^>]*id="refusal">(.*?)</ul>', html, re.DOTALL)
    return (
        [
            re.sub(r"\s+", " ", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.DOTALL)
        ]
        if block
        else []
    )
