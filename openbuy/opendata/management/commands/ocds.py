from django.core.management.base import BaseCommand

from openbuy.opendata.commands import SUBCOMMANDS


class Command(BaseCommand):
    # Data in and out, run by schedule or by hand on a deployed site: Django's system
    # checks (half a second, mostly URL and template checks) say nothing about data.
    requires_system_checks = []
    help = (
        "Open data in OCDS: `openbuy ocds export` writes the bulk files, `openbuy ocds "
        "validate` checks every release against the schema, `openbuy ocds import FILE...` "
        "reads other publishers' data. `openbuy ocds SUBCOMMAND --help` says more."
    )

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, module in SUBCOMMANDS.items():
            sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
            module.add_arguments(sub)

    def handle(self, *args, subcommand, **options):
        SUBCOMMANDS[subcommand].run(self, **options)
