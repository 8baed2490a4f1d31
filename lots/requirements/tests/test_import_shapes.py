"""The importer on documents of every other shape: Word, PDF, plain text and Markdown, marked with "Krav" or not.

Each document is written here, in the test, and the expected catalogue beside it.
"""

import io
import textwrap

import pytest

from lots.requirements.importer import UnreadableDocument, parse_document
from lots.requirements.importer.extract import Line, detect_format
from lots.requirements.importer.structure import drop_page_furniture, parse_lines, strip_toc


def outline(parsed) -> list[tuple]:
    """(section path, [(text, strength, references)]) for every section, in order."""
    rows = []
    for section, _depth in parsed.walk():
        rows.append((section.title, [(r.text, r.strength, r.references) for r in section.requirements]))
    return rows


def numbers(parsed) -> list[tuple[str, str, int]]:
    return [(section.number, section.title, depth) for section, depth in parsed.walk()]


# --- Word --------------------------------------------------------------------------------------


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Kvalitetskrav för daglig verksamhet enligt LSS", style="Title")
    doc.add_paragraph("Version 3.0")
    doc.add_paragraph("Beslutad av omsorgsnämnden")
    doc.add_paragraph("Datum 2025-03-10")
    doc.add_paragraph("Innehåll")
    doc.add_paragraph("1 Uppdraget\t2")
    doc.add_paragraph("1.1 Genomförandeplan\t2")
    doc.add_paragraph("2 Personal\t3")
    doc.add_heading("1 Uppdraget", level=1)
    doc.add_paragraph(
        "Daglig verksamhet ges enligt 9 § 10 LSS till personer i personkretsen. Verksamheten ska vara meningsfull "
        "och utgå från den enskildes intressen."
    )
    doc.add_paragraph().add_run("Krav").bold = True
    doc.add_paragraph("Utföraren ska erbjuda en meningsfull sysselsättning utifrån den enskildes önskemål.", style="List Bullet")
    doc.add_paragraph("Verksamheten bör vara öppen minst 30 timmar i veckan.", style="List Bullet")
    doc.add_paragraph("Kommunen följer upp kraven varje år.")
    doc.add_heading("1.1 Genomförandeplan", level=2)
    doc.add_paragraph("Krav:")
    doc.add_paragraph("Utföraren ska inom en månad:")
    doc.add_paragraph("upprätta en genomförandeplan tillsammans med den enskilde,", style="List Bullet")
    doc.add_paragraph("följa upp planen minst var sjätte månad.", style="List Bullet")
    doc.add_heading("2 Personal", level=1)
    doc.add_paragraph("Personalen är verksamhetens viktigaste resurs.")
    table = doc.add_table(rows=3, cols=2)
    for row, (number, text) in zip(
        table.rows,
        [
            ("Nr", "Krav"),
            ("2.1", "Personalen ska ha kunskap om LSS och om bemötande."),
            ("2.2", "Utföraren ska kontrollera utdrag ur belastningsregistret vid anställning."),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = number, text
    doc.add_paragraph("Utdrag ur registret sparas inte.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_a_word_document_with_heading_styles_bullets_and_a_requirement_table():
    parsed = parse_document(_docx(), "daglig-verksamhet.docx")
    assert parsed.title == "Kvalitetskrav för daglig verksamhet enligt LSS"
    assert (parsed.version, str(parsed.issued_on), parsed.issuer) == ("3.0", "2025-03-10", "Omsorgsnämnden")
    assert numbers(parsed) == [("1", "Uppdraget", 0), ("1.1", "Genomförandeplan", 1), ("2", "Personal", 0)]
    assert outline(parsed) == [
        (
            "Uppdraget",
            [
                ("Utföraren ska erbjuda en meningsfull sysselsättning utifrån den enskildes önskemål.", "ska", []),
                ("Verksamheten bör vara öppen minst 30 timmar i veckan.", "bör", []),
            ],
        ),
        (
            "Genomförandeplan",
            [
                ("Utföraren ska inom en månad upprätta en genomförandeplan tillsammans med den enskilde.", "ska", []),
                ("Utföraren ska inom en månad följa upp planen minst var sjätte månad.", "ska", []),
            ],
        ),
        (
            "Personal",
            [
                ("Personalen ska ha kunskap om LSS och om bemötande.", "ska", []),
                ("Utföraren ska kontrollera utdrag ur belastningsregistret vid anställning.", "ska", []),
            ],
        ),
    ]
    sections = {s.title: s for s, _depth in parsed.walk()}
    assert sections["Uppdraget"].description == (
        "Daglig verksamhet ges enligt 9 § 10 LSS till personer i personkretsen. Verksamheten ska vara meningsfull och "
        "utgå från den enskildes intressen.\n\nKommunen följer upp kraven varje år."
    )
    assert (
        sections["Personal"].description == "Personalen är verksamhetens viktigaste resurs.\n\nUtdrag ur registret sparas inte."
    )


# --- PDF ------------------------------------------------------------------------------------------

_PDF_HTML = """<html lang="sv"><head><meta charset="utf-8"><style>
@page { size: A5; margin: 2cm 1.8cm;
  @top-center { content: "Exempelkommun · Kvalitetskrav för boendestöd"; font-size: 8pt }
  @bottom-center { content: "- " counter(page) " -"; font-size: 8pt } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.3; hyphens: auto; text-align: justify }
h1 { font-size: 16pt } h2 { font-size: 12pt; margin-top: 1.2em } h3 { font-size: 10.5pt }
p { margin: 0 0 .5em } li { margin-bottom: .3em } .krav { font-weight: bold }
ol.toc { list-style: none; padding: 0; page-break-after: always } ol.toc .sub { padding-left: 1.2em }
ol.toc a { color: black; text-decoration: none }
ol.toc a::after { content: leader('. ') target-counter(attr(href), page) }
</style></head><body>
<h1>Kvalitetskrav för boendestöd</h1>
<p>Version 1.2<br>Fastställd av socialnämnden<br>Datum 2024-09-01</p>
<h2>Innehållsförteckning</h2>
<ol class="toc"><li><a href="#s1">1 Inledning</a></li><li><a href="#s2">2 Ledning och ansvar</a></li>
<li class="sub"><a href="#s21">2.1 Ledningssystem</a></li><li class="sub"><a href="#s22">2.2 Avvikelser och klagomål</a></li>
<li><a href="#s3">3 Personal och kompetens</a></li></ol>
<h2 id="s1">1 Inledning</h2>
<p>Boendestöd är praktiskt och socialt stöd i den enskildes hem. Stödet ges efter beslut enligt socialtjänstlagen och
utformas tillsammans med den enskilde. Dokumentet beskriver vad kommunen kräver av den som utför boendestöd.</p>
<h2 id="s2">2 Ledning och ansvar</h2>
<p>Utföraren ansvarar för att verksamheten håller god kvalitet och att kraven nedan uppfylls under hela avtalstiden.</p>
<p class="krav">Krav</p>
<ul>
<li>Utföraren ska ha ett ledningssystem för systematiskt kvalitetsarbete som är anpassat till verksamhetens inriktning
och omfattning, enligt 3 kap. 1 § SOSFS 2011:9, och ska kunna visa hur det används.</li>
<li>Verksamheten ska ledas av en föreståndare med socionomexamen eller annan relevant högskoleutbildning och minst tre
års erfarenhet av arbete med målgruppen.</li>
</ul>
<p>Kommunen kan begära att få ta del av ledningssystemet.</p>
<h3 id="s21">2.1 Ledningssystem</h3>
<p class="krav">Krav</p>
<ul>
<li>Ledningen ska identifiera, beskriva och fastställa de processer och rutiner som behövs för att säkra
verksamhetens kvalitet.</li>
<li>Rutinerna bör gås igenom med personalen minst en gång per år.</li>
</ul>
<h3 id="s22">2.2 Avvikelser och klagomål</h3>
<p>Synpunkter och klagomål är en viktig källa till förbättring. Missförhållanden rapporteras enligt 14 kap. 3 § SoL.</p>
<p class="krav">Krav</p>
<ul>
<li>Utföraren ska ta emot och utreda klagomål och synpunkter på verksamhetens kvalitet och regelbundet sammanställa
och analysera dem för att se mönster och trender.</li>
<li>Personalen ska känna till sin skyldighet att rapportera missförhållanden och risker för missförhållanden.</li>
<li>Utföraren ska rapportera allvarliga händelser till kommunen samma dag som de kommer till utförarens kännedom.</li>
</ul>
<h2 id="s3">3 Personal och kompetens</h2>
<p class="krav">Krav</p>
<ul>
<li>Personalen ska ha kunskap om bemötande, om sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen och
om dokumentation.</li>
<li>Varje medarbetare bör ha en individuell kompetensutvecklingsplan som följs upp årligen.</li>
</ul>
<p>Kommunen erbjuder utförarens personal att delta i kommunens utbildningar när det finns plats.</p>
</body></html>"""


@pytest.fixture(scope="module")
def boendestod_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=_PDF_HTML).write_pdf()


def test_a_pdf_with_running_headers_a_dotted_contents_and_bullet_lists(boendestod_pdf):
    from pypdf import PdfReader

    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(boendestod_pdf)).pages)
    assert raw.count("Exempelkommun · Kvalitetskrav för boendestöd") >= 3  # a header on every page
    parsed = parse_document(boendestod_pdf, "boendestod.pdf")
    assert parsed.title == "Kvalitetskrav för boendestöd"
    assert (parsed.version, parsed.issuer, str(parsed.issued_on)) == ("1.2", "Socialnämnden", "2024-09-01")
    assert numbers(parsed) == [
        ("1", "Inledning", 0),
        ("2", "Ledning och ansvar", 0),
        ("2.1", "Ledningssystem", 1),
        ("2.2", "Avvikelser och klagomål", 1),
        ("3", "Personal och kompetens", 0),
    ]
    assert outline(parsed) == [
        ("Inledning", []),
        (
            "Ledning och ansvar",
            [
                (
                    "Utföraren ska ha ett ledningssystem för systematiskt kvalitetsarbete som är anpassat till verksamhetens "
                    "inriktning och omfattning, enligt 3 kap. 1 § SOSFS 2011:9, och ska kunna visa hur det används.",
                    "ska",
                    ["3 kap. 1 § SOSFS 2011:9"],
                ),
                (
                    "Verksamheten ska ledas av en föreståndare med socionomexamen eller annan relevant högskoleutbildning och "
                    "minst tre års erfarenhet av arbete med målgruppen.",
                    "ska",
                    [],
                ),
            ],
        ),
        (
            "Ledningssystem",
            [
                (
                    "Ledningen ska identifiera, beskriva och fastställa de processer och rutiner som behövs för att säkra "
                    "verksamhetens kvalitet.",
                    "ska",
                    [],
                ),
                ("Rutinerna bör gås igenom med personalen minst en gång per år.", "bör", []),
            ],
        ),
        (
            "Avvikelser och klagomål",
            [
                (
                    "Utföraren ska ta emot och utreda klagomål och synpunkter på verksamhetens kvalitet och regelbundet "
                    "sammanställa och analysera dem för att se mönster och trender.",
                    "ska",
                    [],
                ),
                (
                    "Personalen ska känna till sin skyldighet att rapportera missförhållanden och risker för missförhållanden.",
                    "ska",
                    [],
                ),
                (
                    "Utföraren ska rapportera allvarliga händelser till kommunen samma dag som de kommer till utförarens "
                    "kännedom.",
                    "ska",
                    [],
                ),
            ],
        ),
        (
            "Personal och kompetens",
            [
                (
                    "Personalen ska ha kunskap om bemötande, om sekretess enligt 26 kap. 1 § offentlighets- och "
                    "sekretesslagen och om dokumentation.",
                    "ska",
                    ["26 kap. 1 § offentlighets- och sekretesslagen"],
                ),
                ("Varje medarbetare bör ha en individuell kompetensutvecklingsplan som följs upp årligen.", "bör", []),
            ],
        ),
    ]
    sections = {s.title: s for s, _depth in parsed.walk()}
    assert sections["Ledning och ansvar"].description == (
        "Utföraren ansvarar för att verksamheten håller god kvalitet och att kraven nedan uppfylls under hela "
        "avtalstiden.\n\nKommunen kan begära att få ta del av ledningssystemet."
    )
    assert sections["Personal och kompetens"].description.startswith("Kommunen erbjuder utförarens personal")


