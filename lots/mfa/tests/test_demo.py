"""The demo's quality coordinator has an authenticator app and recovery codes, the same on every load; the others none."""

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.accounts import demo as accounts_demo
from lots.core.demo import DemoContext
from lots.mfa import demo, devices
from lots.organisation import demo as organisation_demo


def _load():
    ctx = DemoContext(today=timezone.localdate())
    for module in (organisation_demo, accounts_demo, demo):
        module.load(ctx)
    return ctx


def test_the_demo_coordinator_has_the_same_factor_and_printed_codes_on_every_load(db):
    first = _load()
    device = TOTPDevice.objects.get(user__username="kvalitet")
    codes = sorted(StaticToken.objects.filter(device__user__username="kvalitet").values_list("token", flat=True))
    assert len(codes) == 10 and all(code in "\n".join(first.notes) for code in codes)
    StaticToken.objects.filter(token=codes[0]).delete()  # a code used between loads
    second = _load()
    assert TOTPDevice.objects.get(user__username="kvalitet").pk == device.pk
    assert sorted(StaticToken.objects.filter(device__user__username="kvalitet").values_list("token", flat=True)) == codes
    assert second.notes == first.notes
    others = [u for name, u in second.people.items() if name != "kvalitet"]
    assert not any(devices.has_any_factor(u) for u in others)
