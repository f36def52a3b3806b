"""HTML pages: the main text (trafilatura), without navigation, sidebars of other
documents, footers and cookie notices. The page's own charset (BOM, then <meta charset>
or http-equiv) decides the decoding; a guess is the last resort."""

from __future__ import annotations

import codecs
import re

from ansvarsgraf.errors import UnsupportedFormat
from ansvarsgraf.loaders.text import Text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
MIN_WORDS = 4  # a page whose longest line is shorter holds links and labels, not text
_BLANK_RUN = re.compile(r"\n{2,}")


def decode(data: bytes) -> str:
    from ansvarsgraf.loaders.readers.plain import decode as decode_plain

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_plain(data, "")
    m = _META_CHARSET.search(data[:8192])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii"))
        except LookupError:
            codec = None
        if codec is not None and codec.name not in {"utf-16-le", "utf-16-be", "utf-16"}:
            # browsers read a declared latin-1 as windows-1252, and so do we
            name = "cp1252" if codec.name in {"latin-1", "iso8859-1", "ascii"} else codec.name
            return data.decode(name, errors="replace")
    return decode_plain(data, "")


def read(data: bytes, name: str) -> Text:
    import trafilatura

    page = decode(data)
    text = trafilatura.extract(page, include_comments=False, include_tables=True,
                               include_links=False, favor_recall=True, deduplicate=False)
    if not text or not text.strip():
        # a page whose main block is small: try again, taking more of it
        text = trafilatura.extract(page, include_comments=False, include_tables=True,
                                   favor_recall=True, deduplicate=False)
    if not text or not any(len(line.split()) >= MIN_WORDS for line in text.splitlines()):
        raise UnsupportedFormat(name, "HTML with no readable body text (only markup, "
                                      "navigation or nothing at all)")
    text = _BLANK_RUN.sub("\n", text.strip())
    meta = trafilatura.extract_metadata(page)
    title = (meta.title or "") if meta is not None else ""
    return Text(clean=text, raw=text, format="html", title=title)
