from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import FSMField, transition

from openbuy.core.models import Jurisdiction

from .registration import SCHEME_CHOICES


class UserManager(BaseUserManager):
    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username).lower())

    def create_user(self, email, password=None, **fields):
        """Used by Django's own commands only; the product creates users through actions."""
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        from .actions import platform_admin_bootstrap

        return platform_admin_bootstrap(email=email, password=password, name=fields.get("name"))


class User(AbstractBaseUser):
    """A person. What they may do comes from their memberships of organisations."""

    email = models.EmailField(_("email address"), unique=True, help_text=_("Stored in lower case."))
    name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Language of the e-mails openbuy sends to this person."),
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @cached_property
    def is_platform_admin(self) -> bool:
        return (
            self.is_active
            and self.pk is not None
            and self.memberships.filter(
                role=Role.PLATFORM_ADMIN, organisation__kind=Organisation.Kind.OPERATOR
            ).exists()
        )

    # Django's admin asks for these; platform admins may use all of it.
    @property
    def is_staff(self) -> bool:
        return self.is_platform_admin

    @property
    def is_superuser(self) -> bool:
        return self.is_platform_admin

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_platform_admin

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.is_platform_admin

    def has_module_perms(self, app_label) -> bool:
        return self.is_platform_admin


SIZE_BAND_LABELS = {
    "micro": _("Micro"),
    "small": _("Small"),
    "medium": _("Medium"),
    "large": _("Large"),
}


class Organisation(models.Model):
    """A buyer body, a supplier, an authority that runs frameworks, or the platform operator."""

    class Kind(models.TextChoices):
        BUYER = "buyer", _("Buyer body")
        AUTHORITY = "authority", _("Authority")
        SUPPLIER = "supplier", _("Supplier")
        OPERATOR = "operator", _("Platform operator")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in web addresses.")
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The government this organisation belongs to or trades in."),
    )
    registration_scheme = models.CharField(
        _("register"),
        max_length=16,
        choices=SCHEME_CHOICES,
        blank=True,
        help_text=_("Company or charity register (org-id.guide scheme code)."),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=32,
        blank=True,
        help_text=_("Number in that register, without spaces."),
    )
    country = CountryField(_("country"), blank=True, help_text=_("Country of registration."))
    address = models.TextField(_("registered address"), max_length=500, blank=True)
    headcount = models.PositiveIntegerField(
        _("staff headcount"),
        null=True,
        blank=True,
        help_text=_("Number of staff, counting part-time staff as fractions rounded up."),
    )
    annual_turnover = models.DecimalField(
        _("annual turnover"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Last year's turnover, in the jurisdiction's currency."),
    )
    balance_sheet_total = models.DecimalField(
        _("balance sheet total"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Total assets on the last balance sheet, in the jurisdiction's currency."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_scheme", "registration_number"],
                condition=Q(kind="supplier"),
                name="supplier_registration_unique",
                violation_error_message=_(
                    "A supplier with that registration number is already registered"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="supplier")
                | (
                    ~Q(registration_scheme="")
                    & ~Q(registration_number="")
                    & ~Q(country="")
                    & Q(headcount__isnull=False)
                    & Q(annual_turnover__isnull=False)
                    & Q(balance_sheet_total__isnull=False)
                ),
                name="supplier_details_complete",
            ),
            models.CheckConstraint(
                condition=Q(kind="operator") | Q(jurisdiction__isnull=False),
                name="organisation_has_jurisdiction",
            ),
            models.CheckConstraint(
                condition=Q(annual_turnover__gte=0) | Q(annual_turnover__isnull=True),
                name="turnover_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(balance_sheet_total__gte=0) | Q(balance_sheet_total__isnull=True),
                name="balance_sheet_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_buyer_body(self) -> bool:
        return self.kind in {self.Kind.BUYER, self.Kind.AUTHORITY}

    @property
    def size_band(self) -> str | None:
        """micro, small, medium or large: computed from the jurisdiction's bands, never typed."""
        if self.kind != self.Kind.SUPPLIER or self.headcount is None:
            return None
        return self.jurisdiction.size_band(
            self.headcount, self.annual_turnover, self.balance_sheet_total
        )

    def get_size_band_display(self) -> str:
        return str(SIZE_BAND_LABELS.get(self.size_band, ""))

    @property
    def is_sme(self) -> bool:
        return self.size_band in {"micro", "small", "medium"}


class BuyerEmailDomain(models.Model):
    """An e-mail domain whose verified addresses join a buyer body as buyers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_(
            "Lower case, like sepa.org.uk; covers its subdomains unless they have their own."
        ),
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    EVALUATOR = "evaluator", _("Evaluator")
    CHALLENGE_SPONSOR = "challenge_sponsor", _("Challenge sponsor")
    SUPPLIER_ADMIN = "supplier_admin", _("Supplier admin")
    SUPPLIER_MEMBER = "supplier_member", _("Supplier member")
    FRAMEWORK_MANAGER = "framework_manager", _("Framework manager")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


class Membership(models.Model):
    """One role a person holds in one organisation."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class Invitation(models.Model):
    """An e-mailed offer to join an organisation in a role; it expires after a week."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    status = FSMField(default=Status.PENDING, choices=Status.choices, protected=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()

    def _not_expired(self) -> bool:
        return not self.is_expired

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.ACCEPTED,
        conditions=[_not_expired],
        custom={"label": _("Accept")},
    )
    def accept(self, user: User) -> None:
        self.accepted_by = user
        self.decided_at = timezone.now()

    @transition(
        field=status, source=Status.PENDING, target=Status.REVOKED, custom={"label": _("Revoke")}
    )
    def revoke(self) -> None:
        self.decided_at = timezone.now()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(max_length=12, help_text=_("First characters, to recognise it."))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
