import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from openbuy.core import audit


class Command(BaseCommand):
    help = (
        "The audit trail: `openbuy audit verify` prints OK or the first broken event; "
        "`openbuy audit prune` deletes anonymous events past their retention (the worker "
        "does it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "prune"])

    def handle(self, *args, action, **options):
        if action == "prune":
            deleted = audit.prune_anonymous()
            days = settings.AUDIT_ANONYMOUS_RETENTION_DAYS
            self.stdout.write(f"Deleted {deleted} anonymous events older than {days} days")
            return
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} events, chain head {result.head_hash}")
            return
        self.stderr.write(f"BROKEN: {result.problem}")
        sys.exit(1)
