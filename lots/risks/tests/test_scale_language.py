"""The scale's built-in names are the product's words: shown in the reader's language; the municipality's own as written."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lots.risks.models import RiskScale
from lots.risks.services.scale import risk_scale_save


def test_the_built_in_level_names_and_labels_read_in_english_when_english_is_active(world):
    scale = RiskScale.for_municipality(world.m1)
    with translation.override("en"):
        assert [level.name for level in scale.ordered_levels()] == ["Low", "Moderate", "High", "Very high"]
        assert scale.severity_label(1) == "Negligible" and scale.probability_label(4) == "Likely"
        assert scale.value_ranges("Hög") == scale.value_ranges("High") != []
    assert [level.name for level in scale.ordered_levels()] == ["Låg", "Måttlig", "Hög", "Mycket hög"]


def test_a_municipalitys_own_names_are_shown_as_written_in_any_language(world):
    levels = [
        {"name": "Grön", "min": 1, "colour": "#2e7d32", "requirement": "Löpande", "action_days": 90},
        {"name": "Röd", "min": 5, "colour": "#c62828", "requirement": "Direkt", "action_days": 7, "high": True},
    ]
    scale = risk_scale_save(
        actor=world.persona("kvalitetssamordnare"),
        municipality=world.m1,
        expected_version=None,
        size=3,
        severity_labels=["Liten", "Medel", "Stor"],
        probability_labels=["Sällan", "Ibland", "Ofta"],
        levels=levels,
    )
    with translation.override("en"):
        assert [level.name for level in scale.ordered_levels()] == ["Grön", "Röd"]
        assert scale.severity_label(1) == "Liten"


def test_the_edit_form_in_english_keeps_the_stored_swedish_names(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):  # the middleware leaves the request's language active
        page = client.get(reverse("risks:scale_edit", args=[world.m1.slug])).content.decode()
    assert 'value="Måttlig"' in page and 'value="Moderate"' not in page
