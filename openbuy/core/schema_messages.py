"""Messages for what a schema check (pydantic) found wrong, written for people: the API's
field errors and question-set documents' errors both use them."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy


def schema_message(item: dict, *, guide: str = "") -> str:
    """What pydantic found wrong at one place (an error of `ValidationError.errors()`), in
    words for a person and in their language: pydantic says it in English only, for
    programmers. `guide` names the page that says what a value may look like."""
    kind, ctx = item["type"], item.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    counts = {
        "string_too_short": ngettext_lazy(
            "must have at least %(n)s character", "must have at least %(n)s characters", "n"
        ),
        "string_too_long": ngettext_lazy(
            "must have at most %(n)s character", "must have at most %(n)s characters", "n"
        ),
        "too_short": ngettext_lazy("needs at least %(n)s item", "needs at least %(n)s items", "n"),
        "too_long": ngettext_lazy(
            "can have at most %(n)s item", "can have at most %(n)s items", "n"
        ),
        "decimal_max_digits": ngettext_lazy(
            "can have at most %(n)s digit", "can have at most %(n)s digits", "n"
        ),
        "decimal_max_places": ngettext_lazy(
            "can have at most %(n)s decimal place", "can have at most %(n)s decimal places", "n"
        ),
        "decimal_whole_digits": ngettext_lazy(
            "can have at most %(n)s digit before the decimal point",
            "can have at most %(n)s digits before the decimal point",
            "n",
        ),
    }
    if kind in counts:
        n = next(
            (
                ctx[k]
                for k in (
                    "min_length",
                    "max_length",
                    "max_digits",
                    "decimal_places",
                    "whole_digits",
                )
                if k in ctx
            ),
            0,
        )
        return counts[kind] % {"n": n}
    if kind == "string_pattern_mismatch":
        value = str(item.get("input"))[:80]
        if guide:
            return _("“%(value)s” is not allowed here (see %(guide)s)") % {
                "value": value,
                "guide": guide,
            }
        return _("“%(value)s” is not allowed here") % {"value": value}
    bounds = {
        "greater_than_equal": (_("must be %(n)s or more"), "ge"),
        "less_than_equal": (_("must be %(n)s or less"), "le"),
        "greater_than": (_("must be more than %(n)s"), "gt"),
        "less_than": (_("must be less than %(n)s"), "lt"),
        "multiple_of": (_("must be a multiple of %(n)s"), "multiple_of"),
    }
    if kind in bounds:
        message, bound = bounds[kind]
        return message % {"n": ctx.get(bound)}
    if kind == "union_tag_invalid":
        return _("“%(tag)s” is not a question type; use one of %(types)s") % {
            "tag": ctx.get("tag"),
            "types": ctx.get("expected_tags"),
        }
    if kind in {"literal_error", "enum"}:
        return _("must be one of %(values)s") % {"values": ctx.get("expected")}
    return str(_words().get(kind, _("is not a value this takes")))


# Every other kind pydantic reports for the types the API's schemas and question-set
# documents use (str, int, bool, date, decimals, lists, objects). A kind not named here
# gets general words instead, never pydantic's English.
def _words() -> dict:
    return {
        "missing": _("this is needed"),
        "extra_forbidden": _("this is not a name this takes"),
        "union_tag_not_found": _("give the question a type"),
        "string_type": _("must be text"),
        "string_sub_type": _("must be text"),
        "string_unicode": _("must be text"),
        "int_type": _("must be a whole number"),
        "int_parsing": _("must be a whole number"),
        "int_from_float": _("must be a whole number"),
        "int_parsing_size": _("must be a smaller whole number"),
        "bool_type": _("must be true or false"),
        "bool_parsing": _("must be true or false"),
        "decimal_parsing": _("must be a number"),
        "decimal_type": _("must be a number"),
        "float_type": _("must be a number"),
        "float_parsing": _("must be a number"),
        "finite_number": _("must be a number"),
        "date_type": _("must be a date like 2027-03-31"),
        "date_parsing": _("must be a date like 2027-03-31"),
        "date_from_datetime_parsing": _("must be a date like 2027-03-31"),
        "date_from_datetime_inexact": _("must be a date like 2027-03-31"),
        "datetime_type": _("must be a date and time like 2027-03-31T09:00:00Z"),
        "datetime_parsing": _("must be a date and time like 2027-03-31T09:00:00Z"),
        "datetime_from_date_parsing": _("must be a date and time like 2027-03-31T09:00:00Z"),
        "datetime_object_invalid": _("must be a date and time like 2027-03-31T09:00:00Z"),
        "list_type": _("must be a list [ … ]"),
        "tuple_type": _("must be a list [ … ]"),
        "set_type": _("must be a list [ … ]"),
        "iterable_type": _("must be a list [ … ]"),
        "dict_type": _("must be an object { … }"),
        "mapping_type": _("must be an object { … }"),
        "model_type": _("must be an object { … }"),
        "model_attributes_type": _("must be an object { … }"),
        "none_required": _("must be null"),
    }
