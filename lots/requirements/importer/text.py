"""Small rules about Swedish requirement text: modal verbs, sentences, whom a requirement binds."""

import re

MUST = "ska"
SHOULD = "bör"

MANAGEMENT = "management"
STAFF = "staff"
BOTH = "both"

MODAL = re.compile(r"\b(ska|skall|bör)\b", re.IGNORECASE)
TERMINAL = re.compile(r"[.!?:;][)\"”’]*$")

# Tokens that end in a full stop without ending a sentence ("t.ex.", "3 kap.", "bl.a.").
ABBREVIATIONS = {
    "ang",
    "bl.a",
    "ca",
    "d.v.s",
    "dvs",
    "dyl",
    "el",
    "enl",
    "ex",
    "exkl",
    "f.d",
    "fr.o.m",
    "inkl",
    "jfr",
    "kap",
    "m.fl",
    "m.m",
    "mfl",
    "nr",
    "o.d",
    "o.s.v",
    "osv",
    "p",
    "prop",
    "resp",
    "s",
    "s.k",
    "sid",
    "st",
    "t.ex",
    "t.o.m",
}
_SENTENCE_END = re.compile(r"[.!?][)\"”’]*\s+(?=[A-ZÅÄÖ(\"”])")
_LAST_TOKEN = re.compile(r"(\S+)$")

_MANAGEMENT_SUBJECT = re.compile(r"ledning|chef|föreståndare|huvudman|verksamhetsansvarig", re.IGNORECASE)
_STAFF_SUBJECT = re.compile(
    r"\b(?:medarbetar\w*|personal\w*|anställd\w*|utförare|handläggare|behandlare|volontär\w*)\b", re.IGNORECASE
)


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def has_modal(text: str) -> bool:
    return MODAL.search(text) is not None


def strength_of(text: str) -> str:
    """ "ska" when the text says ska/skall anywhere (or has no modal verb at all), "bör" when it only says bör."""
    modals = {m.group(1).lower() for m in MODAL.finditer(text)}
    if modals and modals <= {"bör"}:
        return SHOULD
    return MUST


def binds_of(text: str) -> str:
    """Whom a requirement binds, read from the subject before its modal verb ("Ledning för utförare ska …")."""
    match = MODAL.search(text)
    subject = text[: match.start()] if match else text[:60]
    if _MANAGEMENT_SUBJECT.search(subject):
        return MANAGEMENT
    if _STAFF_SUBJECT.search(subject):
        return STAFF
    return BOTH


def ends_sentence(text: str) -> bool:
    return TERMINAL.search(text.rstrip()) is not None


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences, not at abbreviations ("t.ex.", "kap.") or before lower-case words."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        token = _LAST_TOKEN.search(text[: match.start()])
        word = token.group(1).lower().lstrip("(") if token else ""
        if word in ABBREVIATIONS or len(word) == 1 and word.isalpha():
            continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
