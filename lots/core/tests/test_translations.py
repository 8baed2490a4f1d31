"""English is complete or absent: every app listed in TRANSLATED_APPS is checked for untranslated text.

Per app: its templates (text outside the translate tags), its Python (string constants where UI text goes), its
English catalogue (complete, nothing fuzzy or empty, compiled) and its pages in English (nothing Swedish outside an
element marked ``lang="sv"``). The public e-service and the login page are checked page by page.

An app is checked from the moment its label is added to TRANSLATED_APPS; at the end every lots app is listed.
"""

import ast
import gettext as gettext_module
import html.parser
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test.utils import override_settings
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

# The app labels whose English is complete. "shared" is the project's own templates and helpers (lots/templates,
# lots/lib and the catalogue lots/locale); "feedback:public" is the public e-service inside the feedback app (its
# templates under feedback/public/ and public_views.py), checked before the rest of that app is.
TRANSLATED_APPS = [
    "feedback:public",
    "shared",
    "core",
    "home",
    "accounts",
    "mfa",
    "identity",
    "organisation",
    "privacy",
    "oversight",
    "audit",
    "archive",
    "jobs",
    "notifications",
    "api",
    "goals",
    "indicators",
    "feedback",
    "improvements",
    "competence",
    "workenv",
    "rounds",
    "interventions",
    "ledger",
    "agreements",
    "staff",
    "watch",
    "deviations",
    "reports",
    "risks",
    "processes",
    "requirements",
]

LOTS = Path(settings.BASE_DIR) / "lots"

# Words that are the same in both languages and may stand outside a translate tag: the product's name, formats and
# abbreviations. Keep this short; anything a person reads as a sentence belongs in the catalogue.
ALLOWED_WORDS = {"lots", "pdf", "csv", "docx", "xlsx", "api", "ivo", "sosfs", "id", "ok", "e-post", "https", "http"}

# Attributes whose text a person reads or hears.
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}

# Swedish letters and the most common Swedish function words: one of them in an English page is a Swedish text left.
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
SWEDISH_WORDS = re.compile(
    r"\b(och|för|att|inte|med|som|ska|har|eller|till|av|på|är|ditt|din|dina|vi|du|kan|om)\b", re.IGNORECASE
)

WORD = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*")

GETTEXT_FUNCTIONS = {
    "_",
    "_lazy",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
}


# --- Which files belong to what -------------------------------------------------------------------------------------


def _app_labels() -> list[str]:
    return sorted(
        config.label for config in apps.get_app_configs() if config.name.startswith("lots.") and config.name.count(".") == 1
    )


def _app_path(label: str) -> Path:
    return Path(apps.get_app_config(label).path)


def _parts(entry: str) -> tuple[str, str | None]:
    label, _sep, part = entry.partition(":")
    return label, part or None


def _templates(entry: str) -> list[Path]:
    label, part = _parts(entry)
    if label == "shared":
        folders = [LOTS / "templates"]
    elif part == "public":
        folders = [_app_path(label) / "templates" / label / "public"]
    else:
        folders = [_app_path(label) / "templates"]
    return sorted(p for folder in folders if folder.exists() for p in folder.rglob("*") if p.suffix in {".html", ".txt"})


SKIPPED_MODULES = re.compile(r"(^|/)(tests|migrations|bench)(/|$)|(^|/)demo[^/]*\.py$|(^|/)conftest\.py$")


def _modules(entry: str) -> list[Path]:
    label, part = _parts(entry)
    if label == "shared":
        roots = [LOTS / "lib", LOTS / "access"]
    else:
        roots = [_app_path(label)]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if SKIPPED_MODULES.search(relative):
                continue
            if part == "public" and path.name not in {"public_views.py"}:
                continue
            found.append(path)
    return found


# --- Templates ------------------------------------------------------------------------------------------------------

PLACEHOLDER = "\ue000"  # stands for a {{ }} or {% %} so that attributes and text keep their shape


