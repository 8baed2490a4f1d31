"""The building blocks of a report section: facts, tables, charts, lists and process maps.

Blocks are plain JSON-safe dicts, so an established report stores them as they
were and renders them the same way later (page, PDF and DOCX alike). Every
chart carries its table equivalent.
"""

from lots.lib.svgchart import BarChart, LineChart


def facts(items: list[tuple[str, object]]) -> dict:
    return {"type": "facts", "items": [{"label": str(label), "value": value} for label, value in items]}


def table(block_id: str, caption: str, headers: list[str], rows: list[list], numeric: list[bool] | None = None) -> dict:
    headers = [str(h) for h in headers]
    return {
        "type": "table",
        "id": block_id,
        "caption": str(caption),
        "headers": headers,
        "rows": [list(r) for r in rows],
        "numeric": numeric if numeric is not None else [False] * len(headers),
    }


def text(content: str) -> dict:
    return {"type": "text", "text": str(content)}


def bullet_list(items: list[str], *, heading: str = "") -> dict:
    return {"type": "list", "heading": str(heading), "items": [str(i) for i in items]}


def steps(block_id: str, title: str, items: list[str], *, meta: str = "") -> dict:
    """A process map: the activities of a process in order."""
    return {"type": "steps", "id": block_id, "title": str(title), "meta": str(meta), "items": [str(i) for i in items]}


def bar_chart(block_id: str, title: str, description: str, labels: list[str], values: list[float], headers: list[str]) -> dict:
    return {
        "type": "chart",
        "id": block_id,
        "chart": "bar",
        "title": str(title),
        "description": str(description),
        "labels": [str(label) for label in labels],
        "values": list(values),
        "table": {
            "headers": [str(h) for h in headers],
            "rows": [[label, value] for label, value in zip(labels, values, strict=True)],
            "numeric": [False, True],
        },
    }


def svg(block: dict) -> str:
    """The accessible SVG of a chart block."""
    if block["chart"] == "bar":
        return BarChart(block["title"], block["description"], block["labels"], block["values"]).svg()
    return LineChart(
        block["title"],
        block["description"],
        block["labels"],
        block["values"],
        centre=block.get("centre"),
        upper=block.get("upper"),
        lower=block.get("lower"),
        signals=set(block.get("signals") or []),
        centre_label=block.get("centre_label") or "Median",
    ).svg()


def exportable(block: dict) -> tuple[list[str], list[list]] | None:
    """Headers and rows of a table, or of a chart's table equivalent; None for other blocks."""
    if block["type"] == "table":
        return block["headers"], block["rows"]
    if block["type"] == "chart":
        return block["table"]["headers"], block["table"]["rows"]
    return None


def find(blocks: list[dict], block_id: str) -> dict | None:
    return next((b for b in blocks if b.get("id") == block_id), None)
