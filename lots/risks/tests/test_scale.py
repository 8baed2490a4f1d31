import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.risks.models import RiskScale
from lots.risks.models.scale import contrast_ratio, default_levels, readable_text_colour
from lots.risks.services.scale import risk_scale_save
from lots.risks.tests.helpers import make_analysis, make_risk

LEVELS = [
    {"name": "Låg", "min": 1, "colour": "#2e7d32", "requirement": "Löpande.", "action_days": 180, "high": False},
    {"name": "Hög", "min": 6, "colour": "#c62828", "requirement": "Utredning.", "action_days": 14, "high": True},
]


def save(world, **overrides):
    data = {
        "actor": world.persona("kvalitetssamordnare"),
        "municipality": world.m1,
        "expected_version": None,
        "size": 3,
        "severity_labels": ["Liten", "Medel", "Stor"],
        "probability_labels": ["Sällan", "Ibland", "Ofta"],
        "levels": LEVELS,
    }
    data.update(overrides)
    return risk_scale_save(**data)


def test_the_shared_api_values_risks_on_the_default_scale(world):
    scale = RiskScale.for_municipality(world.m1)
    assert scale.pk is None and scale.size == 4
    assert scale.value(3, 4) == 12
    assert scale.level_for(2, 2).name == "Måttlig" and scale.level_for(2, 2).rank == 1
    assert scale.level_for_value(8).name == "Hög"
    assert scale.level_for_value(16).name == "Mycket hög" and scale.level_for_value(16).action_days == 7
    with pytest.raises(ValueError):
        scale.value(5, 1)


def test_saving_a_scale_creates_it_with_an_audit_entry_and_levels_decide_by_value(world):
    scale = save(world)
    assert RiskScale.for_municipality(world.m1).pk == scale.pk
    assert scale.level_for(2, 2).name == "Låg" and scale.level_for(2, 3).name == "Hög"
    assert scale.high_from == 6 and scale.is_high(6) and not scale.is_high(5)
    assert [(lv.name, low, high) for lv, low, high in scale.level_ranges()] == [("Låg", 1, 5), ("Hög", 6, 9)]
    entry = AuditEntry.objects.get(object_id=str(scale.pk), action="create")
    assert entry.changes["size"] == [None, 3] and entry.unit_id == world.namnd.pk


def test_the_labels_must_match_the_number_of_steps(world):
    with pytest.raises(ValidationError) as excinfo:
        save(world, size=4)
    errors = excinfo.value.message_dict
    assert "lika många som antalet steg (4). Nu är det 3" in errors["severity_labels"][0]
    assert "probability_labels" in errors


@pytest.mark.parametrize(
    "levels, message",
    [
        ([{**LEVELS[0], "min": 2}, LEVELS[1]], "måste börja på riskvärde 1"),
        ([LEVELS[0], {**LEVELS[1], "min": 12}], "högsta möjliga riskvärdet är 9"),
        ([LEVELS[0], {**LEVELS[1], "colour": "red"}], "ingen giltig färg"),
        ([{**LEVELS[0], "high": True}, {**LEVELS[1], "high": False}], "alla nivåer över den också"),
        ([LEVELS[0], {**LEVELS[1], "high": False}], "Markera minst en nivå som hög"),
        ([LEVELS[0], {**LEVELS[1], "action_days": 365}], "längre tid till åtgärd"),
        ([LEVELS[0], {**LEVELS[1], "name": "låg"}], "eget namn"),
    ],
)
def test_invalid_levels_are_refused_in_swedish(world, levels, message):
    with pytest.raises(ValidationError) as excinfo:
        save(world, levels=levels)
    assert any(message in m for m in excinfo.value.message_dict["levels"])
    assert not RiskScale.objects.exists()


def test_the_scale_cannot_shrink_below_a_step_already_used(world):
    save(world, size=4, severity_labels=["a", "b", "c", "d"], probability_labels=["a", "b", "c", "d"])
    make_risk(make_analysis(world), severity=4, probability=1)
    scale = RiskScale.for_municipality(world.m1)
    with pytest.raises(ValidationError) as excinfo:
        save(world, expected_version=scale.version)
    assert "inte ha färre än 4 steg" in excinfo.value.message_dict["size"][0]


def test_a_concurrent_change_of_the_scale_is_refused(world):
    scale = save(world)
    save(world, expected_version=scale.version, severity_labels=["L", "M", "S"])
    with pytest.raises(ConcurrentEditError):
        save(world, expected_version=scale.version)


def test_text_on_any_level_colour_reaches_aa_contrast():
    for colour in ["#ffffff", "#000000", "#777777", "#f9a825", "#ef6c00", "#2e7d32", "#c62828", "#0000ff", "#808080"]:
        assert contrast_ratio(colour, readable_text_colour(colour)) >= 4.5


def test_scales_saved_without_high_flags_count_the_top_two_levels_as_high(world):
    legacy = [{k: v for k, v in level.items() if k != "high"} for level in default_levels()]
    scale = RiskScale(municipality=world.m1, levels=legacy)
    assert [lv.high for lv in scale.ordered_levels()] == [False, False, True, True]


def test_the_configuration_page_keeps_what_was_typed_and_explains(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    url = reverse("risks:scale_edit", args=[world.m1.slug])
    assert client.get(url).status_code == 200
    data = {
        "size": "3",
        "severity_labels": "Liten\nMedel",
        "probability_labels": "Sällan\nIbland\nOfta",
        "version": "1",
        "levels-TOTAL_FORMS": "2",
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "6",
        "levels-0-name": "Låg",
        "levels-0-min": "1",
        "levels-0-colour": "#2e7d32",
        "levels-0-requirement": "Löpande",
        "levels-0-action_days": "90",
        "levels-1-name": "Hög",
        "levels-1-min": "5",
        "levels-1-colour": "#c62828",
        "levels-1-requirement": "",
        "levels-1-action_days": "7",
        "levels-1-high": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Beskriv vad nivån kräver i form av utredning." in html
    assert "Liten\nMedel</textarea>" in html
    assert not RiskScale.objects.exists()
    data["levels-1-requirement"] = "Utredning inom en vecka"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "lika många som antalet steg (3)" in response.content.decode()
    data["severity_labels"] = "Liten\nMedel\nStor"
    response = client.post(url, data | {"levels-1-min": "12"})
    assert response.status_code == 422
    assert re.search(r'id="levels-errors">.*högsta möjliga riskvärdet är 9', response.content.decode(), re.S)
    response = client.post(url, data)
    assert response.status_code == 302
    scale = RiskScale.objects.get(municipality=world.m1)
    assert scale.size == 3 and [lv.name for lv in scale.ordered_levels()] == ["Låg", "Hög"] and scale.high_from == 5
    stale = client.post(url, data | {"version": "0", "probability_labels": "A\nB\nC", "levels-INITIAL_FORMS": "2"})
    assert stale.status_code == 409
    assert "Någon annan har sparat ändringar" in stale.content.decode() and "A\nB\nC</textarea>" in stale.content.decode()
    assert RiskScale.objects.get(municipality=world.m1).probability_labels == ["Sällan", "Ibland", "Ofta"]


def test_the_level_colours_are_served_as_a_stylesheet(world, client_for):
    save(world)
    response = client_for(world.persona("medarbetare")).get(reverse("risks:scale_css", args=[world.m1.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert ".risk-level-1 { background-color: #c62828; color: #ffffff; }" in css
    assert client_for(world.persona("medarbetare")).get(reverse("risks:scale_css", args=[world.m2.slug])).status_code == 404
