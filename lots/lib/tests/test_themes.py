from lots.lib.themes import recurring_themes, terms


def test_terms_skip_stop_words_and_include_pairs():
    found = terms("Brukaren fick inte sin medicin i tid, och medicin saknades.")
    assert {"brukaren", "medicin", "saknades", "brukaren medicin", "medicin saknades"} <= found
    assert "och" not in found and "inte" not in found and "tid" not in found


def test_a_phrase_that_suddenly_recurs_is_found_with_its_cases():
    baseline = dict.fromkeys(range(20), "Dokumentationen var bristfällig i journalen.")
    baseline.update({100 + i: "Samtalet med vårdnadshavare blev försenat." for i in range(20)})
    current = {
        1: "Nattpersonalen missade läkemedelsdelning till boende.",
        2: "Läkemedelsdelning glömdes bort på kvällen.",
        3: "Fel dos vid läkemedelsdelning.",
        4: "Journalen var bristfällig.",
        5: "Vårdnadshavare fick vänta.",
    }
    themes = recurring_themes(current, baseline, min_documents=3)
    assert [t.term for t in themes] == ["läkemedelsdelning"]
    assert themes[0].ids == (1, 2, 3)
    assert themes[0].documents_before == 0


def test_terms_as_common_before_are_not_themes():
    baseline = dict.fromkeys(range(10), "Bemötande i telefon var otrevligt.")
    current = dict.fromkeys(range(10), "Bemötande i receptionen var otrevligt.")
    assert "bemötande" not in {t.term for t in recurring_themes(current, baseline)}


def test_nothing_is_found_in_empty_periods():
    assert recurring_themes({}, {}) == []


def test_a_text_that_recurs_counts_once_for_each_record_it_belongs_to():
    baseline = {10 + i: f"Övrigt ärende {word}." for i, word in enumerate("abcdefghijklmnopqrst")}
    baseline[98] = baseline[99] = "Larmet fungerade inte."
    current = dict.fromkeys([1, 2, 3], "Larmet fungerade inte.")
    (theme,) = [t for t in recurring_themes(current, baseline) if t.term == "larmet fungerade"]
    assert theme.documents_now == 3 and theme.documents_before == 2 and theme.ids == (1, 2, 3)
