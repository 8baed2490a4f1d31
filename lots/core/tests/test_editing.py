from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from lots.audit.versioning import ConcurrentEditError
from lots.core.editing import EditConflict, edit_form, without_version
from lots.core.forms import CONFLICT_MESSAGE, LotsForm, VersionedFormMixin
from lots.organisation.models import Unit


class NameForm(VersionedFormMixin, LotsForm):
    name = forms.CharField(label="Namn", max_length=20)
    code = forms.CharField(label="Kod", required=False)


def request_for(method: str = "get", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def run(request, save, **options):
    form = NameForm(request.POST or None, initial={"name": "Alby"})
    form.add_version_field(3)
    options.setdefault("success", "Sparat.")
    options.setdefault("redirect_to", "/klart/")
    return edit_form(request, form, save, template="includes/form.html", **options), form


def refuse(error):
    def save(data):
        raise error

    return save


def test_a_get_shows_the_form_without_saving():
    calls = []
    response, _form = run(request_for(), calls.append)
    assert response.status_code == 200 and 'value="Alby"' in response.content.decode()
    assert calls == []


def test_invalid_input_is_shown_with_its_errors_and_nothing_is_saved():
    calls = []
    response, form = run(request_for("post", {"name": "", "version": "3"}), calls.append)
    assert response.status_code == 422 and "name" in form.errors
    assert calls == []


def test_a_saved_form_gives_the_message_and_the_redirect():
    calls = []
    request = request_for("post", {"name": "Byn", "version": "3"})
    response, _form = run(request, calls.append)
    assert response.status_code == 302 and response.url == "/klart/"
    assert calls == [{"name": "Byn", "code": "", "version": 3}]
    assert [str(m) for m in get_messages(request)] == ["Sparat."]


def test_the_message_and_the_redirect_can_depend_on_what_the_service_returned():
    request = request_for("post", {"name": "Byn", "version": "3"})
    response, _form = run(
        request, lambda data: data["name"], success=lambda name: f"{name} är sparad.", redirect_to=lambda name: f"/{name}/"
    )
    assert response.url == "/Byn/"
    assert [str(m) for m in get_messages(request)] == ["Byn är sparad."]


def test_the_redirect_may_be_a_response_of_its_own_and_the_message_may_be_left_out():
    request = request_for("post", {"name": "Byn", "version": "3"})
    response, _form = run(request, lambda data: None, success=None, redirect_to=lambda _: HttpResponse("egen", status=201))
    assert response.status_code == 201
    assert list(get_messages(request)) == []


def test_a_conflict_keeps_what_was_typed_and_says_so_with_409():
    request = request_for("post", {"name": "Mitt namn", "version": "3"})
    response, form = run(request, refuse(EditConflict()))
    html = response.content.decode()
    assert response.status_code == 409
    assert str(CONFLICT_MESSAGE) in form.non_field_errors()
    assert 'value="Mitt namn"' in html
    assert form.data["version"] == "3"
    assert list(get_messages(request)) == []


def test_a_services_concurrent_edit_error_is_a_conflict():
    response, form = run(request_for("post", {"name": "Byn", "version": "3"}), refuse(ConcurrentEditError()))
    assert response.status_code == 409 and str(CONFLICT_MESSAGE) in form.non_field_errors()


def test_after_a_conflict_the_form_carries_the_records_current_version(world):
    unit = Unit.objects.first()
    Unit.objects.filter(pk=unit.pk).update(version=7)
    response, form = run(request_for("post", {"name": "Byn", "version": "3"}), refuse(EditConflict()), record=unit)
    assert response.status_code == 409
    assert form.data["version"] == "7" and 'name="version" value="7"' in response.content.decode()
    assert unit.version == 7


def test_a_conflict_over_a_record_deleted_meanwhile_keeps_the_form_as_typed(world):
    unit = Unit(name="Borttagen")
    response, form = run(request_for("post", {"name": "Byn", "version": "3"}), refuse(EditConflict()), record=unit)
    assert response.status_code == 409 and form.data["version"] == "3"


def test_a_services_validation_errors_land_on_the_fields_they_name_with_422():
    error = ValidationError({"name": ["Namnet finns redan."], "elsewhere": ["Något annat är fel."]})
    request = request_for("post", {"name": "Byn", "version": "3"})
    response, form = run(request, refuse(error))
    assert response.status_code == 422
    assert form.errors["name"] == ["Namnet finns redan."]
    assert form.non_field_errors() == ["Något annat är fel."]
    assert 'value="Byn"' in response.content.decode()
    assert list(get_messages(request)) == []


def test_a_services_field_names_can_be_mapped_to_the_forms():
    error = ValidationError({"identifier": ["Koden används redan."]})
    response, form = run(request_for("post", {"name": "Byn", "version": "3"}), refuse(error), field_map={"identifier": "code"})
    assert response.status_code == 422 and form.errors["code"] == ["Koden används redan."]


def test_a_validation_error_without_fields_is_shown_above_the_form():
    response, form = run(request_for("post", {"name": "Byn", "version": "3"}), refuse(ValidationError("Inte nu.")))
    assert response.status_code == 422 and form.non_field_errors() == ["Inte nu."]


def test_without_version_leaves_the_fields_a_service_takes():
    assert without_version({"name": "Byn", "version": 3}) == {"name": "Byn"}


def test_a_context_function_is_called_only_when_the_page_is_rendered():
    calls = []

    def context():
        calls.append(1)
        return {"extra": "x"}

    run(request_for("post", {"name": "Byn", "version": "3"}), lambda data: None, context=context)
    assert calls == []
    response, _form = run(request_for("post", {"name": "", "version": "3"}), lambda data: None, context=context)
    assert response.status_code == 422 and calls == [1]


def test_a_form_on_another_page_is_shown_by_that_pages_function_with_the_status():
    pages = []

    def page(status):
        pages.append(status)
        return HttpResponse("sidan", status=status)

    form = NameForm({"name": "Byn", "version": "3"})
    request = request_for("post", {"name": "Byn", "version": "3"})
    response = edit_form(request, form, refuse(EditConflict()), page=page, success=None, redirect_to="/")
    assert response.status_code == 409 and pages == [409] and response.content == b"sidan"


def test_a_record_that_may_not_exist_yet_is_looked_up_after_a_conflict(world):
    Unit.objects.filter(pk=Unit.objects.first().pk).update(version=5)
    lookups = {"created meanwhile": lambda: Unit.objects.filter(version=5).first(), "still missing": lambda: None}
    carried = {}
    for name, lookup in lookups.items():
        request = request_for("post", {"name": "Byn", "version": "0"})
        response, form = run(request, refuse(EditConflict()), record=lookup)
        assert response.status_code == 409
        carried[name] = form.data["version"]
    assert carried == {"created meanwhile": "5", "still missing": "0"}
