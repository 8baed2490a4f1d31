"""Helpers shared by the risk module's views."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.core.pagination import list_query  # noqa: F401
from lots.risks.forms.common import ActionForm
from lots.risks.queries import people_near


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
    return edit_form(
        request,
        form,
        lambda data: create(
            actor=request.user,
            title=data["title"],
            owner=data["owner"],
            due_date=data["due_date"],
            description=data["description"],
        ),
        template="risks/action_form.html",
        context={**context, "back_url": back_url, "heading": heading, "source": source},
        success=lambda action: _("Åtgärden ”%(title)s” är skapad.") % {"title": action.title},
        redirect_to=back_url,
    )
