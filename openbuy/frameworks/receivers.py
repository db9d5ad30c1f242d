"""How frameworks take part in lower apps' actions (core/hooks.py says how hooks work)."""

from django.utils.translation import gettext as _

from openbuy.core import events

from .models import Framework


def currency_in_use(event: events.JurisdictionChange) -> list[tuple[str, str]]:
    """Frameworks' prices and values are amounts in the jurisdiction's currency, never
    converted: changing the currency under them would relabel every amount."""
    if "currency" not in event.changed:
        return []
    if not Framework.objects.filter(authority__jurisdiction=event.jurisdiction).exists():
        return []
    reason = _(
        "The currency cannot change: frameworks in %(name)s have prices and values in %(currency)s"
    ) % {"name": event.before["name"], "currency": event.before["currency"]}
    return [("currency", reason)]


def register() -> None:
    events.jurisdiction_change_refusals.connect(currency_in_use)