# --- Plain text: prose only, with everything a PDF-to-text conversion leaves behind ---------------

HEADER = "Exempelkommun – Riktlinje för hemtjänstens kvalitet"
HEMTJANST = [
    f"""{HEADER}

Kvalitetskrav för hemtjänst i Exempelkommun

Version 2.1
Fastställd av socialnämnden
Datum 2024-05-14

Innehåll

1 Inledning ..................................................... 2
2 Ledning och ansvar ............................................ 2
  2.1 Ledningssystem ............................................ 2
  2.2 Egenkontroll .............................................. 3
3 Personal ...................................................... 3
4 Dokumentation ................................................. 3

                                                                 1""",
    f"""{HEADER}

1 Inledning

Riktlinjen beskriver vad kommunen förväntar sig av den som utför hem-
tjänst på kommunens uppdrag. Hemtjänsten ges i den enskildes hem och
bygger på förtroende mellan den enskilde och personalen.

2 Ledning och ansvar

Utföraren ansvarar för att verksamheten bedrivs enligt gällande lag-
stiftning. Den som bedriver verksamheten ska ha ett ledningssystem som
är anpassat till verksamhetens storlek, enligt 3 kap. 1 § SOSFS 2011:9.

2.1 Ledningssystem

Ledningssystemet beskriver hur kvalitetsarbetet är organiserat. Verk-
samhetschefen skall se till att det finns rutiner för de processer som
behövs för att säkra kvaliteten. Rutinerna bör ses över minst en gång
per år. Nya rutiner gås igenom på arbetsplatsträffar.

2.2 Egenkontroll

Egenkontroll är en systematisk uppföljning av den egna verksamheten.
Utföraren ska genomföra egenkontroll med den frekvens och i den omfatt-

                                                                 2""",
    f"""{HEADER}

ning som krävs för att säkra verksamhetens kvalitet. Resultatet redo-
visas för kommunen en gång per år.

3 Personal

Personalen ska ha den utbildning och erfarenhet som krävs för uppdraget
(3 kap. 3 § SoL). Medarbetarna bör erbjudas handledning. Uppgifter om
enskildas personliga förhållanden omfattas av sekretess enligt 26 kap.
1 § offentlighets- och sekretesslagen, och personalen ska underteckna
en förbindelse om tystnadsplikt.

4 Dokumentation

Dokumentationen ska utformas med respekt för den enskildes integritet
och förvaras så att obehöriga inte kan ta del av den.

                                                                 3""",
]


