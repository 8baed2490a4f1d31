"""The register of requests to rectify, erase or restrict personal data, and each request's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import reads
from lots.core.editing import edit_form
from lots.privacy import services
from lots.privacy.access import access_municipality
from lots.privacy.forms import AnswerForm, DecideForm, ExtendForm, SubjectRequestForm
from lots.privacy.models import SubjectRequest

PERM = "privacy.requests"


def _register(request, municipality):
    return reads.mark(SubjectRequest.objects.filter(municipality=municipality), request.user)


@login_required
def subject_requests(request, slug: str):
    municipality = access_municipality(request.user, slug, PERM)
    form = SubjectRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})

    def context():
        found = list(_register(request, municipality).select_related("registered_by"))
        return {
            "municipality": municipality,
            "open": [r for r in found if r.answered_on is None],
            "answered": [r for r in found if r.answered_on is not None],
            "today": timezone.localdate(),
        }

    return edit_form(
        request,
        form,
        lambda data: services.subject_request_register(actor=request.user, municipality=municipality, **data),
        template="privacy/subject_requests.html",
        context=context,
        success=_("Begäran är registrerad. Den ska besvaras inom en månad."),
        redirect_to=lambda created: created,
    )


ACTIONS = {
    "extend": (ExtendForm, services.subject_request_extend, _("Svarstiden är förlängd. Meddela den registrerade skälet.")),
    "decide": (DecideForm, services.subject_request_decide, _("Beslutet är registrerat.")),
    "answer": (AnswerForm, services.subject_request_answer, _("Svaret är registrerat.")),
}


@login_required
def subject_request(request, slug: str, pk: int):
    municipality = access_municipality(request.user, slug, PERM)
    subject = get_object_or_404(_register(request, municipality).select_related("decided_by", "registered_by"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {name: form_class(version=subject.version, prefix=name) for name, (form_class, _s, _m) in ACTIONS.items()}
    if action not in ACTIONS:
        return _page(request, municipality, subject, forms, status=400 if request.method == "POST" else 200)
    form_class, service, success = ACTIONS[action]
    forms[action] = form = form_class(request.POST, version=subject.version, prefix=action)

    def save(data):
        version = data.pop("version")
        return service(actor=request.user, request=subject, version=version, **data)

    return edit_form(
        request,
        form,
        save,
        page=lambda status: _page(request, municipality, subject, forms, status=status),
        success=success,
        redirect_to=subject,
        record=subject,
    )


def _page(request, municipality, subject, forms, *, status: int):
    context = {
        "municipality": municipality,
        "subject": subject,
        "forms": forms,
        "today": timezone.localdate(),
        "register_url": reverse("privacy:requests", kwargs={"slug": municipality.slug}),
    }
    return render(request, "privacy/subject_request.html", context, status=status)
