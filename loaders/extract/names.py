"""Canonical names (SCHEMA.md): organisations in the definite singular, capitalised,
without genitive -s; statements (goals, tasks, recommendations, policies) as written,
trimmed; agreements with their head in the indefinite ("Överenskommelse med ...").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.fuzz import ratio, token_set_ratio, token_sort_ratio

from ansvarsgraf.loaders.extract import resources

_DETERMINERS = frozenset(
    "den det de en ett denna detta dessa dess vår vårt våra hela nämnda aktuella".split())
_TRIM = " \t\n.,;:!?\"'”“«»()[]-–•*·/"
_AGREEMENT_HEADS = {"avtalet": "avtal", "avtalets": "avtal", "överenskommelsen": "överenskommelse",
                    "överenskommelsens": "överenskommelse", "avsiktsförklaringen": "avsiktsförklaring"}


def capitalise(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def trim(s: str) -> str:
    """Whitespace folded, surrounding punctuation and quotes removed (a closing
    parenthesis stays when its opening one is inside: "Lag (2000:1383)")."""
    out = " ".join(s.split()).strip(_TRIM)
    if out.count("(") > out.count(")") and s.rstrip(" .,;:").endswith(")"):
        out += ")"
    return out


@lru_cache(maxsize=1)
def _heads() -> list[tuple[str, str]]:
    heads = [(h, d) for h, d, _ in resources.gazetteers().heads]
    return sorted(heads, key=lambda hd: -len(hd[0]))


def _keep_case(word: str) -> bool:
    """Acronyms and proper names inside a name keep their case ("ASI-enheten")."""
    return any(c.isupper() for c in word[1:]) or word.isupper()


def definite(word: str) -> str:
    """The definite singular of an organisation head word, genitive -s dropped.

    >>> definite("arbetslivsnämndens"), definite("omsorgskontor"), definite("Kf")
    ('arbetslivsnämnden', 'omsorgskontoret', 'Kf')
    """
    w = word
    low = w.lower()
    for head, dfn in _heads():
        for form in (dfn + "s", dfn, head + "s", head):
            if low.endswith(form):
                stem = w[: len(w) - len(form)]
                return stem + dfn
    return w[:-1] if low.endswith("s") and not low.endswith("ss") else w


def strip_genitive(word: str) -> str:
    low = word.lower()
    if low.endswith(":s"):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def organisation(words: list[str]) -> str:
    """Canonical name of a Board, Unit or Forum from the words of its mention.

    A name that begins with another body's genitive ("Kommunstyrelsens arbetsutskott")
    keeps its head as written; otherwise the head takes its definite form.
    """
    words = [w for w in words if w]
    if not words:
        return ""
    out = [w if _keep_case(w) else w.lower() for w in words]
    if len(out) == 1 and out[0] in ("fullmäktige", "fullmäktiges"):
        return "Kommunfullmäktige"
    genitive_first = len(out) > 1 and out[0].lower().endswith(("ens", "ets", "iges", "kommuns"))
    if "för" in out[1:]:  # "sekretariatet för integration": the head comes first
        return capitalise(" ".join(out))
    if genitive_first:
        out[-1] = strip_genitive(out[-1])
    else:
        out[-1] = definite(out[-1])
    return capitalise(" ".join(out))


def _indefinite_adjective(w: str) -> str:
    low = w.lower()
    if low.endswith(("ala", "ella", "iska", "ska")) or low in ("nya", "gemensamma"):
        return w[:-2] if low == "gemensamma" else w[:-1]
    return w


_BROKEN = re.compile(r"(\w)- (?!(?:och|eller|samt|som|respektive|till|resp)\b)([a-zåäö])")


def dehyphenate(s: str) -> str:
    """Join words a line break split ("implemen- teras" -> "implementeras"); keep
    coordination ("personal- och verksamhetsförändringar") and numbers ("35-punkts...").

    >>> dehyphenate("implemen- teras, barn- och utbildning, 35- punktsprogrammet")
    'implementeras, barn- och utbildning, 35-punktsprogrammet'
    """
    return _BROKEN.sub(lambda m: m.group(1) + ("-" if m.group(1).isdigit() else "") + m.group(2), s)


def statement(words: list[str], *, agreement: bool = False) -> str:
    """A goal, task, policy, agreement or recommendation named by its words as written."""
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if agreement:
        words = list(words)
        for i, w in enumerate(words[:3]):
            low = w.lower()
            if low in _AGREEMENT_HEADS:
                words[i] = _AGREEMENT_HEADS[low]
                for j in range(i):
                    words[j] = _indefinite_adjective(words[j])
                break
    return capitalise(trim(dehyphenate(" ".join(words))))


_FOLD = re.compile(r"s?-\s*(och|samt)\s+|[-\s]+")


def fold_variant(name: str) -> str:
    """A key for spotting spelling variants: "Utbildnings- och arbetsmarknadsnämnden" and
    "utbildningsarbetsmarknadsnämnden" fold alike."""
    return _FOLD.sub("", name.casefold())


def similar(a: str, b: str, *, statements: bool) -> bool:
    """Two names of one label in one municipality that name the same thing."""
    if statements:
        a2, b2 = a.casefold(), b.casefold()
        return (token_set_ratio(a2, b2) + token_sort_ratio(a2, b2)) / 200.0 >= 0.86
    return ratio(fold_variant(a), fold_variant(b)) >= 92


def same_body(a: str, b: str) -> bool:
    """"Kommunstyrelsens arbetsutskott" and "Arbetsutskottet"; "Integrationsstrategin för
    2018-2022" and "Strategin för 2018-2022": the shorter names the longer's head."""
    wa, wb = a.casefold().split(), b.casefold().split()
    if len(wa) < len(wb):
        wa, wb = wb, wa
    if len(wa) == 2 and len(wb) == 1 and wa[0].endswith("s"):
        return definite(wa[1]) == wb[0] or wa[1] == wb[0]
    if len(wa) == len(wb) > 1 and wa[1:] == wb[1:] and wa[0] != wb[0]:
        return wa[0].endswith(wb[0]) and len(wb[0]) >= 5
    return False
