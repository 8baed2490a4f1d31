"""The annual report's section and the overview's widget: each figure equals the list it stands for."""

import datetime

import pytest
from django.utils import timezone

from lots.ledger import overview_widget, services
from lots.ledger.lists import LEDGERS
from lots.ledger.report_section import LedgerSection
from lots.reports.providers.base import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(world, staff, enter):
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 2)
    big = services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=start)
    small = services.ledger_open(actor=staff["manager"], unit=world.sub, reference="EM-2", opened_on=start)
    old = services.ledger_open(
        actor=staff["manager"], unit=world.sub, reference="EM-3", opened_on=datetime.date(today.year - 2, 3, 1)
    )
    services.ledger_close(actor=staff["manager"], ledger=old, closed_on=datetime.date(today.year - 1, 5, 1), version=old.version)
    other = services.ledger_open(actor=world.persona("enhetschef"), unit=world.other, reference="EM-4", opened_on=start)
    for ledger in (big, small, other):
        services.entry_add(actor=staff["entrant"], ledger=ledger, date=today, description="In", amount=1_000_000)
    for ledger in (big,):
        entry = ledger.entries.get()
        services.entry_attest(actor=staff["attester"], entry=entry)
    services.reconciliation_sign(actor=staff["manager"], ledger=small, period=start, counted_on=today, counted=1_000_000)
    return {"big": big, "small": small, "old": old, "other": other}


def list_count(user, **params) -> int:
    return LEDGERS.bind(user, {k: str(v) for k, v in params.items()}).queryset.count()


def test_the_report_figures_equal_their_lists(world, staff, spread):
    today = timezone.localdate()
    viewer = world.persona("kvalitetssamordnare")
    result = LedgerSection().compute(Scope(world.own, today.year, today))
    figures = result["figures"]
    manager = staff["manager"]
    assert figures["ledgers"] == list_count(manager, unit=world.own.pk, year=today.year, status="all") == 2
    assert figures["ledgers_with_open_tasks"] == list_count(manager, unit=world.own.pk, status="all", attention="tasks") == 1
    assert (figures["bank_tasks_raised"], figures["bank_tasks_open"]) == (1, 1)
    assert figures["reconciliations"] == 1 and figures["reconciliations_per_month"][0] == 1
    last_year = LedgerSection().compute(Scope(world.own, today.year - 1, today))["figures"]
    assert last_year["ledgers"] == list_count(manager, unit=world.own.pk, year=today.year - 1, status="all") == 1
    assert viewer  # the report is read by role elsewhere; the section holds no client reference
    assert "EM-1" not in str(result["blocks"])


def test_the_widget_figures_equal_the_list_and_link_to_it(world, staff, spread):
    today = timezone.localdate()
    manager = staff["manager"]
    widget = overview_widget.widget(manager, world.own, today)
    values = {f.key: f.value for f in widget.figures}
    assert values["unattested"] == list_count(manager, unit=world.own.pk, attention="unattested") == 1
    assert values["tasks"] == list_count(manager, unit=world.own.pk, attention="tasks") == 1
    assert values["overdue"] == list_count(manager, unit=world.own.pk, attention="overdue")
    assert all(f.url.startswith("/egna-medel/?unit=") for f in widget.figures)


def test_no_widget_for_those_who_may_not_read_ledgers_or_where_there_are_none(world, staff, spread):
    today = timezone.localdate()
    assert overview_widget.widget(world.persona("kvalitetssamordnare"), world.own, today) is None
    assert overview_widget.widget(world.persona("forvaltningschef"), world.forvaltning, today) is None
