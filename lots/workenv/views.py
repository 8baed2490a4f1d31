"""Pages of the work-environment delegation: the tree, the list, a delegation with its signing, returns and answers,
the form to draw one up, its PDF, and the catalogue of tasks. Access in lots.workenv.access, writes in services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form, without_version
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.workenv import access as workenv_access
from lots.workenv import services, tree
from lots.workenv.forms import AnswerForm, DelegationForm, EndForm, ReturnForm, SignForm, UnitForm, WorkTaskForm
from lots.workenv.lists import DELEGATIONS
from lots.workenv.models import Delegation, WorkTask

READ = ["GET", "HEAD"]


def _require_reader(user) -> None:
    if not workenv_access.may_read(user):
        raise Http404


@require_http_methods(READ)
@login_required
def index(request):
    """The line of one förvaltning as a tree, with its managers and the delegations between them."""
    _require_reader(request.user)
    choices = tree.forvaltningar(request.user)
    chosen = next((f for f in choices if str(f.pk) == request.GET.get("forvaltning")), choices[0] if choices else None)
    context = {
        "choices": choices,
        "chosen": chosen,
        "root": tree.build(request.user, chosen) if chosen else None,
        "can_delegate": access.has_perm_anywhere(request.user, workenv_access.DELEGATE),
        "keeps_catalogue": bool(workenv_access.catalogue_municipalities(request.user)),
    }
    return render(request, "workenv/index.html", context)


@require_http_methods(READ)
@login_required
def delegation_list(request):
    _require_reader(request.user)
    bound = DELEGATIONS.bind(request.user, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": bound.form,
        "page_obj": bound.page(request.GET.get("page")),
        "query": query.urlencode(),
        "can_delegate": access.has_perm_anywhere(request.user, workenv_access.DELEGATE),
    }
    return render(request, "workenv/list.html", context, status=bound.status)


def export_headers() -> list[str]:
    return [
        _("Nummer"),
        _("Ansvarsområde"),
        _("Från"),
        _("Från roll"),
        _("Till"),
        _("Till roll"),
        _("Status"),
        _("Antal uppgifter"),
        _("Får delegeras vidare"),
        _("Gäller från"),
        _("Returneringar utan svar"),
        _("Behöver ny ägare"),
    ]


@require_http_methods(READ)
@login_required
def delegation_export(request, fmt: str):
    _require_reader(request.user)
    bound = DELEGATIONS.bind(request.user, request.GET)
    if not bound.is_valid:
        raise Http404
    rows = [
        [
            d.reference,
            d.unit.name,
            str(d.delegator),
            d.get_delegator_role_display(),
            str(d.receiver),
            d.get_receiver_role_display(),
            d.get_state_display(),
            d.task_count,
            _("Ja") if d.may_delegate_further else _("Nej"),
            timezone.localdate(d.in_force_from) if d.in_force_from else None,
            d.open_returns,
            _("Ja") if d.flagged else _("Nej"),
        ]
        for d in bound.rows()
    ]
    response = table_response(fmt, "arbetsmiljodelegeringar", export_headers(), rows, title=_("Arbetsmiljödelegeringar"))
    audit.record_export(actor=request.user, what=_("arbetsmiljödelegeringar"), count=len(rows), query=request.GET.urlencode())
    return response


def _detail_context(request, delegation: Delegation, **forms) -> dict:
    user = request.user
    tasks = list(
        delegation.delegated_tasks.select_related("task", "received_via").order_by("task__position", "task__title", "pk")
    )
    returns = list(delegation.returns.select_related("returned_by", "answered_by").prefetch_related("tasks"))
    flagged = delegation.needs_new_owner()
    is_receiver = user.pk == delegation.receiver_id
    is_delegator = user.pk == delegation.delegator_id
    context = {
        "delegation": delegation,
        "tasks": tasks,
        "returns": returns,
        "flagged": flagged,
        "is_delegator": is_delegator,
        "is_receiver": is_receiver,
        "can_sign": delegation.awaits_signature_of(user),
        "can_edit": is_delegator and delegation.state == Delegation.State.PENDING,
        "can_end": services.may_end(user, delegation, flagged=flagged),
        "can_return": is_receiver and delegation.is_in_force,
        "passed_on": Delegation.objects.filter(
            pk__in=delegation.passed_on.filter(is_current=True).values("delegation_id")
        ).select_related("receiver"),
    }
    context["sign_form"] = forms.get("sign_form") or SignForm(version=delegation.version, prefix="sign")
    context["end_form"] = forms.get("end_form") or EndForm(version=delegation.version, prefix="end")
    context["return_form"] = forms.get("return_form") or ReturnForm(tasks=delegation.tasks.all(), prefix="return")
    answer_forms = forms.get("answer_forms", {})
    for task_return in returns:
        task_return.form = answer_forms.get(task_return.pk) or AnswerForm(
            version=task_return.version, prefix=f"answer-{task_return.pk}"
        )
        task_return.can_answer = is_delegator and not task_return.is_answered
    return context


@require_http_methods(READ)
@login_required
def detail(request, pk: int):
    delegation = workenv_access.get_delegation(request.user, pk)
    return render(request, "workenv/detail.html", _detail_context(request, delegation))


def _detail_page(request, delegation, **forms):
    def page(status):
        delegation.refresh_from_db()
        return render(request, "workenv/detail.html", _detail_context(request, delegation, **forms), status=status)

    return page


@require_POST
@login_required
@require_recent_strong_auth
def sign(request, pk: int):
    """Sign with one's login; where the second factor is enforced, after a recent strong authentication."""
    delegation = workenv_access.get_delegation(request.user, pk)
    if request.user.pk not in (delegation.delegator_id, delegation.receiver_id):
        raise PermissionDenied
    form = SignForm(request.POST, version=delegation.version, prefix="sign")

    def success(result):
        if result.is_in_force:
            return _("Du har skrivit under. Båda har skrivit under, och delegeringen gäller från nu.")
        return _("Du har skrivit under. Delegeringen gäller när båda har skrivit under.")

    return edit_form(
        request,
        form,
        lambda data: services.delegation_sign(actor=request.user, delegation=delegation, expected_version=data["version"]),
        page=_detail_page(request, delegation, sign_form=form),
        record=delegation,
        success=success,
        redirect_to=delegation,
    )


