"""What counts as a read of a confidential record, and where the reads are collected (lots.access.reads)."""

from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from lots import access
from lots.access import reads
from lots.audit import services as audit
from lots.audit.middleware import ReadLogMiddleware
from lots.audit.models import AuditEntry
from lots.deviations import access as deviation_access
from lots.deviations.models import Deviation
from lots.feedback.models import FeedbackCase
from lots.organisation.models import Unit


def collected(collector, user) -> set:
    return {(model._meta.model_name, pk) for model, found in collector.records.get(user.pk, {}).items() for pk in found}


def test_loading_rows_of_a_marked_queryset_collects_their_ids(world, report):
    first, second = report(), report(unit=world.sub)
    user = world.persona("kvalitetssamordnare")
    with reads.collecting() as collector:
        assert len(list(deviation_access.visible(user))) == 2
    assert collected(collector, user) == {("deviation", first.pk), ("deviation", second.pk)}


def test_a_page_found_by_its_ids_collects_only_those_ids(world, report):
    report(), report()
    user = world.persona("kvalitetssamordnare")
    qs = deviation_access.visible(user).order_by("pk")
    with reads.collecting() as collector:
        ids = list(qs.values_list("pk", flat=True)[:1])
    assert collected(collector, user) == {("deviation", ids[0])}


def test_counts_aggregates_and_other_values_are_not_reads(world, report):
    report()
    user = world.persona("kvalitetssamordnare")
    qs = deviation_access.visible(user)
    with reads.collecting() as collector:
        assert qs.count() == 1 and qs.exists()
        list(qs.values_list("state", flat=True))
        list(qs.values("pk", "description"))
        list(qs.values_list("pk", "state"))
    assert collector.records == {}


def test_rows_read_with_iterator_are_collected(world, report):
    deviation = report()
    user = world.persona("kvalitetssamordnare")
    with reads.collecting() as collector:
        assert [d.pk for d in deviation_access.visible(user).iterator()] == [deviation.pk]
    assert collected(collector, user) == {("deviation", deviation.pk)}


def test_unmarked_querysets_and_other_models_are_not_collected(world, report):
    report()
    user = world.persona("kvalitetssamordnare")
    with reads.collecting() as collector:
        list(Deviation.objects.all())
        list(access.scope(Unit.objects.all(), user, "unit.view", field=None))
    assert collector.records == {}


def test_the_access_functions_mark_what_they_return(world, report, make_case):
    deviation, case = report(), make_case()
    user = world.persona("kvalitetssamordnare")
    with reads.collecting() as collector:
        access.get_object(FeedbackCase.objects.all(), user, case.pk, view="feedback.view")
        list(access.scope(FeedbackCase.objects.all(), user, "feedback.view"))
        deviation_access.get_deviation(user, deviation.pk)
    assert collected(collector, user) == {("feedbackcase", case.pk), ("deviation", deviation.pk)}


def test_nothing_is_collected_outside_a_request_or_command(world, report):
    report()
    assert reads.current() is None
    assert len(list(deviation_access.visible(world.persona("kvalitetssamordnare")))) == 1


def test_a_command_run_for_a_person_logs_its_reads_like_a_request(world, report):
    deviation = report()
    user = world.persona("kvalitetssamordnare")
    with reads.collecting() as collector:
        list(deviation_access.visible(user))
    [entry] = audit.record_collected(collector, path="manage.py x")
    assert entry.note == "1 avvikelse på manage.py x"
    assert list(entry.reads.values_list("object_id", flat=True)) == [str(deviation.pk)]


def _request(user) -> HttpRequest:
    request = HttpRequest()
    request.method, request.path, request.user = "GET", "/lasning/", user
    return request


def test_reads_while_a_response_streams_are_logged_when_it_closes(world, report):
    deviation = report()
    user = world.persona("kvalitetssamordnare")

    def numbers():
        for d in deviation_access.visible(user):
            yield d.number

    def view(request):
        return StreamingHttpResponse(numbers())

    response = ReadLogMiddleware(view)(_request(user))
    assert not AuditEntry.objects.filter(action="view").exists()
    assert b"".join(response.streaming_content) == deviation.number.encode()
    # As the test client does: closing a response ends the request, which would close the test's connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.object_id) == (user, str(deviation.pk))


def test_a_request_that_reads_twice_logs_each_record_once(world, report):
    deviation = report()
    user = world.persona("kvalitetssamordnare")

    def view(request):
        list(deviation_access.visible(user))
        deviation_access.get_deviation(user, deviation.pk)
        return HttpResponse()

    ReadLogMiddleware(view)(_request(user))
    entry = AuditEntry.objects.get(action="view")
    assert list(entry.reads.values_list("object_id", flat=True)) == [str(deviation.pk)]


def test_records_in_two_municipalities_belong_to_no_unit(world, report):
    report(), report(unit=world.foreign)
    with reads.collecting() as collector:
        list(Deviation.objects.all().read_by(world.persona("kvalitetssamordnare")))
    [entry] = audit.record_collected(collector, path="/")
    assert (entry.unit_id, entry.unit_path, entry.object_repr) == (None, "", "2 avvikelser")
