"""From page text (a PDF's text layer or Tesseract's output) to the clean text the
extractor reads: running headers and footers dropped ("Sida 3 av 12", a title repeated
on every page), lines unwrapped into paragraphs, words broken at a line end joined
(suspended compounds such as "roll- och" kept), page starts and the raw offsets kept.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from ansvarsgraf.loaders.ocr.layout import SUSPENDED_NEXT
from ansvarsgraf.loaders.text import Builder, Text

PAGE_SEPARATOR = "\f"
_PAGE_NUMBER = re.compile(r"(?i)^[-–—(\s]*(?:sida|sid|page|s\.)?\s*\d{1,4}\s*(?:(?:av|/|of|\()\s*\d{1,4}\)?)?[-–—)\s]*$")
_EDGE_LINES = 3  # lines at the top and the bottom of a page where running heads live
FULL_LINE = 0.85  # share of the widest line a wrapped line plus its next word reaches
_LAYOUT = json.loads((Path(__file__).with_name("layout.json")).read_text(encoding="utf-8"))
BULLETS = frozenset(_LAYOUT["bullets"])
_GOES_ON = frozenset(_LAYOUT["goes_on"])  # a line ending in one of these words goes on
_FINAL = (".", "!", "?", ":", ";", "”", '"', ")")
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÅÄÖ]")
_HEADING_NO = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-ZÅÄÖ]\.|[•▪●◦–-])\s+\S")


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _running(pages: list[list[tuple[int, int]]], raw: str) -> set[tuple[int, int]]:
    """Spans of lines that are page numbers or repeat at the page edges."""
    edge = []
    for lines in pages:
        n = max(1, min(_EDGE_LINES, len(lines) // 4))  # short pages: only the outer lines
        edge.append(lines[:n] + lines[-n:] if len(lines) > n else lines)
    counts = Counter(k for lines in edge for k in {_key(raw[a:b]) for a, b in lines})
    need = max(2, (len(pages) + 1) // 2)
    drop = set()
    for lines in edge:
        for a, b in lines:
            text = raw[a:b]
            if _PAGE_NUMBER.match(text) or (len(pages) > 1 and counts[_key(text)] >= need):
                drop.add((a, b))
    return drop


def assemble(page_texts: list[str], fmt: str, title: str = "") -> Text:
    """Join pages into one Text with page starts, headers/footers gone, paragraphs unwrapped."""
    raw = PAGE_SEPARATOR.join(page_texts)
    pages: list[list[tuple[int, int]]] = []
    pos = 0
    for page in page_texts:
        lines: list[tuple[int, int]] = []
        at = pos
        for text in page.split("\n"):
            if text.strip():
                lines.append((at, at + len(text)))
            elif lines and lines[-1] != (-1, -1):
                lines.append((-1, -1))  # a blank line: a paragraph break
            at += len(text) + 1
        pages.append(lines)
        pos += len(page) + len(PAGE_SEPARATOR)
    content = [[ln for ln in lines if ln != (-1, -1)] for lines in pages]
    drop = _running(content, raw)
    widest = max((len(raw[a:b].strip()) for lines in content for a, b in lines), default=1) or 1

    b = Builder(raw)
    starts: list[int] = []
    prev: str | None = None  # the previous kept line, None at a paragraph start
    in_list = False  # the current paragraph is a list item
    for lines in pages:
        starts.append(b.length)
        kept = [ln for ln in lines if ln not in drop]
        while kept and kept[-1] == (-1, -1):
            kept.pop()  # blank space above a footer: the page boundary decides
        while kept and kept[0] == (-1, -1):
            kept.pop(0)
        for a, e in kept:
            if (a, e) == (-1, -1):
                prev = _break(b, prev)
                continue
            line = raw[a:e]
            lead = len(line) - len(line.lstrip())
            words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", line)]
            text = " ".join(line.split())
            if prev is not None:
                if _ends_paragraph(prev, text, widest, in_list):
                    prev = _break(b, prev)
                elif prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha():
                    head = prev.split()[-1][:-1]
                    first = text.split()[0]
                    if first.lower().strip(",.;:/") in SUSPENDED_NEXT or "/" in first:
                        b.put(" ", a + lead)  # "roll- och": a real hyphen
                    elif head.isupper() or head[-1:].isdigit():
                        pass  # "ASI-" + "enheten" keeps its hyphen
                    else:
                        b.parts[-1] = b.parts[-1][:-1]  # soft break: drop the hyphen
                        b.map.pop()
                else:
                    b.put(" ", a + lead)
            if prev is None:
                in_list = text[:1] in BULLETS
            for i, (ws, we) in enumerate(words):
                if i:
                    b.put(" ", ws - 1)
                b.copy(ws, we)
            prev = text
    clean = b.text()
    length = len(clean)
    return Text(clean=clean, raw=raw, to_raw=tuple(b.map),
                page_starts=tuple(min(s, max(length - 1, 0)) for s in starts),
                format=fmt, title=title)


def _break(b: Builder, prev: str | None) -> None:
    if prev is not None and b.length:
        b.put("\n", b.map[-1])


def _ends_paragraph(prev: str, line: str, widest: int, in_list: bool = False) -> bool:
    """Whether a paragraph ends after `prev` though no blank line follows it."""
    if _HEADING_NO.match(line) and prev.endswith(_FINAL):
        return True
    if _NUMBERED.match(line) and len(line) < 0.6 * widest and not line.endswith(_FINAL):
        return True  # "2. Organisation och ansvar" after any line
    if line[:1] in BULLETS or line.startswith("- "):
        return True  # a list item starts a line
    if prev.endswith("-"):
        return False  # a word broken at the line end
    if in_list and prev.endswith(_FINAL) and line[:1].isupper():
        return True  # after the last list item, a new paragraph
    if prev.rsplit(maxsplit=1)[-1].lower() in _GOES_ON:
        return False  # "Granskning av integrationsarbetet i" / "Ljusdals kommun"
    # a wrapped line is full: its next word would not have fitted on it. A line with
    # room to spare was ended on purpose (a heading, a form field, a list item).
    first = line.split(maxsplit=1)[0]
    return len(prev) + 1 + len(first) < FULL_LINE * widest