@require_POST
@login_required
def end(request, pk: int):
    delegation = workenv_access.get_delegation(request.user, pk)
    if not services.may_end(request.user, delegation):
        raise PermissionDenied
    form = EndForm(request.POST, version=delegation.version, prefix="end")
    return edit_form(
        request,
        form,
        lambda data: services.delegation_end(
            actor=request.user, delegation=delegation, reason=data["reason"], expected_version=data["version"]
        ),
        page=_detail_page(request, delegation, end_form=form),
        record=delegation,
        success=_("Delegeringen är avslutad. Uppgifterna kan delegeras på nytt."),
        redirect_to=delegation,
    )


@require_POST
@login_required
def return_tasks(request, pk: int):
    """The receiver returns tasks in writing on one of §6.5's grounds; there is no way to decline."""
    delegation = workenv_access.get_delegation(request.user, pk)
    if request.user.pk != delegation.receiver_id:
        raise PermissionDenied
    form = ReturnForm(request.POST, tasks=delegation.tasks.all(), prefix="return")
    return edit_form(
        request,
        form,
        lambda data: services.task_return_create(actor=request.user, delegation=delegation, **data),
        page=_detail_page(request, delegation, return_form=form),
        success=_("Returneringen är skickad. Delegerande chef får den som en uppgift att besvara."),
        redirect_to=delegation,
    )


@require_POST
@login_required
def answer(request, pk: int):
    task_return = workenv_access.get_return(request.user, pk)
    delegation = workenv_access.get_delegation(request.user, task_return.delegation_id)
    if request.user.pk != delegation.delegator_id:
        raise PermissionDenied
    form = AnswerForm(request.POST, version=task_return.version, prefix=f"answer-{task_return.pk}")
    return edit_form(
        request,
        form,
        lambda data: services.task_return_answer(
            actor=request.user,
            task_return=task_return,
            answer=data["answer"],
            action_taken=data["action_taken"],
            expected_version=data["version"],
        ),
        page=_detail_page(request, delegation, answer_forms={task_return.pk: form}),
        record=task_return,
        success=_("Returneringen är besvarad."),
        redirect_to=delegation,
    )


