"""Django's admin for opportunities, for platform admins.

Responses are read-only here, and sealed as everywhere else: a response is not in the
admin at all (its list, its page, its search, its count) until its requirement has closed,
and then only once submitted (`selectors.responses.unsealed`). Django superusers are
platform admins and get no more."""

from django.contrib import admin

from openbuy.core.admin import ReadOnlyAdmin

from .models import Response
from .selectors.responses import unsealed


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "requirement", "lot", "supplier", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["requirement__buyer__jurisdiction", "lot", "supplier"]
    search_fields = ["supplier__name"]
    fields = [
        "requirement",
        "lot",
        "supplier",
        "questions",
        "status",
        "submitted_at",
        "withdrawn_at",
        "shortlisted",
        "answers",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        # Read per request: a requirement closes by time, not by an event.
        return super().get_queryset(request).filter(unsealed())
