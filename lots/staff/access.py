"""Who reads and keeps which personnel records.

A staff member reads their own records (their employments, introductions, undertakings and checks); managers up the
line and the HR partner read those of the units in their scope (``staff.view``) and keep them (``staff.change``).
Every read through these querysets is logged (the models' QuerySets derive from ReadLoggedQuerySet).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lots import access
from lots.access import reads
from lots.staff.models import Employment, HiringCheck, Introduction, IntroductionItem, Undertaking

VIEW = "staff.view"
CHANGE = "staff.change"
TEMPLATE = "staff.template"
IMPORT = "staff.import"


def _own(user, person_field: str) -> Q:
    return Q(**{person_field: user}) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def _visible(queryset: QuerySet, user, person_field: str) -> QuerySet:
    return reads.mark(queryset.filter(access.unit_q(user, VIEW) | _own(user, person_field)), user)


def _introducing(user, introduction_field: str) -> Q:
    """The named introducer reads the employment and its introduction (not its checks or undertakings)."""
    return Q(**{introduction_field: user}) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def employments(user) -> QuerySet:
    """The employments the person may read: their units', their own and those they introduce."""
    return reads.mark(
        Employment.objects.filter(
            access.unit_q(user, VIEW) | _own(user, "person") | _introducing(user, "introduction__introducer")
        ),
        user,
    )


def introductions(user) -> QuerySet:
    return reads.mark(
        Introduction.objects.filter(
            access.unit_q(user, VIEW) | _own(user, "employment__person") | _introducing(user, "introducer")
        ),
        user,
    )


def checks(user) -> QuerySet:
    return _visible(HiringCheck.objects.all(), user, "employment__person")


def undertakings(user) -> QuerySet:
    return _visible(Undertaking.objects.all(), user, "employment__person")


def own_employments(user) -> QuerySet:
    return reads.mark(Employment.objects.filter(_own(user, "person")), user)


def get_employment(user, pk, *, write: bool = False) -> Employment:
    """404 for an employment the person may not read; with ``write``, 403 unless they hold ``staff.change`` on its
    unit (their own employment, and one they introduce, is read, never kept, by themselves)."""
    return access.get_object(
        Employment.objects.select_related("person", "unit", "unit__municipality"),
        user,
        pk,
        view=VIEW,
        change=CHANGE,
        write=write,
        extra_visible=_own(user, "person") | _introducing(user, "introduction__introducer"),
    )


def can_change(user, employment: Employment) -> bool:
    return access.can(user, CHANGE, employment.unit)


def can_tick(user, item: IntroductionItem, employment: Employment) -> bool:
    """The employee, the named introducer and whoever keeps the unit's records tick an item."""
    introduction = item.introduction
    return user.pk in (employment.person_id, introduction.introducer_id) or can_change(user, employment)


def require_tick(user, item: IntroductionItem, employment: Employment) -> None:
    if not can_tick(user, item, employment):
        raise PermissionDenied


def sees_staff(user) -> bool:
    return access.has_perm_anywhere(user, VIEW)
