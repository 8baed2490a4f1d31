import datetime

from lots.feedback import services
from lots.feedback.tasks import tasks_for
from lots.feedback.tests.conftest import aware

RECEIVED = datetime.date(2026, 3, 2)


def test_the_handler_sees_the_case_in_their_tasks_with_its_deadline(world, sub_manager, make_case):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    tasks = tasks_for(sub_manager, datetime.date(2026, 3, 5))
    assert [(t.url, t.due) for t in tasks] == [(case.get_absolute_url(), datetime.date(2026, 3, 16))]
    assert case.reference in tasks[0].title
    assert tasks[0].unit_name == "Underenheten"


def test_an_escalated_case_shows_up_for_the_next_level(world, sub_manager, make_case):
    from lots.feedback.reminders import send_reminders

    case = make_case(world.sub, received_at=aware(RECEIVED))
    send_reminders(today=datetime.date(2026, 3, 20))
    case.refresh_from_db()
    tasks = tasks_for(case.escalated_to, datetime.date(2026, 3, 20))
    assert [t.title for t in tasks] == [f"Eskalerat: Klagomål {case.reference}"]
    assert tasks[0].is_overdue(datetime.date(2026, 3, 20))


def test_closed_cases_and_other_peoples_cases_are_not_tasks(world, sub_manager, make_case):
    case = make_case(world.sub, received_at=aware(RECEIVED))
    assert tasks_for(world.persona("medarbetare"), datetime.date(2026, 3, 5)) == []
    assert tasks_for(world.persona("granskare"), datetime.date(2026, 3, 5)) == []
    services.feedback_receive(actor=sub_manager, case=case)
    services.feedback_close(actor=sub_manager, case=case, expected_version=None, category="ovrigt")
    assert tasks_for(sub_manager, datetime.date(2026, 3, 5)) == []
