"""The pages the module's yearly plans share: making a plan and changing it, on one form template."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.core.editing import edit_form


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


def plan_create(request, pages: PlanPages, form, create):
    """The new-plan page: ``create(data)`` (the service call) makes the plan, and the person goes to it."""
    return edit_form(
        request,
        form,
        create,
        template="risks/plan_form.html",
        context={"plan": None, "pages": pages},
        success=str(pages.created),
        redirect_to=lambda plan: reverse(pages.detail_url, args=[plan.pk]),
    )


def plan_edit(request, pages: PlanPages, plan, form, update):
    """The change-plan page: ``update(data)`` (the service call, with the version the person saw) saves the change."""
    form.add_version_field(plan.version)
    return edit_form(
        request,
        form,
        update,
        template="risks/plan_form.html",
        context={"plan": plan, "pages": pages},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse(pages.detail_url, args=[plan.pk]),
        record=plan,
    )
