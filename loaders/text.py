"""The text a reader hands on: what the extractor sees, and how it maps back.

`clean` is what extraction reads and what evidence spans point into. `raw` is the text
as it came out of the file (decoded, or as the PDF/OCR layer gave it); `to_raw` maps each
clean offset to a raw one, so evidence can show both. `page_starts` holds the clean
offset at which each page begins, when the format has pages.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    clean: str
    raw: str = ""
    to_raw: tuple[int, ...] | None = field(default=None, repr=False)  # None: identity
    page_starts: tuple[int, ...] = ()
    format: str = "text"  # text | html | pdf | scan
    title: str = ""  # a title the format itself gives (HTML <title>, PDF metadata)
    repaired: int = 0  # words changed by OCR repair
    # each repair: (clean start, clean end, OCR form, repaired form, score margin it won by)
    repairs: tuple[tuple[int, int, str, str, float], ...] = field(default=(), repr=False)
    damage: float = 0.0  # estimated share of å/ä/ö the OCR lost (0 for clean text)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page an offset of the clean text falls on, if pages are known."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.to_raw is None:
            return start, end
        last = len(self.to_raw) - 1
        if last < 0:
            return 0, 0
        return self.to_raw[min(start, last)], self.to_raw[min(max(end - 1, 0), last)] + 1


class Builder:
    """Builds a new text from pieces of a source, remembering for each output character
    the source offset it came from (the `to_raw` map of the result)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.map: list[int] = []

    def copy(self, start: int, end: int) -> None:
        """Copy source[start:end] unchanged."""
        if end > start:
            self.parts.append(self.source[start:end])
            self.map.extend(range(start, end))

    def put(self, s: str, start: int, end: int | None = None) -> None:
        """Write `s` in place of source[start:end] (one offset for all when end is None)."""
        self.parts.append(s)
        span = max((end or start + 1) - start, 1)
        self.map.extend(start + min(i, span - 1) for i in range(len(s)))

    @property
    def length(self) -> int:
        return len(self.map)

    def text(self) -> str:
        return "".join(self.parts)


def compose(outer: tuple[int, ...] | list[int] | None,
            inner: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """Chain offset maps: `outer` maps new -> middle, `inner` maps middle -> raw."""
    if outer is None:
        return inner
    if inner is None:
        return tuple(outer)
    last = len(inner) - 1
    return tuple(inner[min(i, last)] for i in outer) if last >= 0 else tuple(outer)
