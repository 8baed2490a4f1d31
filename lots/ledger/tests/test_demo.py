import datetime

from lots.accounts import demo as accounts_demo
from lots.core.demo import DemoContext
from lots.ledger import demo, tasks
from lots.ledger.models import Ledger, LedgerEntry, LedgerTask
from lots.organisation import demo as organisation_demo


def test_the_demo_has_a_ledger_above_the_limit_with_its_bank_task_and_one_with_an_unattested_entry(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ctx = DemoContext(today=datetime.date(2026, 11, 20))
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    counts = (Ledger.objects.count(), LedgerEntry.objects.count())
    demo.load(ctx)
    assert (Ledger.objects.count(), LedgerEntry.objects.count()) == counts == (3, 12)
    rich = Ledger.objects.get(reference="EM-2026-003")
    assert rich.attested_balance == 905_000
    assert list(rich.tasks.values_list("kind", flat=True)) == [LedgerTask.Kind.BANK_ACCOUNT]
    waiting = Ledger.objects.get(reference="EM-2026-007")
    assert waiting.unattested_count == 1
    assert Ledger.objects.get(reference="EM-2025-012").reconciliations.get().difference == -2_000
    titles = [t.title for t in tasks.tasks_for(ctx.person("ec-boenden"), ctx.today)]
    assert "Hjälp personen att öppna ett bankkonto: EM-2026-003" in titles
