"""Recurring themes: words and two-word phrases unusually frequent in this period's texts compared with earlier ones.

No model is downloaded: Swedish text is lower-cased, split into words, stripped
of stop words, and each term (word or adjacent pair) is scored with Dunning's
log-likelihood G² on document counts, current period against the baseline.
"""

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

STOP_WORDS = frozenset(
    """
    alla allt andra annan annat att av bara bland blev bli blir blivit bör både där därför då de dem den denna deras dess
    det detta dig din dina ditt du efter eftersom ej eller en er era ert ett från för fick finns fått genom ha hade han hans
    har hela henne hennes hon honom hur här i icke ingen inget inom inte jag ju kan kom kommer kunde man med mellan men mig
    min mina mitt mot mycket ni nog när någon något några nu och också om oss på samma sedan sig sin sina sitt själv
    ska skall skulle som så sådan sådana sådant till under upp ut utan vad var vara varför varit varje vars vart vem vi
    vid vilka vilken vilket vår våra vårt än är åt över ner fram hos kl ca dag dagen tid gång samt även redan
    ingenting efter igen igår idag inför enligt via pga bl.a t.ex
    """.split()
)
_WORD = re.compile(r"[a-zåäöéü]+(?:-[a-zåäöéü]+)*", re.IGNORECASE)


def terms(text: str) -> set[str]:
    """The distinct words (3+ letters, not stop words) and adjacent word pairs of one text."""
    kept = [w for w in _WORD.findall((text or "").lower()) if len(w) >= 3 and w not in STOP_WORDS]
    pairs = {f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)}
    return set(kept) | pairs


def _g2(a: int, b: int, c: int, d: int) -> float:
    """Log-likelihood for a 2×2 table: a = docs with term now, b = without now, c/d the same for the baseline."""
    total = a + b + c + d
    score = 0.0
    for observed, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        expected = row * col / total if total else 0
        if observed > 0 and expected > 0:
            score += observed * math.log(observed / expected)
    return 2 * score


@dataclass(frozen=True)
class Theme:
    term: str
    documents_now: int
    documents_before: int
    share_now: float
    share_before: float
    score: float
    ids: tuple  # the ids of this period's texts containing the term

    @property
    def ratio(self) -> float:
        return self.share_now / self.share_before if self.share_before else float("inf")


def recurring_themes(
    current: dict, baseline: dict, *, min_documents: int = 3, min_ratio: float = 2.0, min_score: float = 3.84, limit: int = 15
) -> list[Theme]:
    """Themes in ``current`` ({id: text}) that are over-represented against ``baseline`` ({id: text}).

    A term qualifies when it appears in at least ``min_documents`` current texts, its share of texts is at
    least ``min_ratio`` times the baseline share (smoothed by half a document), and G² ≥ ``min_score``
    (3.84 ≈ p < 0.05). A phrase that qualifies hides the single words it is made of when they add nothing.
    """
    # Texts repeat (templates, copied descriptions): each distinct text is split once and counted as often as it occurs.
    terms_of = functools.cache(terms)
    now_docs = {key: terms_of(text) for key, text in current.items()}
    before_counts: Counter = Counter()
    for text, occurrences in Counter(baseline.values()).items():
        for term in terms_of(text):
            before_counts[term] += occurrences
    now_counts: Counter = Counter()
    for text, occurrences in Counter(current.values()).items():
        for term in terms_of(text):
            now_counts[term] += occurrences
    n_now, n_before = len(current), len(baseline)
    themes = []
    for term, a in now_counts.items():
        if a < min_documents:
            continue
        c = before_counts.get(term, 0)
        share_now = a / n_now
        share_before = (c + 0.5) / (n_before + 1)
        if share_now < min_ratio * share_before:
            continue
        score = _g2(a, n_now - a, c, n_before - c)
        if score < min_score:
            continue
        ids = tuple(sorted(k for k, found in now_docs.items() if term in found))
        themes.append(Theme(term, a, c, share_now, c / n_before if n_before else 0.0, score, ids))
    phrases = [t for t in themes if " " in t.term]
    covered = {
        w for p in phrases for w in p.term.split() if any(t.term == w and t.documents_now == p.documents_now for t in themes)
    }
    themes = [t for t in themes if t.term not in covered]
    themes.sort(key=lambda t: (-t.score, t.term))
    return themes[:limit]