def _untranslated_template_text(source: str) -> str:
    """The template's text outside translate tags, with tags replaced by a placeholder."""
    pieces = []
    inside = None  # the tag that closes the block we are in: endblocktranslate, endcomment, endverbatim
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if inside:
                if name == inside:
                    inside = None
                    pieces.append(PLACEHOLDER)
                continue
            if name in {"blocktranslate", "blocktrans"}:
                inside = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name == "comment":
                inside = "endcomment"
            elif name == "block" and re.search(r"class|_id$|^id$", token.contents.split()[1]):
                inside = "endblock"  # a block that fills an attribute a person does not read (body_class)
            pieces.append(PLACEHOLDER)
        elif token.token_type in (TokenType.VAR, TokenType.COMMENT):
            if not inside:
                pieces.append(PLACEHOLDER)
        elif not inside:
            pieces.append(token.contents)
    return "".join(pieces)


class _VisibleText(html.parser.HTMLParser):
    """Collects what a person reads: text outside script/style and the visible attributes.

    With ``track_lang``, text inside an element marked with a lang other than English is left out (user data)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, track_lang=False):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0
        self.track_lang = track_lang
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.html_lang = None

    def _foreign(self) -> bool:
        for _tag, lang in reversed(self.stack):
            if lang:
                return not lang.startswith("en")
        return False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in {"script", "style"} or (tag == "title" and self.track_lang):
            # A page's <title> cannot mark a name in it as Swedish; its own words are checked in the template.
            self.hidden += 1
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("lang")))
        foreign = self.track_lang and (self._foreign() or (attrs.get("lang") or "en").split("-")[0] != "en")
        if foreign:
            return
        for name, value in attrs.items():
            if value and (name in VISIBLE_ATTRIBUTES or (name == "value" and self._is_button(tag, attrs))):
                self.texts.append(value)

    @staticmethod
    def _is_button(tag, attrs) -> bool:
        # An input button shows its value; a <button>'s value is sent with the form, never shown (its content is).
        return tag == "input" and (attrs.get("type") or "").lower() in {"submit", "button", "reset"}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
            if tag in {"script", "style"}:
                self.hidden -= 1

    def handle_endtag(self, tag):
        if (tag in {"script", "style"} or (tag == "title" and self.track_lang)) and self.hidden:
            self.hidden -= 1
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.hidden or (self.track_lang and self._foreign()):
            return
        self.texts.append(data)


def _words(text: str) -> list[str]:
    text = text.replace(PLACEHOLDER, " ")
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED_WORDS]


def template_words(path: Path) -> list[str]:
    """The human words of a template that are not inside a translate tag."""
    text = _untranslated_template_text(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        return _words(text)
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    return [w for piece in parser.texts for w in _words(piece)]


# --- Python ---------------------------------------------------------------------------------------------------------

UI_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "error_messages"}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error"}
ERROR_CLASSES = {"ValidationError", "HttpError", "Http404", "PermissionDenied"}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField", "ForeignObject"}


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


FORMAT = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|\{[^}]*\}")


def _has_letter(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]", FORMAT.sub("", text)))


def _bare_strings(node) -> list[ast.AST]:
    """The string constants (with a letter outside format placeholders) in ``node`` that are not inside a gettext
    call."""
    if node is None:
        return []
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) and _has_letter(node.value) else []
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return [node] if _has_letter(literal) else []
    if isinstance(node, ast.Call):
        return []  # a gettext call, or a function whose result we cannot know
    if isinstance(node, ast.BinOp):
        return _bare_strings(node.left)
    if isinstance(node, ast.IfExp):
        return _bare_strings(node.body) + _bare_strings(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _bare_strings(value)]
    if isinstance(node, ast.Dict):
        return [s for value in node.values for s in _bare_strings(value)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for value in node.elts for s in _bare_strings(value)]
    return []


def _choice_labels(node) -> list[ast.AST]:
    """Labels in a ``choices=[(value, label), …]`` literal."""
    found = []
    if isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            if isinstance(element, ast.Tuple) and len(element.elts) == 2:
                value, label = element.elts
                if isinstance(label, (ast.List, ast.Tuple)):  # an option group
                    found += _bare_strings(value) + _choice_labels(label)
                else:
                    found += _bare_strings(label)
    return found


def _ui_strings(tree: ast.AST) -> list[ast.AST]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_name(b) in {"TextChoices", "IntegerChoices", "Choices"} for b in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    elements = statement.value.elts
                    if len(elements) >= 2:
                        found += _bare_strings(elements[-1])
        if not isinstance(node, ast.Call):
            continue
        function = _name(node.func)
        if function in GETTEXT_FUNCTIONS:
            continue
        if function in ERROR_CLASSES and node.args:
            found += _bare_strings(node.args[0])
        if (
            function in MESSAGE_FUNCTIONS
            and isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "messages"
            and len(node.args) >= 2
        ):
            found += _bare_strings(node.args[1])
        if (
            function.endswith("Field")
            and function not in RELATION_FIELDS
            and isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "models"
            and node.args
        ):
            found += _bare_strings(node.args[0])  # a model field's verbose name given first
        for keyword in node.keywords:
            if keyword.arg in UI_KEYWORDS:
                found += _bare_strings(keyword.value)
            elif keyword.arg == "choices":
                found += _choice_labels(keyword.value)
    return found


def python_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}" for node in _ui_strings(tree)]


# --- Catalogues -----------------------------------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list) and whether it is fuzzy."""
    entries, entry, field = [], None, None

    def close():
        if entry and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"fuzzy": False, "msgstr": {}, "msgctxt": None, "msgid_plural": None}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            keyword, _sep, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                field = ("msgstr", int(match.group(1)))
                entry["msgstr"][field[1]] = _unquote(rest)
            elif keyword == "msgstr":
                field = ("msgstr", 0)
                entry["msgstr"][0] = _unquote(rest)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(rest)
    return [e for e in entries if not e.get("obsolete")]


