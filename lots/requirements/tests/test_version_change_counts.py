"""The changes page counts in Swedish: "1 nytt krav", "2 nya krav", "1 ändrat", "1 borttaget"."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def lead(added: int, changed: int, removed: int) -> str:
    version = previous = type("Version", (), {"display_label": "v2", "pk": 2})()
    catalogue = type("Catalogue", (), {"title": "Boendestöd", "pk": 1})()
    request = RequestFactory().get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    with translation.override("sv"):
        html = render_to_string(
            "requirements/version_changes.html",
            {
                "catalogue": catalogue,
                "version": version,
                "previous": previous,
                "counts": {"added": added, "changed": changed, "removed": removed},
                "changes": [],
            },
            request=request,
        )
    start = html.index('<p class="lead">') + len('<p class="lead">')
    return html[start : html.index("</p>", start)]


@pytest.mark.parametrize(
    "counts, text",
    [
        ((1, 1, 1), "1 nytt krav, 1 ändrat och 1 borttaget."),
        ((2, 3, 0), "2 nya krav, 3 ändrade och 0 borttagna."),
        ((0, 0, 4), "0 nya krav, 0 ändrade och 4 borttagna."),
    ],
)
def test_each_count_has_its_own_singular_and_plural(counts, text):
    assert lead(*counts) == text
