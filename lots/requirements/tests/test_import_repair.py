"""The import preview repairs structure: a requirement into a heading and back, move, merge and split.

Plain submit buttons in the one form (no script needed), each repair made on what the
person has typed so far, errors in Swedish at the requirement, nothing typed lost.
"""

import pytest
from django.urls import reverse

from lots.requirements.importer import repair
from lots.requirements.models import Catalogue, ImportDraft
from lots.requirements.tests.test_catalogue_views import preview_post, upload

DOCUMENT = """# Kvalitetskrav för hemtjänst

## Personal

Krav

- Personalen ska ha relevant utbildning.
- Bemanning
- Utföraren ska ha tillräcklig bemanning dygnet runt.
- Utföraren ska ha en plan för vikarier. Planen ska följas upp varje år.

## Dokumentation

Krav

- Utföraren ska dokumentera
- insatsen i den enskildes akt.
- Dokumentationen ska vara tillgänglig för den enskilde.
"""


def tree() -> dict:
    data = {
        "title": "T",
        "sections": [
            {
                "title": "A",
                "requirements": [{"text": "A1 ska."}, {"text": "Rubrik"}, {"text": "A2 ska."}],
                "sections": [{"title": "A.1", "requirements": [{"text": "A11 ska."}], "sections": []}],
            },
            {"title": "B", "requirements": [{"text": "B1 ska."}, {"text": "B2 ska."}], "sections": []},
        ],
    }
    for requirement, _section in repair._requirements(data):
        requirement.update(strength="ska", binds="both", references=[])
    return data


def outline(data: dict) -> list:
    rows = []

    def walk(sections, depth):
        for s in sections:
            rows.append((depth, s["title"], [r["text"] for r in s.get("requirements", [])]))
            walk(s.get("sections", []), depth + 1)

    walk(data["sections"], 0)
    return rows


def test_a_requirement_becomes_a_heading_over_the_requirements_after_it_and_back():
    made = repair.apply(tree(), "heading", 1)
    assert outline(made) == [
        (0, "A", ["A1 ska."]),
        (1, "Rubrik", ["A2 ska."]),
        (1, "A.1", ["A11 ska."]),
        (0, "B", ["B1 ska.", "B2 ska."]),
    ]
    back = repair.apply(made, "requirement", 1)
    assert outline(back) == outline(tree())
    assert back["sections"][0]["requirements"][1]["strength"] == "ska"


def test_moving_up_and_down_crosses_into_the_neighbouring_section_at_the_edges():
    assert outline(repair.apply(tree(), "up", 2))[0][2] == ["A1 ska.", "A2 ska.", "Rubrik"]
    assert outline(repair.apply(tree(), "down", 3))[1:3] == [(1, "A.1", []), (0, "B", ["A11 ska.", "B1 ska.", "B2 ska."])]
    assert outline(repair.apply(tree(), "up", 4))[1] == (1, "A.1", ["A11 ska.", "B1 ska."])
    with pytest.raises(repair.RepairError, match="redan först"):
        repair.apply(tree(), "up", 0)
    with pytest.raises(repair.RepairError, match="redan sist"):
        repair.apply(tree(), "down", 5)


def test_merge_joins_with_the_next_in_the_section_and_split_cuts_at_line_breaks():
    merged = repair.apply(tree(), "merge", 4)
    assert outline(merged)[-1] == (0, "B", ["B1 ska. B2 ska."])
    with pytest.raises(repair.RepairError, match="inget krav efter"):
        repair.apply(tree(), "merge", 5)
    data = tree()
    data["sections"][1]["requirements"][0]["text"] = "B1 ska göras.\nB1b bör göras."
    split = repair.apply(data, "split", 4)
    assert [(r["text"], r["strength"]) for r in split["sections"][1]["requirements"]] == [
        ("B1 ska göras.", "ska"),
        ("B1b bör göras.", "bör"),
        ("B2 ska.", "ska"),
    ]
    with pytest.raises(repair.RepairError, match="radbrytning"):
        repair.apply(tree(), "split", 4)


@pytest.mark.parametrize("operation, index", [("heading", 99), ("requirement", 0), ("requirement", 9), ("nonsense", 0)])
def test_impossible_repairs_say_why(operation, index):
    with pytest.raises(repair.RepairError):
        repair.apply(tree(), operation, index)


