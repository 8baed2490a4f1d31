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
