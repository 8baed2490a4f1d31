"""What the demo must hold for staff; run against the whole demo by lots/core/tests/test_demo.py."""

import datetime

from lots.accounts.models import Role
from lots.organisation.models import Unit
from lots.staff import demo, importing, services, tasks
from lots.staff.models import CheckKind, Employment, HiringCheck, IntroductionItem


def check_every_unit_has_staff_with_a_realistic_mix(ctx):
    units = demo._staff_units(ctx)
    staffed = set(Employment.objects.values_list("unit_id", flat=True))
    assert {u.pk for u in units} <= staffed

    unfinished = Employment.objects.filter(pk__in=IntroductionItem.objects.outstanding().values("introduction__employment"))
    assert sorted(unfinished.values_list("person__username", flat=True)) == ["ny-vallmo", "nyanstalld"]
    missing = HiringCheck.objects.filter(kind=CheckKind.RECORD_EXTRACT, required_before_start=True, status="pending")
    assert [(c.employment.person.username, c.unit.code) for c in missing] == [("ny-vallmo", "vallmovillan")]
    assert ("HR-partner", "hr") in ctx.logins
    assert ctx.people["hr"].assignments.filter(role=Role.HR).exists()
    # The Vallmovillan manager has the missing record check as a task, overdue from the start.
    found = [t for t in tasks.tasks_for(ctx.people["ec-vallmo"], ctx.today) if "krävs före start" in t.title]
    assert len(found) == 1 and found[0].is_overdue(ctx.today)
    assert Unit.objects.get(code="vallmovillan").staff_setting.works_with_children


def check_the_demo_csv_imports_for_the_hr_partner_and_again_changes_nothing(ctx):
    hr = ctx.people["hr"]
    headers, body = importing.read_csv(demo.DEMO_CSV.read_bytes())
    records = importing.records_from(body, importing.guess_mapping(headers))

    validation = importing.validate(hr, records, create_accounts=True)
    assert validation.ok, validation.errors
    first = services.employments_import(actor=hr, rows=validation.rows, today=datetime.date(2026, 12, 7))
    again = services.employments_import(
        actor=hr, rows=importing.validate(hr, records, create_accounts=True).rows, today=datetime.date(2026, 12, 7)
    )

    assert first.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "people_created": 2}
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 3, "people_created": 0}
