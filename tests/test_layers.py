"""The layout holds: each app imports only the apps below it (DESIGN §5, the contracts in pyproject.toml), and no
module reaches into another app's private names."""

import ast
import importlib.util
from pathlib import Path

from importlinter.cli import lint_imports

import diaban

PACKAGE = Path(diaban.__file__).parent
ROOT = PACKAGE.parent.parent
APPS = ("core", "territory", "people", "assignments", "feedback", "meetings", "visits", "guidance")


def test_apps_import_only_the_apps_below_them(capsys):
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def _owner(module: str) -> str:
    """The app a module belongs to; the project's top-level modules (the demo among them) count as one."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in APPS else "(project)"


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def private_names_of_other_apps(source: str, module: str) -> list[str]:
    """`from diaban.x.y import _name`, or `_name` read from another app's module imported whole."""
    found, aliases = [], {}
    own = _owner(module)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("diaban."):
            if _owner(node.module) == own:
                continue
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append("{} imports {}.{}".format(module, node.module, alias.name))
                elif _is_module("{}.{}".format(node.module, alias.name)):
                    aliases[alias.asname or alias.name] = "{}.{}".format(node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("diaban.") and _owner(alias.name) != own and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append("{} reads {}.{}".format(module, aliases[node.value.id], node.attr))
    return found


def test_no_module_reaches_into_another_apps_private_names():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found += private_names_of_other_apps(path.read_text(encoding="utf-8"), module)
    assert not found, "\n".join(found)


def test_the_private_name_check_finds_both_ways_in():
    source = (
        "from diaban.meetings.docx import build_template as layout\n"
        "from diaban.meetings.report_docx import _committees\n"
        "from diaban.visits import selectors\n"
        "layout._paragraph(None)\n"
        "selectors.person_of(None)\n"
    )
    assert private_names_of_other_apps(source, "diaban.visits.visit_docx") == [
        "diaban.visits.visit_docx imports diaban.meetings.report_docx._committees",
        "diaban.visits.visit_docx reads diaban.meetings.docx.build_template._paragraph",
    ]
