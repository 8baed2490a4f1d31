import xml.etree.ElementTree as ET

from lots.lib.svgchart import BarChart, LineChart, svg_to_png

NS = {"s": "http://www.w3.org/2000/svg"}


def test_a_line_chart_is_labelled_and_marks_signals_by_shape():
    chart = LineChart(
        title="Avvikelser per månad",
        description="Tolv månader; mars är ovanligt hög.",
        labels=["jan", "feb", "mar"],
        values=[3, 4, 12],
        centre=4,
        upper=[10, 10, 10],
        signals={2},
    )
    root = ET.fromstring(chart.svg())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"s:title[@id='{title_id}']", NS).text == "Avvikelser per månad"
    assert root.find(f"s:desc[@id='{desc_id}']", NS).text.startswith("Tolv månader")
    assert len(root.findall("s:circle", NS)) == 2
    diamond = root.findall("s:path", NS)
    assert len(diamond) == 1 and diamond[0].find("s:title", NS).text == "mar: 12 (signal)"
    assert "style=" not in chart.svg()


def test_text_is_escaped():
    svg = BarChart(title="<script>", description="a & b", labels=["<b>"], values=[1]).svg()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_an_empty_chart_still_renders():
    ET.fromstring(LineChart(title="Tom", description="Inga data", labels=[], values=[]).svg())
    ET.fromstring(BarChart(title="Tom", description="Inga data", labels=[], values=[]).svg())


def test_charts_convert_to_png():
    png = svg_to_png(BarChart(title="T", description="D", labels=["a", "b"], values=[1, 2]).svg())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_all_chart_text_is_12_units_so_a_phone_showing_the_drawn_width_reads_12_px():
    line = LineChart(title="T", description="D", labels=["jan", "feb"], values=[1, 2], centre=1, upper=[3, 3], signals={1})
    bars = BarChart(title="T", description="D", labels=["a"], values=[1])
    for svg in (line.svg(), bars.svg()):
        sizes = {text.get("font-size") for text in ET.fromstring(svg).iter(f"{{{NS['s']}}}text")}
        assert sizes == {"12"}


def test_month_labels_on_the_x_axis_are_thinned_out_so_neighbours_never_touch():
    labels = [f"{month} 2025" for month in ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]]
    labels += [f"{month} 2026" for month in ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt"]]
    root = ET.fromstring(LineChart(title="T", description="D", labels=labels, values=[1] * len(labels)).svg())
    shown = [t for t in root.iter(f"{{{NS['s']}}}text") if t.text in labels]
    xs = [float(t.get("x")) for t in shown]
    # "jan 2025" at 12 units is about 58 units wide: the gaps between label centres must be wider than that.
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 8 * 0.6 * 12 + 8
    assert shown[0].text == "jan 2025"


def test_short_labels_are_all_shown():
    labels = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    root = ET.fromstring(LineChart(title="T", description="D", labels=labels, values=[1] * 12).svg())
    assert [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.text in labels] == labels
