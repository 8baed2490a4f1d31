from django import template

from lots.ledger.amounts import kronor

register = template.Library()


@register.filter
def kr(ore):
    """Öre shown as kronor: ``123456|kr`` → ``1 234,56 kr``; nothing for a missing value."""
    return kronor(ore) if isinstance(ore, int) else ""


@register.filter
def reconciliation_late(ledger, month):
    """Whether a listed ledger (with ``last_period``) lacks the reconciliation of ``month``, the latest one due; the
    same rule as ``LedgerQuerySet.reconciliation_overdue``."""
    from lots.lib.dates import add_months

    if not ledger.is_open or ledger.opened_on >= add_months(month, 1):
        return False
    return ledger.last_period is None or ledger.last_period < month
