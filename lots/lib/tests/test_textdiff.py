from lots.lib.textdiff import has_changes, side_by_side, word_diff


def test_unchanged_blocks_are_equal_rows():
    rows = side_by_side(["a", "b"], ["a", "b"])
    assert [r.kind for r in rows] == ["equal", "equal"]
    assert not has_changes(rows)


def test_a_changed_word_is_marked_deleted_on_the_left_and_inserted_on_the_right():
    left, right = word_diff("inom 14 dagar", "inom 7 dagar")
    assert left == 'inom <del><span class="visually-hidden">Borttaget: </span>14 </del>dagar'
    assert right == 'inom <ins><span class="visually-hidden">Tillagt: </span>7 </ins>dagar'


def test_added_and_removed_blocks_get_their_own_rows():
    rows = side_by_side(["Syfte", "Gammal punkt", "Slut"], ["Syfte", "Slut", "Ny punkt"])
    kinds = [r.kind for r in rows]
    assert kinds.count("removed") == 1
    assert kinds.count("added") == 1
    removed = next(r for r in rows if r.kind == "removed")
    added = next(r for r in rows if r.kind == "added")
    assert "Gammal punkt" in removed.left and removed.right == ""
    assert "Ny punkt" in added.right and added.left == ""
    assert has_changes(rows)


def test_text_is_escaped():
    rows = side_by_side(["<b>x</b>"], ["<b>y</b>"])
    assert "<b>" not in rows[0].left and "&lt;b&gt;" in rows[0].left


def test_a_changed_phrase_is_marked_as_one_piece():
    left, right = word_diff("Barn skyddas inom 24 timmar.", "Barn skyddas samma dag.")
    assert left.count("<del>") == 1 and "inom 24 timmar</del>" in left
    assert right.count("<ins>") == 1 and "samma dag</ins>" in right
