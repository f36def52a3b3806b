"""PDF with a text layer (pypdf); page numbers are kept for evidence."""

from __future__ import annotations

import io

from ansvarsgraf.errors import InputError, UnsupportedFormat
from ansvarsgraf.loaders.text import Text


def read(data: bytes, name: str) -> Text:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(name, "the PDF is encrypted; save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    # pypdf meets damaged files with many exception types (fuzzing found PyPdfError,
    # NotImplementedError for a garbled filter name, RecursionError): all mean corrupt.
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError,
            NotImplementedError, IndexError, AttributeError, AssertionError) as e:
        raise UnsupportedFormat(name, f"corrupt or truncated PDF ({e})") from None
    starts, parts, pos = [], [], 0
    for page in pages:
        starts.append(pos)
        parts.append(page)
        pos += len(page) + 2
    clean = "\n\n".join(parts)
    if not clean.strip():
        raise UnsupportedFormat(name, "the PDF has no text layer")
    return Text(clean=clean, raw=clean, page_starts=tuple(starts), format="pdf")
