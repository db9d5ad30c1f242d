import time

from django.core.management.base import BaseCommand, CommandError

from openbuy.core import search


class Command(BaseCommand):
    help = (
        "Housekeeping for search: `openbuy search prune [--keep N]` deletes all but the newest "
        "N rows of each kind's change log (a process that had not read that far builds its "
        "index again); `openbuy search reindex [--kind KIND]` makes the index of every kind "
        "(or one) again from the sources the apps register."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["prune", "reindex"])
        parser.add_argument("--keep", type=int, default=10_000, help="rows kept per kind (prune)")
        parser.add_argument("--kind", help="the one kind to make again (reindex)")

    def handle(self, *args, action, keep, kind, **options):
        if action == "reindex":
            self.reindex(kind)
            return
        if keep < 1:
            raise CommandError("--keep must be 1 or more: processes catch up from the last row")
        deleted = search.prune_log(keep=keep)
        self.stdout.write(f"Deleted {deleted} change-log rows; kept the newest {keep} per kind")

    def reindex(self, only: str | None) -> None:
        kinds = search.sources()
        if only is not None:
            if only not in kinds:
                known = ", ".join(kinds) or "none"
                raise CommandError(f"No search source for {only!r} (kinds with one: {known})")
            kinds = [only]
        if not kinds:
            raise CommandError("No search sources are registered: nothing to reindex")
        for kind in kinds:
            began = time.monotonic()
            self.stdout.write(f"{kind}: reindexing")
            try:
                count = search.reindex(
                    kind, progress=lambda n, kind=kind: self.stdout.write(f"{kind}: {n} documents")
                )
            except Exception as error:
                # One line, whatever went wrong; the index of this kind is as it was.
                reason = " ".join(str(error).split()) or type(error).__name__
                raise CommandError(f"Reindexing {kind} failed: {reason}") from error
            self.stdout.write(
                f"{kind}: {count} documents indexed in {time.monotonic() - began:.1f} s"
            )
