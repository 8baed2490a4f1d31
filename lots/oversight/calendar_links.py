"""Calendar rules whose tasks are carried out in the access review (see lots.processes.calendar.module_link).

A rule with this link, yearly and one task per unit kind the managers review, sends the task to the unit's review;
confirming the review marks the task done.
"""

from django.urls import reverse

ACCESS_REVIEW = "oversight.access_review"


def _access_review(task) -> str:
    return reverse("oversight:review", args=[task.unit_id])


LINKS = {ACCESS_REVIEW: _access_review}
