from pathlib import Path

from django.apps import apps

from lots.core.discovery import app_modules


def test_it_finds_each_apps_module_in_installed_apps_order():
    expected = [
        f"{config.name}.tasks"
        for config in apps.get_app_configs()
        if config.name.startswith("lots.") and (Path(config.path) / "tasks.py").exists()
    ]
    assert len(expected) >= 5
    assert [m.__name__ for m in app_modules("tasks")] == expected


def test_it_leaves_out_third_party_modules_of_the_same_name():
    names = [m.__name__ for m in app_modules("api")]
    assert "django.contrib.messages.api" not in names
    assert "lots.home.api" in names and all(n.startswith("lots.") for n in names)


def test_a_name_no_app_uses_finds_nothing():
    assert app_modules("no_such_hook") == []
