"""Calendar rules whose tasks are carried out in the rounds module (see lots.processes.calendar.module_link).

A rule linked to the yearly follow-up sends each unit's task to the follow-up of the task's year; saving that
follow-up marks the task done. A rule linked to the department plan sends a department's task to its plan for the
year; the department head's decision marks it done.
"""

from django.urls import reverse

YEARLY_FOLLOWUP = "rounds.yearly_followup"
DEPARTMENT_PLAN = "rounds.department_plan"


def _followup(task) -> str:
    return reverse("rounds:followup", args=[task.unit_id, task.due_date.year])


def _plan(task) -> str:
    return reverse("rounds:plan", args=[task.unit_id, task.due_date.year])


LINKS = {YEARLY_FOLLOWUP: _followup, DEPARTMENT_PLAN: _plan}
