"""Formatted text that is safe to show: light markup or HTML in, sanitised HTML out.

People write routines in a plain text area. They may use a few markings
(``## Rubrik``, ``- punkt``, ``1. steg``, ``**fetstil**``, ``*kursiv*``,
``[länktext](https://…)``) or paste HTML. Either way the result goes through
nh3 with a short allow-list, so no script, event handler or ``javascript:`` link
survives. ``blocks()`` turns the HTML back into one plain line per block, for
comparing versions and for search.
"""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "a",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
BLOCK_TAGS = {"p", "h3", "h4", "li", "blockquote", "caption", "tr"}
_HTML_HINT = re.compile(r"<\s*(p|br|ul|ol|li|h[1-6]|table|div|strong|em|b|i|a|blockquote)\b", re.IGNORECASE)
_TOP_HEADINGS = re.compile(r"<(/?)h[12](\s[^>]*)?>", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+|mailto:[^\s)]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_ORDERED = re.compile(r"^\d+[.)]\s+")


def looks_like_html(source: str) -> bool:
    return bool(_HTML_HINT.search(source or ""))


def sanitise(fragment: str) -> str:
    """Clean an HTML fragment to the allow-list. Headings are demoted so a page keeps one h1 and its h2s."""
    fragment = _TOP_HEADINGS.sub(lambda m: f"<{m.group(1)}h3>", fragment or "")
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def _inline(text: str) -> str:
    text = html.escape(text, quote=True)
    text = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def markup_to_html(source: str) -> str:
    """Light markup to HTML (not yet sanitised). Blank lines separate paragraphs."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None

    def close_paragraph():
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for raw in (source or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close_paragraph()
            close_list()
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        bullet = re.match(r"^[-*•]\s+(.*)$", line)
        ordered = _ORDERED.match(line)
        if heading:
            close_paragraph()
            close_list()
            level = "h3" if len(heading.group(1)) <= 2 else "h4"
            out.append(f"<{level}>{_inline(heading.group(2))}</{level}>")
        elif bullet or ordered:
            close_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            text = bullet.group(1) if bullet else line[ordered.end() :]
            out.append(f"<li>{_inline(text)}</li>")
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return "".join(out)


def render(source: str) -> str:
    """What the person typed (markup or HTML) as sanitised HTML, ready to mark safe in a template."""
    source = source or ""
    produced = source if looks_like_html(source) else markup_to_html(source)
    return sanitise(produced)


class _BlockCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[str] = []

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            prefix = "• " if self.stack and self.stack[-1] == "li" else ""
            self.blocks.append(prefix + text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self.stack.append(tag)
        elif tag == "br":
            self.current.append(" ")
        elif tag in {"td", "th"} and self.current:
            self.current.append(" | ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()
            if self.stack:
                self.stack.pop()

    def handle_data(self, data):
        self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def blocks(fragment: str) -> list[str]:
    """One plain-text line per block (paragraph, heading, list item, table row)."""
    parser = _BlockCollector()
    parser.feed(fragment or "")
    parser.close()
    return parser.blocks


def plain_text(fragment: str) -> str:
    return "\n".join(blocks(fragment))