def test_plain_prose_text_makes_each_ska_skall_bor_sentence_a_requirement():
    parsed = parse_document("\f".join(HEMTJANST).encode("utf-8"), "hemtjanst.txt")
    assert parsed.title == "Kvalitetskrav för hemtjänst i Exempelkommun"
    assert numbers(parsed) == [
        ("1", "Inledning", 0),
        ("2", "Ledning och ansvar", 0),
        ("2.1", "Ledningssystem", 1),
        ("2.2", "Egenkontroll", 1),
        ("3", "Personal", 0),
        ("4", "Dokumentation", 0),
    ]
    assert outline(parsed) == [
        ("Inledning", []),
        (
            "Ledning och ansvar",
            [
                (
                    "Den som bedriver verksamheten ska ha ett ledningssystem som är anpassat till verksamhetens storlek, enligt "
                    "3 kap. 1 § SOSFS 2011:9.",
                    "ska",
                    ["3 kap. 1 § SOSFS 2011:9"],
                ),
            ],
        ),
        (
            "Ledningssystem",
            [
                (
                    "Verksamhetschefen skall se till att det finns rutiner för de processer som behövs för att säkra kvaliteten.",
                    "ska",
                    [],
                ),
                ("Rutinerna bör ses över minst en gång per år.", "bör", []),
            ],
        ),
        (
            "Egenkontroll",
            [
                (
                    "Utföraren ska genomföra egenkontroll med den frekvens och i den omfattning som krävs för att säkra "
                    "verksamhetens kvalitet.",
                    "ska",
                    [],
                ),
            ],
        ),
        (
            "Personal",
            [
                (
                    "Personalen ska ha den utbildning och erfarenhet som krävs för uppdraget (3 kap. 3 § SoL).",
                    "ska",
                    ["3 kap. 3 § SoL"],
                ),
                ("Medarbetarna bör erbjudas handledning.", "bör", []),
                (
                    "Uppgifter om enskildas personliga förhållanden omfattas av sekretess enligt 26 kap. 1 § offentlighets- och "
                    "sekretesslagen, och personalen ska underteckna en förbindelse om tystnadsplikt.",
                    "ska",
                    ["26 kap. 1 § offentlighets- och sekretesslagen"],
                ),
            ],
        ),
        (
            "Dokumentation",
            [
                (
                    "Dokumentationen ska utformas med respekt för den enskildes integritet och förvaras så att obehöriga inte "
                    "kan ta del av den.",
                    "ska",
                    [],
                ),
            ],
        ),
    ]
    sections = {s.title: s for s, _depth in parsed.walk()}
    assert sections["Inledning"].description == (
        "Riktlinjen beskriver vad kommunen förväntar sig av den som utför hemtjänst på kommunens uppdrag. Hemtjänsten "
        "ges i den enskildes hem och bygger på förtroende mellan den enskilde och personalen."
    )
    assert sections["Egenkontroll"].description == (
        "Egenkontroll är en systematisk uppföljning av den egna verksamheten. Resultatet redovisas för kommunen en gång per år."
    )
    assert HEADER not in str(parsed.to_data())


