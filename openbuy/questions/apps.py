from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "openbuy.questions"
    label = "questions"
    verbose_name = _("Question sets")

    def ready(self):
        from openbuy.core import audit, audit_visibility

        from . import audit_names
        from .models import QuestionSet
        from .verbs import Verb

        audit.register_verbs(Verb)
        # Question sets are public. Events recorded before they had their own app name
        # them "frameworks.questionset": the same rule reads those.
        for object_type in audit_names.OBJECT_TYPES:
            audit_visibility.register(object_type, lambda user: QuestionSet.objects.all())
