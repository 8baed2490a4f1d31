"""Accessibility statements: every public page links to one (the municipality chooser and the login page to the
staff application's, a municipality's e-service pages to its own), both name the supervisory authority with a
working link to its form, and the staff application's statement is linked from the staff pages."""

import re

import pytest
from django.urls import reverse

from lots.accounts.models import Role

DIGG = "https://www.digg.se/tdosanmalan"
STAFF_STATEMENT = "/tillganglighet/"


def links(page: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', page)


def public_pages(world) -> dict[str, str]:
    slug = world.m1.slug
    return {
        reverse("feedback_public:choose"): STAFF_STATEMENT,
        reverse("accounts:login"): STAFF_STATEMENT,
        reverse("feedback_public:form", args=[slug]): f"/lamna-synpunkter/{slug}/tillganglighet/",
        reverse("feedback_public:privacy", args=[slug]): f"/lamna-synpunkter/{slug}/tillganglighet/",
        reverse("feedback_public:accessibility", args=[slug]): f"/lamna-synpunkter/{slug}/tillganglighet/",
        reverse("feedback_public:status", args=[slug, "okand-kod"]): f"/lamna-synpunkter/{slug}/tillganglighet/",
        "/finns-inte/": STAFF_STATEMENT,
    }


@pytest.mark.django_db
def test_every_public_page_links_to_an_accessibility_statement(world, client):
    for url, statement in public_pages(world).items():
        page = client.get(url).content.decode()
        assert statement in links(page), url


def test_staff_pages_link_to_the_staff_applications_statement(world, client_for):
    page = client_for(world.persona(Role.MEDARBETARE)).get(reverse("home:start")).content.decode()
    assert STAFF_STATEMENT in links(page)


def test_the_staff_statement_is_open_without_logging_in_and_names_the_supervisory_authority(world, client):
    response = client.get(STAFF_STATEMENT)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Myndigheten för digital förvaltning (Digg)" in page
    assert DIGG in links(page)
    assert "Kända brister" in page
    assert reverse("feedback_public:accessibility", args=[world.m1.slug]) in links(page)


def test_the_public_statement_names_the_supervisory_authority_with_its_link(world, client):
    page = client.get(reverse("feedback_public:accessibility", args=[world.m1.slug])).content.decode()
    assert "Myndigheten för digital förvaltning (Digg)" in page
    assert DIGG in links(page)
    assert 'id="rapportera"' in page


def test_the_staff_statement_takes_no_form(db, client):
    assert client.post(STAFF_STATEMENT).status_code == 405
