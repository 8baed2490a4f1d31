"""The public e-service "Lämna dina synpunkter": no account, no JavaScript needed.

Abuse resistance without third-party services: a per-address rate limit kept
in the database, a honeypot field, limits on text and file sizes, and file
types judged from their content. A refused submission gets a polite answer in
Swedish and keeps what the person wrote.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lots.core.forms import apply_validation_error
from lots.feedback import delegation, services, throttle
from lots.feedback.forms import AccessibilityReportForm, PublicDelegationForm, PublicFeedbackForm
from lots.feedback.models import FeedbackAttachment, FeedbackCase, FeedbackSettings
from lots.organisation.models import Municipality
from lots.privacy.models import RetentionPeriod

SUBMIT = "feedback"
ACCESSIBILITY = "accessibility"
DELEGATION = "delegation"
SESSION_KEY = "feedback_receipt"


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _largest_request() -> int:
    # Every file at its limit plus generous room for the text fields and multipart framing.
    return FeedbackAttachment.MAX_FILES * settings.LOTS_MAX_ATTACHMENT_BYTES + 1024 * 1024


def _too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > _largest_request()
    except ValueError:
        return True


def choose(request):
    municipalities = Municipality.objects.order_by("name")
    return render(request, "feedback/public/choose.html", {"municipalities": municipalities})


def _context(municipality: Municipality, **extra) -> dict:
    return {"municipality": municipality, "rules": FeedbackSettings.for_municipality(municipality), **extra}


@never_cache
def submit(request, slug: str):
    municipality = _municipality(slug)
    if request.method == "POST" and _too_large(request):
        return render(request, "feedback/public/too_large.html", _context(municipality), status=413)
    form = PublicFeedbackForm(request.POST or None, request.FILES or None, municipality=municipality)
    refusal, status = None, 200
    if request.method == "POST":
        address = throttle.address_of(request)
        if throttle.is_limited(address, SUBMIT):
            refusal, status = (
                _(
                    "Vi har tagit emot många meddelanden från din uppkoppling på kort tid och kan inte ta emot fler just nu. "
                    "Din text finns kvar nedan. Försök igen om en stund, eller ring kommunen."
                ),
                429,
            )
        elif form.is_spam:
            throttle.record_attempt(address, SUBMIT)
            refusal, status = (
                _("Vi kunde tyvärr inte ta emot meddelandet. Din text finns kvar nedan. Försök igen, eller ring kommunen."),
                400,
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                case, token = services.feedback_submit(
                    municipality=municipality,
                    unit=data["unit"],
                    kind=data["kind"],
                    sender_role=data["sender_role"],
                    description=data["description"],
                    reply=data["reply"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    contact_address=data["contact_address"],
                    attachments=data["attachments"],
                    integrity_confirmed=data["integrity_confirmed"],
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
                    form.add_error(field if field in form.fields else None, errors)
            else:
                throttle.record_attempt(address, SUBMIT)
                request.session[SESSION_KEY] = {
                    "reference": case.reference,
                    "token": token,
                    "anonymous": case.is_anonymous,
                    "email": bool(case.contact_email),
                    "due": case.due_date.isoformat(),
                    "slug": municipality.slug,
                }
                return redirect("feedback_public:sent", slug=municipality.slug)
        if form.errors and status == 200:
            status = 422
    had_files = bool(request.FILES) and request.method == "POST"
    return render(
        request,
        "feedback/public/form.html",
        _context(municipality, form=form, refusal=refusal, had_files=had_files, max_files=FeedbackAttachment.MAX_FILES),
        status=status,
    )


@never_cache
def sent(request, slug: str):
    municipality = _municipality(slug)
    receipt = request.session.pop(SESSION_KEY, None)
    if not receipt or receipt.get("slug") != slug:
        return render(request, "feedback/public/sent_gone.html", _context(municipality))
    status_url = request.build_absolute_uri(reverse("feedback_public:status", args=[municipality.slug, receipt["token"]]))
    response = render(request, "feedback/public/sent.html", _context(municipality, receipt=receipt, status_url=status_url))
    response["Referrer-Policy"] = "no-referrer"
    return response


def _case_by_token(municipality: Municipality, token: str) -> FeedbackCase | None:
    if not token:
        return None
    return (
        FeedbackCase.objects.select_related("unit", "delegation")
        .filter(municipality=municipality, status_token_hash=FeedbackCase.hash_token(token))
        .exclude(status_token_hash="")
        .first()
    )


def _status_page(
    request, municipality: Municipality, case: FeedbackCase | None, token: str = "", *, form=None, refusal=None, status=200
):
    if case is None:
        response = render(request, "feedback/public/status_unknown.html", _context(municipality), status=404)
    else:
        if form is None and case.can_go_to_delegation():
            form = PublicDelegationForm()
        context = _context(
            municipality,
            case=case,
            token=token,
            track=case.delegation_or_none,
            form=form,
            refusal=refusal,
            requested=request.GET.get("begart") == "1",
        )
        response = render(request, "feedback/public/status.html", context, status=status)
    # The link holds the secret token, so no other site may see it as a referrer; but not "no-referrer", with which
    # browsers send "Origin: null" and the page's own form would fail the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def status(request, slug: str, token: str):
    """The sender's own page: the case's status and answer, and nothing else; and, once a complaint is answered,
    the way to ask that the complaint delegation handles it, and where that stands."""
    municipality = _municipality(slug)
    return _status_page(request, municipality, _case_by_token(municipality, token), token)


@never_cache
@require_POST
def request_delegation(request, slug: str, token: str):
    """The complainant asks, on their status page, that the complaint delegation handles the complaint."""
    municipality = _municipality(slug)
    case = _case_by_token(municipality, token)
    if case is None:
        return _status_page(request, municipality, None)
    form = PublicDelegationForm(request.POST)
    address = throttle.address_of(request)
    if throttle.is_limited(address, DELEGATION):
        refusal = _(
            "Vi har tagit emot många meddelanden från din uppkoppling på kort tid och kan inte ta emot fler just nu. "
            "Din text finns kvar nedan. Försök igen om en stund, eller ring kommunen."
        )
        return _status_page(request, municipality, case, token, form=form, refusal=refusal, status=429)
    if form.is_valid():
        try:
            delegation.delegation_request(
                case=case, reason=form.cleaned_data["reason"], integrity_confirmed=form.cleaned_data["integrity_confirmed"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            throttle.record_attempt(address, DELEGATION)
            return redirect(reverse("feedback_public:status", args=[municipality.slug, token]) + "?begart=1#delegation-heading")
    case = _case_by_token(municipality, token)
    return _status_page(request, municipality, case, token, form=form, status=422)


def privacy(request, slug: str):
    municipality = _municipality(slug)
    retention_years = RetentionPeriod.years_for(municipality)["feedback"]
    return render(request, "feedback/public/privacy.html", {**_context(municipality), "retention_years": retention_years})


@never_cache
def accessibility(request, slug: str):
    municipality = _municipality(slug)
    form = AccessibilityReportForm(request.POST or None)
    refusal, status, done = None, 200, request.GET.get("skickat") == "1"
    if request.method == "POST":
        address = throttle.address_of(request)
        if throttle.is_limited(address, ACCESSIBILITY):
            refusal, status = (
                _(
                    "Vi har tagit emot många meddelanden från din uppkoppling på kort tid. Din text finns kvar nedan. "
                    "Försök igen om en stund."
                ),
                429,
            )
        elif form.is_spam:
            throttle.record_attempt(address, ACCESSIBILITY)
            refusal, status = _("Vi kunde tyvärr inte ta emot meddelandet. Din text finns kvar nedan. Försök igen."), 400
        elif form.is_valid():
            data = form.cleaned_data
            services.accessibility_report_create(
                municipality=municipality, description=data["description"], page=data["page"], contact_email=data["contact_email"]
            )
            throttle.record_attempt(address, ACCESSIBILITY)
            return redirect(request.path + "?skickat=1#rapportera")
        if form.errors and status == 200:
            status = 422
    context = _context(municipality, form=form, refusal=refusal, done=done)
    return render(request, "feedback/public/accessibility.html", context, status=status)
