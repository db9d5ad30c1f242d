"""Clarification questions: eligible suppliers ask (on the requirement's page, or a page of
its own when what they typed needs correcting), the buyer's team answers, everyone reads
the answers; suppliers find their own questions across requirements."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openbuy.core.forms import NOT_RUN, CharacterCountTextarea, Form, submit
from openbuy.core.pagination import page_of

from .. import actions, selectors
from ..actions.clarifications import ANSWER_LIMIT, QUESTION_LIMIT
from ..permissions import Permission, require


class AskForm(Form):
    supplier = forms.ChoiceField(
        label=gettext_lazy("Asking for"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the supplier you are asking for")},
    )
    question = forms.CharField(
        label=gettext_lazy("Your question"),
        max_length=QUESTION_LIMIT,
        widget=CharacterCountTextarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Only your organisation and the buyer's team see it until it is answered. The "
            "answer is published to everyone, without saying who asked."
        ),
        error_messages={"required": gettext_lazy("Enter your question")},
    )

    def __init__(self, data=None, files=None, *, suppliers, **kwargs):
        super().__init__(data, files, **kwargs)
        self.suppliers = {s.slug: s for s in suppliers}
        self.fields["supplier"].choices = [(s.slug, s.name) for s in suppliers]
        if len(suppliers) == 1:
            # One supplier: nothing to choose.
            self.fields["supplier"].widget = forms.HiddenInput()
            self.fields["supplier"].initial = suppliers[0].slug


class AnswerForm(Form):
    published_question = forms.CharField(
        label=gettext_lazy("The question as it will be published"),
        max_length=QUESTION_LIMIT,
        widget=CharacterCountTextarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Reword it if it says who asked, or anything else only they should know."
        ),
        error_messages={"required": gettext_lazy("Enter the question as it will be published")},
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer"),
        max_length=ANSWER_LIMIT,
        widget=CharacterCountTextarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Enter the answer")},
    )
    error_names = {
        "published_question": gettext_lazy("The question"),
        "answer": gettext_lazy("The answer"),
    }


def _requirement(request, pk):
    return get_object_or_404(selectors.requirements_shown_to(request.user), pk=pk)


@login_required
def ask(request, pk):
    requirement = _requirement(request, pk)
    asking = selectors.asking(requirement, request.user)
    form = AskForm(request.POST or None, suppliers=asking.suppliers) if asking.suppliers else None
    if form is not None:
        asked = submit(
            request,
            form,
            lambda data: actions.question_ask(
                actor=request.user,
                requirement=requirement,
                supplier=form.suppliers[data["supplier"]],
                text=data["question"],
            ),
        )
        if asked is not NOT_RUN:
            messages.success(
                request,
                _("Your question is sent. The buyer's answer will be published to everyone."),
            )
            return redirect(reverse("opportunities:requirement", args=[pk]) + "#your-questions")
    return render(
        request,
        "opportunities/public/ask.html",
        {"requirement": requirement, "form": form, "asking": asking},
    )


def questions(request, pk):
    """The questions on a requirement the reader may see: the buyer team all (unanswered
    first, to answer), a supplier's people their own and the answered ones, anyone the
    answered ones."""
    requirement = _requirement(request, pk)
    reader = selectors.reader(requirement, request.user)
    found = selectors.clarifications_for(requirement, request.user)
    return render(
        request,
        "opportunities/public/questions.html",
        {
            "requirement": requirement,
            # Each with whether the reader may see it as asked (else only as published).
            "questions": [(q, reader.sees_asked(q)) for q in found],
            "reader": reader,
        },
    )


@login_required
def answer(request, pk, question_pk):
    requirement = _requirement(request, pk)
    question = get_object_or_404(
        selectors.clarifications_for(requirement, request.user), pk=question_pk
    )
    require(request.user, requirement, Permission.ANSWER)  # a 403 page saying why
    if question.answered_at is not None:
        # Published and e-mailed: offering the form again would only waste what is typed.
        return render(
            request,
            "opportunities/public/answered.html",
            {"requirement": requirement, "question": question},
        )
    form = AnswerForm(request.POST or None, initial={"published_question": question.question})
    answered = submit(
        request,
        form,
        lambda data: actions.question_answer(
            actor=request.user,
            question=question,
            published_question=data["published_question"],
            answer=data["answer"],
        ),
    )
    if answered is not NOT_RUN:
        messages.success(request, _("The answer is published to everyone"))
        return redirect("opportunities:questions", pk=pk)
    return render(
        request,
        "opportunities/public/answer.html",
        {"requirement": requirement, "question": question, "form": form},
    )


@login_required
def your_questions(request):
    """A supplier's people: every question their organisations asked, with the answers."""
    return render(
        request,
        "opportunities/public/your_questions.html",
        {"page": page_of(request, selectors.questions_of(request.user), per_page=50)},
    )


urlpatterns = [
    path("opportunities/questions/", your_questions, name="your-questions"),
    path("opportunities/<int:pk>/questions/", questions, name="questions"),
    path("opportunities/<int:pk>/questions/ask/", ask, name="ask"),
    path("opportunities/<int:pk>/questions/<int:question_pk>/answer/", answer, name="answer"),
]
