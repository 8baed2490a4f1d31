"""The ``sv`` filter marks Swedish user data on an English page and leaves Swedish pages as they are."""

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load swedish_text %}" + source).render(Context(context))


def test_on_an_english_page_a_name_is_marked_as_swedish():
    with translation.override("en"):
        assert render("{{ name|sv }}", name="Förvaltningen") == '<span lang="sv">Förvaltningen</span>'


def test_on_a_swedish_page_a_name_is_shown_as_it_is():
    with translation.override("sv"):
        assert render("{{ name|sv }}", name="Förvaltningen") == "Förvaltningen"


def test_the_value_is_escaped_in_both_languages():
    for language in ("sv", "en"):
        with translation.override(language):
            assert "<b>" not in render("{{ name|sv }}", name="<b>Å</b>")
            assert "&lt;b&gt;" in render("{{ name|sv }}", name="<b>Å</b>")


def test_inside_blocktranslate_the_marked_value_keeps_its_span():
    with translation.override("en"):
        page = render(
            "{% load i18n %}{% blocktranslate with unit=name|sv %}Enhet: {{ unit }}{% endblocktranslate %}", name="Nämnden"
        )
    assert '<span lang="sv">Nämnden</span>' in page


def test_an_empty_value_stays_empty():
    with translation.override("en"):
        assert render("{{ name|sv }}", name="") == ""


def test_the_category_choices_mark_their_options_swedish_on_an_english_page_only():
    import copy

    from lots.deviations.forms import FilterForm, ReportForm

    for form in (ReportForm, FilterForm):
        widget = copy.deepcopy(form.base_fields["category"].widget)
        widget.choices = [("", "Välj kategori"), ("1", "Bemötande")]
        with translation.override("en"):
            english = widget.render("category", "")
        with translation.override("sv"):
            swedish = widget.render("category", "")
        assert '<option value="1" lang="sv">Bemötande</option>' in english
        assert '<option value="" lang="sv"' not in english and 'lang="sv"' not in swedish


def test_a_name_within_a_sentence_is_marked_on_an_english_page_only():
    source = "{{ text|sv_within:name }}"
    with translation.override("en"):
        english = render(source, text="Run chart: deviations per month, Nämnden & co", name="Nämnden & co")
    with translation.override("sv"):
        swedish = render(source, text="Serietidsdiagram, Nämnden & co", name="Nämnden & co")
    assert english == 'Run chart: deviations per month, <span lang="sv">Nämnden &amp; co</span>'
    assert swedish == "Serietidsdiagram, Nämnden &amp; co"
