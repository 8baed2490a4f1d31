"""Follow-ups: planning, assessing section by section, the provider's self-assessment, completing and the report."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lots import access as lots_access
from lots.archive.models import ArchivedDocument
from lots.archive.views import archived_copy, stored_response
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError
from lots.core.editing import edit_form
from lots.core.forms import apply_validation_error
from lots.lib.pdf import pdf_response
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Municipality, Provider, Unit
from lots.requirements import access, report, results, services
from lots.requirements.forms import (
    AssessmentForm,
    CompleteForm,
    FollowUpForm,
    ReFollowUpForm,
    SelfAssessmentForm,
)
from lots.requirements.lists import FOLLOW_UPS
from lots.requirements.models import Assessment, Attachment, CatalogueVersion, Contract, FollowUp, Section
from lots.requirements.views.common import list_query, posted

S = FollowUp.Status
A = Assessment.Status


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filtered_follow_ups(request):
    """The follow-up list as the person sees it with the filters in the request; 404 without ``followup.view``."""
    if not lots_access.has_perm_anywhere(request.user, "followup.view"):
        raise Http404
    return FOLLOW_UPS.bind(request.user, request.GET)


def _row(follow_up: FollowUp, provider_side: set[int]) -> dict:
    """A row of the list: ``follow_up``, ``hidden`` (the person is the provider and the report is not done, so the
    result is not theirs to see yet) and ``score`` (the share fulfilled; None when hidden or nothing is assessed)."""
    scored = follow_up.met + follow_up.partly + follow_up.not_met
    hidden = follow_up.provider_id in provider_side and not follow_up.is_completed
    score = None if hidden or not scored else round(100 * (follow_up.met + 0.5 * follow_up.partly) / scored)
    return {"follow_up": follow_up, "score": score, "hidden": hidden}


@login_required
def follow_up_list(request):
    filtered = _filtered_follow_ups(request)
    page = filtered.page(request.GET.get("page"))
    provider_side = access.provider_ids(request.user)
    return render(
        request,
        "requirements/follow_up_list.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "rows": [_row(follow_up, provider_side) for follow_up in page],
            "query": list_query(request),
            "can_create": bool(access.change_municipality_ids(request.user, "followup.change")),
        },
        status=filtered.status,
    )


@login_required
def follow_up_export(request, fmt: str):
    """The follow-up list as Excel or CSV with the same filter and scope; a filter error sends the person to the list.
    The assessment counts stay empty where the list hides the result (the provider's own, before the report)."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_follow_ups(request)
    if not filtered.is_valid:
        return redirect(reverse("requirements:follow_ups") + "?" + request.GET.urlencode())
    provider_side = access.provider_ids(request.user)
    headers = [
        _("Uppföljning"),
        _("Kravkatalog"),
        _("Utförare eller enhet"),
        _("Avtal"),
        _("Period från"),
        _("Period till"),
        _("Metoder"),
        _("Status"),
        _("Ansvarig"),
        _("Ansvarig enhet"),
        _("Självskattning senast"),
        _("Rapportdatum"),
        _("Krav"),
        _("Uppfyllda"),
        _("Delvis uppfyllda"),
        _("Ej uppfyllda"),
        _("Uppfyllt (%)"),
    ]
    rows = []
    for fu in filtered.rows():
        row = _row(fu, provider_side)
        counts = [None, None, None] if row["hidden"] else [fu.met, fu.partly, fu.not_met]
        rows.append(
            [
                fu.title,
                str(fu.catalogue_version),
                fu.target_name,
                fu.contract.title if fu.contract else "",
                fu.period_start,
                fu.period_end,
                ", ".join(fu.method_labels()),
                fu.get_status_display(),
                str(fu.lead),
                fu.responsible_unit.name,
                fu.self_assessment_due,
                fu.completed_on,
                fu.total,
                *counts,
                row["score"],
            ]
        )
    audit.record_export(actor=request.user, what=_("uppföljningar"), count=len(rows), query=request.GET.urlencode())
    today = timezone.localdate()
    return table_response(fmt, f"uppfoljningar-{today:%Y-%m-%d}", headers, rows, title=_("Uppföljningar"))


# --- Planning ----------------------------------------------------------------------------------


def _plan_options(user, municipality: Municipality) -> dict:
    return {
        "providers": list(Provider.objects.filter(municipality=municipality, closed_at__isnull=True).order_by("name")),
        "units": list(
            lots_access.scope(Unit.objects.open().filter(municipality=municipality), user, "followup.change", field=None)
        ),
        "contracts": Contract.objects.filter(provider__municipality=municipality).select_related("provider"),
        "versions": CatalogueVersion.objects.filter(catalogue__in=access.catalogues_visible(user))
        .filter(Q(catalogue__municipality__isnull=True) | Q(catalogue__municipality=municipality))
        .select_related("catalogue")
        .order_by("catalogue__title", "-number"),
    }


CONTRACT_WARNING = gettext_lazy(
    "%(provider)s har inget gällande avtal. Ingen insats får förmedlas till en utförare utan avtal; registrera "
    "avtalet under Avtal med utförare."
)


def _planned_message(request, follow_up: FollowUp) -> str:
    if follow_up.provider_lacks_contract(timezone.localdate()):
        messages.warning(request, CONTRACT_WARNING % {"provider": follow_up.provider.name})
    return _("Uppföljningen är planerad.")


@login_required
def follow_up_create(request):
    ids = access.change_municipality_ids(request.user, "followup.change")
    if not ids:
        if lots_access.has_perm_anywhere(request.user, "followup.view"):
            raise PermissionDenied
        raise Http404
    contract = (
        Contract.objects.filter(pk=_int(request.GET.get("avtal")), provider__municipality_id__in=ids)
        .select_related("provider__municipality", "catalogue")
        .first()
    )
    municipality = (
        contract.provider.municipality if contract else Municipality.objects.filter(pk__in=ids).order_by("name").first()
    )
    options = _plan_options(request.user, municipality)
    today = timezone.localdate()
    initial = {
        "title": _("Kvalitetsuppföljning %(year)s") % {"year": today.year},
        "period_start": datetime.date(today.year, 1, 1),
        "period_end": today,
        "methods": [FollowUp.Method.DOCUMENTS, FollowUp.Method.INTERVIEW],
        "lead": request.user,
    }
    if contract is not None:
        initial.update(target=f"p{contract.provider_id}", contract=contract, responsible_unit=contract.responsible_unit)
        if contract.follow_up_by_id:
            initial["lead"] = contract.follow_up_by
        if contract.catalogue_id:
            initial["catalogue_version"] = contract.catalogue.latest_version()
    form = FollowUpForm(posted(request), initial=initial, municipality=municipality, **options)
    return edit_form(
        request,
        form,
        lambda data: services.follow_up_create(
            actor=request.user,
            provider=data["target"] if isinstance(data["target"], Provider) else None,
            unit=data["target"] if isinstance(data["target"], Unit) else None,
            contract=data["contract"],
            catalogue_version=data["catalogue_version"],
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            methods=data["methods"],
            lead=data["lead"],
            team=list(data["team"]),
            responsible_unit=data["responsible_unit"],
            self_assessment_due=data["self_assessment_due"],
        ),
        template="requirements/follow_up_form.html",
        context={"follow_up": None},
        success=lambda follow_up: _planned_message(request, follow_up),
        redirect_to=lambda follow_up: reverse("requirements:follow_up", args=[follow_up.pk]),
        field_map={"provider": "target"},
    )


@login_required
def follow_up_edit(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk, write=True)
    if follow_up.is_completed:
        messages.info(request, _("Uppföljningen är klar och kan inte ändras."))
        return redirect("requirements:follow_up", pk=follow_up.pk)
    names = ["title", "period_start", "period_end", "methods", "self_assessment_due", "lead", "responsible_unit"]
    initial = {name: getattr(follow_up, name) for name in names} | {"team": follow_up.team.all()}
    form = FollowUpForm(posted(request), initial=initial, municipality=follow_up.municipality, editing=True)
    form.add_version_field(follow_up.version)
    return edit_form(
        request,
        form,
        lambda data: services.follow_up_update(
            actor=request.user,
            follow_up=follow_up,
            expected_version=data["version"],
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            methods=data["methods"],
            lead=data["lead"],
            responsible_unit=data["responsible_unit"],
            team=list(data["team"]),
            self_assessment_due=data["self_assessment_due"],
        ),
        template="requirements/follow_up_form.html",
        context={"follow_up": follow_up},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("requirements:follow_up", args=[follow_up.pk]),
        record=follow_up,
    )


# --- The follow-up page ------------------------------------------------------------------------


def _assessments(follow_up: FollowUp, section: Section | None = None) -> list[Assessment]:
    qs = follow_up.assessments.select_related("requirement__section").prefetch_related("attachments")
    if section is not None:
        qs = qs.filter(requirement__section=section)
    assessments = list(qs.order_by("requirement__position"))
    actions = {a.assessment_id: a for a in follow_up.demanded_actions.all()}
    for assessment in assessments:
        assessment.action = actions.get(assessment.pk)
    return assessments


@login_required
def follow_up_detail(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk)
    provider_side = access.is_provider_side(request.user, follow_up)
    sees = access.sees_assessments(request.user, follow_up)
    assessments = _assessments(follow_up)
    result = results.result_of(assessments)
    self_result = results.result_of(assessments, status_of=lambda a: a.self_status)
    can_edit = access.can_change_follow_up(request.user, follow_up)
    first = result.sections[0].section if result.sections else None
    return render(
        request,
        "requirements/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "provider_side": provider_side,
            "sees_assessments": sees,
            "result": result,
            "self_result": self_result,
            "comparison": results.compare(follow_up, assessments) if sees else None,
            "actions": [a.action for a in assessments if a.action is not None] if sees else [],
            "team": list(follow_up.team.all()),
            "can_edit": can_edit and not follow_up.is_completed,
            "can_plan_again": can_edit and follow_up.is_completed and any(a.is_unfulfilled for a in assessments),
            "can_self_assess": access.can_self_assess(request.user, follow_up) and follow_up.self_assessment_open,
            "assessed": sum(1 for a in assessments if a.status != A.NOT_ASSESSED),
            "answered": sum(1 for a in assessments if a.self_status != A.NOT_ASSESSED),
            "next_assess": next((a.requirement.section for a in assessments if a.status == A.NOT_ASSESSED), first),
            "next_self": next((a.requirement.section for a in assessments if a.self_status == A.NOT_ASSESSED), first),
            "today": timezone.localdate(),
            "contract_warning": (
                CONTRACT_WARNING % {"provider": follow_up.provider.name}
                if not provider_side and follow_up.provider_lacks_contract(timezone.localdate())
                else ""
            ),
        },
    )


