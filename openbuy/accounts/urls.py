from django.urls import path

from .views import account, audit, auth, organisations

app_name = "accounts"

urlpatterns = [
    path("account/sign-up/", auth.sign_up, name="sign-up"),
    path("account/check-your-email/", auth.check_email, name="check-email"),
    path("account/verify/<str:token>/", auth.verify_email, name="verify-email"),
    path("account/verify-again/", auth.resend_verification, name="resend-verification"),
    path("account/sign-in/", auth.sign_in, name="sign-in"),
    path("account/sign-in/link/", auth.sign_in_link_request, name="sign-in-link-request"),
    path("account/sign-in/link/sent/", auth.sign_in_link_sent, name="sign-in-link-sent"),
    path("account/sign-in/link/<str:token>/", auth.sign_in_link, name="sign-in-link"),
    path("account/sign-out/", auth.sign_out, name="sign-out"),
    path("account/forgotten-password/", auth.password_forgotten, name="password-forgotten"),
    path("account/forgotten-password/sent/", auth.password_reset_sent, name="password-reset-sent"),
    path(
        "account/reset-password/<str:uidb64>/<str:token>/",
        auth.password_reset,
        name="password-reset",
    ),
    path("account/", account.account, name="account"),
    path("account/details/", account.account_edit, name="account-edit"),
    path("account/password/", account.password_change, name="password-change"),
    path("account/api-tokens/", account.api_tokens, name="api-tokens"),
    path("account/api-tokens/<int:pk>/revoke/", account.api_token_revoke, name="api-token-revoke"),
    path("organisations/", organisations.organisations, name="organisations"),
    path("organisations/<slug:slug>/", organisations.organisation, name="organisation"),
    path("organisations/<slug:slug>/edit/", organisations.supplier_edit, name="supplier-edit"),
    path("organisations/<slug:slug>/members/", organisations.members, name="members"),
    path("organisations/<slug:slug>/members/invite/", organisations.invite, name="invite"),
    path(
        "organisations/<slug:slug>/members/<int:pk>/remove/",
        organisations.member_remove,
        name="member-remove",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/withdraw/",
        organisations.invitation_revoke,
        name="invitation-revoke",
    ),
    path("organisations/<slug:slug>/audit/", audit.organisation_audit, name="organisation-audit"),
    path("suppliers/register/", organisations.supplier_register, name="supplier-register"),
    path("invitations/<str:token>/", organisations.invitation, name="invitation"),
    path("platform/audit/", audit.platform_audit, name="platform-audit"),
]
