"""Scans: PDF pages without a text layer (rendered with pdftoppm) and page images, read
by Tesseract with its Swedish model. Pages are OCR'd two at a time, one thread each."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from ansvarsgraf.errors import InputError, MissingTool, UnsupportedFormat
from ansvarsgraf.loaders.ocr.layout import mark_bullets
from ansvarsgraf.loaders.readers.pages import assemble
from ansvarsgraf.loaders.text import Text

DPI = 300
LANG = "swe"
WORKERS = max(1, min(4, os.cpu_count() or 1))
PAGE_TIMEOUT_S = 300


def _tool(name: str, package: str, doc: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingTool(doc, f"{name} is not installed, so the scan cannot be read; "
                               f"install the Debian package {package}")
    return path


@lru_cache(maxsize=1)
def _languages(tesseract: str) -> frozenset[str]:
    out = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False)
    return frozenset(ln.strip() for ln in (out.stdout + out.stderr).splitlines()[1:])


def _tesseract(doc: str) -> str:
    path = _tool("tesseract", "tesseract-ocr", doc)
    if LANG not in _languages(path):
        raise MissingTool(doc, "Tesseract has no Swedish model; install the Debian package "
                               "tesseract-ocr-swe")
    return path


def _ocr(tesseract: str, image: Path, doc: str) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        out = subprocess.run([tesseract, str(image), "stdout", "-l", LANG, "--psm", "3", "tsv"],
                             capture_output=True, env=env, timeout=PAGE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(doc, f"OCR of a page took over {PAGE_TIMEOUT_S} s") from None
    if out.returncode != 0:
        problem = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise UnsupportedFormat(doc, f"Tesseract could not read the image ({problem[0]})")
    return tsv_to_text(out.stdout.decode("utf-8", "replace"))


def tsv_to_text(tsv: str) -> str:
    """Tesseract's TSV (one row per word, with block, paragraph and line numbers) as
    lines of text with a blank line between the paragraphs Tesseract found."""
    lines: list[str] = []
    key = para = None
    words: list[str] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        line_key, para_key = tuple(cols[1:5]), tuple(cols[1:4])
        if line_key != key:
            if words:
                lines.append(" ".join(words))
            if para is not None and para_key != para:
                lines.append("")
            key, para, words = line_key, para_key, []
        words.append(cols[11].strip())
    if words:
        lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


def ocr_images(images: list[Path], doc: str) -> list[str]:
    """Each page's text, with list bullets the engine read as `»`, `o`, `e` made bullets."""
    tesseract = _tesseract(doc)
    with ThreadPoolExecutor(WORKERS) as pool:
        pages = list(pool.map(lambda p: _ocr(tesseract, p, doc), images))
    return [mark_bullets(page).text() for page in pages]


def read_pdf(data: bytes, name: str, title: str = "") -> Text:
    """OCR every page of an image-only PDF."""
    pdftoppm = _tool("pdftoppm", "poppler-utils", name)
    tesseract = _tesseract(name)
    with tempfile.TemporaryDirectory(prefix="ansvarsgraf-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        run = subprocess.run([pdftoppm, "-r", str(DPI), "-gray", "-png", str(src),
                              str(Path(tmp) / "page")], capture_output=True, check=False)
        images = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if run.returncode != 0 or not images:
            msg = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no pages"]
            raise UnsupportedFormat(name, f"corrupt or truncated PDF ({msg[0]})")
        del tesseract
        pages = ocr_images(images, name)
    return _checked(assemble(pages, "scan", title), name)


def read_image(data: bytes, name: str, suffix: str) -> Text:
    """OCR one page image (PNG, JPEG, TIFF)."""
    with tempfile.TemporaryDirectory(prefix="ansvarsgraf-scan-") as tmp:
        img = Path(tmp) / f"page{suffix}"
        img.write_bytes(data)
        pages = ocr_images([img], name)
    return _checked(assemble(pages, "scan"), name)


def _checked(text: Text, name: str) -> Text:
    if sum(c.isalpha() for c in text.clean) < 20:
        raise UnsupportedFormat(name, "no text found on the scanned pages (blank or not a document)")
    return text
