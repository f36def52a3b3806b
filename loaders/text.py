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