def test_unnumbered_short_lines_are_headings_when_there_is_no_table_of_contents():
    text = textwrap.dedent("""\
        Riktlinje för synpunktshantering

        Syfte
        Riktlinjen beskriver hur verksamheten tar emot synpunkter och
        klagomål. Den gäller all personal.

        Mottagande
        Synpunkter ska tas emot både skriftligt och muntligt. Den som tar
        emot en synpunkt ska registrera den samma dag. Anonyma synpunkter
        tas emot men besvaras inte.

        Återkoppling
        Den enskilde bör få svar inom 14 dagar.
        """)
    parsed = parse_document(text.encode("utf-8"), "synpunkter.txt")
    assert parsed.title == "Riktlinje för synpunktshantering"
    assert outline(parsed) == [
        ("Syfte", []),
        (
            "Mottagande",
            [
                ("Synpunkter ska tas emot både skriftligt och muntligt.", "ska", []),
                ("Den som tar emot en synpunkt ska registrera den samma dag.", "ska", []),
            ],
        ),
        ("Återkoppling", [("Den enskilde bör få svar inom 14 dagar.", "bör", [])]),
    ]


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_with_bold_krav_marks_bullets_and_a_lead_in():
    text = textwrap.dedent("""\
        # Kvalitetskrav för familjehemsvård

        Utfärdare: Socialnämnden i Exempelkommun

        ## 1. Rekrytering

        Familjehem rekryteras av familjehemsgruppen.

        **Krav:**

        - Familjehemmet ska utredas innan ett barn placeras
          (6 kap. 6 § SoL).
        - Utredningen bör göras av två socialsekreterare.
        1. Familjehemmet ska få utbildning.

        Därefter matchas familjehem och barn.

        ## 2. Stöd och handledning

        **Krav**

        Familjehemssekreteraren ska:

        * erbjuda handledning minst en gång i månaden;
        * besöka familjehemmet var sjätte vecka.
        """)
    parsed = parse_document(text.encode("utf-8"), "familjehem.md")
    assert parsed.title == "Kvalitetskrav för familjehemsvård"
    assert parsed.issuer == "Socialnämnden i Exempelkommun"
    assert outline(parsed) == [
        (
            "Rekrytering",
            [
                ("Familjehemmet ska utredas innan ett barn placeras (6 kap. 6 § SoL).", "ska", ["6 kap. 6 § SoL"]),
                ("Utredningen bör göras av två socialsekreterare.", "bör", []),
                ("Familjehemmet ska få utbildning.", "ska", []),
            ],
        ),
        (
            "Stöd och handledning",
            [
                ("Familjehemssekreteraren ska erbjuda handledning minst en gång i månaden.", "ska", []),
                ("Familjehemssekreteraren ska besöka familjehemmet var sjätte vecka.", "ska", []),
            ],
        ),
    ]
    sections = {s.title: s for s, _depth in parsed.walk()}
    assert sections["Rekrytering"].description == (
        "Familjehem rekryteras av familjehemsgruppen.\n\nDärefter matchas familjehem och barn."
    )
    assert [s.number for s, _depth in parsed.walk()] == ["1", "2"]


