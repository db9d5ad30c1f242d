from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background jobs (e-mail, exports, imports) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run queued jobs, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, batch, interval, **options):
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            reload=False,
            verbosity=options["verbosity"],
        )
