from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbuy.accounts.selectors import organisations
from openbuy.core.actors import SYSTEM
from openbuy.core.errors import ActionError
from openbuy.core.inputs import text_problem
from openbuy.questions.actions import question_set_create
from openbuy.questions.document import load_document


class Command(BaseCommand):
    help = (
        "Question-set documents: `openbuy questions check FILE...` validates them; "
        "`openbuy questions load FILE --authority SLUG [--name NAME]` adds a version."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "load"])
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--authority", help="Slug of the authority that owns the set.")
        parser.add_argument("--name", help="Name of the set (default: the file's name).")

    def handle(self, *args, action, files, authority, name, **options):
        # Arguments that are not valid UTF-8 arrive as lone surrogates (surrogateescape).
        for value in (authority, name, *map(str, files)):
            problem = text_problem(value or "")
            if problem:
                raise CommandError(f"{value!a}: {problem}")
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                document = load_document(path)
            except (ActionError, OSError) as error:
                raise CommandError(f"{path}: {error}") from error
            if action == "check":
                self.stdout.write(f"{path}: {_described(document)}, OK")
                continue
            owner = organisations().filter(slug=authority or "", kind="authority").first()
            if owner is None:
                raise CommandError("--authority must be the slug of an authority")
            try:
                created = question_set_create(
                    actor=SYSTEM,
                    authority=owner,
                    slug=name or path.stem,
                    document=document.model_dump(mode="json"),
                )
            except ActionError as error:
                raise CommandError(f"{path}: {error}") from error
            done = "loaded" if created.added else "unchanged (the same document)"
            self.stdout.write(f"{created.slug} version {created.version} {done}")


def _described(document) -> str:
    """ "service, 18 questions, in en and fr": what a check found."""
    languages = " and ".join(document.languages)
    return f"{document.purpose}, {len(document.questions)} questions, in {languages}"
