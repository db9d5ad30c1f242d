"""Personal API tokens: created and revoked by their owner; only a digest is stored."""

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid

from ..models import ApiToken, User
from ..verbs import Verb

TOKEN_PREFIX = "obt_"  # noqa: S105 - a public marker, not a secret


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_user(secret: str) -> User | None:
    """The active owner of an active token, or None."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=digest(secret),
            revoked_at__isnull=True,
            user__is_active=True,
            user__email_verified_at__isnull=False,
        )
        .first()
    )
    return token.user if token else None


@audit.action
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret, which is never stored or shown again."""
    if not actor.email_verified:
        raise Forbidden(_("Verify your email address before you create API tokens"))
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Enter a name for the token, like 'spend report script'"), field="name")
    if len(name) > 100:
        raise Invalid(_("The name must be 100 characters or fewer"), field="name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=secret[:12], digest=digest(secret)
    )
    audit.record(Verb.API_TOKEN_CREATED, actor=actor, obj=token, payload={"name": name})
    return token, secret


@audit.action
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update(of=("self",)).get(pk=token.pk)
    if token.user_id != actor.pk:
        raise Forbidden(_("You can only revoke your own tokens"))
    if token.revoked_at is not None:
        raise Conflict(_("This token was already revoked"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(Verb.API_TOKEN_REVOKED, actor=actor, obj=token, payload={"name": token.name})
    return token
