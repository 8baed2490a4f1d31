"""The Gotland seed (a real requirement document) imports to exactly its requirements, section by section.

The expected catalogue below is written out by hand from reading the document:
every section in order, and under each the requirements listed after its "Krav"
heading, nothing else. The same document rendered to a paginated PDF (running
header, page numbers, a dotted table of contents, hyphenated words) must give the
same result.
"""

import html
import re

import pytest

from lots.requirements.importer import parse_document, parse_path
from lots.requirements.tests.conftest import GOTLAND_SEED, SHARED_SEEDS

S = "ska"

EXPECTED = [
    ("Inledning", []),
    ("Principen om barnets bästa", []),
    ("Barns delaktighet och inflytande", []),
    ("Syfte", []),
    ("Beskrivning av insatsen", []),
    (
        "Grundläggande krav",
        [
            "Utföraren ska följa nationella riktlinjer, utgå från ett förhållningsätt i enlighet med evidensbaserad praktik. "
            "Det innebär att förhållningssättet ska utgå från enskildas önskemål och erfarenheter, bästa tillgängliga kunskap "
            "och personalens erfarenheter.",
            "Utföraren ska arbeta utifrån ett hälsofrämjande förhållningssätt genom att uppmuntra levnadssätt som förebygger "
            "ohälsa och främja hälsosamma val i syfte att uppnå en mer jämställd och jämlik folkhälsa.",
        ],
    ),
    ("Organisatoriska krav", []),
    (
        "Organisatoriska krav › Ledningssystem",
        [
            "På ledningsnivå ska det finnas ett ledningssystem och det ska finnas en namngiven chef för det övergripande "
            "ansvaret för det systematiska kvalitetsarbetet.",
            "Utförare ska känna till ledningssystemet för systematiskt kvalitetsarbete och vara delaktiga i kvalitetsarbetet "
            "samt ha kännedom om verksamhetsområdets kvalitetskrav och kvalitetsgaranti.",
            "Ledning för utförare ska för verksamheten identifiera, beskriva samt fastställa huvudprocesser, delprocesser och "
            "aktiviteter som behövs för att säkra verksamhetens kvalitet.",
            "Utförare ska arbeta i enlighet med fastlagda processer och rutiner.",
        ],
    ),
    (
        "Organisatoriska krav › Systematiskt förbättringsarbete",
        [
            "Ledning för utförare ska beskriva hur man arbetar systematiskt med verksamhetens kvalitetsarbete, t.ex. en plan, "
            "PDSA-cirkel eller ett årshjul.",
            "Utförare ska som en del i det systematiska förbättringsarbetet lämna statistik och uppgifter som efterfrågas av "
            "nationella myndigheter, andra organisationer och socialförvaltningen samt medverka vid uppföljning.",
            "Ledning för utförare ska dokumentera kvalitetsarbete i form av kvalitetsberättelse årligen.",
        ],
    ),
    (
        "Organisatoriska krav › Riskanalys",
        [
            "Ledning för utförare ska fortlöpande bedöma om det finns risk för att händelser skulle kunna inträffa som kan "
            "medföra brister i verksamhetens kvalitet.",
        ],
    ),
    (
        "Organisatoriska krav › Egenkontroll",
        [
            "Ledning för utförare ska ha en plan för hur egenkontroll bedrivs, d.v.s. systematisk uppföljning och utvärdering "
            "av den egna verksamheten samt kontroll av att den bedrivs enligt de processer och rutiner som ingår i "
            "verksamhetens ledningssystem.",
            "Ledning för utförare ska fortlöpande inhämta uppgifter om barnens, de ungas och vårdnadshavares erfarenheter och "
            "synpunkter på vården.",
        ],
    ),
    (
        "Organisatoriska krav › Avvikelse enligt Sol",
        [
            "På ledningsnivå ska det finnas en rutin som beskriver hur avvikelser tas emot, utreds, sammanställs, analyseras "
            "och åtgärdas.",
            "Utförare ska ha kännedom om skyldigheten att rapportera avvikelser.",
            "Avvikelsesystem Flexite ska användas för registrering och hantering av avvikelser.",
        ],
    ),
    (
        "Organisatoriska krav › Synpunkter och klagomål på verksamheten",
        [
            "Synpunkter och klagomål ska beaktas och betraktas som en möjlighet att förbättra och utveckla verksamheten.",
            "Utförare ska följa socialnämndens riktlinje och rutin gällande synpunkter och klagomål. Den enskilde, "
            "företrädare, anhöriga och personal ska ges möjlighet att lämna synpunkter både skriftligt och muntligt.",
        ],
    ),
    ("Sekretess och tystnadsplikt", []),
    (
        "GDPR – General Data Protection Regulation",
        [
            "Ledning för utförare ska svara för att personalen har kunskap om bestämmelserna och undertecknar förbindelse om "
            "sekretess och tystnadsplikt.",
            "Utförare ska följa förordningen GDPR.",
        ],
    ),
    (
        "Organisatorisk samverkan och överenskommelser",
        [
            "Ledning för utförare ska identifiera vilka samverkanspartners verksamheten behöver för att kunna ge trygga och "
            "säkra insatser som service.",
            "Överenskommelser mellan socialnämnden och andra nämnder ska göras kända och följas i tillämpliga delar.",
            "Utförare ska delta och initiera samverkan kring aktuella barn och unga och deras familjer förutsatt att samtycke "
            "finns.",
        ],
    ),
    ("Samordnad individuell plan (SIP)", []),
    (
        "Chef/verksamhetsansvarig",
        [
            "Verksamheten ska ledas av chef med relevant högskoleutbildning och lämplig erfarenhet.",
            "Ledning ska vara tillgänglig, vardagar under kontorstid.",
        ],
    ),
    (
        "Medarbetare- utförare",
        [
            "Ledning för utförare ska säkerställa att medarbetare har lämplig utbildning och erfarenhet (3 kap. 3 § SoL).",
            "Ledning för utförare ska vid rekrytering begära att den sökande visar upp aktuellt registerutdrag ur "
            "belastningsregistret.",
            "Ledning för utförare ska säkerställa att medarbetarna har kunskaper i talad och skriven svenska för att kunna "
            "föra dialog med den enskilde, ta emot instruktioner samt för att kunna dokumentera utifrån gällande lagstiftning.",
        ],
    ),
    (
        "Kompetensförsörjning/utveckling",
        [
            "Ledning för utförare ska tillse att personal har adekvat utbildning och kompetens för att utföra insatsen och "
            "utveckla verksamheten.",
            "Kompetensutveckling ska svara mot verksamhetens behov inom området.",
            "Ledning för utföraren ska säkra att en övergripande kompetensutvecklingsplan finns utifrån verksamhetens behov.",
            "För utförare ska det årligen upprättas en individuell kompetensutvecklingsplan.",
            "Utförare ska vid behov erbjudas handledning",
        ],
    ),
    (
        "Bemanning",
        [
            "Ledning för utförare ska säkerställa att personal finns tillgänglig i tillräcklig omfattning.",
            "Utförare ska inte ha uppdrag som förvaltare/god man eller annat uppdrag hos enskilda inom verksamheten.",
        ],
    ),
    ("Identifikation", ["Utförare ska kunna legitimera sig med foto och/eller namnskylt med logotype."]),
    (
        "Introduktion",
        [
            "Ledning för utförare ska erbjuda sin personal teoretisk och praktisk introduktion i samband med anställningen och "
            "vid behov handledning i det vardagliga arbetet.",
            "Det ska finnas rutiner för introduktion av nyanställda.",
        ],
    ),
    ("Praktikanter/studerande", ["Utförare ska ta emot studenter som studerar till socionomer och socialpedagoger."]),
    ("Tolk", ["Beställare och utförare ska vid behov tillkalla tolk, exempelvis vid språk, tal-, syn- och hörselnedsättning."]),
    (
        "Dokumentation",
        [
            "Behandling av personuppgifter i samband med genomförandet av insatser som service, får utföras om den enskilde "
            "har lämnat ett uttryckligt samtycke till behandlingen",
            "Behandling av personuppgifter ska ske enligt gällande lagstiftningar för sekretess och tystnadsplikt samt GDPR.",
            "Dokumentation ska utformas med respekt för den enskildes integritet.",
        ],
    ),
    (
        "Uppföljning",
        [
            "Ledning för utförare ska säkerställa att det finns rutiner för uppföljning av insatser som service och att "
            "barnet, den unge och vårdnadshavare är delaktiga.",
        ],
    ),
    (
        "Förändrade behov",
        [
            "Om den insats som erbjuds behöver anpassas till den enskildes behov eller om ny information framkommer som gör "
            "gällande att det finns skäl för någon form av prövning skall utförare informera myndighetsutövande verksamhet "
            "genom anmälan/ansökan.",
        ],
    ),
    (
        "Avslut av insats som service",
        [
            "Verksamheten skall bygga på frivillighet och delaktighet från den enskildes sida. Insatsen ska så långt möjligt "
            "utformas och genomföras tillsammans med den enskilde.",
            "Barnet, den unge eller familjen avgör hur lång tid eller hur många gånger insatsen skall ges och väljer själva "
            "när kontakten skall avbrytas då service är att betrakta som ett erbjudande.",
            "Utförare skall avsluta insatsen som service om den insats som erbjuds behöver anpassas till den enskildes behov "
            "eller om annan information framkommer som gör gällande att det finns skäl för någon form av prövning.",
        ],
    ),
    (
        "Arbetsätt och metoder",
        [
            "De arbetsätt och metoder som används ska tillgodose målgruppens behov.",
            "De arbetssätt och metoder som används ska baseras på evidensbaserad praktik. Det innebär att valet av arbetssätt "
            "och metod ska utgå från enskildas önskemål och erfarenheter, bästa tillgängliga kunskap och personalens "
            "erfarenheter.",
        ],
    ),
    (
        "Arbetsätt och metoder › Förhållningssätt",
        [
            "Stöd och insatser ska vara utformade så att den enskildes förmåga, resurser och önskemål tas tillvara",
            "Utföraren ska arbeta i nära samarbete med familj och övrigt nätverk.",
        ],
    ),
    (
        "Arbetsätt och metoder › Våld i nära relation",
        [
            "Socialnämndens riktlinjer för våld i nära relationer för såväl barn som vuxna ska följas.",
            "Utförare ska vara uppmärksam på om någon enskild kan vara utsatt för våld, såväl fysiskt som psykiskt, och behöva "
            "stöd och skydd.",
            "Ledning för utförare ska säkra att personal har kunskap om bemötande och förhållningssätt samt kännedom om vilket "
            "stöd en våldsutsatt person har rätt att få.",
            "Ledning för utförare ansvarar för att det finns gällande rutiner för hur våld i nära relationer hanteras.",
        ],
    ),
    (
        "Arbetsätt och metoder › Anhörigstöd",
        [
            "Anhöriga/närstående ska bemötas med respekt och informeras om vilka stödformer som kan erbjudas, bl.a. anhörigstöd.",
        ],
    ),
]


