from django.core.management.base import BaseCommand, CommandError

from openbuy.core.search import prune_log


class Command(BaseCommand):
    help = (
        "Housekeeping for search: `openbuy search prune [--keep N]` deletes all but the newest "
        "N rows of each kind's change log (a process that had not read that far builds its "
        "index again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["prune"])
        parser.add_argument("--keep", type=int, default=10_000, help="rows kept per kind")

    def handle(self, *args, action, keep, **options):
        if keep < 1:
            raise CommandError("--keep must be 1 or more: processes catch up from the last row")
        deleted = prune_log(keep=keep)
        self.stdout.write(f"Deleted {deleted} change-log rows; kept the newest {keep} per kind")
