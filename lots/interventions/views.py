"""Pages of the service interventions: the register, the offer list for a phone, participants with their consent,
and the reports to the authority about changed needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access as lots_access
from lots.audit import services as audit
from lots.core.editing import edit_form, without_version
from lots.core.forms import apply_validation_error
from lots.core.pagination import list_query
from lots.interventions import access, services
from lots.interventions.forms import (
    ConfirmForm,
    EndForm,
    InterventionForm,
    NeedsReportForm,
    ParticipantForm,
    WithdrawForm,
)
from lots.interventions.lists import COUNTS, INTERVENTIONS, OFFERS, PARTICIPANTS, REPORTS
from lots.interventions.models import DATA_FIELDS, Intervention, Participant
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Provider, Unit
from lots.requirements.models import Contract


def _posted(request):
    return request.POST if request.method == "POST" else None


def _list_page(request, definition, template: str, perm: str, decorate=None, **extra):
    access.require_any(request.user, perm)
    filtered = definition.bind(request.user, request.GET)
    page = filtered.page(request.GET.get("page"))
    if decorate is not None:
        for row in page.object_list:
            decorate(row)
    context = {
        "form": filtered.form,
        "page_obj": page,
        "query": list_query(request),
        "can_participants": lots_access.has_perm_anywhere(request.user, access.PARTICIPANTS),
    }
    return render(request, template, context | extra, status=filtered.status)


# --- Register ---------------------------------------------------------------------------------------------------


@login_required
def index(request):
    today = timezone.localdate()

    def decorate(intervention):
        intervention.contract_ok = intervention.has_contract(today)

    return _list_page(
        request,
        INTERVENTIONS,
        "interventions/index.html",
        access.VIEW,
        decorate=decorate,
        can_create=lots_access.has_perm_anywhere(request.user, access.CHANGE),
    )


def export_headers() -> list[str]:
    return [
        _("Namn"),
        _("Typ av insats"),
        _("Målgrupp"),
        _("Enhet"),
        _("Utförs av"),
        _("Avtal"),
        _("Avtalet gäller till och med"),
        _("Gällande avtal"),
        _("Status"),
        _("Kan erbjudas i dag"),
        _("För deltagarregister"),
    ]


@login_required
def export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    access.require_any(request.user, access.VIEW)
    filtered = INTERVENTIONS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("interventions:index") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    yes, no = _("Ja"), _("Nej")
    rows = [
        [
            i.name,
            i.get_kind_display(),
            i.target_group,
            i.unit.name,
            i.provider.name if i.provider else _("Egen regi"),
            i.contract.title if i.contract else "",
            i.contract.ends_on if i.contract else None,
            yes if i.has_contract(today) else no,
            i.get_status_display(),
            yes if i.is_offerable(today) else no,
            yes if i.keeps_participant_data else no,
        ]
        for i in filtered.rows()
    ]
    audit.record_export(actor=request.user, what=_("serviceinsatser"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"serviceinsatser-{today:%Y-%m-%d}", export_headers(), rows, title=_("Serviceinsatser"))


@login_required
def offers(request):
    """What a staff member may offer a client today, fit for a phone."""
    return _list_page(request, OFFERS, "interventions/offers.html", access.VIEW)


def _form_options(user, unit: Unit | None):
    units = access.change_units(user)
    municipality_ids = set(units.values_list("municipality_id", flat=True)) if unit is None else {unit.municipality_id}
    providers = Provider.objects.filter(municipality_id__in=municipality_ids, closed_at__isnull=True).order_by("name")
    contracts = Contract.objects.filter(provider__municipality_id__in=municipality_ids).select_related("provider")
    return units, providers, contracts.order_by("provider__name", "-starts_on", "pk")


FIELDS = ["name", "kind", "description", "target_group", "provider", "contract", "keeps_participant_data"]


@login_required
def create(request):
    access.require_change_somewhere(request.user)
    units, providers, contracts = _form_options(request.user, None)
    form = InterventionForm(_posted(request), units=units, providers=providers, contracts=contracts)
    return edit_form(
        request,
        form,
        lambda data: services.intervention_create(actor=request.user, unit=data["unit"], **{f: data[f] for f in FIELDS}),
        template="interventions/form.html",
        context={"intervention": None},
        success=_("Serviceinsatsen är registrerad som planerad."),
        redirect_to=lambda intervention: reverse("interventions:detail", args=[intervention.pk]),
    )


@login_required
def edit(request, pk: int):
    intervention = access.get_intervention(request.user, pk, write=True)
    _units, providers, contracts = _form_options(request.user, intervention.unit)
    initial = {f: getattr(intervention, f) for f in FIELDS} | {"unit": intervention.unit}
    form = InterventionForm(
        _posted(request),
        initial=initial,
        units=Unit.objects.filter(pk=intervention.unit_id),
        providers=providers,
        contracts=contracts,
    )
    form.fields["unit"].disabled = True
    form.add_version_field(intervention.version)
    return edit_form(
        request,
        form,
        lambda data: services.intervention_update(
            actor=request.user,
            intervention=intervention,
            expected_version=data["version"],
            **{f: data[f] for f in FIELDS},
        ),
        template="interventions/form.html",
        context={"intervention": intervention},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("interventions:detail", args=[intervention.pk]),
        record=intervention,
    )


def _detail_context(request, intervention: Intervention) -> dict:
    today = timezone.localdate()
    can_participants = access.can_see_participants(request.user, intervention)
    participants = []
    if can_participants and intervention.keeps_participant_data:
        participants = list(access.participants_visible(request.user).filter(intervention=intervention, status="active"))
    return {
        "intervention": intervention,
        "today": today,
        "has_contract": intervention.has_contract(today),
        "offerable": intervention.is_offerable(today),
        "contract_problem": services.contract_problem(intervention, today),
        "can_edit": access.can_change(request.user, intervention.unit),
        "can_participants": can_participants,
        "participants": participants,
        "counts": list(intervention.year_counts.order_by("-year")),
    }


@login_required
def detail(request, pk: int):
    intervention = access.get_intervention(request.user, pk)
    form = ConfirmForm(version=intervention.version)
    return render(request, "interventions/detail.html", _detail_context(request, intervention) | {"form": form})


def _status_action(request, pk: int, service, success: str):
    intervention = access.get_intervention(request.user, pk, write=True)
    form = ConfirmForm(request.POST, version=intervention.version)

    def page(status):
        return render(
            request, "interventions/detail.html", _detail_context(request, intervention) | {"form": form}, status=status
        )

    return edit_form(
        request,
        form,
        lambda data: service(actor=request.user, intervention=intervention, expected_version=data["version"]),
        page=page,
        success=success,
        redirect_to=reverse("interventions:detail", args=[intervention.pk]),
        record=intervention,
    )


@login_required
@require_POST
def offer(request, pk: int):
    return _status_action(request, pk, services.intervention_offer, _("Insatsen erbjuds nu."))


@login_required
@require_POST
def end(request, pk: int):
    return _status_action(request, pk, services.intervention_end, _("Insatsen är avslutad."))


# --- Participants -----------------------------------------------------------------------------------------------


@login_required
def participants(request):
    return _list_page(request, PARTICIPANTS, "interventions/participants.html", access.PARTICIPANTS)


def participant_headers() -> list[str]:
    return [
        _("Serviceinsats"),
        _("Enhet"),
        _("Referens"),
        _("Namn"),
        _("Kontaktuppgifter"),
        _("Samtycket omfattar"),
        _("Samtycke lämnat"),
        _("Hur"),
        _("Av"),
        _("Började"),
        _("Status"),
        _("Slutade"),
        _("Anledning"),
    ]


@login_required
def participant_export(request, fmt: str):
    """Participant rows as the consent allows them (notes are left out of the export); read-logged like the list."""
    if fmt not in FORMATS:
        raise Http404
    access.require_any(request.user, access.PARTICIPANTS)
    filtered = PARTICIPANTS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("interventions:participants") + "?" + request.GET.urlencode())
    labels = {"name": _("namn"), "contact": _("kontaktuppgifter"), "notes": _("anteckningar")}
    rows = [
        [
            p.intervention.name,
            p.unit.name,
            p.reference,
            p.name,
            p.contact,
            ", ".join(str(labels[f]) for f in p.covered_fields) or _("Endast referens"),
            p.consent_given_on,
            p.get_consent_method_display(),
            p.get_consent_given_by_display(),
            p.started_on,
            p.get_status_display(),
            p.ended_on,
            p.get_end_reason_display() if p.end_reason else "",
        ]
        for p in filtered.rows()
    ]
    audit.record_export(actor=request.user, what=_("deltagare"), count=len(rows), query=request.GET.urlencode())
    today = timezone.localdate()
    return table_response(fmt, f"deltagare-{today:%Y-%m-%d}", participant_headers(), rows, title=_("Deltagare"))


def _intervention_for_participants(user, pk: int) -> Intervention:
    intervention = access.get_intervention(user, pk)
    if not access.can_see_participants(user, intervention):
        raise PermissionDenied
    return intervention


PARTICIPANT_FIELDS = [
    "consent_given_on",
    "consent_method",
    "consent_given_by",
    "consent_name",
    "consent_contact",
    "consent_notes",
    *DATA_FIELDS,
]


@login_required
def participant_create(request, pk: int):
    intervention = _intervention_for_participants(request.user, pk)
    form = ParticipantForm(_posted(request))
    return edit_form(
        request,
        form,
        lambda data: services.participant_register(
            actor=request.user,
            intervention=intervention,
            reference=data["reference"],
            started_on=data["started_on"],
            integrity_confirmed=data["integrity_confirmed"],
            **{f: data[f] for f in PARTICIPANT_FIELDS},
        ),
        template="interventions/participant_form.html",
        context={"intervention": intervention, "participant": None},
        success=_("Deltagaren är registrerad med sitt samtycke."),
        redirect_to=lambda participant: reverse("interventions:participant", args=[participant.pk]),
    )


def _participant_context(request, participant: Participant) -> dict:
    return {
        "participant": participant,
        "intervention": participant.intervention,
        "reports": list(participant.needs_reports.select_related("to_unit").order_by("-sent_on", "-pk")),
        "is_active": participant.status == Participant.Status.ACTIVE,
    }


@login_required
def participant_detail(request, pk: int):
    participant = access.get_participant(request.user, pk)
    context = _participant_context(request, participant)
    context["end_form"] = EndForm(version=participant.version)
    return render(request, "interventions/participant_detail.html", context)


@login_required
def participant_edit(request, pk: int):
    participant = access.get_participant(request.user, pk)
    initial = {f: getattr(participant, f) for f in PARTICIPANT_FIELDS}
    form = ParticipantForm(_posted(request), initial=initial, editing=True)
    form.add_version_field(participant.version)
    return edit_form(
        request,
        form,
        lambda data: services.participant_update(
            actor=request.user,
            participant=participant,
            expected_version=data["version"],
            integrity_confirmed=data["integrity_confirmed"],
            **{f: data[f] for f in PARTICIPANT_FIELDS},
        ),
        template="interventions/participant_form.html",
        context={"intervention": participant.intervention, "participant": participant},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("interventions:participant", args=[participant.pk]),
        record=participant,
    )


@login_required
@require_POST
def participant_end(request, pk: int):
    participant = access.get_participant(request.user, pk)
    form = EndForm(request.POST, version=participant.version)

    def page(status):
        context = _participant_context(request, participant) | {"end_form": form}
        return render(request, "interventions/participant_detail.html", context, status=status)

    return edit_form(
        request,
        form,
        lambda data: services.participant_end(
            actor=request.user,
            participant=participant,
            expected_version=data["version"],
            **without_version(data),
        ),
        page=page,
        success=_("Deltagandet är avslutat."),
        redirect_to=reverse("interventions:participant", args=[participant.pk]),
        record=participant,
    )


@login_required
def participant_withdraw(request, pk: int):
    """The consent withdrawn: after a confirmation, the participant's record is deleted."""
    participant = access.get_participant(request.user, pk)
    form = WithdrawForm(_posted(request))
    intervention = participant.intervention
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(actor=request.user, participant=participant)
        messages.success(request, _("Samtycket är återkallat och deltagarens uppgifter är raderade."))
        return redirect("interventions:detail", intervention.pk)
    status = 422 if form.errors else 200
    context = {"participant": participant, "intervention": intervention, "form": form}
    return render(request, "interventions/participant_withdraw.html", context, status=status)


