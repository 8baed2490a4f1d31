"""The tasks a ledger raises: a bank account above 15 % of the prisbasbelopp, a god man after a long administration or
a lasting surplus; and where they show ("Mina uppgifter") and who is mailed."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lots.home.my_tasks import tasks_for as all_tasks_for
from lots.ledger import reminders, services, tasks
from lots.ledger.models import LedgerTask
from lots.ledger.tests.conftest import TODAY
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

# 15 % of the 2026 prisbasbelopp (59 200 kr) in öre: 8 880 kr.
THRESHOLD_2026 = 888_000
BANK = LedgerTask.Kind.BANK_ACCOUNT
GUARDIAN = LedgerTask.Kind.GUARDIAN


def kinds(ledger) -> list[str]:
    return sorted(ledger.tasks.filter(resolved_on__isnull=True).values_list("kind", flat=True))


def test_the_threshold_is_15_percent_of_the_years_prisbasbelopp():
    assert services.threshold_for(datetime.date(2026, 3, 1)) == THRESHOLD_2026
    assert services.threshold_for(datetime.date(2025, 3, 1)) == 882_000
    # A year not yet entered uses the latest one there is.
    assert services.threshold_for(datetime.date(2027, 1, 1)) == THRESHOLD_2026


def test_a_balance_equal_to_the_threshold_raises_no_task_one_ore_more_does(ledger, enter):
    enter(ledger, THRESHOLD_2026 / 100)
    assert ledger.attested_balance == THRESHOLD_2026 and kinds(ledger) == []
    enter(ledger, 0.01)
    assert kinds(ledger) == [BANK]
    task = ledger.tasks.get()
    assert (task.reason, task.balance, task.threshold, task.raised_on) == ("threshold", THRESHOLD_2026 + 1, THRESHOLD_2026, TODAY)


def test_money_not_yet_attested_raises_no_task(ledger, staff, enter):
    entry = enter(ledger, 9_000, attest=False)
    assert kinds(ledger) == []
    services.entry_attest(actor=staff["attester"], entry=entry, today=TODAY)
    assert kinds(ledger) == [BANK]


def test_the_bank_task_is_not_raised_twice_and_again_only_after_the_balance_crossed_anew(ledger, staff, enter):
    enter(ledger, 9_000)
    enter(ledger, 100)
    assert ledger.tasks.count() == 1
    services.task_resolve(actor=staff["manager"], task=ledger.tasks.get(), outcome="Konto öppnat", today=TODAY)
    enter(ledger, 100)
    assert kinds(ledger) == []
    enter(ledger, -8_000)
    enter(ledger, 8_000)
    assert kinds(ledger) == [BANK]


def test_a_long_administration_raises_the_god_man_task(world, staff):
    ledger = services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=datetime.date(2025, 6, 15))
    assert services.tasks_check(ledger=ledger, today=datetime.date(2026, 6, 14)) == []
    [task] = services.tasks_check(ledger=ledger, today=datetime.date(2026, 6, 15))
    assert (task.kind, task.reason) == (GUARDIAN, "long")
    assert services.tasks_check(ledger=ledger, today=datetime.date(2026, 9, 1)) == []


def test_the_set_time_is_a_setting(world, staff, settings):
    settings.LOTS_LEDGER_GUARDIAN_MONTHS = 6
    ledger = services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=datetime.date(2026, 1, 1))
    assert [t.kind for t in services.tasks_check(ledger=ledger, today=datetime.date(2026, 7, 1))] == [GUARDIAN]


def test_a_surplus_that_stays_raises_the_god_man_task(ledger, enter):
    enter(ledger, 9_000)
    [bank] = ledger.tasks.all()
    assert services.tasks_check(ledger=ledger, today=datetime.date(2026, 9, 14)) == []
    [task] = services.tasks_check(ledger=ledger, today=datetime.date(2026, 9, 15))
    assert (task.kind, task.reason) == (GUARDIAN, "surplus") and bank.raised_on == TODAY


def test_a_surplus_that_is_spent_raises_no_god_man_task(ledger, enter, staff, receipt):
    enter(ledger, 9_000)
    enter(ledger, -1_000)
    assert services.tasks_check(ledger=ledger, today=datetime.date(2026, 9, 15)) == []


def test_the_daily_run_raises_the_tasks_of_every_open_ledger(world, staff):
    services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=datetime.date(2025, 1, 1))
    assert services.tasks_check_all(today=TODAY) == 1
    assert services.tasks_check_all(today=TODAY) == 0


def test_a_task_is_done_with_what_was_done(ledger, staff, enter):
    enter(ledger, 9_000)
    task = ledger.tasks.get()
    with pytest.raises(ValidationError):
        services.task_resolve(actor=staff["manager"], task=task, outcome="  ", today=TODAY)
    services.task_resolve(actor=staff["manager"], task=task, outcome="Konto öppnat i banken", today=TODAY)
    task.refresh_from_db()
    assert (task.resolved_on, task.resolved_by) == (TODAY, staff["manager"])


def test_the_nearest_manager_gets_the_task_and_the_reconciliation_not_the_head_above(world, staff, ledger, enter):
    enter(ledger, 9_000)
    titles = [t.title for t in tasks.tasks_for(staff["manager"], TODAY)]
    assert "Hjälp personen att öppna ett bankkonto: EM-2026-001" in titles
    assert "Stäm av egna medel för 2026-05: EM-2026-001" in titles
    assert tasks.tasks_for(world.persona("kvalitetssamordnare"), TODAY) == []
    # A manager on the sub-unit is nearer its ledgers than the managers on "own" above it.
    near = UserFactory(username="ec-sub")
    RoleAssignmentFactory(user=near, role="enhetschef", unit=world.sub, include_subunits=True)
    services.ledger_open(actor=near, unit=world.sub, reference="EM-SUB-1", opened_on=datetime.date(2026, 1, 5))
    assert [t.title for t in tasks.tasks_for(near, TODAY)] == ["Stäm av egna medel för 2026-05: EM-SUB-1"]
    assert not any("EM-SUB-1" in t.title for t in tasks.tasks_for(staff["manager"], TODAY))


def test_a_head_above_the_nearest_managers_reads_none_of_the_ledgers_history(world, ledger):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    head = UserFactory(username="fc-forv")
    RoleAssignmentFactory(user=head, role="forvaltningschef", unit=world.forvaltning, include_subunits=True)
    assert tasks.nearest_ledgers(head, [ledger]) == []
    with CaptureQueriesContext(connection) as read:
        assert tasks.tasks_for(head, TODAY) == []
    assert any("ledger_ledger" in q["sql"] for q in read.captured_queries)  # the ledger was in the head's scope
    history = [q["sql"] for q in read.captured_queries if "ledger_reconciliation" in q["sql"] or "ledger_ledgertask" in q["sql"]]
    assert history == []


def test_a_reconciled_month_leaves_the_task_list(ledger, staff):
    services.reconciliation_sign(
        actor=staff["manager"], ledger=ledger, period=datetime.date(2026, 5, 1), counted_on=TODAY, counted=0, today=TODAY
    )
    assert [t.title for t in tasks.tasks_for(staff["manager"], TODAY)] == []


def test_the_entry_next_to_attest_is_a_task_for_staff_who_did_not_enter_it(staff, ledger, enter):
    enter(ledger, 100, attest=False)
    enter(ledger, 50, attest=False)
    assert [t.title for t in tasks.tasks_for(staff["attester"], TODAY)] == ["Attestera post 1: EM-2026-001"]
    assert [t.title for t in tasks.tasks_for(staff["entrant"], TODAY) if "Attestera" in t.title] == []
    assert any(t.title == "Attestera post 1: EM-2026-001" for t in all_tasks_for(staff["attester"], TODAY))


def test_reminders_raise_the_days_tasks_and_mail_the_nearest_manager_once(world, staff, django_capture_on_commit_callbacks):
    services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=datetime.date(2025, 1, 1))
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.send_reminders(TODAY)
    sent = [(m.to, m.subject) for m in mail.outbox]
    manager = [staff["manager"].email]
    assert (manager, "Egna medel: överväg ansökan om god man") in sent
    assert (manager, "Egna medel: avstämningen för 2026-05 saknas") in sent
    # The managers on "own" are all equally near; each gets the two mails once.
    assert sent.count((manager, "Egna medel: överväg ansökan om god man")) == 1
    assert all("EM-1" not in m.body for m in mail.outbox)


def test_reminders_are_written_in_the_language_each_manager_chose(world, staff, django_capture_on_commit_callbacks):
    staff["manager"].language = "en"
    staff["manager"].save(update_fields=["language"])
    services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=datetime.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
    sent = [m.subject for m in mail.outbox if m.to == [staff["manager"].email]]
    assert "Own money: the reconciliation for 2026-05 is missing" in sent
    assert "Own money: consider applying for a trustee (god man)" in sent
