"""Update (and compile) the English catalogue of one or more apps.

Each app keeps its own catalogue in ``lots/<app>/locale/en/LC_MESSAGES/django.po``, so the strings of one module are
found next to its code and two people translating two modules never edit the same file. The project's shared templates
and helpers (``lots/templates``, ``lots/lib`` and the like, which belong to no app) keep theirs in ``lots/locale``;
name them ``shared``. The message ids are the Swedish texts.

    manage.py messages deviations feedback      # update the two catalogues from the code
    manage.py messages --compile deviations     # also compile them (the .mo files are committed)
"""

import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.test.utils import override_settings

SHARED = "shared"


def _lots_apps() -> dict[str, Path]:
    return {
        config.label: Path(config.path)
        for config in apps.get_app_configs()
        if config.name.startswith("lots.") and config.name.count(".") == 1
    }


class Command(BaseCommand):
    help = "Update the English catalogue of the named apps (or 'shared' for lots/locale), optionally compiling it."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", help="app labels, or 'shared'")
        parser.add_argument("--compile", action="store_true", help="compile the catalogues after updating them")

    def handle(self, *args, **options):
        known = _lots_apps()
        root = Path(settings.BASE_DIR) / "lots"
        for name in options["names"]:
            if name != SHARED and name not in known:
                raise CommandError(f"Unknown app {name!r}; one of: {', '.join(sorted(known))}, or {SHARED!r}")
        here = os.getcwd()
        try:
            for name in options["names"]:
                if name == SHARED:
                    folder, locale_paths = root, [root / "locale"]
                    # Everything under lots/ that is not an app's folder.
                    ignore = [f"{path.name}/*" for path in known.values()]
                else:
                    folder, locale_paths, ignore = known[name], [], []
                    (folder / "locale").mkdir(exist_ok=True)
                os.chdir(folder)
                with override_settings(LOCALE_PATHS=locale_paths):
                    call_command(
                        "makemessages",
                        locale=["en"],
                        ignore_patterns=ignore + ["tests/*", "migrations/*"],
                        no_obsolete=True,
                        verbosity=0,
                    )
                    if options["compile"]:
                        call_command("compilemessages", locale=["en"], verbosity=0)
                self.stdout.write(f"{name}: {folder.relative_to(root.parent) / 'locale'}")
        finally:
            os.chdir(here)
