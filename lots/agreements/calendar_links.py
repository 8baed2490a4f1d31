"""Calendar rules whose tasks are carried out in the agreement register (see lots.processes.calendar.module_link).

A yearly rule "Översyn av samverkansöverenskommelser" with this link sends its task to the register, filtered to the
task's unit: the agreements that apply there, with their review dates.
"""

from django.urls import reverse
from django.utils.http import urlencode

AGREEMENT_REVIEW = "agreements.review"


def _register(task) -> str:
    return f"{reverse('agreements:index')}?{urlencode({'unit': task.unit_id})}"


LINKS = {AGREEMENT_REVIEW: _register}
