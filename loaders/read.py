"""Read a file into `Text`: sniff the content (magic bytes, markup; never the name
alone), pick the reader, and repair OCR damage when the damage estimate calls for it."""

from __future__ import annotations

from pathlib import Path

from ansvarsgraf.errors import InputError, InputTooLarge, UnsupportedFormat
from ansvarsgraf.loaders.text import Text

DEFAULT_MAX_BYTES = 100 * 1024 * 1024

IMAGES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"II*\x00": ".tif",
          b"MM\x00*": ".tif"}
# formats we recognise but do not read, and what to do about them
NOT_READ = {
    b"PK\x03\x04": "a ZIP archive or an Office document (.docx, .xlsx, .odt); save it as PDF",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc, .xls); save it as PDF",
    b"{\\rtf": "an RTF document; save it as PDF or plain text",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"7z\xbc\xaf": "a 7-Zip archive; unpack it first",
    b"Rar!": "a RAR archive; unpack it first",
    b"\x7fELF": "a program, not a document",
    b"MZ": "a Windows program, not a document",
    b"GIF8": "a GIF image; save scans as PDF, PNG, JPEG or TIFF",
    b"\x00\x00\x00": "binary content, not text, HTML, PDF or a page image",
}


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
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "the file is empty")
    return data


def _markup_head(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible text, whatever the Unicode encoding."""
    from ansvarsgraf.loaders.readers.plain import utf16_order

    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    order = utf16_order(head)
    if order is not None:
        return head.decode(order, errors="ignore").encode("utf-8", errors="ignore")
    return head


def sniff(data: bytes) -> str:
    """The format of some bytes by their content: pdf, html, image, text, or unknown."""
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if any(data.startswith(m) for m in IMAGES):
        return "image"
    if any(data.startswith(m) for m in NOT_READ):
        return "unknown"
    head = _markup_head(data).lstrip(b"\xef\xbb\xbf \t\r\n")
    low = head[:1024].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low or (
        low.startswith((b"<", b"<?xml")) and (b"<body" in head.lower() or b"<head" in low)
    ):
        return "html"
    return "text"


def read_text(data: bytes, name: str = "<bytes>") -> Text:
    """Decode bytes of any supported format into the Text the extractor sees."""
    fmt = sniff(data)
    if fmt == "unknown":
        problem = next(v for m, v in NOT_READ.items() if data.startswith(m))
        raise UnsupportedFormat(name, f"unknown format: {problem}")
    if fmt == "pdf":
        from ansvarsgraf.loaders.readers import pdf

        text = pdf.read(data, name)
    elif fmt == "image":
        from ansvarsgraf.loaders.readers import scan

        text = scan.read_image(data, name, next(v for m, v in IMAGES.items() if data.startswith(m)))
    elif fmt == "html":
        from ansvarsgraf.loaders.readers import html

        text = html.read(data, name)
    else:
        from ansvarsgraf.loaders.readers import plain

        text = plain.read(data, name)
    if not text.clean.strip():
        raise UnsupportedFormat(name, f"no text could be read from this {text.format} file")
    from ansvarsgraf.loaders.ocr import repair

    return repair(text)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, Text]:
    data = read_bytes(path, max_bytes)
    return data, read_text(data, str(path))
