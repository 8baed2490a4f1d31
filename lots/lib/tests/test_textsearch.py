from lots.lib.textsearch import normalise, query_terms, stem


def test_normalise_folds_case_including_swedish_letters():
    assert normalise("  Översyn   AV Rutiner ") == "översyn av rutiner"


def test_stem_cuts_common_swedish_endings_but_keeps_short_words():
    assert stem("Rutinerna") == "rutin"
    assert stem("bedömningar") == "bedömning"
    assert stem("barn") == "barn"


def test_query_terms_are_distinct_stems_without_one_letter_words():
    assert query_terms("Rutiner rutinerna i barn") == ["rutin", "barn"]