def _section(follow_up: FollowUp, section_pk) -> Section:
    try:
        return Section.objects.get(pk=section_pk, version_id=follow_up.catalogue_version_id)
    except (Section.DoesNotExist, ValueError):
        raise Http404 from None


def _neighbours(follow_up: FollowUp, section: Section) -> tuple[Section | None, Section | None]:
    sections = list(Section.objects.filter(requirements__assessments__follow_up=follow_up).distinct().order_by("position"))
    index = next((i for i, s in enumerate(sections) if s.pk == section.pk), None)
    if index is None:
        return None, None
    return (sections[index - 1] if index > 0 else None, sections[index + 1] if index + 1 < len(sections) else None)


@login_required
def follow_up_assess(request, pk: int, section_pk: int):
    follow_up = access.get_follow_up(request.user, pk, write=True)
    section = _section(follow_up, section_pk)
    if follow_up.is_completed:
        messages.info(request, _("Uppföljningen är klar; bedömningarna kan inte ändras."))
        return redirect("requirements:follow_up", pk=follow_up.pk)
    assessments = _assessments(follow_up, section)
    if not assessments:
        raise Http404
    forms = []
    for assessment in assessments:
        action = assessment.action
        initial = {
            "status": assessment.status,
            "comment": assessment.comment,
            "interview_notes": assessment.interview_notes,
            "action_text": action.text if action else "",
            "action_due": action.due_date if action else None,
        }
        form = AssessmentForm(
            posted(request), request.FILES if request.method == "POST" else None, prefix=f"a{assessment.pk}", initial=initial
        )
        form.add_version_field(assessment.version)
        forms.append(form)
    previous, following = _neighbours(follow_up, section)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and all(form.is_valid() for form in forms):
        entries, uploads = [], {}
        for assessment, form in zip(assessments, forms, strict=True):
            data = form.cleaned_data
            entries.append(
                services.AssessmentEntry(
                    assessment=assessment,
                    expected_version=data["version"],
                    status=data["status"],
                    comment=data["comment"],
                    interview_notes=data["interview_notes"],
                    action_text=data["action_text"],
                    action_due=data["action_due"],
                    integrity_confirmed=data["integrity_confirmed"],
                )
            )
            if data.get("attachment"):
                uploads[assessment.pk] = data["attachment"]
        try:
            services.assessments_save(actor=request.user, follow_up=follow_up, entries=entries, uploads=uploads)
        except ConcurrentEditError:
            _mark_conflicts(assessments, forms)
            status = 409
        except ValidationError as error:
            _place_error(error, assessments, forms)
        else:
            messages.success(request, _("Bedömningen av ”%(section)s” är sparad.") % {"section": section.title})
            if "next" in request.POST and following is not None:
                return redirect("requirements:follow_up_assess", pk=follow_up.pk, section_pk=following.pk)
            return redirect("requirements:follow_up", pk=follow_up.pk)
    return render(
        request,
        "requirements/follow_up_assess.html",
        {
            "follow_up": follow_up,
            "section": section,
            "items": list(zip(assessments, forms, strict=True)),
            "previous": previous,
            "following": following,
        },
        status=status,
    )


