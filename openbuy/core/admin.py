"""Django's admin, for platform admins. Every change goes through an audited action;
the audit trail and the outbox are read-only here."""

from django.contrib import admin

from .actions import admin_delete, admin_save, jurisdiction_save
from .models import AuditEvent, Jurisdiction, OutboxMessage


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin is an audited action, in the admin's
    own transaction: an admin whose model has actions of its own calls them (overriding
    these methods); any other goes through core.actions.admin_save / admin_delete, whose
    events name the admin, the object and the fields whose stored values changed.
    tests/core/test_admin.py checks that every registered admin that can change anything
    is one of these."""

    def save_model(self, request, obj, form, change):
        admin_save(obj, actor=request.user)

    def delete_model(self, request, obj):
        admin_delete(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # fills new_, changed_ and deleted_objects
        for obj in formset.deleted_objects:
            admin_delete(obj, actor=request.user)
        for obj in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]:
            admin_save(obj, actor=request.user)
        formset.save_m2m()


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    list_display = ["code", "name", "currency", "time_zone", "ocid_prefix"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change):
        jurisdiction_save(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "seq",
        "created_at",
        "verb",
        "actor_id",
        "organisation_id",
        "object_type",
        "object_id",
    ]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_id", "verb"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject"]
    search_fields = ["to", "subject"]
