"""Question sets' one state change: adding a version."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation, Role
from openbuy.accounts.permissions import roles_in
from openbuy.core import audit
from openbuy.core.errors import Forbidden, Invalid
from openbuy.core.permissions import is_platform_admin

from .document import load_document
from .models import QuestionSet
from .verbs import Verb


def may_add(user, authority: Organisation) -> bool:
    """An authority's framework managers (and platform admins) write its question sets."""
    return is_platform_admin(user) or Role.FRAMEWORK_MANAGER in roles_in(user, authority)


@audit.action
def question_set_create(*, actor, authority: Organisation, slug: str, document) -> QuestionSet:
    """Add a version of a question set (version 1 for a new slug). Versions never change;
    a document the same as the newest version's adds none and returns that version. The
    set returned says which with `added`."""
    if not may_add(actor, authority):
        raise Forbidden(_("Only the authority's framework managers add question sets"))
    parsed = load_document(document)
    slug = slugify(slug or "")
    if not slug:
        raise Invalid(_("Enter a name for the question set, like g-cloud-hosting"), field="slug")
    latest = (
        QuestionSet.objects.select_for_update(of=("self",))
        .filter(authority=authority, slug=slug)
        .order_by("-version")
        .first()
    )
    if latest and latest.purpose != parsed.purpose:
        raise Invalid(
            _("A new version must keep the purpose (%(purpose)s)") % {"purpose": latest.purpose},
            field="document",
        )
    document = parsed.model_dump(mode="json")
    if latest and latest.document == document:
        # The newest version sent again (a version's page saved unchanged): versions never
        # change, so an identical one would only be clutter for the managers to tell apart.
        audit.nothing_changed()
        latest.added = False
        return latest
    question_set = QuestionSet.objects.create(
        authority=authority,
        slug=slug,
        version=(latest.version + 1) if latest else 1,
        purpose=parsed.purpose,
        # The title in the set's own language; pages show the document's, translated.
        title=parsed.in_language(parsed.language).title,
        document=document,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        Verb.QUESTION_SET_CREATED,
        actor=actor,
        obj=question_set,
        organisation=authority,
        payload={"slug": slug, "version": question_set.version},
    )
    question_set.added = True
    return question_set
