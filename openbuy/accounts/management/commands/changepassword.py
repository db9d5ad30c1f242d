"""`openbuy changepassword EMAIL`: Django's command of that name saves the password without
an audit event and without revoking the person's API tokens; this one goes through the
action that does both (accounts.actions.password_set_by_operator)."""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from openbuy.core.errors import ActionError

from ...actions import password_set_by_operator


class Command(BaseCommand):
    help = (
        "Set a person's password (asked twice, or read from standard input with --stdin); "
        "their API tokens are revoked and the audit trail records it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address the person signs in with")
        parser.add_argument(
            "--stdin", action="store_true", help="Read the password from the first input line"
        )

    def handle(self, *args, email, stdin, **options):
        if stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("New password: ")
            if password != getpass.getpass("The same password again: "):
                raise CommandError("The two passwords differ; nothing changed")
        try:
            user = password_set_by_operator(email=email, password=password)
        except ActionError as error:
            raise CommandError(f"{error}; nothing changed") from error
        self.stdout.write(f"Password set for {user.email}; their API tokens are revoked")