# --- Changed needs ----------------------------------------------------------------------------------------------


def _receiving_units(participant: Participant):
    return (
        Unit.objects.filter(municipality_id=participant.unit.municipality_id, closed_at__isnull=True)
        .exclude(pk=participant.unit_id)
        .order_by("path")
    )


@login_required
def report_create(request, pk: int):
    participant = access.get_participant(request.user, pk)
    if participant.status != Participant.Status.ACTIVE:
        messages.error(request, _("Deltagandet är redan avslutat."))
        return redirect("interventions:participant", participant.pk)
    form = NeedsReportForm(_posted(request), units=_receiving_units(participant), version=participant.version)
    return edit_form(
        request,
        form,
        lambda data: services.needs_report_send(
            actor=request.user,
            participant=participant,
            expected_version=data["version"],
            to_unit=data["to_unit"],
            kind=data["kind"],
            grounds=data["grounds"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="interventions/report_form.html",
        context={"participant": participant, "intervention": participant.intervention},
        success=_("Anmälan är skickad och deltagandet i insatsen är avslutat."),
        redirect_to=lambda report: reverse("interventions:report", args=[report.pk]),
        record=participant,
    )


@login_required
def reports(request):
    return _list_page(request, REPORTS, "interventions/reports.html", access.PARTICIPANTS)


@login_required
def report_detail(request, pk: int):
    report = access.get_report(request.user, pk)
    form = ConfirmForm(_posted(request), version=report.version)
    status = 200
    if request.method == "POST":
        if not access.can_confirm(request.user, report):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.needs_report_confirm(actor=request.user, report=report, expected_version=form.cleaned_data["version"])
            except services.ConcurrentEditError:
                form.add_error(None, _("Anmälan har ändrats av någon annan. Ladda om sidan."))
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
                status = 422
            else:
                messages.success(request, _("Mottagandet är bekräftat."))
                return redirect("interventions:report", report.pk)
        else:
            status = 422
    context = {"report": report, "form": form, "can_confirm": access.can_confirm(request.user, report)}
    return render(request, "interventions/report_detail.html", context, status=status)


@login_required
def counts(request):
    return _list_page(request, COUNTS, "interventions/counts.html", access.VIEW)