def _catalogue_folder(entry: str) -> Path:
    label, _part = _parts(entry)
    return LOTS / "locale" if label == "shared" else _app_path(label) / "locale"


def _po(entry: str) -> Path:
    return _catalogue_folder(entry) / "en" / "LC_MESSAGES" / "django.po"


def _extracted_msgids(entry: str, tmp_path: Path) -> set[tuple]:
    """The message ids that extraction finds in the code now, from a copy of the app (so nothing is written)."""
    label, _part = _parts(entry)
    known = {config.label: Path(config.path) for config in apps.get_app_configs() if config.name.startswith("lots.")}
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns("tests", "migrations", "__pycache__", "static", "*.mo", "*.pyc", "node_modules")
    if label == "shared":
        copy.mkdir()
        app_folders = {path.name for path in known.values()}
        for child in LOTS.iterdir():
            if child.name in app_folders or child.name in {"tests", "__pycache__", "locale"}:
                continue
            if child.is_dir():
                shutil.copytree(child, copy / child.name, ignore=ignore)
            elif child.suffix in {".py", ".html", ".txt"}:
                shutil.copy2(child, copy / child.name)
    else:
        shutil.copytree(_app_path(label), copy, ignore=ignore)
    (copy / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    here = os.getcwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    extracted = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not extracted.exists():
        return set()
    return {(e["msgctxt"], e["msgid"]) for e in read_po(extracted) if e["msgid"]}


def _mo_catalogue(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext_module.GNUTranslations(handle)._catalog)


# --- Pages ----------------------------------------------------------------------------------------------------------


def swedish_left(page: str) -> list[str]:
    """Pieces of visible text of an English page that are Swedish, outside elements marked with another language."""
    parser = _VisibleText(track_lang=True)
    parser.feed(page)
    parser.close()
    left = []
    for text in parser.texts:
        text = " ".join(text.split())
        if text and (SWEDISH_LETTERS.search(text) or SWEDISH_WORDS.search(text)):
            left.append(text[:100])
    return left


def html_lang(page: str) -> str | None:
    parser = _VisibleText()
    parser.feed(page)
    return parser.html_lang


# --- The checks -----------------------------------------------------------------------------------------------------

CHECKED = TRANSLATED_APPS


def test_every_entry_names_an_app_or_a_known_part():
    labels = set(_app_labels()) | {"shared"}
    unknown = [entry for entry in TRANSLATED_APPS if _parts(entry)[0] not in labels or _parts(entry)[1] not in {None, "public"}]
    assert unknown == []


def test_the_template_scanner_finds_untranslated_text_and_passes_translated_text(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Rubrik" %}</h1><p title="Hjälp här">{{ value }}</p>'
        "{% blocktranslate trimmed with n=x %}Det finns {{ n }} rader{% endblocktranslate %}"
        '<button value="Spara">{% translate "Spara" %}</button><script>var text = "inget";</script>'
        '<a href="/sida/">Öppna sidan</a><input type="hidden" value="dold"> · PDF'
    )
    assert template_words(template) == ["Hjälp", "här", "Öppna", "sidan"]


def test_the_python_scanner_finds_bare_ui_strings_and_passes_marked_ones():
    source = """
from django.db import models
class Kind(models.TextChoices):
    A = "a", _("Översatt")
    B = "b", "Oöversatt"
def f(request):
    messages.success(request, "Sparat")
    messages.success(request, _("Sparat"))
    raise ValidationError({"name": "Fel namn"})
x = forms.CharField(label="Namn", help_text=_("Hjälp"), choices=[("a", "Ett"), ("b", _("Två"))])
y = models.CharField("Rubrik", max_length=3)
z = models.ForeignKey("organisation.Unit", on_delete=None, verbose_name=f"Enhet {1}")
raise ValidationError("%(n)s", params={"n": 1})
"""
    found = {ast.unparse(node) for node in _ui_strings(ast.parse(source))}
    assert found == {"'Oöversatt'", "'Sparat'", "'Fel namn'", "'Namn'", "'Ett'", "'Rubrik'", "f'Enhet {1}'"}


def test_swedish_is_found_outside_lang_sv_and_only_there():
    page = (
        '<html lang="en"><body><h1>Cases</h1><p lang="sv">Stöd till familjer</p><p>Saved for <span lang="sv">Åsa</span>'
        '</p><img alt="Bild"><p title="Hjälp">Help</p><p>Reports for you</p><p>Detta är inte klart</p></body></html>'
    )
    assert swedish_left(page) == ["Hjälp", "Detta är inte klart"]
    assert html_lang(page) == "en"


@pytest.mark.parametrize("entry", CHECKED)
def test_templates_have_no_text_outside_translate_tags(entry):
    untranslated = {}
    for path in _templates(entry):
        words = template_words(path)
        if words:
            untranslated[str(path.relative_to(LOTS))] = " ".join(words)[:200]
    assert untranslated == {}


@pytest.mark.parametrize("entry", CHECKED)
def test_python_ui_strings_go_through_gettext(entry):
    untranslated = [line for path in _modules(entry) for line in python_strings(path)]
    assert untranslated == []


@pytest.mark.parametrize("entry", [e for e in CHECKED if _parts(e)[1] is None])
def test_the_catalogue_is_complete_has_no_fuzzy_or_empty_entries_and_is_compiled(entry, tmp_path):
    extracted = _extracted_msgids(entry, tmp_path)
    po = _po(entry)
    if not extracted:
        return
    assert po.exists(), f"{entry} has marked strings but no catalogue: manage.py messages {entry} --compile"
    entries = [e for e in read_po(po) if e["msgid"]]
    in_catalogue = {(e["msgctxt"], e["msgid"]) for e in entries}
    assert sorted(extracted - in_catalogue) == [], "not in the catalogue: run manage.py messages"
    assert [e["msgid"] for e in entries if e["fuzzy"]] == []
    assert [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]] == []
    compiled = _mo_catalogue(po.with_suffix(".mo"))
    expected = {}
    for e in entries:
        key = f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"]
        if e["msgid_plural"] is None:
            expected[key] = e["msgstr"][0]
        else:
            for index, text in e["msgstr"].items():
                expected[(key, index)] = text
    stale = {k: v for k, v in expected.items() if compiled.get(k) != v}
    assert stale == {}, "the .mo is older than the .po: manage.py messages --compile"


