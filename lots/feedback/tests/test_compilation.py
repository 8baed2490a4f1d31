import datetime

from django.urls import reverse

from lots.feedback import services
from lots.feedback.compilation import compile_cases
from lots.feedback.models import FeedbackCase
from lots.feedback.tests.conftest import aware

C = FeedbackCase
TODAY = datetime.date(2026, 6, 30)


def closed_case(make_case, manager, received: datetime.date, closed: datetime.date, **fields):
    case = make_case(received_at=aware(received), **fields)
    services.feedback_receive(actor=manager, case=case, at=aware(received))
    services.feedback_close(
        actor=manager, case=case, expected_version=None, category=fields.get("category") or C.Category.OTHER, at=aware(closed, 15)
    )
    return case


def test_the_share_within_the_deadline_counts_closed_and_overdue_cases(world, make_case):
    manager = world.persona("enhetschef")
    closed_case(make_case, manager, datetime.date(2026, 5, 1), datetime.date(2026, 5, 6), category=C.Category.TREATMENT)
    closed_case(make_case, manager, datetime.date(2026, 5, 1), datetime.date(2026, 5, 21), channel=C.Channel.LETTER)
    make_case(received_at=aware(datetime.date(2026, 6, 1)), kind=C.Kind.SUGGESTION)  # open, overdue on 30 June
    make_case(received_at=aware(datetime.date(2026, 6, 25)), authority=C.Authority.IVO, sender_role="")  # open, not yet due
    result = compile_cases(FeedbackCase.objects.all(), TODAY)
    assert (result.total, result.closed, result.open, result.overdue) == (4, 2, 2, 1)
    assert (result.in_time, result.decided, result.share_in_time) == (1, 3, 33)
    assert result.median_days == 12.5
    assert result.authority_reports == 1
    assert dict(result.by_kind)["Klagomål"] == 3
    assert dict(result.by_kind)["Förslag"] == 1
    assert dict(result.by_category)["Bemötande"] == 1
    assert dict(result.by_category)["Övrigt"] == 1
    assert dict(result.by_category)["Inte klassificerat ännu"] == 2
    assert dict(result.by_channel)["Brev"] == 1
    assert dict(result.by_channel)["Telefon"] == 3
    assert dict(result.by_sender_role)["Myndighet"] == 1
    assert [(r["unit__name"], r["total"], r["overdue"]) for r in result.by_unit] == [("Egna avdelningen", 4, 1)]


def test_actions_and_lex_sarah_reports_are_counted(world, make_case):
    manager = world.persona("enhetschef")
    case = make_case()
    make_case()
    services.feedback_improvement_create(actor=manager, case=case, title="Ny rutin", owner=manager)
    services.feedback_report_lex_sarah(actor=manager, case=case, occurred_at=case.received_at)
    result = compile_cases(FeedbackCase.objects.all(), TODAY)
    assert (result.actions, result.lex_sarah) == (1, 1)


def test_an_empty_period_has_no_share_and_no_median(world):
    result = compile_cases(FeedbackCase.objects.all(), TODAY)
    assert (result.total, result.share_in_time, result.median_days) == (0, None, None)


def test_the_page_and_the_pdf_for_the_board(world, client_for, make_case):
    manager = world.persona("enhetschef")
    today = datetime.date.today()
    closed_case(make_case, manager, today - datetime.timedelta(days=20), today - datetime.timedelta(days=10))
    make_case(world.other)
    client = client_for(world.persona("namndledamot"))
    query = {"unit": world.own.pk, "date_from": (today - datetime.timedelta(days=30)).isoformat(), "date_to": today.isoformat()}
    page = client.get(reverse("feedback:compilation"), query).content.decode()
    assert "Avslutade inom tidsfristen (14 dagar)" in page
    assert "100 %" in page
    assert "Andra avdelningen" not in page
    pdf = client.get(reverse("feedback:compilation_pdf"), query)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    bad = client.get(reverse("feedback:compilation"), {**query, "date_to": "2020-01-01"})
    assert bad.status_code == 422
    assert "Slutdatumet kan inte vara före startdatumet." in bad.content.decode()


def test_a_reader_compiles_only_within_their_scope(world, client_for, make_case):
    make_case(world.other)
    client = client_for(world.persona("namndledamot"))
    response = client.get(
        reverse("feedback:compilation"), {"unit": world.other.pk, "date_from": "2020-01-01", "date_to": "2030-01-01"}
    )
    assert response.status_code == 422


def test_the_months_show_the_trend(world, make_case):
    make_case(received_at=aware(datetime.date(2026, 4, 3)))
    make_case(received_at=aware(datetime.date(2026, 4, 30)), kind=C.Kind.PRAISE)
    make_case(received_at=aware(datetime.date(2026, 6, 1)))
    result = compile_cases(FeedbackCase.objects.all(), TODAY)
    assert [(r["month"].strftime("%Y-%m"), r["total"], r["complaints"], r["praise"]) for r in result.by_month] == [
        ("2026-04", 2, 1, 1),
        ("2026-06", 1, 1, 0),
    ]
