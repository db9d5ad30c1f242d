import sys

from django.core.management.base import BaseCommand

from openbuy.core import audit


class Command(BaseCommand):
    help = "Check the audit trail: `openbuy audit verify` prints OK or the first broken event."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} events, chain head {result.head_hash}")
            return
        self.stderr.write(f"BROKEN: {result.problem}")
        sys.exit(1)