def test_the_json_shape_is_exactly_title_sections_requirements():
    parsed = parse_document("# T\n\n## A\n\nKrav\n\nDen enskilde ska få svar.\n".encode(), "a.md")
    assert parsed.to_json() == {
        "title": "T",
        "sections": [
            {
                "title": "A",
                "requirements": [{"text": "Den enskilde ska få svar.", "strength": "ska", "references": []}],
                "sections": [],
            }
        ],
    }


# --- Pieces --------------------------------------------------------------------------------------


def test_a_table_of_contents_line_never_becomes_a_section_or_a_requirement():
    lines = [
        Line(t)
        for t in [
            "Titel",
            "",
            "Innehållsförteckning",
            "",
            "Personalen ska utbildas .......... 4",
            "Rutiner\t5",
            "",
            "Rutiner",
            "",
            "Personalen ska utbildas.",
        ]
    ]
    kept, entries = strip_toc(lines)
    assert [line.text for line in kept if line.text] == ["Titel", "Rutiner", "Personalen ska utbildas."]
    assert [e.title for e in entries] == ["Personalen ska utbildas", "Rutiner"]
    parsed = parse_lines(lines)
    assert outline(parsed) == [("Rutiner", [("Personalen ska utbildas.", "ska", [])])]


def test_dotted_leader_lines_are_dropped_even_without_a_contents_heading():
    text = "Titel\n\nRutiner ........ 3\nPersonalen ska utbildas ........ 4\n\nRutiner\n\nRutinen ska följas.\n"
    parsed = parse_document(text.encode(), "t.txt")
    assert outline(parsed) == [("Rutiner", [("Rutinen ska följas.", "ska", [])])]


