import datetime

from lots.core.demo import DemoContext
from lots.feedback.models import DelegationRequest, FeedbackCase, FeedbackSettings

C = FeedbackCase
TODAY = datetime.date(2026, 11, 20)


def load_demo():
    from lots.accounts import demo as accounts_demo
    from lots.feedback import demo
    from lots.organisation import demo as organisation_demo

    ctx = DemoContext(today=TODAY)
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    return ctx


def snapshot():
    return sorted(FeedbackCase.objects.values_list("reference", "unit__code", "kind", "channel", "status", "due_date"))


def test_the_demo_is_a_year_of_cases_in_every_channel_with_some_overdue(db):
    ctx = load_demo()
    cases = FeedbackCase.objects.filter(municipality=ctx.municipality)
    assert cases.count() > 100
    assert set(cases.values_list("channel", flat=True)) == set(C.Channel.values)
    assert set(cases.values_list("kind", flat=True)) == set(C.Kind.values)
    oldest = min(c.received_on for c in cases)
    assert oldest <= TODAY - datetime.timedelta(days=300)
    overdue = cases.overdue(TODAY)
    assert overdue.exists()
    assert all(c.escalated_at is not None for c in overdue)
    closed = list(cases.closed())
    assert sum(1 for c in closed if c.completed_in_time) > len(closed) / 2
    assert any(c.completed_in_time is False for c in closed)
    assert cases.authority_reports().count() >= 2
    assert cases.filter(is_anonymous=True).exists()
    assert cases.filter(lex_sarah_at__isnull=False).exists()
    assert FeedbackCase.objects.filter(municipality=ctx.second).exists()
    originals = cases.filter(registered_by__username="registrator")
    assert {c.channel for c in originals} == {C.Channel.LETTER, C.Channel.PHONE}
    assert originals.filter(attachments__is_original=True).count() == 1
    tracks = DelegationRequest.objects.filter(case__municipality=ctx.municipality)
    assert [t.is_decided for t in tracks.order_by("requested_at")] == [True, False]
    assert FeedbackSettings.for_municipality(ctx.municipality).fallback_unit == ctx.unit("bistand-buv")


def test_loading_the_demo_twice_gives_the_same_data(db):
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first
