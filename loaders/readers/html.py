"""HTML pages: the main text, without navigation, sidebars and footers (trafilatura)."""

from __future__ import annotations

from ansvarsgraf.errors import UnsupportedFormat
from ansvarsgraf.loaders.text import Text


def read(data: bytes, name: str) -> Text:
    import trafilatura

    text = trafilatura.extract(data, include_comments=False, include_tables=True,
                               favor_recall=True, deduplicate=False)
    if not text or not text.strip():
        raise UnsupportedFormat(name, "HTML with no readable body text")
    meta = trafilatura.extract_metadata(data)
    title = (meta.title or "") if meta is not None else ""
    return Text(clean=text, raw=text, format="html", title=title)
