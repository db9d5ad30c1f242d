"""Sign up, verify, sign in and out, forgotten password."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from openbuy.core.context_processors import page_path
from openbuy.core.errors import ActionError
from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.throttle import Throttled, client_address

from .. import actions, devices
from ..forms import (
    PasswordResetRequestForm,
    SetPasswordForm,
    SignInForm,
    SignUpForm,
    VerifyPasswordForm,
)
from ..throttles import form_window

BACKEND = "openbuy.accounts.backends.EmailBackend"
# The account this browser's session signed up, until its address is verified: its link
# opened here signs in without the password (actions.sign_in_where_signed_up).
SIGNED_UP_ACCOUNT = "signed_up_account"


def _waiting(request, template: str, context: dict, refused: Throttled):
    """The form again with the reason to wait, as 429 with Retry-After."""
    context["form"].add_error(None, str(refused))
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(refused.retry_after)
    return response


def _over_rate(request, form: str) -> Throttled | None:
    """Past FORM_RATE accepted posts of the form from the client's address, the reason to
    wait (showing the form, and posts refused for what was typed, are never limited)."""
    if request.method != "POST":
        return None
    try:
        form_window(form).check(client_address(request))
    except Throttled as refused:
        return refused
    return None


def _accepted(request, form: str) -> None:
    """Count a post that was accepted (one that sends an e-mail) against FORM_RATE: the
    rate stops e-mail flooding, while someone correcting a typo is never made to wait."""
    with contextlib.suppress(Throttled):  # posts accepted at once may pass the limit by one
        form_window(form).hit(client_address(request))


def _signed_in(request, user, response):
    """Sign the person in on this browser, which is now one their account is used on."""
    login(request, user, backend=BACKEND)
    devices.remember(response, request, user.email)
    return response


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return page_path(target)
    return default


@sensitive_post_parameters("password")
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if refused := _over_rate(request, "sign-up"):
        return _waiting(request, "accounts/sign_up.html", {"form": form}, refused)
    user = submit(
        request, form, lambda data: actions.account_sign_up(**data, language=get_language())
    )
    if user is not NOT_RUN:
        _accepted(request, "sign-up")
        request.session["signed_up_email"] = form.cleaned_data["email"].lower()
        # Only an account made here, with the password typed here (an address that had an
        # account already gets an e-mail instead, and no account is remembered).
        if user is not None:
            request.session[SIGNED_UP_ACCOUNT] = {
                "id": user.pk,
                "hash": user.get_session_auth_hash(),
            }
        else:
            request.session.pop(SIGNED_UP_ACCOUNT, None)
        return redirect("accounts:check-email")
    return render(request, "accounts/sign_up.html", {"form": form})


def check_email(request):
    return render(
        request,
        "accounts/check_email.html",
        {
            "email": request.session.get("signed_up_email"),
        },
    )


@sensitive_post_parameters("password")
def verify_email(request, token: str):
    """The link proves the mailbox; the password (or being signed in, or being the browser
    that signed the account up) proves the account."""
    try:
        owner = actions.verification_user(token)
    except ActionError as error:
        return render(request, "accounts/verify_failed.html", {"message": str(error)}, status=400)
    signed_in_as_owner = request.user.is_authenticated and request.user.pk == owner.pk
    if request.user.is_authenticated and not signed_in_as_owner:
        message = _(
            "This link is for %(email)s, but you are signed in as %(other)s. Sign out, "
            "then open the link again."
        ) % {"email": owner.email, "other": request.user.email}
        return render(request, "accounts/verify_failed.html", {"message": message}, status=403)
    if owner.email_verified:
        return _verified(request, owner)
    signed_up = request.session.get(SIGNED_UP_ACCOUNT) or {}
    if not request.user.is_authenticated and signed_up.get("id") == owner.pk:
        # Opened in the browser that signed up: no need to type the password again.
        try:
            user = actions.sign_in_where_signed_up(token=token, account_hash=signed_up["hash"])
        except ActionError:
            request.session.pop(SIGNED_UP_ACCOUNT, None)  # the password changed: ask for it
        else:
            response = _signed_in(request, user, redirect(request.path))
            request.session.pop(SIGNED_UP_ACCOUNT, None)
            actions.email_verify(actor=user, token=token)
            return response
    form = None if signed_in_as_owner else VerifyPasswordForm(request.POST or None)
    context = {"form": form, "owner": owner}
    if request.method == "POST":
        response = redirect(request.path)
        if form is not None and form.is_valid():
            try:
                user = actions.sign_in(
                    email=owner.email,
                    password=form.cleaned_data["password"],
                    address=client_address(request),
                    device=devices.device_of(request),
                )
            except Throttled as refused:
                return _waiting(request, "accounts/verify.html", context, refused)
            if user is None:
                form.add_error("password", _("Enter the password of this account"))
            else:
                _signed_in(request, user, response)
        if request.user.is_authenticated:
            actions.email_verify(actor=request.user, token=token)
            return response
    return render(request, "accounts/verify.html", context)


def _verified(request, user):
    body = user.memberships.select_related("organisation").first()
    return render(request, "accounts/verified.html", {"verified_user": user, "membership": body})


@require_POST
def resend_verification(request):
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    try:
        actions.verification_resend(actor=request.user)
    except ActionError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request, _("We have sent a new link to %(email)s") % {"email": request.user.email}
        )
    return redirect("accounts:account")


@sensitive_post_parameters("password")
def sign_in(request):
    form = SignInForm(request.POST or None)
    context = {"form": form, "next": _safe_next(request, "")}
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.sign_in(
                **form.cleaned_data,
                address=client_address(request),
                device=devices.device_of(request),
            )
        except Throttled as refused:
            return _waiting(request, "accounts/sign_in.html", context, refused)
        if user is not None:
            return _signed_in(request, user, redirect(_safe_next(request, "accounts:account")))
        form.add_error("email", _("Enter a correct email address and password"))
    return render(request, "accounts/sign_in.html", context)


def sign_in_link_request(request):
    form = PasswordResetRequestForm(request.POST or None)
    if refused := _over_rate(request, "sign-in-link"):
        return _waiting(request, "accounts/sign_in_link.html", {"form": form}, refused)
    sent = submit(request, form, lambda data: actions.sign_in_link_request(email=data["email"]))
    if sent is not NOT_RUN:
        _accepted(request, "sign-in-link")
        request.session["sign_in_link_email"] = form.cleaned_data["email"].lower()
        return redirect("accounts:sign-in-link-sent")
    return render(request, "accounts/sign_in_link.html", {"form": form})


def sign_in_link_sent(request):
    return render(
        request,
        "accounts/sign_in_link_sent.html",
        {
            "email": request.session.get("sign_in_link_email"),
            "minutes": settings.SIGN_IN_LINK_MAX_AGE // 60,
        },
    )


def sign_in_link(request, token: str):
    """The page a sign-in link opens: a button, since mail scanners open links too."""
    link_user = actions.sign_in_link_user(token)
    failed = _("This link has expired or has already been used. Ask for a new one.")
    if link_user is None:
        return render(
            request, "accounts/verify_failed.html", {"message": failed, "link": True}, status=400
        )
    if request.method == "POST":
        try:
            user = actions.sign_in_with_link(token=token)
        except ActionError as error:
            return render(
                request,
                "accounts/verify_failed.html",
                {"message": str(error), "link": True},
                status=400,
            )
        return _signed_in(request, user, redirect("accounts:account"))
    return render(request, "accounts/sign_in_link_open.html", {"link_user": link_user})


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        actions.sign_out(actor=request.user)
    logout(request)
    messages.success(request, _("You have signed out"))
    return redirect("core:home")


def password_forgotten(request):
    form = PasswordResetRequestForm(request.POST or None)
    if refused := _over_rate(request, "password-reset"):
        return _waiting(request, "accounts/password_forgotten.html", {"form": form}, refused)
    sent = submit(request, form, lambda data: actions.password_reset_request(email=data["email"]))
    if sent is not NOT_RUN:
        _accepted(request, "password-reset")
        request.session["reset_email"] = form.cleaned_data["email"].lower()
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_forgotten.html", {"form": form})


def password_reset_sent(request):
    return render(
        request,
        "accounts/password_reset_sent.html",
        {
            "email": request.session.get("reset_email"),
        },
    )


@sensitive_post_parameters("new_password")
def password_reset(request, uidb64: str, token: str):
    if actions.password_reset_user(uidb64, token) is None:
        return render(
            request,
            "accounts/verify_failed.html",
            {
                "message": _("This link has expired or has already been used. Ask for a new one."),
                "reset": True,
            },
            status=400,
        )
    form = SetPasswordForm(request.POST or None)
    reset = submit(
        request,
        form,
        lambda data: actions.password_reset_complete(
            uidb64=uidb64, token=token, new=data["new_password"]
        ),
    )
    if reset is not NOT_RUN:
        messages.success(request, _("Your password has been reset. Sign in with it now."))
        return redirect("accounts:sign-in")
    return render(request, "accounts/password_reset.html", {"form": form})
