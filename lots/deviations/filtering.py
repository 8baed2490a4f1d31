"""The list filters, shared by the list page, its Excel export and the API."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lots.deviations.models import LexSarahInvestigation

C = LexSarahInvestigation.Classification
WRONGS = [C.RISK, C.WRONG, C.SERIOUS_RISK, C.SERIOUS]


def apply_filters(qs: QuerySet, data: dict, today: datetime.date | None = None) -> QuerySet:
    """Narrow ``qs`` by the cleaned FilterForm data; empty values are ignored. ``today`` decides what is overdue."""
    if data.get("unit"):
        qs = qs.filter(unit__path__startswith=data["unit"].path)
    qs = qs.reported_between(data.get("start"), data.get("end"))
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    state = data.get("state")
    if state == "open":
        qs = qs.open()
    elif state:
        qs = qs.filter(state=state)
    if data.get("lex_sarah") == "ja":
        qs = qs.filter(possible_lex_sarah=True)
    elif data.get("lex_sarah") == "nej":
        qs = qs.filter(possible_lex_sarah=False)
    seriousness = data.get("seriousness")
    if seriousness == "allvarligt":
        qs = qs.filter(lex_sarah__classification__in=sorted(LexSarahInvestigation.SERIOUS))
    elif seriousness == "missforhallande":
        qs = qs.filter(lex_sarah__classification__in=WRONGS)
    elif seriousness == "inte":
        qs = qs.filter(lex_sarah__classification=C.NOT_A_WRONG)
    elif seriousness == "obedomd":
        qs = qs.filter(lex_sarah__isnull=False, lex_sarah__classification="")
    if data.get("overdue"):
        qs = qs.overdue(today or timezone.localdate())
    return qs


def with_list_relations(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit", "category", "responsible", "lex_sarah", "ivo_notification")
