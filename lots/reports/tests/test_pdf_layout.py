"""The page-edge check the demo reports are held to (lots/reports/tests/demo_checks.py) finds what runs off the page."""

from lots.lib.pdf import text_outside_pages


def test_a_table_too_wide_for_the_page_is_found():
    """The check itself: a table of long unbreakable words, laid out without the report's style, runs off the page."""
    cells = "".join(f"<td>{'Överenskommelseskrav' * 2}{n}</td>" for n in range(6))
    html = f"<html lang='sv'><body><table><tr>{cells}</tr></table></body></html>"
    assert text_outside_pages(html)