def sections_of(parsed) -> list[tuple[str, list[str]]]:
    rows = []

    def walk(sections, path=()):
        for section in sections:
            here = (*path, section["title"])
            rows.append((" › ".join(here), [r["text"] for r in section["requirements"]]))
            walk(section["sections"], here)

    walk(parsed.to_json()["sections"])
    return rows


@pytest.fixture(scope="module")
def gotland():
    return parse_path(GOTLAND_SEED)


def test_the_seed_gives_exactly_its_sections_and_requirements(gotland):
    assert gotland.title == "Stöd till barn, unga och familjer som service"
    assert sections_of(gotland) == EXPECTED
    assert len(gotland.requirements()) == 56


def test_every_gotland_requirement_is_a_must_and_cites_what_it_cites(gotland):
    requirements = gotland.requirements()
    assert {r.strength for r in requirements} == {S}
    cited = {r.text: r.references for r in requirements if r.references}
    assert cited == {
        "Ledning för utförare ska säkerställa att medarbetare har lämplig utbildning och erfarenhet (3 kap. 3 § SoL).": [
            "3 kap. 3 § SoL"
        ],
    }


def test_the_prose_around_the_krav_lists_becomes_the_section_descriptions(gotland):
    sections = {section.title: section for section, _depth in gotland.walk()}
    assert sections["Riskanalys"].description == (
        "Riskanalys är en metod för att identifiera risker vid planerade och kommande förändringar i verksamheten."
    )
    assert sections["Sekretess och tystnadsplikt"].description.endswith("26 kap 1 § offentlighets- och sekretesslagen.")
    assert "bör utföraren se informationen" in sections["Samordnad individuell plan (SIP)"].description
    assert sections["Grundläggande krav"].description == ""
    assert all(s.description != "Krav" for s in sections.values())


