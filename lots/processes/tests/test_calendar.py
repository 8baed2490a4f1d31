import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.organisation.models import Unit
from lots.processes import calendar, diagrams, services
from lots.processes.models import CalendarRule, CalendarTask
from lots.processes.services.calendar import occurrences
from lots.processes.tests.helpers import make_rule, make_task
from lots.testing.factories import UnitFactory

D = datetime.date


def rule(**data):
    return CalendarRule(month=data.get("month", 2), day=data.get("day", 28), recurrence=data.get("recurrence", "yearly"))


def test_occurrences_yearly_quarterly_and_monthly():
    assert occurrences(rule(), 2026) == [D(2026, 2, 28)]
    assert occurrences(rule(month=11, day=15, recurrence="quarterly"), 2026) == [
        D(2026, 2, 15),
        D(2026, 5, 15),
        D(2026, 8, 15),
        D(2026, 11, 15),
    ]
    monthly = occurrences(rule(day=31, recurrence="monthly"), 2026)
    assert len(monthly) == 12
    assert monthly[1] == D(2026, 2, 28) and monthly[3] == D(2026, 4, 30)


def test_generating_a_year_is_idempotent_and_audited(world):
    make_rule(world, world.own, month=1, day=15)
    first = services.calendar_generate(actor=None, municipality=world.m1, year=2030)
    assert [(t.due_date, t.unit) for t in first] == [(D(2030, 1, 15), world.own)]
    assert services.calendar_generate(actor=None, municipality=world.m1, year=2030) == []
    assert AuditEntry.objects.filter(note="Uppgifter för 2030 skapade").count() == 1


def test_one_task_per_unit_of_a_kind_below_the_scope(world):
    UnitFactory(municipality=world.m1, parent=world.other, kind=Unit.Kind.ENHET, name="Enhet i andra", code="enhet-andra")
    make_rule(
        world,
        world.forvaltning,
        per_unit_kind=Unit.Kind.AVDELNING,
        title="Riskanalys",
        month=4,
        day=30,
        responsible_role=Role.AVDELNINGSCHEF,
    )
    services.calendar_generate(actor=None, municipality=world.m1, year=2030)
    assert sorted(t.unit.code for t in CalendarTask.objects.filter(due_date__year=2030)) == ["other", "own"]


def test_a_kind_above_the_scope_unit_is_refused(world):
    with pytest.raises(ValidationError) as error:
        make_rule(world, world.own, per_unit_kind=Unit.Kind.FORVALTNING)
    assert "per_unit_kind" in error.value.message_dict


def test_changing_a_rule_replaces_open_future_tasks_and_keeps_done_ones(world):
    rule_ = make_rule(world, world.own, month=1, day=10, recurrence="monthly")
    services.calendar_generate(actor=None, municipality=world.m1, year=2030)
    done = CalendarTask.objects.get(rule=rule_, due_date=D(2030, 1, 10))
    services.task_complete(actor=world.persona(Role.ENHETSCHEF), task=done)
    services.rule_update(actor=None, rule=rule_, expected_version=rule_.version, day=20)
    dates = sorted(CalendarTask.objects.filter(rule=rule_).values_list("due_date", flat=True))
    # All of 2030 lies ahead, so the open ones go; this year's new dates come from today on.
    assert D(2030, 1, 10) in dates
    assert D(2030, 2, 10) not in dates
    assert all(d.day == 20 for d in dates if d != D(2030, 1, 10))


def test_completing_and_reopening_a_task(world):
    task = make_task(world, world.own)
    chief = world.persona(Role.ENHETSCHEF)
    services.task_complete(actor=chief, task=task, note="Klar i ledningsgruppen")
    task.refresh_from_db()
    assert task.done_by == chief and task.done_note == "Klar i ledningsgruppen"
    with pytest.raises(ValidationError):
        services.task_complete(actor=chief, task=task)
    services.task_reopen(actor=chief, task=task)
    task.refresh_from_db()
    assert task.done_at is None
    assert AuditEntry.objects.filter(object_id=str(task.pk), content_type__model="calendartask", action="transition").count() == 2


def test_responsible_people_hold_the_role_on_the_unit_or_above_it_with_subunits(world):
    task = make_task(world, world.sub, role=Role.ENHETSCHEF)
    assert calendar.responsible_people(task) == [world.persona(Role.ENHETSCHEF)]
    staff_task = make_task(world, world.sub, role=Role.MEDARBETARE, title="Läs årsplanen")
    # The medarbetare holds the role on "own" without sub-units.
    assert calendar.responsible_people(staff_task) == []
    assert list(CalendarTask.objects.filter(calendar.responsible_q(world.persona(Role.ENHETSCHEF)))) == [task]


