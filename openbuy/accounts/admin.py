"""Platform admins add public bodies and their e-mail domains here; each save is an
audited action. People and suppliers manage themselves in the app."""

from django.contrib import admin

from openbuy.core.admin import AuditedAdmin, ReadOnlyAdmin

from . import actions
from .models import BuyerEmailDomain, Membership, Organisation, User


class DomainInline(admin.TabularInline):
    model = BuyerEmailDomain
    extra = 1

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "jurisdiction", "slug"]
    list_filter = ["kind", "jurisdiction"]
    search_fields = ["name", "slug", "registration_number"]
    inlines = [DomainInline]

    def get_fields(self, request, obj=None):
        return ["kind", "name", "jurisdiction"] if obj is None else ["name"]

    def get_inline_instances(self, request, obj=None):
        # A supplier has no e-mail domains: offering the field would only lead to a refusal.
        if obj is not None and not obj.is_buyer_body:
            return []
        return super().get_inline_instances(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Suppliers change their own name (the supplier details page).
        return ["name"] if obj is not None and obj.kind == Organisation.Kind.SUPPLIER else []

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            actions.organisation_rename(actor=request.user, organisation=obj, name=obj.name)
        if not change:
            created = actions.organisation_create(
                actor=request.user, kind=obj.kind, name=obj.name, jurisdiction=obj.jurisdiction
            )
            obj.pk, obj.slug = created.pk, created.slug
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        deleted = formset.deleted_forms if formset.can_delete else []
        # The admin's change message reads these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            domain = inline_form.instance
            if inline_form in deleted:
                if domain.pk:
                    actions.buyer_domain_remove(actor=request.user, domain=domain)
                    formset.deleted_objects.append(domain)
            elif domain.pk is None and inline_form.cleaned_data.get("domain"):
                actions.buyer_domain_add(
                    actor=request.user,
                    organisation=form.instance,
                    domain=inline_form.cleaned_data["domain"],
                )
                formset.new_objects.append(domain)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = actions.membership_grant(
            actor=request.user, organisation=obj.organisation, user=obj.user, role=obj.role
        )
        obj.pk = created.pk

    def delete_model(self, request, obj):
        actions.membership_remove(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            actions.membership_remove(actor=request.user, membership=membership)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "name", "email_verified_at", "date_joined", "last_login"]
    search_fields = ["email", "name"]
    exclude = ["password"]
