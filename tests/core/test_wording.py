"""Every message a person can see is written for them: no form or model check lets one of
Django's own messages through ("Ensure this value has at most 4 characters (it has 5).",
"Framework with this Name in web addresses already exists."), and messages that count
things use the language's plural forms ("1 service", never "1 services")."""

import importlib
import pkgutil
import re
import subprocess

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import openbuy
from openbuy.accounts.models import Organisation
from openbuy.catalogue import actions as catalogue
from openbuy.catalogue.models import Service
from openbuy.core.actions import jurisdiction_save
from openbuy.core.actors import SYSTEM
from openbuy.core.errors import Invalid
from openbuy.core.forms import Form
from openbuy.core.models import Jurisdiction
from openbuy.frameworks import actions as frameworks
from openbuy.questions.forms import SectionForm
from openbuy.questions.models import QuestionSet
from tests import helpers
from tests.core.helpers import CATALOGUE
from tests.frameworks import factories as f

# Words of Django's own messages, in English and in French (Django's catalogue).
DJANGO_WORDS = re.compile(
    "|".join(
        [
            r"This field is required",
            r"Ensure (this value|that there)",
            r"Select a valid choice",
            r"Enter a valid",
            r"Enter a whole number\.",
            r"Enter a number\.",
            r"Enter a list of values",
            r"Null characters",
            r"already exists",
            r"is not a valid",
            r"No file was submitted",
            r"The submitted file is empty",
            r"This field cannot be",
            r"Constraint “",
            r"Ce champ est obligatoire",
            r"Assurez-vous",
            r"Sélectionnez un choix valide",
            r"Saisissez une? [^,]* valides?\.$",
            r"Saisissez un nombre( entier)?\.$",
            r"existe déjà",
        ]
    )
)


def _openbuy_forms() -> list[type]:
    # The URL conf imports every view, and with them forms kept beside views.
    importlib.import_module("openbuy.urls")
    for module in pkgutil.walk_packages(openbuy.__path__, "openbuy."):
        if module.name.rsplit(".", 1)[-1] == "forms" or ".forms." in module.name:
            importlib.import_module(module.name)
    found, stack = [], [forms.Form]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("openbuy."):
            found.append(cls)
    return sorted(set(found), key=lambda c: c.__qualname__)


def test_every_form_is_an_openbuy_form_and_says_what_a_missing_answer_needs():
    for cls in _openbuy_forms():
        assert issubclass(cls, Form), f"{cls.__qualname__} must subclass openbuy.core.forms.Form"
        for name, field in cls.base_fields.items():
            if field.required:
                default = forms.Field.default_error_messages["required"]
                assert field.error_messages["required"] is not default, (
                    f"{cls.__qualname__}.{name} needs its own message for a missing answer"
                )


@pytest.fixture
def kwargs_by_form(db):
    """How to make each form of openbuy; a new form without an entry fails the test below."""
    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=manager, authority=authority
    )
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    lot = Service.objects.get().lot
    project = catalogue.project_create(actor=buyer, buyer=authority, name="Hosting", lot=lot)
    project = catalogue.project_end(actor=buyer, project=project)
    organisations = Organisation.objects.all()
    return {
        "InvitationForm": {"roles": ["supplier_admin", "supplier_member"]},
        "AuditFilterForm": {"verbs": [("project.created", "Created a project")]},
        "FrameworkForm": {"authority": authority},
        "LotForm": {"authority": authority},
        "ResultForm": {"drafts": list(framework.applications.get().services.all())},
        "ProjectForm": {"buyers": organisations},
        "OutcomeForm": {"project": project},
        "OutcomeCorrectionForm": {"project": project},
        "CopyForm": {"sources": {"1": ("Cloud hosting by Acme", None)}},
        **_opportunities_forms(framework, organisations, buyer),
    }


def _opportunities_forms(framework, organisations, buyer) -> dict:
    from types import SimpleNamespace

    from openbuy.accounts.models import User
    from openbuy.opportunities.scoring import CULTURAL, TECHNICAL, Criterion

    suppliers = organisations.filter(kind="supplier")
    criteria = [
        Criterion("essential-1", TECHNICAL, "Has run alphas"),
        Criterion("cultural", CULTURAL, "Cultural fit"),
    ]
    scale = {"criteria": criteria, "low": 0, "high": 3}
    lots = list(framework.lots.all())
    document = framework.lots.first().questions.doc
    # What the audience form reads of a requirement to show its saved choices.
    requirement = SimpleNamespace(
        invite_only=False, invited_suppliers=suppliers.none(), invited_category={}
    )
    return {
        "AmendForm": {"document": document, "section": document.sections[0], "currency": "GBP"},
        "AskForm": {"suppliers": list(suppliers)},
        "AssignForm": {"members": User.objects.filter(pk=buyer.pk)},
        "AudienceForm": {
            "candidates": list(suppliers),
            "categories": [],
            "requirement": requirement,
        },
        "BuyerForm": {"buyers": organisations},
        "CriteriaForm": scale,
        "ScoresForm": scale,
        "FinalScoresForm": {**scale, "agreed": {"essential-1": 2, "cultural": None}},
        "ProcedureForm": {"lots": lots},
        "RequirementLotForm": {"currency": "GBP"},
        "ResponseStartForm": {"suppliers": list(suppliers), "lots": []},
        "RoleForm": {"roles": [("delivery-manager", "Delivery manager")]},
        "ShortlistForm": {"rankings": [], "limit": 3},
        "StartFromForm": {"sources": []},
        "TeamAddForm": {"candidates": [buyer]},
    }