def test_a_role_on_a_closed_unit_makes_nobody_responsible_for_a_task_below_it(world):
    task = make_task(world, world.sub, role=Role.ENHETSCHEF)
    world.own.closed_at = timezone.localdate()
    world.own.save(update_fields=["closed_at"])
    assert calendar.responsible_people(task) == []


def test_the_wheel_has_twelve_sectors_with_january_at_the_top():
    sectors = diagrams.wheel({1: 2, 9: 7}, [f"m{i}" for i in range(1, 13)], current_month=11)
    assert len(sectors) == 12
    assert [s.count for s in sectors][:1] == [2] and sectors[8].level == 3
    assert [s.month for s in sectors if s.current] == [11]
    assert sectors[0].path.startswith("M 200.00 10.00")
    assert "," not in sectors[0].label_x


def test_year_and_month_pages_show_the_tasks_in_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona(Role.ENHETSCHEF))
    for round_, unit in enumerate([world.own, world.sub]):
        for day in (5, 12, 19):
            make_task(world, unit, due=D(2026, 4, day + round_), title=f"Uppgift {day + round_}")
        client.get(reverse("processes:calendar_year", args=[2026]))
        # session, user, roles, tasks, routine and process reviews, and the session's sliding expiry (savepoint)
        with django_assert_num_queries(9):
            year = client.get(reverse("processes:calendar_year", args=[2026]))
        assert f"Uppgift {12 + round_}" in year.content.decode()
        with django_assert_num_queries(9):
            month = client.get(reverse("processes:calendar_month", args=[2026, 4]))
        assert month.content.decode().count("Markera klar") == 3 * (round_ + 1)
    assert 'role="img"' in year.content.decode() and "<title" in year.content.decode()


def test_mine_only_shows_tasks_of_the_persons_roles(world, client_for):
    make_task(world, world.own, role=Role.ENHETSCHEF, title="Chefens uppgift")
    make_task(world, world.own, role=Role.AVDELNINGSCHEF, title="Avdelningschefens uppgift")
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("processes:calendar_month", args=[2026, 4]), {"mina": "1"})
    assert "Chefens uppgift" in page.content.decode()
    assert "Avdelningschefens uppgift" not in page.content.decode()


def test_an_impossible_year_or_month_is_not_found(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    assert client.get(reverse("processes:calendar_year", args=[1800])).status_code == 404
    assert client.get(reverse("processes:calendar_month", args=[2026, 13])).status_code == 404


def test_the_seeded_rules_cover_what_the_seeds_name(world):
    rules = services.calendar_seed(actor=None, municipality=world.m1)
    titles = {r.title for r in rules}
    for expected in (
        "Revidera ledningssystemet",
        "Riskanalys med klientperspektiv inför budget",
        "Kvalitetsberättelse till nämnden",
        "Se över laglistan",
        "Förteckna och se över processer och rutiner",
        "Medarbetarsamtal och individuell kompetensutvecklingsplan",
    ):
        assert expected in titles
    risk = next(r for r in rules if r.title.startswith("Riskanalys"))
    assert (risk.unit, risk.per_unit_kind, risk.responsible_role) == (world.forvaltning, "avdelning", Role.AVDELNINGSCHEF)
    assert services.calendar_seed(actor=None, municipality=world.m1) == []


def test_routine_and_process_reviews_are_part_of_the_years_calendar(world, client_for):
    from lots.processes.models import Routine
    from lots.processes.tests.helpers import make_routine

    routine = make_routine(world, world.own, title="Skyddsbedömning")
    Routine.objects.filter(pk=routine.pk).update(review_date=D(2030, 3, 14))
    client = client_for(world.persona(Role.MEDARBETARE))
    year = client.get(reverse("processes:calendar_year", args=[2030])).content.decode()
    assert "Översyn av rutinen Skyddsbedömning" in year
    month = client.get(reverse("processes:calendar_month", args=[2030, 3])).content.decode()
    assert "Översyn av rutinen Skyddsbedömning" in month
    assert "Översyn av rutinen" not in client.get(reverse("processes:calendar_month", args=[2030, 4])).content.decode()
