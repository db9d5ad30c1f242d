"""Deadlines as people read them: a requirement closes at the end of a day, stored as the
first instant of the next one, and is shown as the last minute of its own day."""

import datetime

from django import template

register = template.Library()


@register.filter
def last_minute(moment: datetime.datetime | None):
    """23:59 on the closing day rather than 00:00 on the day after."""
    return None if moment is None else moment - datetime.timedelta(minutes=1)
