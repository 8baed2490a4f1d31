"""The staff side's lists, each defined once for its page, its export and its API list (lots.core.lists): the
unit status list of employments, introductions and checks at hiring."""

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.staff import access as staff_access
from lots.staff.forms import CheckFilterForm, StaffFilterForm, UnitOnlyFilterForm
from lots.staff.models import CheckKind, HiringCheck, IntroductionItem, Undertaking


def _units(user):
    return access.visible_units(user, staff_access.VIEW).order_by("municipality__name", "path")


def _count(items, key: str):
    counted = items.order_by().values(key).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_progress(employments, user=None):
    """Each employment with ``items_total``, ``items_outstanding`` (of its introduction; 0 and 0 without one),
    ``undertaking_signed_at`` (the latest, or None), its introduction and its checks (``checks.all``, by kind)."""
    items = IntroductionItem.objects.filter(introduction__employment=OuterRef("pk"))
    signed = Undertaking.objects.filter(employment=OuterRef("pk")).order_by().values("employment").annotate(m=Max("signed_at"))
    return (
        employments.select_related("person", "unit", "introduction", "introduction__introducer")
        .annotate(
            items_total=_count(items, "introduction__employment"),
            items_outstanding=_count(items.outstanding(), "introduction__employment"),
            undertaking_signed_at=Subquery(signed.values("m")[:1]),
        )
        .prefetch_related(Prefetch("checks", queryset=HiringCheck.objects.select_related("checked_by").order_by("kind")))
    )


def _narrow_employments(employments, data: dict, user):
    today = timezone.localdate()
    if data["unit"]:
        employments = employments.filter(unit__path__startswith=data["unit"].path)
    show = data["show"]
    if show == "":
        employments = employments.current(today)
    elif show == "ended":
        employments = employments.filter(ends_on__lt=today)
    elif show == "new":
        pending = HiringCheck.objects.filter(employment=OuterRef("pk"), status=HiringCheck.Status.PENDING)
        outstanding = IntroductionItem.objects.filter(introduction__employment=OuterRef("pk")).outstanding()
        employments = employments.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).filter(
            Q(pk__in=pending.values("employment")) | Q(pk__in=outstanding.values("introduction__employment"))
        )
    if data["year"]:
        employments = employments.filter(starts_on__year=data["year"])
    if data["status"]:
        employments = employments.filter(status_q(data["status"]))
    if data["q"].strip():
        for word in data["q"].split()[:4]:
            employments = employments.filter(
                Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word) | Q(person__username__icontains=word)
            )
    return employments


def status_q(status: str) -> Q:
    """The employments of a status filter; the annual report counts the same conditions (lots.staff.report_section)."""
    unfinished = IntroductionItem.objects.unfinished().values("introduction__employment")
    record = HiringCheck.objects.filter(kind=CheckKind.RECORD_EXTRACT, required_before_start=True)
    introduced = Q(introduction__isnull=False)
    signed = Q(pk__in=Undertaking.objects.values("employment"))
    return {
        "introduced": introduced,
        "intro_finished": introduced & ~Q(pk__in=unfinished),
        "intro_unfinished": introduced & Q(pk__in=unfinished),
        "signed": introduced & signed,
        "unsigned": introduced & ~signed,
        "record_required": Q(pk__in=record.values("employment")),
        "record_required_done": Q(pk__in=record.filter(status=HiringCheck.Status.DONE).values("employment")),
        "record_required_missing": Q(pk__in=record.exclude(status=HiringCheck.Status.DONE).values("employment")),
    }[status]


EMPLOYMENTS = ListDefinition(
    name="Employments",
    form=StaffFilterForm,
    scope=staff_access.employments,
    narrow=_narrow_employments,
    form_kwargs=lambda user: {"units": _units(user)},
    ordering=("unit__path", "person__first_name", "person__last_name", "-starts_on", "pk"),
    load=with_progress,
)


def _narrow_unit(field: str):
    def narrow(rows, data: dict, user):
        if data["unit"]:
            rows = rows.filter(**{f"{field}__path__startswith": data["unit"].path})
        return rows

    return narrow


def _introduction_progress(introductions, user):
    items = IntroductionItem.objects.filter(introduction=OuterRef("pk"))
    return introductions.select_related("employment__person", "unit", "introducer").annotate(
        items_total=_count(items, "introduction"),
        items_outstanding=_count(items.outstanding(), "introduction"),
    )


INTRODUCTIONS = ListDefinition(
    name="Introductions",
    form=UnitOnlyFilterForm,
    scope=staff_access.introductions,
    narrow=_narrow_unit("unit"),
    form_kwargs=lambda user: {"units": _units(user)},
    ordering=("-employment__starts_on", "pk"),
    load=_introduction_progress,
)


def _narrow_checks(checks, data: dict, user):
    checks = _narrow_unit("unit")(checks, data, user)
    if data["kind"]:
        checks = checks.filter(kind=data["kind"])
    if data["status"]:
        checks = checks.filter(status=data["status"])
    return checks


CHECKS = ListDefinition(
    name="HiringChecks",
    form=CheckFilterForm,
    scope=staff_access.checks,
    narrow=_narrow_checks,
    form_kwargs=lambda user: {"units": _units(user)},
    ordering=("due_on", "pk"),
    load=lambda checks, user: checks.select_related("employment__person", "unit", "checked_by"),
)
