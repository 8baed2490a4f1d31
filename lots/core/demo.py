"""Shared state for building the demo municipality.

``manage.py load_demo`` builds a DemoContext, then calls ``load(ctx)`` in each app's
``demo.py``. A demo module names the apps whose demo data it builds on in
``DEPENDS_ON`` (app names, e.g. ``("lots.organisation", "lots.accounts")``); the
modules load in that order, otherwise in INSTALLED_APPS order. Every loader goes
through the same services as the application, and checks what already exists so
running it twice gives the same data.
"""

import datetime
import random
from dataclasses import dataclass, field
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

from lots.core.discovery import app_modules

DEMO_PASSWORD = "lots-demo-2026"


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    municipality: object = None  # Exempelkommun
    second: object = None  # Grannby kommun
    units: dict = field(default_factory=dict)  # by code, both municipalities (codes are distinct)
    people: dict = field(default_factory=dict)  # by username
    actor: object = None  # the system actor for set-up writes (the quality coordinator)
    logins: list = field(default_factory=list)  # (role label, username) shown after loading
    notes: list = field(default_factory=list)  # lines printed under the logins (e.g. a login's second factor)

    def unit(self, code: str):
        return self.units[code]

    def person(self, username: str):
        return self.people[username]


def app_name(module: ModuleType) -> str:
    """``lots.accounts`` for ``lots.accounts.demo``."""
    return module.__name__.rpartition(".")[0]


def loading_order(modules: list[ModuleType]) -> list[ModuleType]:
    """``modules`` (in INSTALLED_APPS order) reordered so each comes after the apps in its ``DEPENDS_ON``.

    Stable: of the modules whose dependencies are loaded, the first in the given order goes next. Raises
    ImproperlyConfigured for a dependency without a demo module and for a cycle.
    """
    by_app = {app_name(m): m for m in modules}
    needs = {}
    for app, module in by_app.items():
        needs[app] = set(getattr(module, "DEPENDS_ON", ()))
        unknown = needs[app] - by_app.keys()
        if unknown:
            raise ImproperlyConfigured(f"{module.__name__}.DEPENDS_ON names apps without demo data: {sorted(unknown)}")
    ordered: list[str] = []
    while len(ordered) < len(by_app):
        ready = next((app for app in by_app if app not in ordered and needs[app] <= set(ordered)), None)
        if ready is None:
            raise ImproperlyConfigured(f"The demo modules depend on each other in a cycle: {sorted(set(by_app) - set(ordered))}")
        ordered.append(ready)
    return [by_app[app] for app in ordered]


def demo_modules() -> list[ModuleType]:
    """Every app's demo module in loading order; this module holds the shared state and is not one of them."""
    return loading_order([m for m in app_modules("demo") if m.__name__ != __name__])


def load(today: datetime.date, *, progress=None) -> DemoContext:
    """Every demo module, each in its own transaction, with the mail the services would send going nowhere.

    Only while loading: the loader also runs inside other processes (the tests), whose mail must stay as it was.
    ``progress(app)`` is called after each module. Returns the context, which names the demo's places and people.
    """
    from django.db import transaction
    from django.test.utils import override_settings

    ctx = DemoContext(today=today)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for module in demo_modules():
            with transaction.atomic():
                module.load(ctx)
            if progress:
                progress(app_name(module))
    return ctx
