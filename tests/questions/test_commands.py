"""`openbuy questions check|load`: documents validated and loaded from the command line."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openbuy.questions.models import QuestionSet
from tests.frameworks import factories as f


def test_check_validates_documents(capsys):
    call_command("questions", "check", str(f.SETS / "g-cloud-hosting.json"))
    assert "service, 18 questions, in en and fr, OK" in capsys.readouterr().out


def test_a_broken_document_is_a_one_line_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"title": "x", "purpose": "oops", "sections": []}))
    with pytest.raises(CommandError, match=r"broken\.json: purpose: “oops” is not allowed here"):
        call_command("questions", "check", str(broken))
    with pytest.raises(CommandError, match="no such file"):
        call_command("questions", "check", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_load_adds_versions_for_an_authority(capsys, tmp_path):
    _person, authority = f.manager()
    path = str(f.SETS / "g-cloud-hosting.json")
    changed = tmp_path / "hosting.json"
    changed.write_text(Path(path).read_text().replace("Service name", "Name of the service"))
    call_command("questions", "load", path, "--authority", authority.slug, "--name", "hosting")
    call_command("questions", "load", path, "--authority", authority.slug, "--name", "hosting")
    assert "hosting version 1 unchanged (the same document)" in capsys.readouterr().out
    call_command(
        "questions", "load", str(changed), "--authority", authority.slug, "--name", "hosting"
    )
    assert list(QuestionSet.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    assert "hosting version 2 loaded" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--authority must be the slug of an authority"):
        call_command("questions", "load", path, "--authority", "nobody")
