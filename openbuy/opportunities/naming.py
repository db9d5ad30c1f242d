"""How a lot is named to people: "Lot 2: Flood models", or "Lot 1" when it has no title."""

from django.utils.translation import gettext as _


def lot_name(lot) -> str:
    if lot.title:
        return _("Lot %(number)d: %(title)s") % {"number": lot.number, "title": lot.title}
    return _("Lot %(number)d") % {"number": lot.number}
