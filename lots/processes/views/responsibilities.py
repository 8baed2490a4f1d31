"""The responsibility matrix per role and phase, and "Mitt ansvar"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.accounts.models import Role
from lots.core.collation import Swedish
from lots.core.editing import edit_form, without_version
from lots.processes import access as paccess
from lots.processes import services
from lots.processes.forms import ResponsibilityForm
from lots.processes.models import Phase, Process, Responsibility, Routine

ROLE_ORDER = [
    Role.NAMNDLEDAMOT,
    Role.FORVALTNINGSCHEF,
    Role.AVDELNINGSCHEF,
    Role.ENHETSCHEF,
    Role.VERKSAMHETSLEDARE,
    Role.MEDARBETARE,
    Role.KVALITETSSAMORDNARE,
    Role.GRANSKARE,
    Role.EXTERN_UTFORARE,
]


def matrix(items, roles) -> list[dict]:
    """[{role, label, phases: [{phase, label, items}]}] for the given roles, in the order of the improvement wheel."""
    grouped: dict = {}
    for item in items:
        grouped.setdefault((item.role, item.phase), []).append(item)
    return [
        {
            "role": role,
            "label": Role(role).label,
            "phases": [{"phase": p, "label": label, "items": grouped.get((role, p), [])} for p, label in Phase.choices],
        }
        for role in roles
    ]


@login_required
def matrix_view(request):
    """An overview (roles × phases, with counts) and the lines of one role; ``?roll=alla`` shows every role."""
    municipality = paccess.municipality_for(request, "responsibility.view")
    items = list(Responsibility.objects.filter(municipality=municipality))
    present = {item.role for item in items}
    can_change = paccess.can_in_municipality(request.user, "responsibility.change", municipality)
    listed = [r for r in ROLE_ORDER if r in present or can_change]
    wanted = request.GET.get("roll")
    if wanted == "alla":
        shown = listed
    else:
        if wanted not in listed:
            own = [a.role for a in access.assignments_of(request.user) if a.role in present]
            wanted = next((r for r in ROLE_ORDER if r in own), listed[0] if listed else None)
        shown = [wanted] if wanted else []
    counts: dict = {}
    for item in items:
        counts[(item.role, item.phase)] = counts.get((item.role, item.phase), 0) + 1
    overview = [
        {"role": r, "label": Role(r).label, "counts": [counts.get((r, p), 0) for p, _label in Phase.choices]} for r in listed
    ]
    return render(
        request,
        "processes/responsibilities.html",
        {
            "municipality": municipality,
            "rows": matrix(items, shown),
            "overview": overview,
            "phases": Phase.choices,
            "can_change": can_change,
            "wanted": wanted,
            "may_seed": can_change and not present,
            "municipalities": paccess.municipalities(request.user, "responsibility.view"),
        },
    )


def _municipality_for_change(request):
    municipality = paccess.municipality_for(request, "responsibility.view")
    if not paccess.can_in_municipality(request.user, "responsibility.change", municipality):
        raise PermissionDenied
    return municipality


def _item(request, pk) -> Responsibility:
    allowed = [m.pk for m in paccess.municipalities(request.user, "responsibility.view")]
    try:
        item = Responsibility.objects.select_related("municipality").get(pk=pk, municipality_id__in=allowed)
    except (Responsibility.DoesNotExist, ValueError):
        raise Http404 from None
    if not paccess.can_in_municipality(request.user, "responsibility.change", item.municipality):
        raise PermissionDenied
    return item


@login_required
def item_create(request):
    municipality = _municipality_for_change(request)
    initial = {"role": request.GET.get("roll"), "phase": request.GET.get("fas")}
    form = ResponsibilityForm(request.POST or None, initial=initial)
    return edit_form(
        request,
        form,
        lambda data: services.responsibility_create(actor=request.user, municipality=municipality, **data),
        template="processes/responsibility_form.html",
        context={"item": None},
        success=_("Ansvaret är tillagt."),
        redirect_to=lambda _item: f"{_matrix_url()}?roll={form.cleaned_data['role']}",
    )


def _matrix_url():
    from django.urls import reverse

    return reverse("processes:responsibilities")


@login_required
def item_edit(request, pk: int):
    item = _item(request, pk)
    form = ResponsibilityForm(
        request.POST or None, initial={"role": item.role, "phase": item.phase, "text": item.text, "source": item.source}
    )
    form.add_version_field(item.version)
    return edit_form(
        request,
        form,
        lambda data: services.responsibility_update(
            actor=request.user, item=item, expected_version=data["version"], **without_version(data)
        ),
        template="processes/responsibility_form.html",
        context={"item": item},
        success=_("Ändringarna är sparade."),
        redirect_to=lambda _changes: f"{_matrix_url()}?roll={item.role}",
        record=item,
    )


@login_required
@require_POST
def item_delete(request, pk: int):
    item = _item(request, pk)
    services.responsibility_delete(actor=request.user, item=item)
    messages.success(request, _("Ansvaret är borttaget."))
    return redirect(f"{_matrix_url()}?roll={item.role}")


@login_required
@require_POST
def seed(request):
    municipality = _municipality_for_change(request)
    created = services.responsibilities_seed(actor=request.user, municipality=municipality)
    messages.success(request, _("%(n)s rader är inlagda från ledningssystemets ansvarsfördelning.") % {"n": created})
    return redirect("processes:responsibilities")


@login_required
def mine(request):
    """What the person's roles make them responsible for, and what they own."""
    if not access.assignments_of(request.user):
        raise Http404
    municipality_ids = access.municipality_ids_with(request.user, "unit.view")
    roles = [r for r in ROLE_ORDER if any(a.role == r for a in access.assignments_of(request.user))]
    items = Responsibility.objects.filter(municipality_id__in=municipality_ids, role__in=roles)
    from lots.improvements.models import ImprovementAction

    return render(
        request,
        "processes/mine.html",
        {
            "rows": matrix(items, roles),
            "assignments": access.assignments_of(request.user),
            "processes": Process.objects.filter(owner=request.user).order_by(Swedish("name"), "pk"),
            "routines": Routine.objects.filter(owner=request.user).select_related("current_version").order_by("title"),
            "actions": ImprovementAction.objects.open().filter(owner=request.user).select_related("unit").order_by("due_date"),
            "today": timezone.localdate(),
        },
    )
