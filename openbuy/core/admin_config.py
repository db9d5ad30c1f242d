"""Django's admin app, less the models whose changes could not be audited."""

from django.contrib.admin.apps import AdminConfig


class OpenbuyAdminConfig(AdminConfig):
    """Without auth's groups: roles here are memberships, so groups mean nothing, and
    changing them in the admin would be a change outside the audit trail."""

    def ready(self):
        super().ready()
        from django.contrib.auth.models import Group

        if self.module.site.is_registered(Group):
            self.module.site.unregister(Group)
