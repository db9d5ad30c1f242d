"""Typed errors raised by actions, each with a message fit to show to a person.

Views turn them into GOV.UK error messages, the API into RFC 9457 problem details and
commands into a one-line reason with a non-zero exit.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ActionError(Exception):
    status = 400
    title = _("The request could not be carried out")

    def __init__(self, message, *, field: str | None = None, errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.errors: dict[str, list[str]] = errors or ({field: [str(message)]} if field else {})

    def __str__(self) -> str:
        return str(self.message)


class Invalid(ActionError):
    status = 422
    title = _("Check what you entered")

    @classmethod
    def from_validation_error(cls, error: ValidationError, instance=None) -> "Invalid":
        """A model's full_clean() errors, Django's own messages rewritten for people (the
        instance gives the fields' names)."""
        from .wording import model_message

        if hasattr(error, "error_dict"):
            errors = {
                ("" if field == "__all__" else field): [
                    model_message(e, instance, field) for e in messages
                ]
                for field, messages in error.error_dict.items()
            }
            first = next(iter(errors.values()))[0]
            return cls(first, errors=errors)
        messages = [model_message(e, instance, None) for e in error.error_list]
        return cls(messages[0], errors={"": messages})


class Forbidden(ActionError):
    status = 403
    title = _("You do not have permission to do that")


class NotFound(ActionError):
    status = 404
    title = _("Not found")


class Conflict(ActionError):
    status = 409
    title = _("That clashes with the current state")


class Gone(ActionError):
    status = 410
    title = _("No longer available")


def full_clean(instance, *, exclude=(), **checks) -> None:
    """An action's model checks: Model.full_clean(exclude, **checks), raising Invalid with
    messages that name the instance's fields, never Django's own ValidationError."""
    try:
        instance.full_clean(exclude=list(exclude), **checks)
    except ValidationError as error:
        raise Invalid.from_validation_error(error, instance) from error
