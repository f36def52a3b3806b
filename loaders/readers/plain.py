"""Plain text in UTF-8 (with or without BOM), UTF-16 or a legacy 8-bit code page."""

from __future__ import annotations

from ansvarsgraf.errors import UnsupportedFormat
from ansvarsgraf.loaders.text import Text


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # an odd length is damage, not a crash
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormat(name, "binary content: not text, HTML or PDF")
    return str(best)


def read(data: bytes, name: str) -> Text:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text or _binary_share(text) > 0.05:
        raise UnsupportedFormat(name, "binary content: not text, HTML or PDF")
    return Text(clean=text, raw=text, format="text")


def _binary_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\t\f") or ch == "\ufffd")
    return bad / len(sample)
