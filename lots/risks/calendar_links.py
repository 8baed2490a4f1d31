"""Calendar rules whose tasks are carried out in the risk module (see lots.processes.calendar.module_link)."""

from django.urls import reverse

from lots.risks.models import RiskAnalysis
from lots.risks.views.overview import yearly_start_url

YEARLY_ANALYSIS = "risks.yearly_analysis"


def _yearly_analysis(task) -> str:
    """The department's yearly analysis under way that year, or the page that starts one."""
    started = (
        RiskAnalysis.objects.yearly_client_perspective(task.due_date.year)
        .filter(unit=task.unit)
        .order_by("-performed_on", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("risks:analysis", args=[started]) if started else yearly_start_url(task.unit)


LINKS = {YEARLY_ANALYSIS: _yearly_analysis}
