"""Which imports of placements are culled: the municipality's period after the import (lots.privacy.registry).

Culling an import removes its snapshots and their rows. An import that still holds a unit's current snapshot is
kept whatever its age: it is what the due lists and task lists show now.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.privacy.registry import RetentionRule
from lots.watch.models import ImportBatch

RULES = [
    RetentionRule(
        key="watch_import",
        label=_("Inläsning av placeringar"),
        label_plural=_("Inlästa placeringar (bevakning)"),
        model=ImportBatch,
        default_years=5,
        ended_field="imported_at",
        holds=((_("Inläsningen är en enhets aktuella läge"), lambda: Q(snapshots__is_current=True)),),
    ),
]
