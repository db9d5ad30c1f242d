import logging

from django.core.management.base import BaseCommand

from openbuy.core.worker import Worker

LOGGERS = ("openbuy.worker", "django_tasks_db", "django.tasks")


class Command(BaseCommand):
    help = "Run background jobs (e-mail, exports, imports) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run queued jobs, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--parent",
            type=int,
            metavar="PID",
            help="Stop when this process is no longer the worker's parent (openbuy serve).",
        )

    def handle(self, *args, batch, interval, parent, **options):
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(options["verbosity"], logging.DEBUG)
        for name in LOGGERS:
            logging.getLogger(name).setLevel(level)
        Worker(batch=batch, interval=interval, parent=parent).run()
