"""Page chrome: the parts of a text that are not the report (viewer controls, cookie
notices, contact lines, lists of other documents' titles). Nothing is extracted there.

Three general signs, none tied to one site:
- a line matching one of the boilerplate expressions in `patterns/chrome.txt`;
- a transcript marker ("Transkript", "Full text") early in the text: what comes before
  it is the viewer's page, not the document;
- a list of titles: a run of short lines that name several different municipalities
  (a "related documents" panel), or everything after a "Relevanta dokument" heading up
  to the next transcript marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ansvarsgraf.loaders.extract import resources

_MARKER = re.compile(r"(transkript|full text|fulltext|dokumenttext)\s*:?", re.IGNORECASE)
_PANEL = re.compile(r"(relevanta|liknande|relaterade|related) (dokument|documents)\s*:?|references",
                    re.IGNORECASE)
_QUOTED_TITLE = re.compile(r'^(?:share|download)\s+"(.+)"\s*$', re.IGNORECASE)


@lru_cache(maxsize=1)
def _municipality_names() -> re.Pattern[str]:
    names = sorted({m.name for m in resources.gazetteers().municipalities}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")s?\b")


@dataclass(frozen=True)
class Chrome:
    spans: tuple[tuple[int, int], ...]  # character ranges of the clean text that are chrome
    title_hint: str  # a title the chrome itself gives (viewer "Download "<title>"")

    def covers(self, start: int) -> bool:
        for a, b in self.spans:
            if a <= start < b:
                return True
            if a > start:
                return False
        return False


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw.strip()))
        pos += len(raw) + 1
    return out


def detect(text: str) -> Chrome:
    lines = _lines(text)
    boiler = resources.chrome_lines()
    chrome = [False] * len(lines)
    title_hint = ""
    for i, (_, _, s) in enumerate(lines):
        if s and boiler.fullmatch(s):
            chrome[i] = True
        m = _QUOTED_TITLE.match(s)
        if m and not title_hint:
            title_hint = m.group(1).strip()
    # A transcript marker in the first half: the viewer's page comes before it.
    limit = len(text) // 2
    for i, (a, _, s) in enumerate(lines):
        if a > limit:
            break
        if _MARKER.fullmatch(s):
            for j in range(i + 1):
                chrome[j] = True
            break
    # A panel of other documents: from its heading to the next marker (or the end).
    for i, (_, _, s) in enumerate(lines):
        if _PANEL.fullmatch(s):
            j = i
            while j < len(lines) and not _MARKER.fullmatch(lines[j][2]):
                chrome[j] = True
                j += 1
    _title_runs(lines, chrome)
    spans: list[tuple[int, int]] = []
    for flag, (a, b, _) in zip(chrome, lines):
        if not flag:
            continue
        if spans and spans[-1][1] >= a - 1:
            spans[-1] = (spans[-1][0], b + 1)
        else:
            spans.append((a, b + 1))
    return Chrome(tuple(spans), title_hint)


def _title_runs(lines: list[tuple[int, int, str]], chrome: list[bool]) -> None:
    """Mark runs of >= 6 short lines that name >= 3 different municipalities, at least
    one line in four naming one (wrapped prose is a run of short lines too)."""
    names = _municipality_names()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 6:
            hits = [{m.group(1) for m in names.finditer(lines[i][2])} for i in run]
            found = set().union(*hits)
            dense = sum(1 for h in hits if h) * 4 >= len(run)
            if len(found) >= 3 and dense:
                for i in run:
                    chrome[i] = True
        run.clear()

    for i, (_, _, s) in enumerate(lines):
        if not s:
            continue
        if _MARKER.fullmatch(s):
            close()
            continue
        if len(s.split()) <= 25 and not s.startswith(("•", "-", "*")):
            run.append(i)
        else:
            close()
    close()
