"""manage.py send_reminders: every module's reminders, for today or a given date."""

import datetime
import io
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from lots.accounts.models import Role
from lots.core.discovery import app_modules
from lots.improvements.tests.helpers import make_action
from lots.notifications.models import SentNotification

COMMAND = "lots.notifications.management.commands.send_reminders"


def reminders(app, sent, calls):
    module = ModuleType(f"{app}.reminders")

    def send_reminders(today):
        calls.append((app, today))
        return sent

    module.send_reminders = send_reminders
    return module


def test_it_runs_each_modules_reminders_for_the_given_date_and_counts_what_was_sent(monkeypatch):
    calls = []
    found = [reminders("lots.deviations", 2, calls), reminders("lots.feedback", 3, calls)]
    monkeypatch.setattr(f"{COMMAND}.app_modules", lambda name: found if name == "reminders" else [])
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-02", stdout=out)
    day = datetime.date(2026, 3, 2)
    assert calls == [("lots.deviations", day), ("lots.feedback", day)]
    assert out.getvalue().splitlines() == [
        "Avvikelser och lex Sarah: 2",
        "Synpunkter och klagomål: 3",
        "Skickade 5 påminnelser för 2026-03-02 i 0 brev, högst ett per person.",
    ]


def test_a_date_that_is_not_a_date_stops_before_anything_is_sent(monkeypatch):
    calls = []
    monkeypatch.setattr(f"{COMMAND}.app_modules", lambda name: [reminders("lots.deviations", 1, calls)])
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "2026-13-40", stdout=io.StringIO())
    assert calls == []


def test_every_app_with_a_reminders_module_is_found_without_a_list():
    expected = [
        f"{config.name}.reminders"
        for config in apps.get_app_configs()
        if config.name.startswith("lots.") and (Path(config.path) / "reminders.py").exists()
    ]
    assert "lots.improvements.reminders" in expected and "lots.deviations.reminders" in expected
    assert [m.__name__ for m in app_modules("reminders")] == expected


def test_a_module_that_fails_does_not_stop_the_others_and_the_run_ends_in_an_error(monkeypatch, caplog):
    calls = []

    def broken(today):
        raise RuntimeError("a module's bug")

    failing = reminders("lots.deviations", 0, calls)
    failing.send_reminders = broken
    found = [failing, reminders("lots.feedback", 3, calls)]
    monkeypatch.setattr(f"{COMMAND}.app_modules", lambda name: found)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Avvikelser och lex Sarah"):
        call_command("send_reminders", "--date", "2026-03-02", stdout=out)
    assert calls == [("lots.feedback", datetime.date(2026, 3, 2))]
    assert "Synpunkter och klagomål: 3" in out.getvalue()
    assert "a module's bug" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_a_reminder_is_not_marked_sent_and_goes_out_once_the_server_is_back(
    world, mail_server, mail_queue
):
    owner = world.persona(Role.MEDARBETARE)
    due = timezone.localdate() + datetime.timedelta(days=3)
    make_action(world, world.own, owner=owner, title="Snart", due=due)
    mail_server.stop()
    call_command("send_reminders", stdout=io.StringIO())
    mail_queue.work()
    assert not SentNotification.objects.sent().filter(recipient=owner.email).exists()
    mail_server.start()
    mail_queue.work(later=True)
    assert [m.subject for m in mail_server.received if m.to == [owner.email]] == [
        f"Förbättringsåtgärd ska vara klar {due:%Y-%m-%d}: Snart"
    ]
    assert SentNotification.objects.sent().filter(recipient=owner.email).exists()
    call_command("send_reminders", stdout=io.StringIO())
    mail_queue.work(later=True)
    assert len([m for m in mail_server.received if m.to == [owner.email]]) == 1