def test_the_metadata_and_table_of_contents_are_not_sections(gotland):
    titles = [title for title, _requirements in sections_of(gotland)]
    assert "Innehållsförteckning" not in " ".join(titles)
    assert gotland.title not in titles
    assert (gotland.issuer, gotland.version, str(gotland.issued_on), gotland.reference) == (
        "Socialnämnden",
        "1.0",
        "2019-12-04",
        "SON 2019/350",
    )


def test_whom_each_requirement_binds_is_read_from_its_subject(gotland):
    binds = {r.text[:40]: r.binds for r in gotland.requirements()}
    assert binds["På ledningsnivå ska det finnas ett ledni"] == "management"
    assert binds["Ledning för utförare ska beskriva hur ma"] == "management"
    assert binds["Utförare ska kunna legitimera sig med fo"] == "staff"
    assert binds["Synpunkter och klagomål ska beaktas och "] == "both"


# --- The same document as a paginated PDF -------------------------------------------------


def _gotland_as_html() -> str:
    """The seed as a Word-like document: a title page with a table of contents, then the text, "Krav" in bold."""
    body, toc, in_toc, number = [], [], False, 0
    for raw in GOTLAND_SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"<[^>]+>|\*\*", "", raw).strip()
        if not line or set(line) == {"-"}:
            continue
        heading = re.match(r"(#+)\s+(.*)", line)
        text = heading.group(2) if heading else line
        if text == "Innehållsförteckning":
            in_toc = True
            continue
        if heading:
            in_toc = False
        if in_toc:
            continue
        if text == "Krav":
            body.append("<p class='krav'>Krav</p>")
        elif heading:
            number += 1
            level = len(heading.group(1))
            body.append(f"<h{level} id='h{number}'>{html.escape(text)}</h{level}>")
            if number > 2:
                toc.append(f"<li class='l{level}'><a href='#h{number}'>{html.escape(text)}</a></li>")
        else:
            body.append(f"<p>{html.escape(text)}</p>")
    style = """
    @page { size: A4; margin: 2.5cm 2.2cm;
      @top-left { content: "Region Gotland – Socialförvaltningen"; font-size: 9pt }
      @bottom-right { content: "Sida " counter(page) " (" counter(pages) ")"; font-size: 9pt } }
    body { font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.35; hyphens: auto }
    p { margin: 0 0 .6em } h2 { font-size: 14pt } h3 { font-size: 12pt } .krav { font-weight: bold; margin-top: .8em }
    ul.toc { list-style: none; padding: 0; page-break-after: always } ul.toc li.l3 { padding-left: 1.5em }
    ul.toc a { color: black; text-decoration: none }
    ul.toc a::after { content: leader('.') target-counter(attr(href), page) }
    """
    contents = f"<h2>Innehållsförteckning</h2><ul class='toc'>{''.join(toc)}</ul>"
    head = f"<head><meta charset='utf-8'><style>{style}</style></head>"
    return f"<html lang='sv'>{head}<body>{''.join(body[:6])}{contents}{''.join(body[6:])}</body></html>"


@pytest.fixture(scope="module")
def gotland_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=_gotland_as_html()).write_pdf()


def test_the_pdf_really_is_messy(gotland_pdf):
    from io import BytesIO

    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(BytesIO(gotland_pdf)).pages]
    text = "\n".join(pages)
    assert len(pages) >= 8
    assert text.count("Region Gotland – Socialförvaltningen") == len(pages)
    assert re.search(r"Sida \d \(\d\)", text)
    assert re.search(r"\.{10,}", text)
    assert "\u2010\n" in text  # words hyphenated at the end of a line


def test_the_pdf_rendering_of_the_seed_gives_the_same_catalogue(gotland_pdf, gotland):
    parsed = parse_document(gotland_pdf, "gotland.pdf")
    assert parsed.title == gotland.title
    assert sections_of(parsed) == EXPECTED
    assert [s.description for s, _d in parsed.walk()] == [s.description for s, _d in gotland.walk()]


def test_the_copy_in_the_repository_is_the_shared_seed():
    shared = SHARED_SEEDS / GOTLAND_SEED.name
    if not shared.exists():
        pytest.skip("shared/seeds finns inte bredvid repositoryt")
    assert shared.read_bytes() == GOTLAND_SEED.read_bytes()
