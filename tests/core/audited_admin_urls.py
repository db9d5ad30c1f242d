"""An admin site of the tests' own, whose admins have no actions of their own, so every save
goes through core.admin.AuditedAdmin's audited defaults (tests/core/test_admin.py)."""

from django.contrib import admin
from django.urls import path

from openbuy import urls
from openbuy.accounts.models import BuyerEmailDomain, Organisation
from openbuy.core.admin import AuditedAdmin
from openbuy.core.models import Jurisdiction

site = admin.AdminSite(name="audited")


class DomainInline(admin.TabularInline):
    model = BuyerEmailDomain
    extra = 1


class OrganisationAdmin(AuditedAdmin):
    fields = ["name"]
    inlines = [DomainInline]


site.register(Jurisdiction, AuditedAdmin)
site.register(Organisation, OrganisationAdmin)

urlpatterns = [path("audited-admin/", site.urls), *urls.urlpatterns]
