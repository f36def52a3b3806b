"""OCR repair for Swedish text that lost its å/ä/ö (design: shared/design/ocr-repair.md).

`repair(text)` joins line-break hyphens, restores bullets, then restores each word with
a noisy-channel model whose damage rate is estimated per document; lines that are not
prose (signatures, stamps) are left as they are, and known names are protected. The
result keeps the raw text and maps every clean offset back to it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ansvarsgraf.loaders.ocr.channel import Channel
from ansvarsgraf.loaders.ocr.layout import join_breaks, mark_bullets
from ansvarsgraf.loaders.ocr.lexicon import Lexicon, lexicon
from ansvarsgraf.loaders.ocr.restore import Restorer
from ansvarsgraf.loaders.text import Builder, Text, compose

_DATA = Path(__file__).parent
TOKEN = re.compile(r"[^\W_][\w&#]*[^\W_&#]|[&#][^\W_]+|[^\W_]+[&#]")
_STRIP = str.maketrans("åäöÅÄÖ", "aaoAAO")
# addresses are left as written: www.vastervik.se, namn@kommun.se
_ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|[\w.-]+\.(?:se|nu|com|org|net|eu)\b")
# capitals some engines put for a lost å/ä/ö inside a lower-case word
_CAPITAL_RENDERINGS = frozenset("AOÅÄÖ")
_SENTENCE_END = frozenset(".!?:•\"”")
MIN_LETTERS, REPAIR_ABOVE, MIN_SWEDISH, MIN_PROSE = 200, 0.5, 0.12, 0.5
# clean Swedish reports have at most ~4 % words no lexicon knows; stripped text has 13 %+
MIN_NONWORDS = 0.07


@dataclass(frozen=True)
class Damage:
    rate: float  # estimated share of å/ä/ö lost, in [0.01, 0.99]
    letters: int
    swedish: float  # share of tokens that are Swedish function words
    nonwords: float = 0.0  # share of words no lexicon knows (checked only when the rest says so)

    @property
    def needs_repair(self) -> bool:
        return (self.letters >= MIN_LETTERS and self.rate >= REPAIR_ABOVE
                and self.swedish >= MIN_SWEDISH and self.nonwords >= MIN_NONWORDS)


@lru_cache(maxsize=1)
def _swedish() -> tuple[frozenset[str], float]:
    data = json.loads((_DATA / "swedish.json").read_text(encoding="utf-8"))
    return frozenset(data["function_words"]), float(data["reference_share"])


@lru_cache(maxsize=1)
def _protected() -> tuple[frozenset[str], dict[str, str]]:
    names = json.loads((_DATA / "protected.json").read_text(encoding="utf-8"))["names"]
    words = {w for n in names for w in n.split() if len(w) >= 3 and w[0].isupper()}
    return frozenset(w.lower() for w in words), {w.translate(_STRIP).lower(): w for w in words}


def estimate_damage(text: str) -> Damage:
    """d = 1 − (share of å/ä/ö among letters) / (their share in clean Swedish)."""
    letters = sum(1 for ch in text if ch.isalpha())
    special = sum(1 for ch in text if ch in "åäöÅÄÖ")
    function_words, reference = _swedish()
    tokens = re.findall(r"[^\W\d_]+", text[:200_000].lower())
    swedish = sum(1 for t in tokens if t in function_words) / max(len(tokens), 1)
    rate = min(max(0.5 if letters < MIN_LETTERS else 1 - (special / letters) / reference, 0.01), 0.99)
    nonwords = 0.0
    if letters >= MIN_LETTERS and rate >= REPAIR_ABOVE and swedish >= MIN_SWEDISH:
        lex = lexicon()
        words = re.findall(r"[^\W\d_]{3,}", text[:200_000])
        nonwords = sum(not lex.is_word(w) for w in words) / max(len(words), 1)
    return Damage(rate, letters, swedish, nonwords)


@lru_cache(maxsize=1)
def default_restorer() -> Restorer:
    return Restorer(Channel.load(), lexicon())


def _case(word: str) -> str | None:
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 6 and all(c.islower() or c in _CAPITAL_RENDERINGS for c in letters[1:]) \
            and any(c.islower() for c in letters[1:]):
        letters = letters[:1] + [c.lower() for c in letters[1:]]  # samhAllsorientering
    if all(c.islower() for c in letters):
        return "lower"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    if all(c.isupper() for c in letters):
        return "upper"
    return None


def _apply_case(word: str, case: str) -> str:
    return word.upper() if case == "upper" else word.capitalize() if case == "title" else word


def fix_word(token: str, d: float, restorer: Restorer,
             name_position: bool = False) -> tuple[str, float] | None:
    """The repaired form of one token and its margin, or None to leave it. In a name
    position (capitalised mid-sentence) only a form wordfreq knows may replace it."""
    letters = sum(c.isalpha() for c in token)
    if len(token) < 2 or letters == 0 or token.isdigit():
        return None
    case = _case(token)
    if case is None or (case == "upper" and letters <= 5):
        return None  # PwC, ASI, HVB: abbreviations and names
    low = token.lower()
    if case == "title":
        exact, stripped = _protected()
        if low in exact:
            return None
        if low in stripped:
            name = stripped[low]
            return (name, float("inf")) if name != token else None
    first = "l" if token[0] == "I" and case == "title" else None
    choice = restorer.best(low, d, first, title=case == "title")
    if choice is None or choice.word == low:
        return None
    if (name_position and case == "title" and restorer.lex.zipf(choice.word) <= 0
            and restorer.lex.split_score(choice.word, 3.0, 4, 5) < 3 and not restorer.forced(low)):
        return None  # Kyrkander, Tarsten: names, not damaged words (unless a compound)
    if (name_position and case == "title" and choice.word[0] != low[0]
            and restorer.lex.spell(choice.word)):
        case = "lower"  # "ett Andamalsenligt": the capital was the engine's å/ä/ö
    if not token[0].isalpha() and not name_position and choice.word[0].isalpha():
        case = "title"  # `0verenskommelser` opening a sentence
    if first is not None and choice.word[0] == "l":
        case = "lower"  # `I6pande`: the capital was a misread l
    return _apply_case(choice.word, case), choice.margin


@lru_cache(maxsize=1)
def _context_data() -> dict:
    return json.loads((_DATA / "context.json").read_text(encoding="utf-8"))


def _context() -> tuple[dict[str, str], frozenset[str]]:
    data = _context_data()
    return data["sentence_start"], frozenset(data["not_before"])


def _by_neighbours(word: str, original: str, source: str, start: int, end: int,
                   lex: Lexicon) -> str | None:
    """år after `varje`/a number; bör before an infinitive (context.json)."""
    data = _context_data()
    low = word.lower()
    rule = data["after"].get(low)
    if rule is not None and original.lower() != rule["to"]:
        prev = TOKEN.findall(source[max(0, start - 40):start])
        if prev and (prev[-1].lower() in rule["words"] or (rule["numbers"] and prev[-1].isdigit())):
            return _apply_case(rule["to"], _case(word) or "lower")
    target = data["before_infinitive"].get(low)
    if target is not None:
        following = TOKEN.findall(source[end:end + 80])[:2]
        if following and following[0] in data["adverbs"]:
            following = following[1:]  # "bor dock arbeta"
        verb = following[0] if following else ""
        if verb.islower() and verb not in data["not_infinitive"] and (
                verb in data["short_infinitives"] or (verb.endswith("a") and lex.zipf(verb) > 2)):
            return _apply_case(target, _case(word) or "lower")
    return None


def _at_sentence_start(word: str, source: str, start: int, end: int) -> str | None:
    """The possessive for `Var`/`Vara`/`Vart` opening a declarative sentence (context.json)."""
    swaps, not_before = _context()
    target = swaps.get(word.lower())
    if target is None or not word[:1].isupper():
        return None
    before = source[max(0, start - 300):start]
    stripped = before.rstrip(" \t")
    opens = not stripped or stripped[-1] in ".!:" or stripped.endswith("\n\n") \
        or (stripped.endswith("\n") and stripped.rstrip()[-1:] in ".!:")
    if not opens:
        return None
    after = source[end:end + 400]
    nxt = TOKEN.search(after)
    stop = re.search(r"[.!?]", after)
    if nxt is None or nxt.group(0).lower() in not_before or (stop and stop.group(0) == "?"):
        return None
    return _apply_case(target, "title")


def repair(text: Text, *, force: bool = False, restorer: Restorer | None = None) -> Text:
    """Repair `text` when its damage estimate says so (always with force=True)."""
    damage = estimate_damage(text.clean)
    if not (force or damage.needs_repair):
        return replace(text, damage=0.0)
    restorer = restorer or default_restorer()
    lex = restorer.lex
    bullets = mark_bullets(text.clean)
    joined = join_breaks(bullets.text())
    source = joined.text()
    out = Builder(source)
    repairs: list[tuple[int, int, str, str, float]] = []
    pos = 0
    for line in re.finditer(r"[^\n]+", source):
        fixes, valid, total = [], 0, 0
        body = line.group(0)
        addresses = [a.span() for a in _ADDRESS.finditer(body)]
        for m in TOKEN.finditer(body):
            if any(a <= m.start() < b for a, b in addresses):
                continue
            tok = m.group(0)
            before = body[:m.start()].rstrip()
            fixed = fix_word(tok, damage.rate, restorer,
                             name_position=bool(before) and before[-1] not in _SENTENCE_END)
            final = fixed[0] if fixed else tok
            if damage.rate >= REPAIR_ABOVE:
                swap = _at_sentence_start(final, source, line.start() + m.start(),
                                          line.start() + m.end())
                if swap is None:
                    swap = _by_neighbours(final, tok, source, line.start() + m.start(),
                                          line.start() + m.end(), lex)
                if swap is not None and swap != tok:
                    fixed, final = (swap, 0.0), swap  # margin 0: a guess from context
            if sum(c.isalpha() for c in tok) >= 2:
                total += 1
                valid += lex.is_word(final) or final.isupper()
            if fixed:
                fixes.append((line.start() + m.start(), line.start() + m.end(), tok, *fixed))
        if total >= 2 and valid / total < MIN_PROSE:
            continue  # not prose: a signature, a stamp, a table of codes
        for start, end, tok, new, margin in fixes:
            out.copy(pos, start)
            at = out.length
            out.put(new, start, end)
            repairs.append((at, at + len(new), tok, new, margin))
            pos = end
    out.copy(pos, len(source))
    to_old = compose(compose(out.map, joined.map), bullets.map) or ()
    to_raw = compose(to_old, text.to_raw)
    # pages start where the first character of theirs landed
    starts = tuple(min(bisect_left(to_old, s), max(len(to_old) - 1, 0)) for s in text.page_starts)
    return replace(text, clean=out.text(), to_raw=to_raw, page_starts=starts,
                   repaired=len(repairs), repairs=tuple(repairs), damage=damage.rate)
