"""The access review (behörighetsuppföljning) of a unit and the log follow-up (logguppföljning) of a municipality."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import review as access_review
from lots.accounts import services as account_services
from lots.audit import services as audit
from lots.core.forms import apply_validation_error
from lots.lib.dates import add_months
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.organisation.models import Unit
from lots.oversight import reviews, services
from lots.oversight.forms import ConfirmReviewForm, DeactivateForm, SignOffForm
from lots.oversight.logs import LIST_LIMIT, MONTHS_BACK, Month, months_with_reads, recent_months
from lots.oversight.models import AccessReview, LogReview
from lots.oversight.reviews import unused_before

# --- The access review ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
def index(request):
    """The units whose access the person reviews, with this year's confirmation of each."""
    units = access_review.review_units(request.user)
    if not units:
        raise Http404
    year = timezone.localdate().year
    confirmed = {r.unit_id: r for r in AccessReview.objects.filter(unit__in=units, year=year).select_related("confirmed_by")}
    rows = [{"unit": unit, "confirmation": confirmed.get(unit.pk)} for unit in units]
    follows_logs = bool(access_review.log_review_municipalities(request.user))
    context = {"rows": rows, "year": year, "due": reviews.due_date(year), "follows_logs": follows_logs}
    return render(request, "oversight/index.html", context)


def _review_or_404(request, unit_id: int) -> reviews.Review:
    unit = Unit.objects.filter(pk=unit_id).select_related("municipality").first()
    if unit is None or not access_review.may_review(request.user, unit):
        raise Http404
    return reviews.build(request.user, unit)


