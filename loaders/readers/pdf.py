"""PDF with a text layer (pypdf). A PDF whose pages carry (almost) no text is a scan
and goes to OCR (readers/scan.py)."""

from __future__ import annotations

import io
import logging
import re

from ansvarsgraf.errors import InputError, UnsupportedFormat
from ansvarsgraf.loaders.readers.pages import assemble
from ansvarsgraf.loaders.text import Text

MIN_CHARS_PER_PAGE = 25
COLUMN_GAP = re.compile(r"\S {5,}\S")
MULTI_COLUMN_SHARE = 0.3  # of a page's lines with a wide gap inside: columns side by side  # below this on average, the text layer is missing (a scan)


def read(data: bytes, name: str) -> Text:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings on every odd PDF
    if b"%%EOF" not in data[-4096:]:
        raise UnsupportedFormat(name, "truncated PDF: the end-of-file marker is missing; "
                                      "copy or download the file again")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")  # permissions-only PDFs open with an empty password
            except Exception:  # noqa: BLE001 - pypdf raises several kinds for ciphers it lacks
                ok = 0
            if not ok:
                raise InputError(name, "the PDF is encrypted with a password; save an unencrypted copy")
        pages = [_page_text(page) for page in reader.pages]
        meta = reader.metadata
        title = _usable_title(str(meta.title or "") if meta is not None else "")
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError(name, "the PDF is encrypted with a password; save an unencrypted copy") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, RecursionError, AssertionError) as e:
        detail = " ".join(str(e).split())[:160]
        raise UnsupportedFormat(name, f"corrupt PDF ({type(e).__name__}: {detail})") from None
    if not pages:
        raise UnsupportedFormat(name, "corrupt or truncated PDF (no pages)")
    letters = sum(sum(c.isalnum() for c in p) for p in pages)
    if letters < MIN_CHARS_PER_PAGE * len(pages):
        from ansvarsgraf.loaders.readers import scan

        return scan.read_pdf(data, name, title)
    return assemble(pages, "pdf", title)


_JUNK_TITLE = re.compile(r"(?i)\.(docx?|odt|rtf|pdf|indd|xlsx?)\b|^microsoft |^untitled|^namnlös|^dokument\d*$|"
                         r"^presentation|^powerpoint|^\(?anonymous\)?$|^\W*$")


def _usable_title(title: str) -> str:
    """Metadata titles are often a file name or a template's; keep only a real one."""
    title = " ".join(title.split())
    return "" if len(title) < 4 or _JUNK_TITLE.search(title) else title


def _page_text(page) -> str:
    """Layout mode keeps the vertical gaps that mark paragraphs; but it sets columns side
    by side on one line, so a page in columns is read in content order instead."""
    text = page.extract_text(extraction_mode="layout") or ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and sum(bool(COLUMN_GAP.search(ln)) for ln in lines) > MULTI_COLUMN_SHARE * len(lines):
        return page.extract_text() or ""
    return text
