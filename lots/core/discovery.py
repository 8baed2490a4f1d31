"""What each of the project's apps contributes, found by Django's module autodiscovery.

An app takes part in a cross-module feature by having a module of an agreed name:
``api`` (a router for the JSON API), ``tasks`` ("Mina uppgifter"), ``reminders``
(the daily mails), ``demo`` (the demo municipality), ``calendar_links`` (where the
yearly calendar's tasks are carried out). The ground floor never names the apps.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules, module_has_submodule


def app_modules(name: str) -> list[ModuleType]:
    """``<app>.<name>`` of every installed ``lots.`` app that has one, in INSTALLED_APPS order.

    An error raised while importing such a module propagates; only a missing module is skipped. Modules of that name
    in third-party apps are imported by the autodiscovery but not returned.
    """
    autodiscover_modules(name)
    return [
        import_module(f"{config.name}.{name}")
        for config in apps.get_app_configs()
        if config.name.startswith("lots.") and module_has_submodule(config.module, name)
    ]
