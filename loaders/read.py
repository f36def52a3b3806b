"""Read a file into `Text`: sniff the content, pick the reader, repair when damaged."""

from __future__ import annotations

from pathlib import Path

from ansvarsgraf.errors import InputError, InputTooLarge, UnsupportedFormat
from ansvarsgraf.loaders.text import Text

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(path, f"{size / 1e6:.1f} MB is over the limit of "
                                      f"{max_bytes / 1e6:.1f} MB (ANSVARSGRAF_MAX_FILE_MB)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    return data


def sniff(data: bytes) -> str:
    """The format of some bytes by their content: pdf, html or text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low or (
        low.startswith(b"<") and (b"<body" in data[:65536].lower() or b"<head" in low)
    ):
        return "html"
    return "text"


def read_text(data: bytes, name: str = "<bytes>") -> Text:
    """Decode bytes of any supported format into the Text the extractor sees."""
    fmt = sniff(data)
    if fmt == "pdf":
        from ansvarsgraf.loaders.readers import pdf

        return pdf.read(data, name)
    if fmt == "html":
        from ansvarsgraf.loaders.readers import html

        return html.read(data, name)
    from ansvarsgraf.loaders.readers import plain

    return plain.read(data, name)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, Text]:
    data = read_bytes(path, max_bytes)
    text = read_text(data, str(path))
    if not text.clean.strip():
        raise UnsupportedFormat(path, f"no text could be read from this {text.format} file")
    return data, text
