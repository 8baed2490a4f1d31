"""The integrity guard. The only personal number used is the published test identity 19121212-1212 (Tolvan Tolvansson)."""

import pathlib
import re

import pytest
from django.core.exceptions import ValidationError

from lots.lib import integrity

SEEDS = pathlib.Path("/work/shared/seeds")
# Proper nouns in the seeds: places, homes, courts, laws, partners. A person's guard may flag them; it is not wrong to.
SEED_PROPER_NOUNS = {
    "Vårnäs", "Mercur", "Förvaltningsrätten", "Förvaltningsrätt", "Kammarätt", "Viadidakt", "Samtid",
    "Bildningsförvaltningen", "Landstinget Sörmland", "Flexite", "General Data Protection Regulation", "Case Management",
    "Socialtjänstlagen", "Socialtjänstförordningen", "Skuldsaneringslagen",
}  # fmt: skip

TEST_IDENTITY_FORMS = ["19121212-1212", "121212-1212", "1212121212", "201212121212", "121212+1212", "121212 1212"]


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def coordination_number_from_test_identity() -> str:
    """Tolvan's number with 60 added to the day (12 → 72) and a recomputed check digit."""
    check = luhn_check_digit("121272" + "121")
    return f"19121272-121{check}"


@pytest.mark.parametrize("form", TEST_IDENTITY_FORMS)
def test_it_finds_the_test_identity_in_every_common_form(form):
    text = f"Gäller {form} som kom i går."
    findings = integrity.find_personal_numbers(text)
    assert [f.text for f in findings] == [form]
    assert text[findings[0].start : findings[0].end] == form
    assert findings[0].kind == integrity.PERSONAL_NUMBER


def test_it_finds_a_coordination_number():
    number = coordination_number_from_test_identity()
    assert number.endswith("9")  # computed, not guessed: a wrong check digit would make the next assertions fail
    assert [f.text for f in integrity.find_personal_numbers(f"Samordningsnummer {number}.")] == [number]
    assert integrity.is_personal_number(number)


@pytest.mark.parametrize("text", ["19121212-1213", "121212-1211", "1212121213", "19121372-1219", "19121312-1212"])
def test_numbers_with_a_wrong_check_digit_or_date_are_not_reported(text):
    assert integrity.find_personal_numbers(f"Nummer {text} här") == []


@pytest.mark.parametrize(
    "text", ["Ring 070-123 45 67", "Diarienummer 2025-0412", "Kostnad 1 212 kr", "12121212121212", "ID 312121212121"]
)
def test_other_numbers_are_left_alone(text):
    assert integrity.find_personal_numbers(text) == []


def test_is_personal_number_needs_the_whole_value():
    assert integrity.is_personal_number(" 19121212-1212 ")
    assert not integrity.is_personal_number("BU-19121212-1212x")
    assert not integrity.is_personal_number("")


def test_a_capitalised_word_mid_sentence_is_a_likely_name():
    findings = integrity.find_likely_names("Brukaren sa att Kalle hade tagit pengarna.")
    assert [f.text for f in findings] == ["Kalle"]


def test_first_and_last_names_together_are_one_finding():
    findings = integrity.find_likely_names("Personalen ringde Anna Svensson direkt.")
    assert [f.text for f in findings] == ["Anna Svensson"]


def test_a_common_first_name_or_a_surname_opening_a_sentence_is_found():
    assert [f.text for f in integrity.find_likely_names("Emma blev ledsen. Lindqvist svarade inte.")] == ["Emma", "Lindqvist"]


def test_an_ordinary_word_opening_a_sentence_is_not_a_name():
    assert integrity.find_likely_names("Brukaren blev ledsen. Personalen svarade inte. Dokumentationen saknas.") == []


def test_known_words_and_acronyms_are_not_names():
    text = "Händelsen skedde på Kollektivet och anmäldes till IVO enligt lex Sarah och SoL av HVB-personal."
    assert [f.text for f in integrity.find_likely_names(text)] == ["Kollektivet"]
    assert integrity.find_likely_names(text, known_words=["kollektivet"]) == []
    assert integrity.find_likely_names("Enligt Kollektivets rutin.", known_words=["Kollektivet"]) == []
    assert integrity.find_likely_names("Två lex Sarah-rapporter och en IVO-anmälan.") == []


def test_scan_gives_both_kinds_in_text_order():
    findings = integrity.scan("Kvinnan 19121212-1212 och hennes son Olle var med.")
    assert [(f.kind, f.text) for f in findings] == [
        (integrity.PERSONAL_NUMBER, "19121212-1212"),
        (integrity.NAME, "Olle"),
    ]


def test_replace_puts_the_reference_where_the_findings_were_and_nothing_else_changes():
    text = "Olle föll. Personalen hjälpte Olle och 19121212-1212 upp."
    findings = integrity.scan(text)
    assert integrity.replace(text, findings, "BU-7") == "BU-7 föll. Personalen hjälpte BU-7 och BU-7 upp."
    assert text == "Olle föll. Personalen hjälpte Olle och 19121212-1212 upp."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kalle Svensson 19121212-1212 blev slagen.", "ÄR-2026-4711 blev slagen."),
        ("Olle (19121212-1212) föll.", "ÄR-2026-4711 föll."),
        ("Tolvan Tolvansson, 19121212-1212, föll.", "ÄR-2026-4711, föll."),
        ("Kalle ÄR-2026-4711 blev slagen.", "ÄR-2026-4711 blev slagen."),
        ("ÄR-2026-4711 (Kalle) blev slagen.", "ÄR-2026-4711 blev slagen."),
        ("Brukaren ÄR-2026-4711 och Kalle bråkade.", "Brukaren ÄR-2026-4711 och ÄR-2026-4711 bråkade."),
    ],
)
def test_replace_never_writes_the_reference_twice_in_a_row(text, expected):
    assert integrity.replace(text, integrity.scan(text), "ÄR-2026-4711") == expected


