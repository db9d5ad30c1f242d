"""Django's admin, for platform admins. Every change goes through an audited action;
the audit trail and the outbox are read-only here."""

from django import forms
from django.contrib import admin

from . import events
from .actions import JURISDICTION_FIELDS, admin_delete, admin_save, jurisdiction_save
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


class JurisdictionForm(forms.ModelForm):
    """Says beside the field why a change cannot be saved (a currency frameworks price in),
    asking the same hook jurisdiction_save asks, so the admin's entry is kept."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.errors:
            return cleaned
        stored = Jurisdiction.objects.get(pk=self.instance.pk)
        before = {name: getattr(stored, name) for name in JURISDICTION_FIELDS}
        changed = {
            name: cleaned[name]
            for name in JURISDICTION_FIELDS
            if name in cleaned and cleaned[name] != before[name]
        }
        for field, reasons in events.change_refusals(stored, before, changed).items():
            for reason in reasons:
                self.add_error(field if field in self.fields else None, reason)
        return cleaned


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    form = JurisdictionForm
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
