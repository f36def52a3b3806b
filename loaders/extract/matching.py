"""A token-pattern matcher for spaCy's pattern format, indexed by the first token.

spaCy's `Matcher` starts every pattern at every token, so its cost grows with the
number of patterns times the length of the text (about 20 µs a token for our ~300
patterns). Most of our patterns begin with one particular word or word class, so this
matcher looks up the patterns that can start at a token by its lower-case form, lemma
or pattern class, and tries only those. It reads the same JSONL records (validated by
spaCy's own Matcher when they load, see resources.read_jsonl) and writes the same
`doc.spans[key]` a SpanRuler writes. Supported: ORTH/TEXT/LOWER/LEMMA/TAG/NORM with a
value, IN or REGEX; IS_* flags; LENGTH comparisons; OP "?", "+" and "*".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span, Token

Pred = Callable[[Token], bool]
_ATTRS: dict[str, Callable[[Token], str]] = {
    "ORTH": lambda t: t.text, "TEXT": lambda t: t.text, "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_, "TAG": lambda t: t.tag_, "NORM": lambda t: t.norm_,
}
_FLAGS: dict[str, Callable[[Token], bool]] = {
    "IS_TITLE": lambda t: t.is_title, "IS_UPPER": lambda t: t.is_upper,
    "IS_LOWER": lambda t: t.is_lower, "IS_SPACE": lambda t: t.is_space,
    "IS_DIGIT": lambda t: t.is_digit, "IS_PUNCT": lambda t: t.is_punct,
    "IS_ALPHA": lambda t: t.is_alpha, "IS_STOP": lambda t: t.is_stop,
}
_CMP: dict[str, Callable[[int, int], bool]] = {
    "==": lambda a, b: a == b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, "<": lambda a, b: a < b, "!=": lambda a, b: a != b,
}


def _predicate(spec: dict[str, Any]) -> Pred:
    tests: list[Pred] = []
    for key, val in spec.items():
        if key == "OP":
            continue
        if key in _FLAGS:
            flag, want = _FLAGS[key], bool(val)
            tests.append(lambda t, f=flag, w=want: f(t) == w)
        elif key == "LENGTH":
            for op, n in val.items():
                tests.append(lambda t, c=_CMP[op], n=n: c(len(t.text), n))
        elif key in _ATTRS:
            get = _ATTRS[key]
            if isinstance(val, dict) and "IN" in val:
                vals = frozenset(val["IN"])
                tests.append(lambda t, g=get, v=vals: g(t) in v)
            elif isinstance(val, dict) and "REGEX" in val:
                rx = re.compile(val["REGEX"])
                tests.append(lambda t, g=get, r=rx: r.search(g(t)) is not None)
            else:
                tests.append(lambda t, g=get, v=val: g(t) == v)
        else:
            raise ValueError(f"unsupported token attribute {key!r}")
    return lambda t: all(f(t) for f in tests)


_SLOT = {"LOWER": 0, "LEMMA": 1, "TAG": 2, "NORM": 3, "ORTH": 4}


def _keys(spec: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The (attribute, value) index keys of a first token, or None when any token may start."""
    if spec.get("OP") in ("?", "*"):
        return None
    for attr in ("LOWER", "LEMMA", "TAG", "NORM", "ORTH", "TEXT"):
        val = spec.get(attr)
        key = "ORTH" if attr == "TEXT" else attr
        if isinstance(val, str):
            return [(key, val)]
        if isinstance(val, dict) and set(val) == {"IN"}:
            return [(key, v) for v in val["IN"]]
    return None


class IndexedMatcher:
    """Patterns as (label, id, [(predicate, op)]); matches become spans of one key."""

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key
        self.index: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_hash: dict[tuple[int, int], list[int]] = {}
        self.by_flag: dict[str, list[int]] = defaultdict(list)  # first token is just a flag
        self.anywhere: list[int] = []
        self.patterns: list[tuple[str, str, list[tuple[Pred, str]]]] = []

    def add(self, label: str, pid: str, pattern: list[dict[str, Any]]) -> None:
        n = len(self.patterns)
        self.patterns.append((label, pid, [(_predicate(s), s.get("OP", "1")) for s in pattern]))
        keys = _keys(pattern[0])
        first = {k: v for k, v in pattern[0].items()}
        if keys is None and len(first) == 1 and next(iter(first)) in _FLAGS and first[next(iter(first))] is True:
            self.by_flag[next(iter(first))].append(n)
        elif keys is None:
            self.anywhere.append(n)
        else:
            for k in keys:
                self.index[k].append(n)

    def _ends(self, doc: Doc, specs: list[tuple[Pred, str]], i: int) -> set[int]:
        """Every end position at which `specs` match starting at token i."""
        states = {i}
        for pred, op in specs:
            nxt: set[int] = set()
            for j in states:
                if op in ("?", "*"):
                    nxt.add(j)
                k = j
                while k < len(doc) and pred(doc[k]):
                    k += 1
                    nxt.add(k)
                    if op in ("1", "?"):
                        break
            states = nxt
            if not states:
                break
        return states

    def _hashed(self, doc: Doc) -> dict[tuple[int, int], list[int]]:
        if not self.by_hash:
            strings = doc.vocab.strings
            for (a, v), ns in self.index.items():
                self.by_hash[(_SLOT[a], strings.add(v))] = ns
        return self.by_hash

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        seen: set[tuple[int, int, str, str]] = set()
        index = self._hashed(doc)
        anywhere = [(n, self.patterns[n][2][0]) for n in self.anywhere]
        for tok in doc:
            if tok.is_space:
                continue
            cands: list[int] = [n for n, (pred, op) in anywhere if op in ("?", "*") or pred(tok)]
            for flag, ns in self.by_flag.items():
                if _FLAGS[flag](tok):
                    cands.extend(ns)
            for key in ((0, tok.lower), (1, tok.lemma), (2, tok.tag), (3, tok.norm), (4, tok.orth)):
                hit = index.get(key)
                if hit:
                    cands.extend(hit)
            for n in cands:
                label, pid, specs = self.patterns[n]
                for end in self._ends(doc, specs, tok.i):
                    if end > tok.i and (tok.i, end, label, pid) not in seen:
                        seen.add((tok.i, end, label, pid))
                        found.append(Span(doc, tok.i, end, label=label, span_id=pid))
        found.sort(key=lambda s: (s.start, s.end))
        group = doc.spans.get(self.spans_key)
        doc.spans[self.spans_key] = list(group or []) + found
        return doc
