"""What the demo must hold for interventions: in-house and external, one external refused for want of a contract,
participants with consents, one withdrawn and erased, and a report about changed needs awaiting confirmation.

Run against the whole demo by lots/core/tests/test_demo.py."""

from lots.interventions.models import Intervention, NeedsReport, Participant, YearCount


def check_every_rule_of_the_module(ctx):
    today = ctx.today
    interventions = Intervention.objects.filter(unit__municipality__slug="exempelkommun")
    assert interventions.in_house().offerable(today).exists()
    assert interventions.external().offerable(today).exists()
    refused = interventions.without_contract(today).get()
    assert refused.status == Intervention.Status.PLANNED and refused.contract is None
    assert Participant.objects.filter(consent_name=True).exclude(name="").exists()
    assert Participant.objects.filter(consent_name=False, name="").exists()
    assert YearCount.objects.filter(withdrawn=1).exists()
    assert not Participant.objects.filter(reference="ABC-2026-04").exists()  # withdrawn and erased
    assert NeedsReport.objects.awaiting().count() == 1 and NeedsReport.objects.confirmed().count() == 1
