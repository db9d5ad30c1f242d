"""The `openbuy` console command.

openbuy serve | demo | worker | audit verify|prune | questions | search prune|reindex |
changepassword, and every Django command.
"""

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openbuy.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        def fetch_command(self, subcommand):
            # Django is set up by now: what starting it made lives as long as the process,
            # and is kept out of the cycle collector's sight from here on.
            gc.freeze()
            gc.enable()
            return super().fetch_command(subcommand)

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "openbuy"
    # Paused while Django starts: it makes hundreds of thousands of objects, none of them
    # garbage, and the collector would walk them again and again (a tenth of a second).
    gc.disable()
    try:
        Utility(argv).execute()
    except ImproperlyConfigured as error:
        print(f"openbuy: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
