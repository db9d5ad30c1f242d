import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openbuy.core import serving, site_url, supervisor


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Serve the web app with a background worker beside it: gunicorn when "
        "OPENBUY_ENV=production, Django's development server otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", metavar="ADDR:PORT")
        parser.add_argument("--no-worker", action="store_true", help="Do not start a worker.")
        parser.add_argument(
            "--processes",
            type=positive,
            default=os.environ.get("OPENBUY_WEB_PROCESSES") or serving.default_processes(),
            help="Production: web server processes (OPENBUY_WEB_PROCESSES; 2 per core + 1).",
        )
        parser.add_argument(
            "--threads",
            type=positive,
            default=os.environ.get("OPENBUY_WEB_THREADS") or serving.THREADS,
            help="Production: threads per process (OPENBUY_WEB_THREADS; 4).",
        )

    def handle(self, *args, addrport, no_worker, processes, threads, **options):
        host, _colon, port = addrport.rpartition(":")
        if not port.isdigit():
            raise CommandError(f"give the address as ADDR:PORT or PORT, not {addrport!r}")
        host = host or "127.0.0.1"
        serving.refuse_unless_ready()
        env = {**os.environ, "OPENBUY_SERVED_URL": site_url.served_url(host, port)}
        web = serving.web_command(host, port, processes=int(processes), threads=int(threads))
        worker = None
        if not no_worker:
            worker = [*serving.openbuy_command(), "worker", "--parent", str(os.getpid())]
        if settings.PRODUCTION:
            self.stdout.write(
                f"gunicorn on {host}:{port}: {processes} processes x {threads} threads"
                + ("" if no_worker else ", and a worker")
            )
        raise SystemExit(supervisor.supervise(web, worker, env))
