"""The risk matrix in the PDF: its scale labels break only between words and stay inside their cells."""

from types import SimpleNamespace

from django.template.loader import render_to_string

LONG_LABELS = ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik", "Mycket sannolik"]
SEVERITIES = ["Försumbar", "Lindrig", "Kännbar", "Allvarlig", "Katastrofal"]


def matrix():
    level = SimpleNamespace(css_class="level-1", name="Mycket hög")
    rows = [
        SimpleNamespace(
            severity=s,
            label=SEVERITIES[s - 1],
            cells=[SimpleNamespace(value=s * p, level=level, items=[]) for p in range(1, 6)],
        )
        for s in range(5, 0, -1)
    ]
    return SimpleNamespace(columns=list(enumerate(LONG_LABELS, 1)), rows=rows)


def laid_out_cells(html):
    """(text of each line, cell's right edge, each line's right edge) for every cell of the laid-out matrix."""
    from weasyprint import HTML

    found = []

    def texts(box):
        if hasattr(box, "text"):
            yield box
        for child in getattr(box, "children", None) or []:
            yield from texts(child)

    def walk(box):
        if type(box).__name__ == "TableCellBox":
            right = box.content_box_x() + box.width + box.padding_right
            lines = [list(texts(line)) for line in box.children]
            found.append(
                (
                    ["".join(t.text for t in line) for line in lines],
                    right,
                    [max((t.position_x + t.width) for t in line) for line in lines if line],
                )
            )
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in HTML(string=html).render().pages:
        walk(page._page_box)
    return found


def test_the_pdf_matrix_breaks_scale_labels_only_between_words_and_keeps_them_in_their_cells():
    style = render_to_string("risks/pdf/_style.css")
    body = render_to_string("risks/pdf/_heatmap.html", {"map": matrix(), "caption": "Nuvarande risk"})
    # Two matrices side by side, as the analysis PDF prints them.
    html = f'<html lang="sv"><style>{style}</style><div class="maps"><div>{body}</div><div>{body}</div></div></html>'
    words = {word for label in LONG_LABELS + SEVERITIES for word in label.split()}
    cells = laid_out_cells(html)
    assert cells
    for lines, right, line_rights in cells:
        for line in lines:
            for piece in line.split():
                assert piece in words or piece.isdigit() or piece in {"Allv.", "Sann.", "↓", "→", "Mycket", "hög"}, (
                    f"'{piece}' är en del av ett ord ({lines})"
                )
        assert all(edge <= right + 0.5 for edge in line_rights), f"texten går utanför rutan: {lines}"