def _section_forms():
    """A form for every section of every question set (of the live framework's authority)."""
    for question_set in QuestionSet.objects.all():
        document = question_set.doc
        for section in document.sections:
            yield lambda data, files=None, d=document, s=section: SectionForm(
                data, files, document=d, section=s, currency="GBP"
            )


def _bad_values(form, value: str) -> tuple[dict, dict]:
    """The same bad value in every box of the form, and a file where a file goes."""
    data, files = {}, {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            files[name] = SimpleUploadedFile("empty.csv", b"")
        elif isinstance(field, forms.MultiValueField):
            data |= {f"{name}_{n}": value for n in range(len(field.fields))}
        else:
            data[name] = value
    return data, files


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_form_lets_a_django_message_through(kwargs_by_form, language):
    makers = []
    for cls in _openbuy_forms():
        if cls is SectionForm:
            continue
        assert cls.__name__ in kwargs_by_form or not _needs_kwargs(cls), cls.__name__
        kwargs = kwargs_by_form.get(cls.__name__, {})
        makers.append(lambda data, files=None, c=cls, k=kwargs: c(data, files, **k))
    makers += list(_section_forms())
    # Empty, over-long, not a number or a choice, not a date, with a NUL character.
    values = ["", "x" * 100_001, "27", "20277", "abc\x00def", "-1"]
    with translation.override(language):
        for make in makers:
            for value in values:
                data, files = _bad_values(make(None), value)
                form = make(data, files)
                form.is_valid()
                for name, messages in form.errors.items():
                    for message in messages:
                        assert not DJANGO_WORDS.search(message), (
                            f"{type(form).__name__}.{name} shows Django's “{message}”"
                        )


def _needs_kwargs(cls) -> bool:
    try:
        cls()
    except TypeError:
        return True
    return False


def test_model_checks_give_messages_written_for_people(db):
    manager, authority = f.manager()
    f.gcloud(authority, manager, open_it=False)
    with pytest.raises(
        Invalid, match="A framework with that name in web addresses exists"
    ) as error:
        frameworks.framework_create(
            actor=manager,
            authority=authority,
            family="g-cloud",
            slug="g-cloud-14",
            name="Again",
            **f.dates(),
        )
    assert error.value.errors["slug"] == ["A framework with that name in web addresses exists"]
    helpers.jurisdiction()
    twin = Jurisdiction(
        code="GB-SCT",
        name="Scotland again",
        currency="GBP",
        languages=["en"],
        time_zone="Europe/London",
        ocid_prefix="ocds-again",
        brand_colour="#0065bd",
    )
    with pytest.raises(Invalid, match="Use an ocid prefix like ocds-a1b2c3") as error:
        jurisdiction_save(twin, actor=SYSTEM)
    assert error.value.errors["code"] == ["Code “GB-SCT” is already taken. Choose another."]
    scotland = helpers.jurisdiction()
    scotland.name = "S" * 101
    with pytest.raises(Invalid, match="Name must be 100 characters or fewer") as error:
        jurisdiction_save(scotland, actor=SYSTEM)
    (message,) = error.value.errors["name"]
    assert message == "Name must be 100 characters or fewer"


COUNTED = re.compile(
    r"%\((?:n|count|counter|total|limit|\w+_count)\)[sd] (?:\w+ ){0,2}?"
    r"(services|characters|words|items|options|columns|days|versions|results|events"
    r"|organisations|members|applications|suppliers|drafts|questions|lots|frameworks)\b"
)


def test_messages_that_count_things_have_plural_forms():
    catalogue_text = subprocess.run(
        ["msgcat", "--no-wrap", str(CATALOGUE)], capture_output=True, text=True, check=True
    ).stdout
    singular_only = []
    for entry in catalogue_text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', entry, re.MULTILINE)
        if msgid and "msgid_plural" not in entry and COUNTED.search(msgid.group(1)):
            singular_only.append(msgid.group(1))
    assert singular_only == []


def _messages(field) -> list[str]:
    texts = [str(m) for m in field.error_messages.values()]
    for part in getattr(field, "fields", ()):
        texts += _messages(part)
    return texts


def _question_as_subject(message: str) -> bool:
    """A question mark inside a sentence ("Why is it suspended? must be …", "What
    happened?: select …"), outside quotation marks (“Answer ‘Why …?’” is right)."""
    import re

    unquoted = re.sub(r"“[^”]*”", "", message)
    return re.search(r"\?[:\s]+\S", unquoted) is not None


def test_no_form_makes_a_question_the_subject_of_its_messages():
    """Review finding 9: "Why is the service suspended? must be 2,000 characters or fewer".
    Every form's fields, and every section of every shipped question set, with the
    messages core.wording writes for them."""
    import copy
    import json

    from openbuy.core.wording import write_field_messages
    from openbuy.questions.document import load_document
    from openbuy.questions.forms import SectionForm
    from tests.frameworks.factories import SETS

    fields = []
    for cls in _openbuy_forms():
        for name, declared in cls.base_fields.items():
            field = copy.deepcopy(declared)
            if name in getattr(cls, "error_names", {}):
                field.error_name = cls.error_names[name]
            fields.append((cls.__name__, field))
    for path in SETS.glob("*.json"):
        document = load_document(json.loads(path.read_text()))
        for section in document.sections:
            form = SectionForm(document=document, section=section, currency="GBP")
            fields += [(path.name, field) for field in form.fields.values()]
    assert len(fields) > 100
    wrong = []
    for where, field in fields:
        write_field_messages(field)
        wrong += [(where, m) for m in _messages(field) if _question_as_subject(m)]
    assert wrong == []
    assert _question_as_subject("Why is the service suspended? must be 2,000 characters")
    assert not _question_as_subject("Answer “Why is the service suspended?”")
