import pytest

from lots.lib import richtext


def test_it_turns_light_markup_into_headings_lists_and_paragraphs():
    html = richtext.render("## Syfte\nRutinen gäller **alla** ärenden.\n\n- första\n- andra\n\n1. steg ett\n2. steg två")
    assert html == (
        "<h3>Syfte</h3><p>Rutinen gäller <strong>alla</strong> ärenden.</p>"
        "<ul><li>första</li><li>andra</li></ul><ol><li>steg ett</li><li>steg två</li></ol>"
    )


def test_it_joins_lines_of_one_paragraph_with_line_breaks():
    assert richtext.render("rad ett\nrad två") == "<p>rad ett<br>rad två</p>"


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert('x')</script><p>text</p>",
        "<p onclick=\"alert('x')\">text</p>",
        "<p>text<img src=x onerror=\"alert('x')\"></p>",
        "<p><a href=\"javascript:alert('x')\">text</a></p>",
        '<p>text</p><iframe src="https://evil.invalid"></iframe>',
        "<p style=\"background:url(javascript:alert('x'))\">text</p>",
        "<svg><script>alert('x')</script></svg><p>text</p>",
    ],
)
def test_no_script_survives_html_input(dangerous):
    html = richtext.render(dangerous)
    lowered = html.lower()
    assert "text" in html
    for needle in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe", "style=", "<img", "<svg"):
        assert needle not in lowered


def test_markup_input_is_escaped_not_interpreted():
    html = richtext.render("Skriv <script>alert(1)</script> här\n- <b onclick=x>punkt</b>")
    assert "<script" not in html
    assert "onclick" not in html


def test_links_keep_only_web_and_mail_schemes():
    html = richtext.render("[Socialstyrelsen](https://www.socialstyrelsen.se) och [fel](javascript:alert(1))")
    assert '<a href="https://www.socialstyrelsen.se" rel="noopener noreferrer">Socialstyrelsen</a>' in html
    # The unsafe one stays as harmless text, never as a link.
    assert 'href="javascript' not in html
    assert html.count("<a ") == 1


def test_top_level_headings_are_demoted_so_the_page_keeps_one_h1():
    assert richtext.render("<h1>Rubrik</h1><h2>Under</h2>") == "<h3>Rubrik</h3><h3>Under</h3>"


def test_blocks_gives_one_line_per_paragraph_and_list_item():
    html = richtext.render("## Syfte\nRutinen gäller **alla**.\n\n- ett\n- två")
    assert richtext.blocks(html) == ["Syfte", "Rutinen gäller alla.", "• ett", "• två"]
    assert richtext.plain_text(html) == "Syfte\nRutinen gäller alla.\n• ett\n• två"
