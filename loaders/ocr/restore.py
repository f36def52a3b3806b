"""Noisy-channel restoration of one word: argmax over candidates c of
lm(c) + log P(observed | c), with candidates enumerated best-first from the channel.

The per-document damage rate d makes the channel honest: an intact å/ä/ö costs
log(1 − d) and each damaged one log(d · q), so on clean text (d ≈ 0.01) nothing
changes, and on text that lost its diacritics `for` loses to `för`.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from functools import lru_cache

from ansvarsgraf.loaders.ocr.channel import DAMAGEABLE, Channel
from ansvarsgraf.loaders.ocr.lexicon import NO_WORD, SPELL_ONLY_MAX, Lexicon

FLOOR, FLOOR_SPELL_ONLY, MAX_CANDIDATES, MAX_CHANGES = -3.2, -2.6, 400, 5
DEEP_FLOOR, DEEP_MAX = -5.2, 1600
FIRST_LETTER_LOGQ = -1.0
SWEDISH_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzåäöé")


@dataclass(frozen=True)
class Candidate:
    word: str
    logq: float  # Σ log10 q(obs | true) over the changed chunks
    changes: int
    intact: int  # å/ä/ö left as they were


@dataclass(frozen=True)
class Choice:
    word: str
    margin: float  # score lead over the runner-up (inf when alone)


class Restorer:
    def __init__(self, channel: Channel, lexicon: Lexicon) -> None:
        self.channel = channel
        self.lex = lexicon
        self.candidates = lru_cache(maxsize=200_000)(self._candidates)
        self._choices = lru_cache(maxsize=200_000)(self._best)

    def _candidates(self, word: str, floor: float, cap: int,
                    first: str | None) -> tuple[Candidate, ...]:
        """Best-first enumeration over the reverse table, highest channel score first."""
        out: list[Candidate] = []
        heap: list[tuple[float, int, str, int, int, str]] = [(0.0, 0, "", 0, 0, word)]
        if first is not None:
            heap.append((-FIRST_LETTER_LOGQ, 0, "", 1, 0, first + word[1:]))
        heapq.heapify(heap)
        plans = {src: self._plan(src) for _, _, _, _, _, src in heap}
        seen: set[str] = set()
        while heap and len(out) < cap:
            cost, i, built, changes, intact, src = heapq.heappop(heap)
            if i == len(src):
                if built not in seen:
                    seen.add(built)
                    out.append(Candidate(built, -cost, changes, intact))
                continue
            options, jump = plans[src]
            if not options[i]:  # nothing here can be a rendering: skip to the next that can
                j = jump[i]
                run = src[i:j]
                heapq.heappush(heap, (cost, j, built + run, changes,
                                      intact + sum(ch in DAMAGEABLE for ch in run), src))
                continue
            ch = src[i]
            heapq.heappush(heap, (cost, i + 1, built + ch, changes, intact + (ch in DAMAGEABLE), src))
            if changes >= MAX_CHANGES:
                continue
            for n, true, lq in options[i]:
                c = cost - lq
                if -c >= floor:
                    heapq.heappush(heap, (c, i + n, built + true, changes + 1, intact, src))
        return tuple(out)

    def _plan(self, src: str) -> tuple[list[list[tuple[int, str, float]]], list[int]]:
        """Per position, the (length, true character, log q) readings of the chunks that
        start there; and for each position the next one that has any."""
        rev, maxlen = self.channel.reverse, self.channel.max_chunk
        options = [[(n, true, lq) for n in range(1, maxlen + 1) if i + n <= len(src)
                    for true, lq in rev.get(src[i:i + n], ())] for i in range(len(src))]
        jump = [len(src)] * (len(src) + 1)
        for i in range(len(src) - 1, -1, -1):
            jump[i] = i if options[i] else jump[i + 1]
        return options, jump

    def forced(self, word: str) -> float:
        """The channel cost no candidate can avoid: characters Swedish words never hold
        (ø, á, 0 inside a word …) must be replaced, at best by their likeliest source.
        Floors are lowered by it, so a word with three such renderings is still repaired."""
        cost = 0.0
        for ch in word:
            if ch not in SWEDISH_LETTERS and ch in self.channel.reverse:
                cost += self.channel.reverse[ch][0][1]
        return cost

    def best(self, word: str, d: float, first: str | None = None,
             title: bool = False) -> Choice | None:
        """The most likely true form of a lower-case word, None when no form is a word."""
        return self._choices(word, round(d, 2), first, title)

    def _best(self, word: str, d: float, first: str | None, title: bool) -> Choice | None:
        log_d, log_keep = math.log10(d), math.log10(1 - d)
        forced = self.forced(word)

        def channel(c: Candidate) -> float:
            return c.logq + c.changes * log_d + c.intact * log_keep

        for floor, cap in ((FLOOR, MAX_CANDIDATES), (DEEP_FLOOR, DEEP_MAX)):
            scored, rest = [], []
            for c in self.candidates(word, floor + forced, cap, first):
                z = self.lex.zipf(c.word)
                if z > 0:
                    scored.append((z + channel(c), c.word))
                elif not (c.changes and c.logq < FLOOR_SPELL_ONLY + forced):
                    rest.append(c)  # only Hunspell can confirm it
            top = max(scored)[0] if scored else NO_WORD
            for c in rest:
                ch = channel(c)
                if SPELL_ONLY_MAX + ch <= top or self.lex.spell_only_score(c.word) + ch <= top:
                    continue  # could not win even if Hunspell knew it
                lm = self.lex.score(c.word, title)
                if lm > NO_WORD:
                    scored.append((lm + ch, c.word))
            if scored:
                return _choose(scored)
        # last resort, never to keep the original: a compound of common words
        scored = []
        for c in self.candidates(word, DEEP_FLOOR + forced, DEEP_MAX, first):
            if c.changes and (s := self.lex.split_score(c.word)) > NO_WORD:
                scored.append((0.1 * s + channel(c), c.word))
        return _choose(scored) if scored else None


def _choose(scored: list[tuple[float, str]]) -> Choice:
    scored.sort(reverse=True)
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else math.inf
    return Choice(scored[0][1], margin)
