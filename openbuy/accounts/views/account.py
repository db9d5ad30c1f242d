"""Your account: details, password, API tokens."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.throttle import Throttled, client_address

from .. import actions, devices, hooks, selectors
from ..forms import AccountForm, ApiTokenForm, PasswordChangeForm
from ..models import Organisation
from .auth import _waiting as waiting


@login_required
def account(request):
    organisations = selectors.organisations_of(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "organisations": organisations,
            # Direct-award projects are a buyer's (the project pages refuse everyone else).
            "buys": selectors.buyer_bodies_of(request.user).exists(),
            # Responses and clarification questions are a supplier's.
            "supplies": any(org.kind == Organisation.Kind.SUPPLIER for org in organisations),
            # What higher apps list for the person (their evaluations).
            "lists": hooks.account_lists.ask(hooks.AccountPage(user=request.user)),
        },
    )


@login_required
def account_edit(request):
    user = request.user
    form = AccountForm(request.POST or None, initial={"name": user.name, "language": user.language})
    if request.method == "POST" and form.is_valid() and not form.has_changed():
        messages.info(request, _("You did not change anything"))
        return redirect("accounts:account")
    saved = submit(request, form, lambda data: actions.account_update(actor=user, **data))
    if saved is not NOT_RUN:
        messages.success(request, _("Your details have been saved"))
        return redirect("accounts:account")
    return render(request, "accounts/account_edit.html", {"form": form})


@login_required
@sensitive_post_parameters("current_password", "new_password")
def password_change(request):
    tokens = selectors.api_tokens_of(request.user).filter(revoked_at__isnull=True).count()
    form = PasswordChangeForm(request.POST or None, api_tokens=tokens)

    def change(data):
        # Behind sign-in's throttles: a session is not a way to guess the password.
        actions.current_password_check(
            actor=request.user,
            password=data["current_password"],
            address=client_address(request),
            device=devices.device_of(request),
        )
        return actions.password_change(
            actor=request.user,
            current=data["current_password"],
            new=data["new_password"],
            keep_api_tokens=data.get("keep_api_tokens", False),
        )

    try:
        revoked = submit(request, form, change)
    except Throttled as refused:
        return waiting(request, "accounts/password_change.html", {"form": form}, refused)
    if revoked is not NOT_RUN:
        # Keeps this session; every other one ends, as its stored hash no longer matches.
        update_session_auth_hash(request, request.user)
        messages.success(request, _changed_message(revoked, kept=tokens and not revoked))
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


def _changed_message(revoked: int, kept: bool) -> str:
    if revoked:
        return ngettext(
            "Your password has been changed. Your %(count)d API token has been revoked.",
            "Your password has been changed. Your %(count)d API tokens have been revoked.",
            revoked,
        ) % {"count": revoked}
    if kept:
        return _("Your password has been changed. Your API tokens still work.")
    return _("Your password has been changed")


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    secret = None
    made = submit(request, form, lambda data: actions.api_token_create(actor=request.user, **data))
    if made is not NOT_RUN:
        _token, secret = made
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.api_tokens_of(request.user),
        },
    )


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)
    actions.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked") % {"name": token.name})
    return redirect("accounts:api-tokens")
