"""Django's admin, for platform admins. Every change goes through an audited action;
the audit trail and the outbox are read-only here."""

from django.contrib import admin

from .actions import jurisdiction_save
from .models import AuditEvent, Jurisdiction, OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
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
