from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from openbuy.demo import data


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help="Only the hand-written suppliers and a few services, with every role and "
            "every kind of object (for tests; load it into an empty database).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo data is for development; unset OPENBUY_ENV=production")
        quick = ["openbuy.demo.hashers.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]
        with override_settings(PASSWORD_HASHERS=quick):
            accounts = data.load(small=options["small"])
        self.stdout.write(f"\nDemo accounts (password for all: {data.PASSWORD})\n")
        width = max(len(email) for _role, email, _org in accounts)
        for role, email, org in accounts:
            self.stdout.write(f"  {email:<{width}}  {role}, {org}")
        self.stdout.write("")
