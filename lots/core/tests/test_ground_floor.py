"""lots.core is the ground floor: the domain apps build on it, it builds on none of them.

"Domain app" here means every package under ``lots`` except ``lots.core`` itself and
``lots.lib`` (domain-free helpers): the apps of the management system (organisation,
accounts, access, audit, processes, deviations, …), the API, the start page and the test
helpers in ``lots.testing``, including any app added later. Code in lots/core may import
the standard library, Django and other third-party packages, lots.core and lots.lib. What
needs a domain app (the start page, the menu, the tasks from every module) lives in
lots/home; cross-module hooks are found at run time (lots.core.discovery).

Core's own tests are not held to this: they may use a domain model as a fixture (a table to
page through, a model to route), as long as the code under test does not.
"""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
ALLOWED = ("lots.core", "lots.lib")


def imported_modules(source: str, module: str) -> set[str]:
    """Every module named by an import statement anywhere in ``source`` (relative imports resolved against ``module``)."""
    names = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            names.add(target)
            # "from lots import access" imports the package lots.access.
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def forbidden(names: set[str]) -> set[str]:
    return {n for n in names if n.startswith("lots.") and not any(n == a or n.startswith(f"{a}.") for a in ALLOWED)}


def core_modules():
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE.parent.parent)
        if relative.parts[:3] == ("lots", "core", "tests"):
            continue
        yield path, ".".join(relative.with_suffix("").parts)


def test_no_module_in_lots_core_imports_a_domain_app():
    checked = 0
    found = {}
    for path, module in core_modules():
        checked += 1
        bad = forbidden(imported_modules(path.read_text(encoding="utf-8"), module))
        if bad:
            found[module] = sorted(bad)
    assert checked >= 10
    assert found == {}


def test_the_check_sees_every_way_of_importing():
    source = """
from lots import access
import lots.deviations.models
from lots.accounts.models import User
from ..home import views
from . import forms
from lots.lib.dates import iso_week_key
from django.db import models


def later():
    from lots.audit import services
"""
    assert forbidden(imported_modules(source, "lots.core.views")) == {
        "lots.access",
        "lots.deviations.models",
        "lots.accounts.models",
        "lots.accounts.models.User",
        "lots.home",
        "lots.home.views",
        "lots.audit",
        "lots.audit.services",
    }