def test_replace_leaves_a_reference_already_in_the_text_alone_when_nothing_stands_next_to_it():
    text = "Gäller ÄR-2026-4711. Inget mer."
    assert integrity.replace(text, integrity.scan(text), "ÄR-2026-4711") == text


def test_replace_skips_findings_that_no_longer_match_the_text():
    findings = integrity.scan("Hej Olle")
    assert integrity.replace("Hej Pelle", findings, "X") == "Hej Pelle"


def test_scan_fields_returns_only_fields_with_findings():
    result = integrity.scan_fields({"a": "inget här", "b": "se 1212121212", "c": ""})
    assert list(result) == ["b"]
    assert result["b"][0].text == "1212121212"


def test_the_fingerprint_changes_when_the_findings_change():
    one = integrity.scan_fields({"a": "Olle var där"})
    same = integrity.scan_fields({"a": "Där var Olle"})
    other = integrity.scan_fields({"a": "Där var Pelle"})
    assert integrity.fingerprint(one) == integrity.fingerprint(same)
    assert integrity.fingerprint(one) != integrity.fingerprint(other)
    assert integrity.fingerprint(one) != integrity.fingerprint({"b": one["a"]})


@pytest.mark.parametrize(
    "text, name",
    [
        ("Kalle blev slagen av en annan boende.", "Kalle"),
        ("kalle blev slagen av en annan boende.", "kalle"),
        ("Personalen såg att kalle blev slagen.", "kalle"),
        ("Brukaren anna-karin ville inte äta.", "anna-karin"),
        ("Vi ringde andersson på morgonen.", "andersson"),
        ("Brukaren ringde mamma. Pelle svarade.", "Pelle"),
        ("- Lasse vägrade ta medicinen.", "Lasse"),
        ("4.1 Tolvan fick fel dos.", "Tolvan"),
    ],
)
def test_names_in_lower_case_and_first_names_opening_a_sentence_are_found(text, name):
    assert [f.text for f in integrity.find_likely_names(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Per dag får brukaren två besök.",
        "Hans mamma ringde i går.",
        "Brukaren ska klara sig själv och hans syster hjälper till.",
        "Vi gick längs en stig. Max två personer per pass.",
        "Det finns inga sanna uppgifter om liv och hälsa.",
        "Klockan var 14.30. Efter det lugnade det sig.",
        "## 4.2 Riskanalyser\n\n<b>Syfte</b> med arbetet.",
    ],
)
def test_ordinary_words_that_are_also_names_are_not_flagged(text):
    assert integrity.find_likely_names(text) == []


def _seed_texts() -> str:
    return "\n".join(path.read_text() for path in sorted(SEEDS.glob("*.md")))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not in this checkout")
def test_real_swedish_prose_from_the_seeds_is_almost_never_taken_for_a_name():
    """Two municipalities' quality documents (~11 000 words): only proper nouns and a few titled documents are flagged."""
    text = _seed_texts()
    units = ["Kollektivet", "Klivet", "Vallmovillan", "Katrineholm", "Vingåker", "Gotland"]
    flagged = {f.text for f in integrity.find_likely_names(text, known_words=units)}
    ordinary = flagged - SEED_PROPER_NOUNS
    assert len(re.findall(r"\w+", text)) > 10_000
    assert len(ordinary) <= 12, sorted(ordinary)


def test_check_names_every_field_with_findings_and_saves_nothing_unless_confirmed():
    fields = {"description": "Kalle blev slagen.", "action": "Ringde 19121212-1212.", "other": "Inget här."}
    with pytest.raises(ValidationError) as raised:
        integrity.check(fields)
    errors = raised.value.error_dict
    assert sorted(errors) == ["action", "description"]
    assert errors["description"][0].code == "integrity"
    assert "Kalle" in errors["description"][0].messages[0]
    assert "19121212-1212" in errors["action"][0].messages[0]
    assert sorted(integrity.check(fields, confirmed=True)) == ["action", "description"]


def test_check_passes_clean_text_without_confirmation():
    assert integrity.check({"description": "Brukaren blev slagen av en annan boende."}) == {}


def test_a_quoted_title_opening_with_a_capital_is_not_taken_for_a_name():
    from lots.lib.integrity import find_likely_names

    assert find_likely_names("Åtgärd efter riskanalysen ”Årlig riskanalys med klientperspektiv”.") == []
    assert find_likely_names('Se rutinen "Trygg hemgång" igen.') == []


def test_a_first_name_in_quotes_is_still_a_name():
    from lots.lib.integrity import find_likely_names

    assert [f.text for f in find_likely_names("Hon sa ”Kalle slog mig”.")] == ["Kalle"]