def _mark_conflicts(assessments, forms) -> None:
    current = dict(Assessment.objects.filter(pk__in=[a.pk for a in assessments]).values_list("pk", "version"))
    for assessment, form in zip(assessments, forms, strict=True):
        if current.get(assessment.pk) != form.cleaned_data.get("version"):
            form.add_conflict_error()


def _place_error(error: ValidationError, assessments, forms) -> None:
    """A service error names the assessment it is about (``assessment_id``) when it is about one; put it there."""
    by_assessment = getattr(error, "by_assessment", None)
    if by_assessment:
        # The integrity guard warns at every requirement whose texts it stopped, not only the first.
        for assessment, form in zip(assessments, forms, strict=True):
            if assessment.pk in by_assessment:
                apply_validation_error(form, by_assessment[assessment.pk])
        return
    target = forms[0]
    failing = getattr(error, "assessment_id", None)
    for assessment, form in zip(assessments, forms, strict=True):
        if assessment.pk == failing:
            target = form
    apply_validation_error(target, error)


@login_required
def follow_up_self_assess(request, pk: int, section_pk: int):
    follow_up = access.get_follow_up(request.user, pk, self_assess=True)
    section = _section(follow_up, section_pk)
    if not follow_up.self_assessment_open:
        messages.info(request, _("Självskattningen är inte öppen."))
        return redirect("requirements:follow_up", pk=follow_up.pk)
    assessments = _assessments(follow_up, section)
    if not assessments:
        raise Http404
    forms = []
    for assessment in assessments:
        initial = {"self_status": assessment.self_status, "self_comment": assessment.self_comment}
        form = SelfAssessmentForm(
            posted(request), request.FILES if request.method == "POST" else None, prefix=f"a{assessment.pk}", initial=initial
        )
        form.add_version_field(assessment.version)
        forms.append(form)
    previous, following = _neighbours(follow_up, section)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and all(form.is_valid() for form in forms):
        entries, uploads = [], {}
        for assessment, form in zip(assessments, forms, strict=True):
            data = form.cleaned_data
            entries.append(
                services.SelfEntry(
                    assessment, data["version"], data["self_status"], data["self_comment"], data["integrity_confirmed"]
                )
            )
            if data.get("attachment"):
                uploads[assessment.pk] = data["attachment"]
        try:
            services.self_assessment_save(actor=request.user, follow_up=follow_up, entries=entries, uploads=uploads)
        except ConcurrentEditError:
            _mark_conflicts(assessments, forms)
            status = 409
        except ValidationError as error:
            _place_error(error, assessments, forms)
        else:
            messages.success(request, _("Era svar för ”%(section)s” är sparade.") % {"section": section.title})
            if "next" in request.POST and following is not None:
                return redirect("requirements:follow_up_self", pk=follow_up.pk, section_pk=following.pk)
            return redirect("requirements:follow_up", pk=follow_up.pk)
    return render(
        request,
        "requirements/follow_up_self.html",
        {
            "follow_up": follow_up,
            "section": section,
            "items": list(zip(assessments, forms, strict=True)),
            "previous": previous,
            "following": following,
        },
        status=status,
    )


