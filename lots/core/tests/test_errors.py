"""Error pages: Swedish, with the site's header and a way back; JSON under /api/."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from lots.core import errors


def test_an_unknown_page_answers_a_swedish_404_with_the_header_and_a_way_back(client, db):
    response = client.get("/finns-inte/", HTTP_REFERER="http://testserver/processer/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Sidan finns inte" in text and 'class="site-header"' in text
    assert 'href="/"' in text and 'href="http://testserver/processer/"' in text
    assert "Not Found" not in text


def test_a_referer_from_another_site_is_not_offered_as_the_way_back(client, db):
    response = client.get("/finns-inte/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_a_page_someone_may_see_but_not_change_answers_a_swedish_403():
    request = RequestFactory().get("/avvikelser/1/")
    request.user = AnonymousUser()
    with translation.override("sv"):
        response = errors.permission_denied(request)
    assert response.status_code == 403 and "Du har inte behörighet" in response.content.decode()


def test_a_bad_request_answers_a_swedish_400(client, db):
    response = client.get("/", HTTP_HOST="inte en värd", HTTP_REFERER="http://inte en värd/")
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()


def test_a_server_error_answers_a_swedish_500_page_without_needing_the_request_context():
    request = RequestFactory().get("/rapporter/")
    with translation.override("sv"):
        response = errors.server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert "Något gick fel hos oss" in text and 'class="site-header"' in text


def test_the_500_page_falls_back_to_plain_text_when_even_the_template_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(errors, "error_response", broken)
    with translation.override("sv"):
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "Något gick fel" in response.content.decode()


def test_an_unknown_api_path_answers_json_not_a_page(client, db):
    response = client.get("/api/v1/finns-inte")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Finns inte."}


def test_a_server_error_in_the_api_answers_json(client, db, monkeypatch):
    def broken(token, **kwargs):
        raise RuntimeError("the token store failed")

    monkeypatch.setattr("lots.api.auth.api_token_verify", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/deviations", HTTP_AUTHORIZATION="Bearer abc")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internt fel."}


def test_the_error_pages_speak_english_when_the_person_chose_english(client, db):
    client.cookies["django_language"] = "en"
    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in text and "Sidan finns inte" not in text
