import pytest

from lots.requirements.importer.references import find_references
from lots.requirements.importer.text import binds_of, split_sentences, strength_of


@pytest.mark.parametrize(
    "text, references",
    [
        ("erfarenhet (3 kap. 3 § SoL).", ["3 kap. 3 § SoL"]),
        ("men, 26 kap 1 § offentlighets- och sekretesslagen.", ["26 kap 1 § offentlighets- och sekretesslagen"]),
        ("beaktas (1 kap 2 § SoL och 1 § femte stycket LVU).", ["1 kap 2 § SoL", "1 § femte stycket LVU"]),
        ("i enlighet med artikel 12 i barnkonventionen", ["artikel 12 i barnkonventionen"]),
        ("enligt 3 kap.1 § och 6 §§ SoL, fältarbete (3 kap. § 4 SoL)", ["3 kap.1 § och 6 §§ SoL", "3 kap. § 4 SoL"]),
        ("lex Sarah, 14 kap. 3–7 §§ SoL", ["14 kap. 3–7 §§ SoL"]),
        ("enligt 5 kap. 1 och 2 §§ SOSFS 2011:9 och SOSFS 2011:5", ["5 kap. 1 och 2 §§ SOSFS 2011:9", "SOSFS 2011:5"]),
        ("4 kap. 1 § i socialtjänstlagen (2001:453)", ["4 kap. 1 § i socialtjänstlagen (2001:453)"]),
        ("enligt SoL ska missförhållanden rapporteras", []),
        ("Utförare ska följa förordningen GDPR.", []),
        ("3 kap. 3 § SoL och igen 3 kap. 3 § SoL", ["3 kap. 3 § SoL"]),
    ],
)
def test_law_references_are_found_as_written(text, references):
    assert find_references(text) == references


def test_sentences_are_not_split_at_abbreviations_or_section_numbers():
    text = (
        "Ledningen ska ha en plan, t.ex. ett årshjul. Planen följs upp enligt 3 kap. 2 § SOSFS 2011:9. "
        "Personalen bör bl.a. delta i d.v.s. alla möten. Sista meningen"
    )
    assert split_sentences(text) == [
        "Ledningen ska ha en plan, t.ex. ett årshjul.",
        "Planen följs upp enligt 3 kap. 2 § SOSFS 2011:9.",
        "Personalen bör bl.a. delta i d.v.s. alla möten.",
        "Sista meningen",
    ]


@pytest.mark.parametrize(
    "text, strength",
    [
        ("Utföraren ska ha rutiner.", "ska"),
        ("Utföraren skall ha rutiner.", "ska"),
        ("Utföraren bör ha rutiner.", "bör"),
        ("Utföraren bör ha rutiner och ska följa dem.", "ska"),
        ("Behandling får ske med samtycke.", "ska"),
        ("Arbetet börjar i januari och skapar värde.", "ska"),
    ],
)
def test_strength_is_bor_only_when_the_text_says_only_bor(text, strength):
    assert strength_of(text) == strength


@pytest.mark.parametrize(
    "text, binds",
    [
        ("Ledning för utförare ska säkerställa att personal finns.", "management"),
        ("På ledningsnivå ska det finnas en rutin.", "management"),
        ("Verksamhetschefen skall se till att rutiner finns.", "management"),
        ("Personalen ska ha relevant utbildning.", "staff"),
        ("Utförare ska kunna legitimera sig.", "staff"),
        ("Utföraren ska följa nationella riktlinjer.", "both"),
        ("Dokumentation ska utformas med respekt.", "both"),
    ],
)
def test_whom_a_requirement_binds_comes_from_its_subject(text, binds):
    assert binds_of(text) == binds
