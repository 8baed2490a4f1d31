"""Helpers shared by the risk module's views."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.core.forms import apply_validation_error as apply_errors  # noqa: F401
from lots.core.pagination import list_query  # noqa: F401
from lots.risks.forms.common import ActionForm
from lots.risks.queries import people_near


def render_form(request, template: str, context: dict, *forms):
    """Render with 422 when any form has errors, so the typed values come back with the messages."""
    has_errors = any(f is not None and f.errors for f in forms)
    return render(request, template, context, status=422 if has_errors else 200)


def today() -> datetime.date:
    return timezone.localdate()



def log_export(request, what: str, count: int) -> None:
    """Audit an export of ``count`` rows of ``what``, with the filters (the query string) it was made with."""
    audit.record_export(actor=request.user, what=what, count=count, query=request.GET.urlencode())


def people_named(people) -> str:
    """The people's names, each once, in the order given: a cell saying who is responsible."""
    return ", ".join(dict.fromkeys(str(person) for person in people))


def year_param(request, default: int | None = None) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return default or today().year
    return year if 2000 <= year <= 2100 else (default or today().year)


def action_view(request, *, source, unit, create, back_url: str, heading: str, context: dict, initial_due=None):
    """The shared page for turning a finding into an improvement action; ``create`` is the service call."""
    form = ActionForm(request.POST or None, people=people_near(unit), initial={"owner": request.user.pk, "due_date": initial_due})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = create(
                actor=request.user,
                title=data["title"],
                owner=data["owner"],
                due_date=data["due_date"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Åtgärden ”%(title)s” är skapad.") % {"title": action.title})
            return redirect(back_url)
    return render_form(
        request,
        "risks/action_form.html",
        {**context, "form": form, "back_url": back_url, "heading": heading, "source": source},
        form,
    )
