"""What the whole demo must hold across apps; run by lots/core/tests/test_demo.py."""

from django.apps import apps
from django.conf import settings
from django.core import mail

from lots import access
from lots.accounts.models import AuditGrant, Role, User
from lots.core import demo
from lots.organisation.models import Municipality, Unit


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label not in {"sessions", "axes"}}


def check_loading_again_changes_nothing_and_sends_no_mail(ctx):
    # The demo's mails go nowhere, and only while it loads: the process's own mail is as before.
    assert ctx.mails_while_loading == 0
    backend = settings.EMAIL_BACKEND
    first = _counts()
    demo.load(ctx.today)
    changed = {k: (first[k], n) for k, n in _counts().items() if first[k] != n and k != "audit.AuditEntry"}
    assert changed == {}
    assert mail.outbox == [] and backend == settings.EMAIL_BACKEND
    mail.send_mail("Efter demon", "Text", "lots@example.se", ["mottagare@example.se"])
    assert [m.subject for m in mail.outbox] == ["Efter demon"]


def check_every_role_two_municipalities_and_a_shared_unit(ctx):
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
