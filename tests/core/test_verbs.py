"""Audit verbs are declared beside the code (each app's `verbs.py`), and the declarations
match what the code writes: no verb declared that nothing writes, none written undeclared.

The check reads the source (fast, and it covers every action, not only those the tests
run): a verb counts as written where code outside the verbs modules names its member
(`Verb.DRAFT_SAVED`, through whatever name the module imported the enum as), or spells its
value as the verb of an `audit.record(...)` call.
"""

import ast
from pathlib import Path

import pytest

import openbuy
from openbuy.core import audit

ROOT = Path(openbuy.__file__).parent


def _declared() -> dict[str, dict[str, str]]:
    """verbs module ("openbuy.frameworks.verbs") -> member name -> verb."""
    found = {}
    for verbs in {type(verb) for verb in _registered()}:
        found[verbs.__module__] = {verb.name: verb.value for verb in verbs}
    return found


def _registered():
    from django.apps import apps

    for config in apps.get_app_configs():
        module = f"{config.name}.verbs"
        try:
            verbs = __import__(module, fromlist=["Verb"]).Verb
        except ModuleNotFoundError:
            continue
        yield from verbs


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_from(node: ast.ImportFrom, module: str) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")[: -node.level]
    return ".".join(package + ([node.module] if node.module else []))


def _verb_of_record_call(node: ast.AST) -> ast.AST | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
        and node.args
    ):
        return node.args[0]
    return None


def _uses(declared, root: Path = ROOT) -> tuple[set[str], list[str]]:
    """The verbs the code under root writes, and the places that name a verb nobody
    declared."""
    written, undeclared = set(), []
    every_verb = {verb for members in declared.values() for verb in members.values()}
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        if module in declared or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        aliases = {}  # local name -> verbs module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _imported_from(node, module)
                for name in node.names:
                    if source in declared and name.name == "Verb":
                        aliases[name.asname or name.name] = source
        for node in ast.walk(tree):
            where = f"{path.relative_to(root.parent)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
            ):
                members = declared[aliases[node.value.id]]
                if node.attr in members:
                    written.add(members[node.attr])
                elif not node.attr.startswith("_") and node.attr not in ("choices", "values"):
                    undeclared.append(f"{where}: {node.value.id}.{node.attr}")
            verb = _verb_of_record_call(node)
            if verb is not None:
                for part in ast.walk(verb):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        if part.value in every_verb:
                            written.add(part.value)
                        else:
                            undeclared.append(f"{where}: {part.value!r}")
    return written, undeclared


@pytest.fixture(scope="module")
def scan():
    declared = _declared()
    return declared, *_uses(declared)


def test_every_app_declares_its_verbs_in_one_enum_registered_with_the_trail(scan):
    declared, _written, _undeclared = scan
    assert set(declared) == {
        "openbuy.core.verbs",
        "openbuy.accounts.verbs",
        "openbuy.questions.verbs",
        "openbuy.frameworks.verbs",
        "openbuy.catalogue.verbs",
        "openbuy.opportunities.verbs",
        "openbuy.opendata.verbs",
    }
    every_verb = {verb for members in declared.values() for verb in members.values()}
    assert every_verb == set(audit.VERBS)


def test_every_declared_verb_is_written_somewhere(scan):
    declared, written, _undeclared = scan
    never = sorted(
        f"{module}: {verb}"
        for module, members in declared.items()
        for verb in members.values()
        if verb not in written
    )
    assert never == [], "declared audit verbs nothing writes (remove them, or write them)"


def test_every_written_verb_is_declared(scan):
    _declared, _written, undeclared = scan
    assert undeclared == [], "audit verbs written but declared by no app's verbs.py"


def test_the_scan_sees_members_and_spelled_verbs_and_names_unknown_ones(tmp_path):
    """The scan itself, on a module made up for it: a member imported under another name, a
    verb spelled as a string, a member that does not exist and a string nobody declared."""
    declared = {"openbuy.core.verbs": {"JURISDICTION_CREATED": "jurisdiction.created"}}
    module = tmp_path / "openbuy" / "core" / "actions" / "example.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from ..verbs import Verb as V\n"
        "audit.record(V.JURISDICTION_CREATED, actor=a)\n"
        "audit.record('jurisdiction.created' if x else 'made.up', actor=a)\n"
        "V.NOT_A_VERB\n"
    )
    written, undeclared = _uses(declared, tmp_path / "openbuy")
    assert written == {"jurisdiction.created"}
    assert undeclared == [
        "openbuy/core/actions/example.py:3: 'made.up'",
        "openbuy/core/actions/example.py:4: V.NOT_A_VERB",
    ]
