"""Writes to improvement actions. Other modules create actions through ``improvement_create``."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from lots.audit import services as audit
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit


@transaction.atomic
def improvement_create(
    *,
    actor,
    unit: Unit,
    title: str,
    owner,
    source_kind: str = ImprovementAction.Source.OTHER,
    source: models.Model | None = None,
    description: str = "",
    due_date: datetime.date | None = None,
) -> ImprovementAction:
    """Create an action, optionally linked to the record (deviation, complaint, risk …) it came from."""
    action = ImprovementAction.objects.create(
        title=title,
        description=description,
        unit=unit,
        owner=owner,
        source_kind=source_kind,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
        due_date=due_date,
        created_by=actor,
    )
    audit.record_created(actor=actor, obj=action, fields=["title", "unit", "owner", "source_kind", "due_date"])
    return action
