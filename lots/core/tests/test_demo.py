from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from lots import access
from lots.accounts.models import AuditGrant, Role, User
from lots.organisation.models import Municipality, Unit


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label not in {"sessions", "axes"}}


def test_the_demo_loads_twice_with_the_same_result_and_has_every_role_and_a_shared_unit(db):
    backend = settings.EMAIL_BACKEND
    call_command("load_demo", "--quiet-logins", verbosity=0)
    # The demo's mails go nowhere, and only while it loads: the process's own mail is as before.
    assert mail.outbox == [] and backend == settings.EMAIL_BACKEND
    mail.send_mail("Efter demon", "Text", "lots@example.se", ["mottagare@example.se"])
    assert [m.subject for m in mail.outbox] == ["Efter demon"]
    first = _counts()
    call_command("load_demo", "--quiet-logins", verbosity=0)
    second = _counts()
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k] and k != "audit.AuditEntry"}
    assert changed == {}
    # One load is costly, so the same test also checks what the demo holds.
    exempel = Municipality.objects.get(slug="exempelkommun")
    grannby = Municipality.objects.get(slug="grannby")
    assert User.objects.count() >= 30
    held = set(User.objects.filter(assignments__isnull=False).values_list("assignments__role", flat=True))
    assert held == set(Role.values)
    shared = Unit.objects.get(municipality=exempel, code="budget-skuld")
    assert list(shared.serves.all()) == [grannby]
    names = set(Unit.objects.filter(municipality=exempel).values_list("name", flat=True))
    assert {"Myndighetsavdelningen", "Öppenvårdsavdelningen", "Staben", "Kollektivet HVB", "Vallmovillan HVB"} <= names
    # The demo granskare reads one department's cases under an audit grant, so that role has something to open.
    auditor = User.objects.get(username="granskare")
    assert [g.unit.name for g in AuditGrant.objects.active().filter(auditor=auditor)] == ["Myndighetsavdelningen"]
    assert access.visible_units(auditor, "deviation.view").filter(name="Myndighetsavdelningen").exists()
