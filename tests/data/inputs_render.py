"""Render a plain-text report as the forms reports arrive in, for the format tests and
the benchmarks: a PDF with a text layer (running header, "Sida N av M" footer, narrow
columns so words are hyphenated at line ends), an image-only scanned PDF, and an HTML page
wrapped in navigation, a sidebar of other documents, a footer and a cookie notice.

Each non-empty line of the source is a paragraph; a short line with no final stop is a
heading. Runs at test time only; nothing rendered is committed.
"""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) per paragraph: kind is 'h' for a heading, 'p' for prose."""
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        heading = len(line) < 70 and not line.endswith((".", ":", ";", ","))
        out.append(("h" if heading else "p", line))
    return out


def to_pdf(text: str, path: Path, header: str = "Revisionsrapport") -> Path:
    """A text-layer PDF; hyphenation at line ends comes from reportlab's own hyphenator
    when available, else from soft hyphens we insert in long words."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_BOLD)))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=10.5, leading=14, spaceAfter=8,
                          hyphenationLang="sv_SE", embeddedHyphenation=1, uriWasteReduce=0.3)
    head = ParagraphStyle("head", fontName="DejaVu-Bold", fontSize=13, leading=17, spaceAfter=6,
                          spaceBefore=6)

    def story():
        items = []
        for kind, para in blocks(text):
            escaped = html.escape(para, quote=False)
            if kind == "p":
                escaped = _soft_hyphens(escaped)
            items.append(Paragraph(escaped, head if kind == "h" else body))
        items.append(Spacer(1, 4))
        return items

    def build(total: int) -> int:
        pages = []

        def decorate(canvas, doc):
            pages.append(doc.page)
            canvas.saveState()
            canvas.setFont("DejaVu", 8)
            canvas.drawString(2.5 * cm, A4[1] - 1.5 * cm, header)
            canvas.drawRightString(A4[0] - 2.5 * cm, 1.3 * cm, f"Sida {doc.page} av {total}")
            canvas.restoreState()

        doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=5 * cm, rightMargin=5 * cm,
                                topMargin=2.5 * cm, bottomMargin=2.5 * cm,
                                title=blocks(text)[0][1] if blocks(text) else header)
        doc.build(story(), onFirstPage=decorate, onLaterPages=decorate)
        return len(pages)

    build(build(0))
    return path


def _soft_hyphens(s: str, every: int = 7) -> str:
    """Soft hyphens (U+00AD) in long words, so the PDF breaks some of them at line ends."""
    def cut(word: str) -> str:
        if len(word) < 14 or not word.isalpha():
            return word
        return "\u00ad".join(word[i:i + every] for i in range(0, len(word), every))
    return " ".join(cut(w) for w in s.split(" "))


def to_scan_pdf(text: str, path: Path, dpi: int = 200) -> Path:
    """An image-only PDF: each page rendered to a greyscale bitmap, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(0.9 * dpi)
    size = int(dpi * 11 / 72)
    font = ImageFont.truetype(str(FONT), size)
    bold = ImageFont.truetype(str(FONT_BOLD), int(size * 1.2))
    chars = int((width - 2 * margin) / (size * 0.55))
    lines: list[tuple[str, object]] = []
    for kind, para in blocks(text):
        for ln in textwrap.wrap(para, chars):
            lines.append((ln, bold if kind == "h" else font))
        lines.append(("", font))
    step = int(size * 1.45)
    per_page = (height - 2 * margin) // step
    pages = []
    for i in range(0, len(lines), per_page):
        img = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(img)
        y = margin
        for ln, f in lines[i:i + per_page]:
            draw.text((margin, y), ln, font=f, fill=0)
            y += step
        pages.append(img)
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def to_html(text: str, path: Path, title: str | None = None, encoding: str = "utf-8") -> Path:
    """A web page: the report in <article>, wrapped in the chrome trafilatura must drop.
    The page title is the report's first line unless given; the first line is the <h1>."""
    parts = []
    for i, (kind, para) in enumerate(blocks(text)):
        tag = "h1" if i == 0 else "h2" if kind == "h" else "p"
        parts.append(f"<{tag}>{html.escape(para)}</{tag}>")
    if title is None:
        title = blocks(text)[0][1] if blocks(text) else "Rapport"
    others = "".join(f'<li><a href="/dok/{i}">Protokoll kommunstyrelsen {2010 + i} '
                     f"(Kultur- och fritidsnämnden)</a></li>" for i in range(12))
    page = f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="{encoding}"><title>{html.escape(title)}</title></head>
<body>
<div id="cookie-banner" class="cookie-notice"><p>Vi använder kakor (cookies) för att
förbättra webbplatsen. Genom att fortsätta godkänner du att vi använder kakor.</p>
<button>Jag godkänner</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Startsida</a></li>
<li><a href="/omsorg">Omsorg och stöd</a></li><li><a href="/politik">Kommun och politik</a></li>
<li><a href="/kontakt">Kontakta oss</a></li></ul></nav></header>
<main><article>
{chr(10).join(parts)}
</article></main>
<aside class="sidebar"><h3>Relevanta dokument</h3><ul>{others}</ul></aside>
<footer><p>Kommunhuset, Box 100, 999 99 Exempelstad. Telefon 0650-100 00.</p>
<p>Om webbplatsen · Tillgänglighetsredogörelse · Personuppgifter</p></footer>
</body></html>
"""
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    return path