def _catalogue_tasks(unit):
    return WorkTask.objects.filter(municipality_id=unit.municipality_id, is_active=True).order_by("position", "title", "pk")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delegation_new(request):
    """Draw up a delegation: first the area (which decides who may receive it), then the seven contents."""
    units = workenv_access.delegating_units(request.user)
    if not units.exists():
        raise Http404
    unit_form = UnitForm(request.GET if "enhet" in request.GET else None, units=units)
    replaces = None
    if "ersatter" in request.GET:
        replaces = workenv_access.get_delegation(request.user, request.GET["ersatter"])
        if replaces.delegator_id != request.user.pk or not replaces.is_current:
            raise PermissionDenied
        unit_form = UnitForm({"enhet": replaces.unit_id}, units=units)
    if not unit_form.is_valid():
        status = 422 if unit_form.is_bound else 200
        return render(request, "workenv/new_unit.html", {"unit_form": unit_form}, status=status)
    unit = unit_form.cleaned_data["enhet"]
    initial = {}
    if replaces is not None:
        initial = {name: getattr(replaces, name) for name in services.CONTENT_FIELDS}
        initial["receiver"] = replaces.receiver_id
        initial["tasks"] = list(replaces.delegated_tasks.values_list("task_id", flat=True))
    receivers = services.receivers_for(unit, request.user)
    form = DelegationForm(
        request.POST or None,
        receivers=receivers,
        tasks=_catalogue_tasks(unit),
        initial=initial,
    )
    return edit_form(
        request,
        form,
        lambda data: services.delegation_create(actor=request.user, unit=unit, replaces=replaces, **data),
        template="workenv/form.html",
        context=lambda: {
            "unit": unit,
            "replaces": replaces,
            "no_tasks": not _catalogue_tasks(unit).exists(),
            "no_receivers": not receivers.exists(),
        },
        success=_("Delegeringen är upprättad. Skriv under den; den gäller när båda har skrivit under."),
        redirect_to=lambda delegation: delegation,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delegation_edit(request, pk: int):
    delegation = workenv_access.get_delegation(request.user, pk)
    if request.user.pk != delegation.delegator_id or delegation.state != Delegation.State.PENDING:
        raise PermissionDenied
    initial = {name: getattr(delegation, name) for name in services.CONTENT_FIELDS}
    initial["tasks"] = list(delegation.delegated_tasks.values_list("task_id", flat=True))
    form = DelegationForm(
        request.POST or None, receivers=None, tasks=_catalogue_tasks(delegation.unit), initial=initial, version=delegation.version
    )
    return edit_form(
        request,
        form,
        lambda data: services.delegation_update(
            actor=request.user, delegation=delegation, expected_version=data["version"], **without_version(data)
        ),
        template="workenv/form.html",
        context=lambda: {"unit": delegation.unit, "delegation": delegation},
        record=delegation,
        success=_("Delegeringen är ändrad. Har någon redan skrivit under behöver båda skriva under igen."),
        redirect_to=delegation,
    )


@require_http_methods(READ)
@login_required
def pdf(request, pk: int):
    """The delegation as a PDF, for signing on paper where a municipality still wants that."""
    delegation = workenv_access.get_delegation(request.user, pk)
    context = _detail_context(request, delegation)
    context["today"] = timezone.localdate()
    return pdf_response(render_pdf("workenv/pdf.html", context), f"arbetsmiljodelegering-{delegation.reference}.pdf")


# --- The catalogue -------------------------------------------------------------------------------------------------


@require_http_methods(READ)
@login_required
def catalogue(request):
    municipalities = workenv_access.catalogue_municipalities(request.user)
    if not municipalities and not workenv_access.may_read(request.user):
        raise Http404
    if not municipalities:
        municipalities = access.municipalities_with(request.user, workenv_access.VIEW)
    places = [
        {"municipality": m, "tasks": WorkTask.objects.filter(municipality=m).order_by("position", "title", "pk")}
        for m in municipalities
    ]
    can_keep = {m.pk for m in workenv_access.catalogue_municipalities(request.user)}
    return render(request, "workenv/catalogue.html", {"places": places, "can_keep": can_keep})


@require_POST
@login_required
def task_defaults(request, municipality_id: int):
    municipality = workenv_access.catalogue_municipality(request.user, municipality_id)
    added = services.catalogue_add_defaults(actor=request.user, municipality=municipality)
    messages.success(request, _("%(n)s standarduppgifter lades till.") % {"n": len(added)})
    return redirect("workenv:catalogue")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def task_new(request, municipality_id: int):
    municipality = workenv_access.catalogue_municipality(request.user, municipality_id)
    form = WorkTaskForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: services.work_task_create(actor=request.user, municipality=municipality, **data),
        template="workenv/task_form.html",
        context={"municipality": municipality},
        success=_("Uppgiften är tillagd i katalogen."),
        redirect_to=reverse("workenv:catalogue"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def task_edit(request, pk: int):
    task = workenv_access.get_work_task(request.user, pk)
    initial = {name: getattr(task, name) for name in ("title", "description", "basis", "position", "is_active")}
    form = WorkTaskForm(request.POST or None, initial=initial, version=task.version)
    return edit_form(
        request,
        form,
        lambda data: services.work_task_update(
            actor=request.user, task=task, expected_version=data["version"], **without_version(data)
        ),
        template="workenv/task_form.html",
        context=lambda: {"municipality": task.municipality, "task": task},
        record=task,
        success=_("Uppgiften är ändrad."),
        redirect_to=reverse("workenv:catalogue"),
    )