def test_running_headers_footers_and_page_numbers_are_removed_once_per_page_edge():
    pages, body = [], []
    for number in range(1, 4):
        text = [f"{word} på sida {'ett två tre'.split()[number - 1]}." for word in ("Början", "Mitten", "Slutet")]
        body += text
        pages += [Line("Kommunens riktlinje"), Line(""), *map(Line, text), Line(""), Line(f"Sida {number} av 3")]
        pages.append(Line("", page_break=True))
    kept = [line.text for line in drop_page_furniture(pages[:-1]) if line.text]
    assert kept == body


def test_the_title_stays_when_the_running_header_repeats_it():
    lines = [
        Line("Rutin för X"),
        Line("Rutin för X"),
        Line("Inledning"),
        Line("Text ska finnas."),
        Line("", page_break=True),
        Line("Rutin för X"),
        Line("Mer text."),
        Line("", page_break=True),
        Line("Rutin för X"),
        Line("Slut."),
    ]
    parsed = parse_lines(lines)
    assert parsed.title == "Rutin för X"


@pytest.mark.parametrize(
    "wrapped, joined",
    [
        (["Utföraren ska ha en kvali-", "tetsansvarig."], "Utföraren ska ha en kvalitetsansvarig."),
        (
            ["sekretess enligt offentlighets-", "och sekretesslagen ska gälla."],
            "sekretess enligt offentlighets- och sekretesslagen ska gälla.",
        ),
        (["Personalen ska ha utbild\u2010", "ning."], "Personalen ska ha utbildning."),
        (["Ett krav som", "fortsätter ska gälla."], "Ett krav som fortsätter ska gälla."),
    ],
)
def test_hyphenated_and_wrapped_lines_are_joined(wrapped, joined):
    parsed = parse_lines([Line("Titel"), Line(""), Line("Rubrik"), Line("")] + [Line(t) for t in wrapped])
    assert [r.text for r in parsed.requirements()] == [joined]


def test_a_hyphenated_word_is_joined_across_a_page_break():
    lines = [
        Line("Titel"),
        Line(""),
        Line("Rubrik"),
        Line(""),
        Line("Utföraren ska följa upp verksam-"),
        Line("3"),
        Line("", page_break=True),
        Line("heten varje år."),
    ]
    assert [r.text for r in parse_lines(lines).requirements()] == ["Utföraren ska följa upp verksamheten varje år."]


def test_requirements_before_any_heading_get_a_section_of_their_own():
    parsed = parse_document("Rutin\n\nPersonalen ska tvätta händerna.\n".encode(), "r.txt")
    assert outline(parsed) == [("Allmänt", [("Personalen ska tvätta händerna.", "ska", [])])]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "tom.txt", "tom"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "program.pdf", "kan inte läsas in"),
        (b"%PDF-1.4 trasig", "trasig.pdf", "PDF-filen"),
        (b"PK\x03\x04inte-en-docx", "trasig.docx", "Word-filen"),
        (b"Bara text \x00 med nollor", "konstig.txt", "inte ett textdokument"),
    ],
)
def test_unreadable_files_are_refused_with_a_swedish_message(data, name, message):
    with pytest.raises(UnreadableDocument, match=message):
        parse_document(data, name)


def test_the_format_comes_from_the_content_not_the_name():
    assert detect_format(b"%PDF-1.7\n...", "dokument.txt") == "pdf"
    assert detect_format(b"# Rubrik", "dokument.md") == "markdown"
    assert detect_format(b"Rubrik", "dokument") == "text"
    with pytest.raises(UnreadableDocument):
        detect_format(b"just text", "dokument.pdf")


def test_windows_text_is_decoded():
    parsed = parse_document("Rutin\n\nRubrik\n\nPersonalen ska läsa rutinen.\n".encode("cp1252"), "r.txt")
    assert parsed.requirements()[0].text == "Personalen ska läsa rutinen."