@pytest.fixture
def preview(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    upload(client, DOCUMENT.encode("utf-8"), "hemtjanst.md")
    return client, ImportDraft.objects.get()


def texts(draft) -> list:
    draft.refresh_from_db()
    return outline(draft.data)


def press(client, draft, button: str, **typed):
    data = preview_post(draft, **typed)
    data["repair"] = button
    return client.post(reverse("requirements:import_preview", args=[draft.pk]), data)


def test_the_page_offers_each_repair_as_a_button_in_the_form(preview):
    client, draft = preview
    html = client.get(reverse("requirements:import_preview", args=[draft.pk])).content.decode()
    for label in ("Flytta upp", "Flytta ned", "Slå ihop med nästa", "Dela vid radbrytningar", "Gör till rubrik"):
        assert label in html
    assert 'name="repair" value="heading:1"' in html and 'name="repair" value="requirement:1"' in html
    assert 'id="r1"' in html


def test_repairs_through_the_page_keep_what_was_typed(preview):
    client, draft = preview
    assert texts(draft)[0] == (
        0,
        "Personal",
        [
            "Personalen ska ha relevant utbildning.",
            "Bemanning",
            "Utföraren ska ha tillräcklig bemanning dygnet runt.",
            "Utföraren ska ha en plan för vikarier. Planen ska följas upp varje år.",
        ],
    )
    # The heading repair, with a changed title typed into the catalogue and a corrected text elsewhere.
    response = press(
        client, draft, "heading:1", title="Kvalitetskrav i hemtjänsten", **{"r0-text": "Personalen ska ha utbildning."}
    )
    assert response.status_code == 302 and response.url.endswith("#structure")
    draft.refresh_from_db()
    assert draft.data["title"] == "Kvalitetskrav i hemtjänsten"
    assert texts(draft)[:2] == [
        (0, "Personal", ["Personalen ska ha utbildning."]),
        (
            1,
            "Bemanning",
            [
                "Utföraren ska ha tillräcklig bemanning dygnet runt.",
                "Utföraren ska ha en plan för vikarier. Planen ska följas upp varje år.",
            ],
        ),
    ]
    # Split the plan at a typed line break, merge the two halves of the documentation requirement.
    press(client, draft, "split:2", **{"r2-text": "Utföraren ska ha en plan för vikarier.\r\nPlanen ska följas upp varje år."})
    assert texts(draft)[1][2][1:] == ["Utföraren ska ha en plan för vikarier.", "Planen ska följas upp varje år."]
    press(client, draft, "merge:4")
    assert texts(draft)[2] == (
        0,
        "Dokumentation",
        ["Utföraren ska dokumentera insatsen i den enskildes akt.", "Dokumentationen ska vara tillgänglig för den enskilde."],
    )
    press(client, draft, "down:5")
    press(client, draft, "up:4")
    assert texts(draft)[2][2][0] == "Dokumentationen ska vara tillgänglig för den enskilde."
    # And the heading back into a requirement, then save: the catalogue has what the page showed.
    press(client, draft, "requirement:1")
    assert texts(draft)[0][2][:2] == ["Personalen ska ha utbildning.", "Bemanning"]
    response = client.post(reverse("requirements:import_preview", args=[draft.pk]), preview_post(draft))
    version = Catalogue.objects.get().latest_version()
    assert version.requirements.count() == 7


def test_an_impossible_repair_is_a_swedish_error_at_the_requirement_and_keeps_the_typing(preview):
    client, draft = preview
    before = texts(draft)
    response = press(client, draft, "merge:3", title="Ny titel som inte får försvinna")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Det finns inget krav efter det här i avsnittet att slå ihop med." in html
    assert "Ny titel som inte får försvinna" in html
    assert texts(draft) == before


@pytest.mark.parametrize("button", ["merge", "merge:x", "nonsense:1", "up:-1", "up:99999999999"])
def test_a_malformed_repair_button_is_a_bad_request(preview, button):
    client, draft = preview
    response = press(client, draft, button)
    assert response.status_code in {400, 422}
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_an_empty_requirement_does_not_block_a_repair_and_stays_empty(preview):
    client, draft = preview
    response = press(client, draft, "up:2", **{"r0-text": ""})
    assert response.status_code == 302
    assert texts(draft)[0][2][0] == ""
