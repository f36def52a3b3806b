"""Plain text in UTF-8 (with or without BOM), UTF-16 (with or without BOM) or a legacy
8-bit code page (cp1252/latin-1, guessed by charset-normalizer)."""

from __future__ import annotations

from ansvarsgraf.errors import UnsupportedFormat
from ansvarsgraf.loaders.text import Text

BINARY = "binary content, not text, HTML, PDF or a page image"


def utf16_order(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when BOM-less bytes look like UTF-16 (NULs in every other
    byte, as Latin-script text has), else None."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    order = utf16_order(data)
    if order is not None:
        return data.decode(order, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormat(name, BINARY)
    encoding = best.encoding
    # latin-1 and cp1252 differ only in 0x80-0x9F, where cp1252 has the printable „”–…
    if encoding in {"latin_1", "iso8859_1", "iso8859_15"}:
        encoding = "cp1252"
    return data.decode(encoding, errors="replace")


def read(data: bytes, name: str) -> Text:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text or _binary_share(text) > 0.02:
        raise UnsupportedFormat(name, BINARY)
    return Text(clean=text, raw=text, format="text")


def _binary_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\t\f\r") or ch == "\ufffd"
              or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)
