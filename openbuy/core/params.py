"""Reading ids from query strings and forms, where anything may arrive."""

import re

# str.isdigit accepts other scripts' digits ("²", "٣") that int() or the database reject,
# and an unbounded number overflows the database's integer.
_ID = re.compile(r"[0-9]{1,9}")


def id_or_none(value) -> int | None:
    """The positive id in value, or None for anything else."""
    if isinstance(value, str) and _ID.fullmatch(value) and int(value) > 0:
        return int(value)
    return None
