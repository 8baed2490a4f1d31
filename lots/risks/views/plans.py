"""The pages the module's yearly plans share: making a plan and changing it, on one form template."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.audit.versioning import ConcurrentEditError
from lots.risks.views.common import apply_errors, render_form


@dataclass(frozen=True)
class PlanPages:
    """Where a plan type's pages live and what they say."""

    section: str
    list_url: str
    detail_url: str
    new_heading: str
    edit_heading: str
    created: str


INSPECTION = PlanPages(
    section="inspection",
    list_url="risks:inspection_plans",
    detail_url="risks:inspection_plan",
    new_heading=gettext_lazy("Ny egenkontrollplan"),
    edit_heading=gettext_lazy("Ändra egenkontrollplan"),
    created=gettext_lazy("Egenkontrollplanen är skapad. Lägg till kontrollpunkterna."),
)
INTERNAL_CONTROL = PlanPages(
    section="internal",
    list_url="risks:internal_controls",
    detail_url="risks:internal_control",
    new_heading=gettext_lazy("Ny internkontrollplan"),
    edit_heading=gettext_lazy("Ändra internkontrollplan"),
    created=gettext_lazy("Internkontrollplanen är skapad. Lägg till kontrollaktiviteterna."),
)
FOLLOW_UP = PlanPages(
    section="followup",
    list_url="risks:followups",
    detail_url="risks:followup",
    new_heading=gettext_lazy("Ny uppföljningsplan"),
    edit_heading=gettext_lazy("Ändra uppföljningsplan"),
    created=gettext_lazy("Uppföljningsplanen är skapad. Lägg till punkterna."),
)


def render_plan_form(request, pages: PlanPages, form, plan):
    return render_form(request, "risks/plan_form.html", {"form": form, "plan": plan, "pages": pages}, form)


def plan_create(request, pages: PlanPages, form, create):
    """The new-plan page: on a valid POST, ``create(data)`` (the service call) makes the plan and the person goes
    to it; the service's errors land on the form's fields."""
    if request.method == "POST" and form.is_valid():
        try:
            plan = create(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, str(pages.created))
            return redirect(pages.detail_url, pk=plan.pk)
    return render_plan_form(request, pages, form, None)


def plan_edit(request, pages: PlanPages, plan, form, update):
    """The change-plan page: on a valid POST, ``update(data)`` (the service call, with the version the person saw)
    saves the change; someone else's save in between shows the conflict on the form with the typed values kept."""
    form.add_version_field(plan.version)
    if request.method == "POST" and form.is_valid():
        try:
            update(form.cleaned_data)
        except ConcurrentEditError:
            form.add_conflict_error()
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect(pages.detail_url, pk=plan.pk)
    return render_plan_form(request, pages, form, plan)
