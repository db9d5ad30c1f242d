"""The `openbuy` console command.

openbuy serve | demo | worker | audit verify|prune | questions | search prune|reindex |
changepassword, and every Django command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openbuy.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "openbuy"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        print(f"openbuy: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