# --- Steps -----------------------------------------------------------------------------------------


def _step(request, follow_up: FollowUp, service, success: str):
    try:
        service(actor=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("requirements:follow_up", pk=follow_up.pk)


@login_required
@require_POST
def follow_up_open_self_assessment(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk, write=True)
    return _step(
        request,
        follow_up,
        services.follow_up_start_self_assessment,
        _("Självskattningen är öppnad. Utförarens användare har fått ett meddelande."),
    )


@login_required
@require_POST
def follow_up_open_assessment(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk, write=True)
    return _step(request, follow_up, services.follow_up_start_assessment, _("Bedömningen är påbörjad."))


@login_required
@require_POST
def follow_up_submit_self_assessment(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk, self_assess=True)
    return _step(
        request,
        follow_up,
        services.self_assessment_submit,
        _("Självskattningen är inskickad. Kommunen går nu igenom den och gör sin bedömning."),
    )


@login_required
def follow_up_complete(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk, write=True)
    if follow_up.is_completed:
        return redirect("requirements:follow_up", pk=follow_up.pk)
    assessments = _assessments(follow_up)
    result = results.result_of(assessments)
    form = CompleteForm(posted(request), initial={"summary": follow_up.summary, "completed_on": timezone.localdate()})
    form.add_version_field(follow_up.version)
    return edit_form(
        request,
        form,
        lambda data: services.follow_up_complete(
            actor=request.user,
            follow_up=follow_up,
            expected_version=data["version"],
            completed_on=data["completed_on"],
            summary=data["summary"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="requirements/follow_up_complete.html",
        context={"follow_up": follow_up, "result": result},
        success=_("Uppföljningen är klar. Rapporten kan laddas ner och skickas till utföraren."),
        redirect_to=reverse("requirements:follow_up", args=[follow_up.pk]),
        record=follow_up,
    )


@login_required
def follow_up_re_follow_up(request, pk: int):
    follow_up = access.get_follow_up(request.user, pk, write=True)
    unfulfilled = services.unfulfilled_requirements(follow_up) if follow_up.is_completed else []
    if not unfulfilled:
        messages.info(request, _("Det finns inga ouppfyllda krav att följa upp igen."))
        return redirect("requirements:follow_up", pk=follow_up.pk)
    today = timezone.localdate()
    initial = {
        "title": _("Återuppföljning: %(title)s") % {"title": follow_up.title},
        "period_start": follow_up.period_end + datetime.timedelta(days=1) if follow_up.period_end < today else today,
        "period_end": today if follow_up.period_end < today else follow_up.period_end,
        "methods": [m for m in follow_up.methods if m != FollowUp.Method.SELF_ASSESSMENT] or [FollowUp.Method.DOCUMENTS],
        "lead": follow_up.lead,
    }
    form = ReFollowUpForm(posted(request), initial=initial, municipality=follow_up.municipality)
    return edit_form(
        request,
        form,
        lambda data: services.re_follow_up_create(
            actor=request.user,
            follow_up=follow_up,
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            methods=data["methods"],
            lead=data["lead"],
        ),
        template="requirements/re_follow_up_form.html",
        context={"follow_up": follow_up, "unfulfilled": unfulfilled},
        success=_("Återuppföljningen är planerad med de %(n)s krav som inte var uppfyllda.") % {"n": len(unfulfilled)},
        redirect_to=lambda new: reverse("requirements:follow_up", args=[new.pk]),
    )


# --- Report and attachments ---------------------------------------------------------------------------


def _report_follow_up(request, pk) -> FollowUp:
    follow_up = access.get_follow_up(request.user, pk)
    if not access.sees_assessments(request.user, follow_up):
        raise PermissionDenied
    return follow_up


@login_required
def follow_up_report_pdf(request, pk: int):
    """The report as a PDF: once the follow-up is completed, the archived copy stored at completion (the same bytes
    every time); before that, and until the worker has stored it, rendered from the follow-up as it is now."""
    follow_up = _report_follow_up(request, pk)
    name = report.filename(follow_up, "pdf")
    if follow_up.is_completed and (stored := archived_copy(follow_up, ArchivedDocument.Kind.FOLLOW_UP_REPORT)):
        return stored_response(stored, name)
    return pdf_response(report.render_report_pdf(follow_up), name)


@login_required
def follow_up_report_docx(request, pk: int):
    follow_up = _report_follow_up(request, pk)
    response = HttpResponse(report.render_report_docx(follow_up), content_type=report.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.filename(follow_up, "docx")}"'
    return response


@login_required
def attachment_download(request, pk: int):
    try:
        attachment = Attachment.objects.select_related("assessment__follow_up").get(
            access.follow_up_q(request.user, prefix="assessment__follow_up__"), pk=pk
        )
    except (Attachment.DoesNotExist, ValueError):
        raise Http404 from None
    follow_up = attachment.assessment.follow_up
    if access.is_provider_side(request.user, follow_up) and not (attachment.from_provider or follow_up.is_completed):
        raise Http404
    audit.record_view(actor=request.user, obj=attachment, unit=follow_up.unit or follow_up.responsible_unit)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
