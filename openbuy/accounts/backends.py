from django.contrib.auth.backends import BaseBackend

from .models import User


def authenticate_email(email: str, password: str) -> User | None:
    """The user with this address and password, or None. Unknown addresses cost the same
    password hashing as known ones, so timing does not reveal which addresses exist."""
    user = User.objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        User().set_password(password)
        return None
    if user.check_password(password) and user.is_active:
        return user
    return None


class EmailBackend(BaseBackend):
    """Sessions load users through this; sign-in goes through accounts.actions.sign_in."""

    def authenticate(self, request, email=None, password=None, **kwargs):
        return authenticate_email(email, password) if email and password else None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()