@pytest.mark.parametrize("entry", [e for e in CHECKED if e == "feedback:public" or e == "feedback"])
def test_the_catalogue_holds_every_string_of_the_public_e_service_in_english(entry):
    """The public part shares the feedback catalogue with the staff side: its own strings must be there, translated."""
    texts = set()
    for path in _templates("feedback:public"):
        for match in re.finditer(r'{%\s*translate\s+"((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")):
            texts.add(match.group(1))
    po = {e["msgid"]: e for e in read_po(_po("feedback")) if e["msgid"]}
    missing = sorted(t for t in texts if t not in po or not all(po[t]["msgstr"].values()) or po[t]["fuzzy"])
    assert missing == []


# --- Pages in English -----------------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _assert_english(response, where):
    page = response.content.decode()
    assert html_lang(page) == "en", f"{where}: lang={html_lang(page)!r}"
    assert swedish_left(page) == [], where


@pytest.mark.skipif("feedback:public" not in TRANSLATED_APPS and "feedback" not in TRANSLATED_APPS, reason="not yet")
def test_every_page_of_the_public_e_service_is_english_when_english_is_chosen(world, english, mailoutbox):
    from lots.feedback.models import FeedbackCase

    world.sub.public_name = "Stöd till familjer"
    world.sub.save(update_fields=["public_name"])
    slug = world.m1.slug
    pages = {
        "choose": reverse("feedback_public:choose"),
        "form": reverse("feedback_public:form", args=[slug]),
        "privacy": reverse("feedback_public:privacy", args=[slug]),
        "accessibility": reverse("feedback_public:accessibility", args=[slug]),
        "status unknown": reverse("feedback_public:status", args=[slug, "finns-inte"]),
        "sent, gone": reverse("feedback_public:sent", args=[slug]),
        "unknown municipality": reverse("feedback_public:form", args=["finns-inte"]),
    }
    for where, url in pages.items():
        _assert_english(english.get(url), where)
    invalid = english.post(pages["form"], {"kind": "", "unit": "", "description": "", "reply": "", "website": ""})
    assert invalid.status_code == 422
    _assert_english(invalid, "form with errors")
    data = {
        "kind": FeedbackCase.Kind.COMPLAINT,
        "unit": str(world.sub.pk),
        "sender_role": FeedbackCase.SenderRole.RELATIVE,
        "description": "Min pappa fick vänta tre veckor på ett besked.",
        "reply": FeedbackCase.Reply.NONE,
        "website": "",
    }
    sent = english.post(pages["form"], data)
    assert sent.status_code == 302
    receipt = english.get(sent.url)
    _assert_english(receipt, "receipt")
    status = re.search(r'href="https?://testserver(/lamna-synpunkter/[^"]+/status/[^"]+/)"', receipt.content.decode())
    _assert_english(english.get(status.group(1)), "status")


def test_the_login_page_is_english_when_english_is_chosen(db, english):
    _assert_english(english.get(reverse("accounts:login")), "login")


def test_a_page_not_found_is_english_when_english_is_chosen(db, english):
    response = english.get("/finns-inte-alls/")
    assert response.status_code == 404
    _assert_english(response, "404")


# --- Staff pages in English: a crawler per app ----------------------------------------------------------------------

PAGES_PER_APP = 40


def _crawler(world):
    """A quality coordinator over the whole first municipality (its top unit, with sub-units), who sees most pages."""
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory

    person = world.persona(Role.KVALITETSSAMORDNARE)
    RoleAssignmentFactory(user=person, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, include_subunits=True)
    return person


def _app_namespaces(label: str) -> set[str]:
    """The URL namespaces whose views live in the app."""
    module = apps.get_app_config(label).name
    namespaces = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        urlconf = getattr(resolver, "urlconf_name", None)
        name = urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", "")
        if name.startswith(module + "."):
            namespaces.add(namespace)
    return namespaces


def _start_urls(namespaces: set[str]) -> list[str]:
    urls = []
    for namespace in sorted(namespaces):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            name = getattr(pattern, "name", None)
            if not name:
                continue
            try:
                urls.append(reverse(f"{namespace}:{name}"))
            except NoReverseMatch:
                continue
    return urls


def _links(page: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r'href="(/[^"#?]*)"', page)]


@pytest.mark.parametrize("entry", [e for e in CHECKED if _parts(e)[0] != "shared" and _parts(e)[1] is None])
def test_the_apps_staff_pages_are_english_when_english_is_chosen(entry, world, client):
    namespaces = _app_namespaces(entry)
    if not namespaces:
        return
    client.force_login(_crawler(world))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    queue, seen, problems = _start_urls(namespaces), set(), {}
    while queue and len(seen) < PAGES_PER_APP:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if match.namespace not in namespaces or "logout" in (match.url_name or ""):
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        if html_lang(page) is not None and html_lang(page) != "en":
            problems[url] = [f"lang={html_lang(page)!r}"]
        left = swedish_left(page)
        if left:
            problems[url] = left[:5]
        queue += [link for link in _links(page) if link not in seen]
    assert problems == {}


def test_every_lots_app_is_translated():
    """The goal of the work: when this passes, every app is listed above."""
    listed = {_parts(entry)[0] for entry in TRANSLATED_APPS if _parts(entry)[1] is None}
    missing = sorted(set(_app_labels()) - listed)
    if missing:
        pytest.xfail(f"not yet translated: {', '.join(missing)}")
