"""What the whole demo must hold for deviations; run by lots/core/tests/test_demo.py."""

from lots.deviations import demo
from lots.deviations.models import Deviation, IvoNotification, LexSarahInvestigation
from lots.improvements.models import ImprovementAction


def check_lex_sarah_cases_and_sent_ivo_notifications(ctx):
    # Count this module's own reports: other apps' demos report deviations as well.
    assert Deviation.objects.filter(external_reference__startswith="demo-").count() == demo.COUNT + 2 >= 300
    assert LexSarahInvestigation.objects.count() >= 10
    assert IvoNotification.objects.filter(sent_at__isnull=False).count() >= 3
    pending = IvoNotification.objects.get(deviation__external_reference="demo-S002")
    assert not pending.is_sent and pending.due_date >= ctx.today
    fresh = Deviation.objects.get(external_reference="demo-S001")
    assert fresh.state == Deviation.State.REPORTED and fresh.lex_sarah.is_open and fresh.responsible.username == "enhetschef"
    assert ImprovementAction.objects.filter(source_kind=ImprovementAction.Source.DEVIATION).exists()
    assert Deviation.objects.filter(reported_by__username="medarbetare").exists()
