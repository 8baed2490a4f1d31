"""The head of IFO's yearly follow-up plan (*uppföljningsplan*): its items by area and how far each has come."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.core.editing import edit_form
from lots.lib.spreadsheets import FORMATS, table_response
from lots.risks import access as risk_access
from lots.risks.forms.common import year_choices
from lots.risks.forms.control import FollowUpItemForm, FollowUpPlanForm, FollowUpProgressForm
from lots.risks.lists import FOLLOWUP_PLANS
from lots.risks.models import FollowUpItem
from lots.risks.queries import people_near, units_for
from lots.risks.services import followup as followup_services
from lots.risks.views import plans as plan_pages
from lots.risks.views.common import list_query, log_export, people_named, today


def _followup_plans(request):
    """The follow-up plan list as the person sees it (it has no filter); 404 without ``followupplan.view``."""
    if not access.has_perm_anywhere(request.user, "followupplan.view"):
        raise Http404
    return FOLLOWUP_PLANS.bind(request.user, request.GET)


@login_required
def followup_list(request):
    page = _followup_plans(request).page(request.GET.get("page"))
    return render(
        request,
        "risks/followup_list.html",
        {
            "plans": page,
            "page_obj": page,
            "query": list_query(request),
            "can_create": access.has_perm_anywhere(request.user, "followupplan.change"),
        },
    )


@login_required
def followup_export(request, fmt: str):
    """The follow-up plan list as Excel or CSV: every plan the list shows the person, in its order, with who follows
    its items up, audited."""
    if fmt not in FORMATS:
        raise Http404
    items = FollowUpItem.objects.select_related("who").order_by("due_date", "pk")
    headers = [
        _("År"),
        _("Verksamhet"),
        _("Plan"),
        _("Ansvarig chef"),
        _("Vem följer upp"),
        _("Punkter"),
        _("Klara"),
        _("Pågår"),
        _("Försenade"),
        _("Nästa klart senast"),
        _("Kommentar"),
    ]
    rows = [
        [
            p.year,
            p.unit.name,
            str(p),
            str(p.owner),
            people_named(item.who for item in p.items.all()),
            p.total,
            p.done,
            p.in_progress,
            p.overdue,
            p.next_due,
            p.note,
        ]
        for p in _followup_plans(request).rows().prefetch_related(Prefetch("items", queryset=items))
    ]
    log_export(request, _("uppföljningsplaner"), len(rows))
    return table_response(fmt, f"uppfoljningsplaner-{today():%Y-%m-%d}", headers, rows, title=_("Uppföljningsplaner"))


def _owner_people(user):
    return access.people_in(access.municipality_ids_with(user, "unit.view"))


@login_required
def followup_create(request):
    units = units_for(request.user, "followupplan.change")
    if not units.exists():
        raise Http404
    form = FollowUpPlanForm(
        request.POST or None,
        units=units,
        people=_owner_people(request.user),
        years=year_choices(today(), back=0, ahead=1),
        initial={"year": today().year, "owner": request.user.pk},
    )
    return plan_pages.plan_create(request, plan_pages.FOLLOW_UP, form, lambda data: _create_plan(request, data))


def _create_plan(request, data):
    """The plan, once the chosen owner is known to have a role in its unit."""
    if not people_near(data["unit"]).filter(pk=data["owner"].pk).exists():
        raise ValidationError({"owner": _("Personen har ingen roll i verksamheten.")})
    return followup_services.followup_plan_create(
        actor=request.user, unit=data["unit"], year=data["year"], owner=data["owner"], note=data["note"]
    )


@login_required
def followup_edit(request, pk: int):
    plan = risk_access.get_followup_plan(request.user, pk, write=True)
    form = FollowUpPlanForm(
        request.POST or None, people=people_near(plan.unit), initial={"owner": plan.owner_id, "note": plan.note}
    )
    return plan_pages.plan_edit(
        request,
        plan_pages.FOLLOW_UP,
        plan,
        form,
        lambda data: followup_services.followup_plan_update(
            actor=request.user, plan=plan, expected_version=data["version"], owner=data["owner"], note=data["note"]
        ),
    )


@login_required
def followup_detail(request, pk: int):
    plan = risk_access.get_followup_plan(request.user, pk)
    items = list(plan.items.select_related("who").order_by("due_date", "pk"))
    can_edit = access.can(request.user, "followupplan.change", plan.unit)
    areas = []
    for value, label in FollowUpItem.Area.choices:
        area_items = [i for i in items if i.area == value]
        for item in area_items:
            item.can_progress = can_edit or item.who_id == request.user.pk
        areas.append({"value": value, "label": label, "items": area_items, "done": sum(1 for i in area_items if i.is_done)})
    done = sum(1 for i in items if i.is_done)
    return render(
        request,
        "risks/followup_detail.html",
        {
            "plan": plan,
            "areas": areas,
            "total": len(items),
            "done": done,
            "today": today(),
            "in_progress": sum(1 for i in items if i.status == FollowUpItem.Status.IN_PROGRESS),
            "overdue": sum(1 for i in items if i.is_overdue(today())),
            "percent": round(100 * done / len(items)) if items else None,
            "missing_areas": [a["label"] for a in areas if not a["items"]],
            "can_edit": can_edit,
        },
    )


def _item_data(data: dict) -> dict:
    return {f: data[f] for f in followup_services.ITEM_FIELDS}


@login_required
def followup_item_create(request, pk: int):
    plan = risk_access.get_followup_plan(request.user, pk, write=True)
    initial = {"area": request.GET.get("omrade")} if request.GET.get("omrade") in FollowUpItem.Area.values else {}
    form = FollowUpItemForm(request.POST or None, people=people_near(plan.unit), initial=initial)
    return edit_form(
        request,
        form,
        lambda data: followup_services.followup_item_create(actor=request.user, plan=plan, **_item_data(data)),
        template="risks/followup_item_form.html",
        context={"plan": plan, "item": None},
        success=_("Punkten är tillagd."),
        redirect_to=reverse("risks:followup", args=[plan.pk]),
    )


@login_required
def followup_item_edit(request, pk: int):
    item = risk_access.get_followup_item(request.user, pk, write=True)
    plan = item.plan
    initial = {f: getattr(item, f) for f in followup_services.ITEM_FIELDS}
    initial["who"] = item.who_id
    form = FollowUpItemForm(request.POST or None, people=people_near(plan.unit), initial=initial)
    form.add_version_field(item.version)
    return edit_form(
        request,
        form,
        lambda data: followup_services.followup_item_update(
            actor=request.user, item=item, expected_version=data["version"], **_item_data(data)
        ),
        template="risks/followup_item_form.html",
        context={"plan": plan, "item": item},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("risks:followup", args=[plan.pk]),
        record=item,
    )


@login_required
def followup_item_progress(request, pk: int):
    item = risk_access.get_followup_item(request.user, pk, progress=True)
    form = FollowUpProgressForm(
        request.POST or None,
        initial={"status": item.status, "progress_note": item.progress_note, "done_on": item.done_on or today()},
    )
    form.add_version_field(item.version)
    return edit_form(
        request,
        form,
        lambda data: followup_services.followup_item_progress(
            actor=request.user,
            item=item,
            expected_version=data["version"],
            status=data["status"],
            progress_note=data["progress_note"],
            done_on=data["done_on"],
        ),
        template="risks/followup_progress.html",
        context={"item": item, "plan": item.plan},
        success=_("Läget är sparat."),
        redirect_to=reverse("risks:followup", args=[item.plan_id]) + f"#punkt-{item.pk}",
        record=item,
    )
