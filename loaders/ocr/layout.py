"""Line-level clean-up that must come before word repair: words broken at a line end
are joined (so `forvaltningso-`/`verskridande` can be repaired whole), suspended
compounds (`roll- och`) are kept, and list bullets an OCR engine read as letters become
bullets again. Line numbers stay stable: a joined word moves onto the first line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ansvarsgraf.loaders.text import Builder

_DATA = Path(__file__).parent
SUSPENDED_NEXT = frozenset({"och", "eller", "samt", "respektive", "som", "till", "resp", "alternativt"})
# word- <newline> rest-of-word
_BREAK = re.compile(r"([^\W_][\w&#]*)-[ \t]*\r?\n[ \t]*([^\W_][\w&#]*)([/]?)")


def bullet_renderings() -> frozenset[str]:
    return frozenset(json.loads((_DATA / "bullets.json").read_text(encoding="utf-8"))["renderings"])


def join_breaks(text: str) -> Builder:
    """Join line-break hyphens: `sikerstal-`/`ler ett` -> `sikerstaller`/`ett`."""
    b = Builder(text)
    pos = 0
    for m in _BREAK.finditer(text):
        head, tail, slash = m.group(1), m.group(2), m.group(3)
        if m.start() < pos or tail.lower() in SUSPENDED_NEXT or slash:
            continue  # a suspended compound: "roll- och", "personal- och/eller"
        b.copy(pos, m.end(1))
        if head.isupper() or head.isdigit() or tail[:1].isdigit():
            b.put("-", m.end(1))  # ASI-enheten, 130-150
        # the rest of the word up to the next blank joins the first line
        stop = m.end(2)
        while stop < len(text) and not text[stop].isspace():
            stop += 1
        b.copy(m.start(2), stop)
        pos = stop
        if stop < len(text) and text[stop] in " \t":
            b.put("\n", stop)  # the line break stays, after the joined word
            pos = stop + 1
    b.copy(pos, len(text))
    return b


_BULLET = re.compile(r"(?m)^([ \t]*)(\S{1,2})([ \t]+)(?=(\w))")


def mark_bullets(text: str) -> Builder:
    """A line opening with a lone `o`, `e` before a capitalised word, or a lone `»`, `*` …
    before any word: a bullet."""
    renderings = bullet_renderings()
    b = Builder(text)
    pos = 0
    for m in _BULLET.finditer(text):
        mark = m.group(2)
        if mark not in renderings or mark == "•" or (mark.isalnum() and not m.group(4).isupper()):
            continue
        b.copy(pos, m.start(2))
        b.put("•", m.start(2))
        pos = m.end(2)
    b.copy(pos, len(text))
    return b
