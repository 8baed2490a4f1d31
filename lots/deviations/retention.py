"""Which deviations are culled: closed ones, the municipality's period after closing (lots.privacy.registry)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.deviations.models import Deviation, LexSarahInvestigation
from lots.privacy.registry import RetentionRule

RULES = [
    RetentionRule(
        key="deviation",
        label=_("Avvikelse"),
        label_plural=_("Avvikelser och lex Sarah-rapporter"),
        model=Deviation,
        default_years=5,
        holds=(
            (_("Lex Sarah-utredningen pågår"), lambda: Q(lex_sarah__status=LexSarahInvestigation.Status.OPEN)),
            (
                _("Anmälan till IVO är påbörjad men inte skickad"),
                lambda: Q(ivo_notification__isnull=False, ivo_notification__sent_at__isnull=True),
            ),
        ),
    ),
]
