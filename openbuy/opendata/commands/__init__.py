"""The subcommands of `openbuy ocds`: each module has HELP, add_arguments(parser) and
run(command, **options), raising CommandError with one line when it fails."""

from . import export, importing, validate

SUBCOMMANDS: dict = {"export": export, "import": importing, "validate": validate}
