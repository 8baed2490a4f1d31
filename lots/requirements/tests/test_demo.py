import datetime

from django.apps import apps

from lots.accounts import demo as accounts_demo
from lots.core.demo import DemoContext
from lots.organisation import demo as organisation_demo
from lots.requirements import demo
from lots.requirements.models import Contract, DemandedAction, FollowUp


def _counts():
    return {m.__name__: m.objects.count() for m in apps.get_app_config("requirements").get_models()}


def test_the_demo_has_both_providers_under_contract_one_completed_follow_up_and_one_in_progress(db):
    ctx = DemoContext(today=datetime.date(2026, 5, 4))
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    first = _counts()
    demo.load(ctx)
    assert _counts() == first
    contracts = {c.provider.organisation_number: c for c in Contract.objects.select_related("provider")}
    assert set(contracts) == {"556677-8899", "802468-1358"}
    assert contracts["802468-1358"].needs_register_checks and not contracts["556677-8899"].needs_register_checks
    completed = FollowUp.objects.get(status=FollowUp.Status.COMPLETED)
    ongoing = FollowUp.objects.exclude(status=FollowUp.Status.COMPLETED).get()
    assert completed.provider.organisation_number == "556677-8899"
    assert ongoing.provider.organisation_number == "802468-1358"
    assert completed.catalogue_version.catalogue.key == "gotland-service-barn-unga-familjer"
    statuses = {a.status for a in completed.assessments.all()}
    assert {"met", "partly", "not_met", "not_applicable"} <= statuses
    assert set(DemandedAction.objects.filter(follow_up=completed).values_list("status", flat=True)) == {
        "open",
        "reported",
        "closed",
    }
    assert (
        ongoing.assessments.filter(status="not_assessed").exists() and ongoing.assessments.exclude(status="not_assessed").exists()
    )
    assert ongoing.self_assessment_submitted_by.username == "utforare2"