def _render_review(request, rev: reviews.Review, *, confirm_form=None, deactivate_form=None, status: int = 200):
    return render(
        request,
        "oversight/review.html",
        {
            "review": rev,
            "confirm_form": confirm_form or ConfirmReviewForm(),
            "deactivate_form": deactivate_form or DeactivateForm(people=rev.deactivatable),
            "unused_days": settings.LOTS_UNUSED_ACCOUNT_DAYS,
            "unused_before": unused_before(),
            "due": reviews.due_date(rev.year),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review(request, unit_id: int):
    """One unit's review; a POST confirms it for this year."""
    rev = _review_or_404(request, unit_id)
    if request.method != "POST":
        return _render_review(request, rev)
    form = ConfirmReviewForm(request.POST)
    if form.is_valid():
        try:
            services.access_review_confirm(
                actor=request.user,
                unit=rev.unit,
                year=rev.year,
                note=form.cleaned_data["note"],
                assignment_count=rev.assignment_count,
                flagged_count=len(rev.flagged),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            confirmed = _("Behörigheterna för %(unit)s är bekräftade för %(year)s.") % {"unit": rev.unit, "year": rev.year}
            messages.success(request, confirmed)
            return redirect("oversight:review", rev.unit.pk)
    return _render_review(request, reviews.build(request.user, rev.unit), confirm_form=form, status=422)


@require_POST
@login_required
@require_recent_strong_auth
def review_deactivate(request, unit_id: int):
    """Deactivate the unused accounts ticked on the review, after the reviewer confirmed it; only accounts the reviewer
    may deactivate are offered (lots.access.review.deactivatable)."""
    rev = _review_or_404(request, unit_id)
    form = DeactivateForm(request.POST, people=rev.deactivatable)
    if not form.is_valid():
        return _render_review(request, rev, deactivate_form=form, status=422)
    chosen = {str(p.pk): p for p in rev.deactivatable}
    done = [
        chosen[key]
        for key in form.cleaned_data["people"]
        if services.person_deactivate(actor=request.user, person=chosen[key], unit=rev.unit)
    ]
    names = ", ".join(p.get_full_name() or p.username for p in done)
    if done:
        messages.success(request, _("Inaktiverade konton: %(names)s.") % {"names": names})
    return redirect("oversight:review", rev.unit.pk)


@require_POST
@login_required
@require_recent_strong_auth
def review_role_end(request, unit_id: int, assignment_id: int):
    """End one role shown on the review (lots.accounts.services.role_end): 404 for a role the review does not show,
    403 for one the reviewer may not end."""
    rev = _review_or_404(request, unit_id)
    row = next((r for r in rev.rows if r.assignment.pk == assignment_id), None)
    if row is None:
        raise Http404
    if not row.can_end:
        raise PermissionDenied
    account_services.role_end(actor=request.user, assignment=row.assignment)
    messages.success(
        request,
        _("Rollen %(role)s på %(unit)s är avslutad för %(person)s.")
        % {"role": row.assignment.get_role_display(), "unit": row.assignment.unit, "person": row.person},
    )
    return redirect("oversight:review", rev.unit.pk)


EXPORT_HEADERS = [
    gettext_lazy("Person"),
    gettext_lazy("Användarnamn"),
    gettext_lazy("Roll"),
    gettext_lazy("Enhet"),
    gettext_lazy("Med underenheter"),
    gettext_lazy("Sedan"),
    gettext_lazy("Till och med"),
    gettext_lazy("Senast inloggad"),
    gettext_lazy("Oanvänt konto"),
]


@require_http_methods(["GET", "HEAD"])
@login_required
@require_recent_strong_auth
def review_export(request, unit_id: int, fmt: str):
    """The review's table as Excel or CSV (other formats are a 404); the export is logged with the unit it was of."""
    if fmt not in FORMATS:
        raise Http404
    rev = _review_or_404(request, unit_id)
    yes, no = _("Ja"), _("Nej")
    rows = [
        [
            row.person.get_full_name(),
            row.person.username,
            row.assignment.get_role_display(),
            row.assignment.unit.name,
            yes if row.assignment.include_subunits else no,
            row.assignment.created_at,
            row.assignment.ends_on,
            row.person.last_login,
            yes if row.unused else no,
        ]
        for row in rev.rows
    ]
    filename = f"behorigheter-{rev.unit.pk}-{timezone.localdate():%Y-%m-%d}"
    response = table_response(fmt, filename, [str(h) for h in EXPORT_HEADERS], rows, title=_("Behörigheter"))
    with translation.override(settings.LANGUAGE_CODE):  # the log is written in Swedish
        what = _("roller på %(unit)s") % {"unit": rev.unit}
    audit.record_export(actor=request.user, what=what, count=len(rows))
    return response


# --- The log follow-up ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
def logs(request):
    """The recent months of each municipality whose log the person follows up, signed or not."""
    municipalities = access_review.log_review_municipalities(request.user)
    if not municipalities:
        raise Http404
    today = timezone.localdate()
    months = recent_months(today)
    oldest = datetime.date(*months[-1], 1)
    signed = {
        (r.municipality_id, r.year, r.month): r
        for r in LogReview.objects.filter(municipality__in=municipalities, year__gte=oldest.year).select_related("signed_by")
    }
    sections = []
    for municipality in municipalities:
        with_reads = months_with_reads(municipality, oldest, add_months(today.replace(day=1), 1))
        rows = [
            {
                "year": year,
                "month": month,
                "first_day": datetime.date(year, month, 1),
                "ended": services.month_has_ended(year, month, today),
                "has_reads": (year, month) in with_reads,
                "signed": signed.get((municipality.pk, year, month)),
            }
            for year, month in months
        ]
        sections.append({"municipality": municipality, "rows": rows})
    return render(request, "oversight/logs.html", {"sections": sections, "months_back": MONTHS_BACK})


def _month_or_404(request, municipality_id: int, year: int, month: int) -> Month:
    allowed = {m.pk: m for m in access_review.log_review_municipalities(request.user)}
    today = timezone.localdate()
    if municipality_id not in allowed or not 1 <= month <= 12 or not year >= 2000 or (year, month) > (today.year, today.month):
        raise Http404
    return Month(allowed[municipality_id], year, month)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def log_month(request, municipality_id: int, year: int, month: int):
    """One month's sample and lists of unusual reads; a POST signs the month off (once, after it has ended)."""
    period = _month_or_404(request, municipality_id, year, month)
    signed = (
        LogReview.objects.filter(municipality=period.municipality, year=year, month=month).select_related("signed_by").first()
    )
    ended = services.month_has_ended(year, month, timezone.localdate())
    form = SignOffForm()
    status = 200
    if request.method == "POST":
        form = SignOffForm(request.POST)
        if form.is_valid():
            try:
                services.log_review_sign(
                    actor=request.user,
                    municipality=period.municipality,
                    year=year,
                    month=month,
                    note=form.cleaned_data["note"],
                    read_count=period.read_count,
                    sample_count=len(period.sample()),
                    anomaly_count=period.anomaly_count,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Logguppföljningen för %(month)s är signerad.") % {"month": f"{year}-{month:02d}"})
                return redirect("oversight:log_month", municipality_id, year, month)
        status = 422
    return render(
        request,
        "oversight/log_month.html",
        {
            "period": period,
            "signed": signed,
            "ended": ended,
            "form": form,
            "list_limit": LIST_LIMIT,
            "outside": period.outside_office_hours[:LIST_LIMIT],
            "after_leaving": period.after_leaving[:LIST_LIMIT],
            "office_hours": (settings.LOTS_OFFICE_HOURS_START, settings.LOTS_OFFICE_HOURS_END),
            "heavy": {
                "factor": settings.LOTS_LOG_HEAVY_READER_FACTOR,
                "minimum": settings.LOTS_LOG_HEAVY_READER_MIN,
            },
        },
        status=status,
    )
