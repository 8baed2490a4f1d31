from lots.lib.text import clean_input


def test_control_characters_are_dropped_but_tabs_and_line_breaks_kept():
    assert clean_input("Larm\x07 gick\x00 av\x1b\tkl 3\r\nsedan") == "Larm gick av\tkl 3\r\nsedan"


def test_bidirectional_controls_are_dropped_so_text_reads_as_it_is_stored():
    assert clean_input("bilaga\u202egpj.exe") == "bilagagpj.exe"
    assert clean_input("\u2066namn\u2069") == "namn"


def test_ordinary_swedish_text_is_untouched():
    text = "Brukaren föll i duschen – ingen skada. Åtgärd: halkmatta."
    assert clean_input(text) == text
