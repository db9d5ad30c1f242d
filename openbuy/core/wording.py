"""Messages written for the person who reads them, in place of Django's defaults.

Django's own messages ("Ensure this value has at most 4 characters (it has 5).", "Framework
with this Name in web addresses already exists.") name no field and are written for
developers. Forms (through openbuy.core.forms.Form) and model validation (through
Invalid.from_validation_error) swap each for one that names the field and says what to do,
in the language of the request. A message a form or model sets itself is kept.
"""

import functools

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override


class Written(str):
    """A finished message: Django's `message % params` leaves it as it is, so a label with
    a % sign in it (question text) cannot break it."""

    def __mod__(self, _params):
        return self


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def _length(code: str, label: str, limit: int) -> Written:
    if code == "max_length":
        text = ngettext(
            "%(label)s must be %(limit)s character or fewer",
            "%(label)s must be %(limit)s characters or fewer",
            limit,
        )
    else:
        text = ngettext(
            "%(label)s must be at least %(limit)s character",
            "%(label)s must be at least %(limit)s characters",
            limit,
        )
    return Written(text % {"label": label, "limit": _number(limit)})


def _field_messages(field: forms.Field, label: str, name: str) -> dict[str, Written]:
    """`label` is the field's label, quoted only; `name` is the subject of the other
    messages ("The reason must be …"): a label that is a question cannot be one."""
    named = {"label": name}
    messages = {
        "required": _("Answer “%(question)s”") % {"question": label},
        "null_characters_not_allowed": _("%(label)s has a NUL character in it: remove it") % named,
    }
    for code in ("max_length", "min_length"):
        limit = getattr(field, code, None)
        if limit is not None:
            messages[code] = _length(code, name, limit)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choose = _("%(label)s: select one of the options shown") % named
        messages |= {"invalid_choice": choose, "invalid_list": choose, "invalid_pk_value": choose}
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        whole = isinstance(field, forms.IntegerField)
        messages["invalid"] = (
            _("%(label)s must be a whole number, like 12")
            if whole
            else _("%(label)s must be a number, like 12.5")
        ) % named
        if field.max_value is not None:
            messages["max_value"] = _("%(label)s must be %(limit)s or less") % {
                **named,
                "limit": _number(field.max_value),
            }
        if field.min_value is not None:
            messages["min_value"] = _("%(label)s must be %(limit)s or more") % {
                **named,
                "limit": _number(field.min_value),
            }
        too_big = _("%(label)s is too large or has too many decimal places") % named
        messages |= {
            "max_digits": too_big,
            "max_decimal_places": too_big,
            "max_whole_digits": too_big,
            "step_size": _("%(label)s must be a whole number") % named,
        }
    if isinstance(field, forms.EmailField):
        messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.org"
        )
    elif isinstance(field, forms.SlugField):
        messages["invalid"] = _("Use lower-case letters, digits and hyphens")
    elif isinstance(field, forms.URLField):
        messages["invalid"] = _("Enter a web address, like https://example.org")
    elif isinstance(field, forms.DateField):
        messages["invalid"] = _("%(label)s must be a real date, like 2027-03-31") % named
    elif isinstance(field, forms.FileField):
        messages |= {
            "invalid": _("Choose a file"),
            "missing": _("Choose a file"),
            "empty": _("The file you chose is empty"),
            "contradiction": _("Choose a file, or leave it out"),
        }
        if field.max_length is not None:
            messages["max_length"] = Written(
                ngettext(
                    "The file's name must be %(limit)s character or fewer",
                    "The file's name must be %(limit)s characters or fewer",
                    field.max_length,
                )
                % {"limit": _number(field.max_length)}
            )
    return {code: Written(text) for code, text in messages.items()}


def _class_defaults(cls) -> dict:
    """The messages Django's own field classes give a field of this class (openbuy's field
    classes write their own, which are kept)."""
    defaults = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("django."):
            defaults.update(getattr(klass, "default_error_messages", {}))
    return defaults


def error_name(field: forms.Field, label: str) -> str:
    """What messages call the field: its `error_name` (set where the label is a question,
    like "Why is the service suspended?", which cannot be the subject of "… must be 2,000
    characters or fewer"), or else its label."""
    return str(getattr(field, "error_name", None) or label)


def write_field_messages(field: forms.Field, label=None, name=None) -> None:
    """Put written messages on a form field (and the parts of a multi-value field) for every
    code whose message is still Django's."""
    label = str(label or field.label or "")
    name = name or error_name(field, label)
    defaults = _class_defaults(type(field))
    for code, message in _field_messages(field, label, name).items():
        current = field.error_messages.get(code)
        if current is None or current is defaults.get(code):
            field.error_messages[code] = message
    if isinstance(field, forms.ModelChoiceField):
        # Django checks a model choice for NUL itself, with its own message.
        field.validate_no_null_characters = _no_nul(field.error_messages)
    for part in getattr(field, "fields", ()):
        write_field_messages(part, label, name)


def _no_nul(messages: dict):
    def validate(value):
        if value and "\x00" in str(value):
            raise ValidationError(
                messages["null_characters_not_allowed"], code="null_characters_not_allowed"
            )

    return validate


# Model validation: Django's messages, known by the objects that hold them (validators'
# plural messages have no text of their own until formatted) or by their English text.
@functools.cache  # once, on first use, after the apps are ready
def _django_messages() -> tuple[frozenset[int], frozenset[str]]:
    from django.db import models

    objects, texts = set(), set()
    stack = [models.Field]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        objects |= {id(m) for m in getattr(cls, "default_error_messages", {}).values()}
    for value in vars(validators).values():
        if isinstance(value, type) and getattr(value, "message", None) is not None:
            objects.add(id(value.message))
    with override("en"):
        texts |= {
            "%(model_name)s with this %(field_labels)s already exists.",
            "%(model_name)s with this %(field_label)s already exists.",
            str(models.BaseConstraint.default_violation_error_message),
        }
    return frozenset(objects), frozenset(texts)


def is_django_default(error: ValidationError) -> bool:
    objects, texts = _django_messages()
    if id(error.message) in objects:
        return True
    with override("en"):
        return str(error.message) in texts


def model_message(error: ValidationError, instance, field_name: str | None) -> str:
    """A model validation error in words for the person: Django's defaults are rewritten
    using the field's name as people see it; the model's own messages stay."""
    if not is_django_default(error):
        return str(error.message % error.params if error.params else error.message)
    field = None
    if field_name and instance is not None:
        try:
            field = instance._meta.get_field(field_name)
        except LookupError:
            field = None
    label = capfirst(str(field.verbose_name)) if field is not None else ""
    value = getattr(instance, field.attname, "") if field is not None else ""
    code = error.code
    if code == "unique" and field is not None:
        return _("%(label)s “%(value)s” is already taken. Choose another.") % {
            "label": label,
            "value": value,
        }
    if code in {"max_length", "min_length"} and field is not None:
        return str(_length(code, label, (error.params or {}).get("limit_value", 0)))
    if code in {"blank", "null"} and field is not None:
        return _("%(label)s cannot be empty") % {"label": label}
    if code == "invalid_choice" and field is not None:
        return _("%(label)s: “%(value)s” is not one of the choices") % {
            "label": label,
            "value": value,
        }
    if field is not None:
        return _("Check “%(label)s”: it cannot be saved as it is") % {"label": label}
    if code == "unique_together":
        return _("There is already one with these details. Change them and try again.")
    return _("These details do not fit together. Check them and try again.")
