"""Readers on real bytes: encodings, sniffing by content, HTML main text, PDF pages with
running heads and hyphenation, scans through Tesseract, and the offset map back to raw."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from ansvarsgraf.errors import UnsupportedFormat
from ansvarsgraf.loaders.read import read_text, sniff

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "ljusdal-granskning-integration-2019.txt"
SWEDISH = "Socialnämnden ansvarar för mottagandet. Kommunstyrelsen följer upp målen – årligen.\n"


def _render():
    spec = importlib.util.spec_from_file_location("inputs_render", HERE / "data" / "inputs_render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render = _render()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "cp1252", "latin-1"])
def test_plain_text_in_any_encoding_reads_the_same(encoding):
    text = SWEDISH if encoding != "latin-1" else SWEDISH.replace("–", "-")
    data = (text * 8).encode(encoding)
    got = read_text(data, f"doc.{encoding}.txt")
    assert got.format == "text"
    assert got.clean == text * 8


def test_windows_line_ends_become_newlines():
    assert read_text((SWEDISH * 3).replace("\n", "\r\n").encode(), "crlf.txt").clean == SWEDISH * 3


def test_the_content_decides_not_the_name(tmp_path):
    pdf = render.to_pdf(SWEDISH * 10, tmp_path / "report.txt").read_bytes()
    page = render.to_html(SWEDISH * 10, tmp_path / "page.pdf").read_bytes()
    assert sniff(pdf) == "pdf" and read_text(pdf, "report.txt").format == "pdf"
    assert sniff(page) == "html" and read_text(page, "page.pdf").format == "html"
    assert sniff((SWEDISH * 5).encode("utf-16")) == "text"
    utf16_page = page.decode("utf-8").replace('charset="utf-8"', "").encode("utf-16-le")
    assert sniff(utf16_page) == "html"
    assert "Socialnämnden ansvarar" in read_text(utf16_page, "page16.html").clean


def test_html_keeps_the_report_and_drops_the_chrome(tmp_path):
    source = EXAMPLE.read_text(encoding="utf-8")
    page = render.to_html(source, tmp_path / "r.html", encoding="windows-1252")
    text = read_text(page.read_bytes(), "r.html")
    assert text.format == "html" and text.title == "Revisionsrapport 2019"
    for para in [ln.strip() for ln in source.splitlines() if ln.strip()]:
        assert para in text.clean  # headings and paragraphs, å/ä/ö decoded from cp1252
    for chrome in ("kakor", "Startsida", "Protokoll kommunstyrelsen", "Tillgänglighetsredogörelse",
                   "Box 100"):
        assert chrome not in text.clean


def test_meta_charset_is_honoured():
    body = "<p>Socialnämnden ansvarar för mottagandet av nyanlända i kommunen.</p>"
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' \
           f"</head><body><article>{body * 3}</article></body></html>"
    text = read_text(page.encode("latin-1"), "latin.html")
    assert "Socialnämnden ansvarar för mottagandet av nyanlända" in text.clean


def test_pdf_pages_heads_and_hyphens(tmp_path):
    source = EXAMPLE.read_text(encoding="utf-8") * 3
    pdf = render.to_pdf(source, tmp_path / "r.pdf", header="Ljusdals kommun – Revisionsrapport")
    text = read_text(pdf.read_bytes(), "r.pdf")
    assert text.format == "pdf"
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    assert pages >= 3 and len(text.page_starts) == pages
    assert "Sida " not in text.clean and "Revisionsrapport\n" not in text.clean
    assert "Ljusdals kommun – Revisionsrapport" not in text.clean
    for para in [ln.strip() for ln in EXAMPLE.read_text(encoding="utf-8").splitlines() if ln.strip()]:
        assert para in text.clean, para  # unwrapped, soft hyphens at line ends joined
    assert "individ- och familjeomsorgen" in text.clean  # a suspended compound kept
    last = text.clean.rindex("Införa en systematisk")
    assert text.page_at(last) == pages
    # offsets lead back into the PDF's own text layer
    at = text.clean.index("Migrationsverket")
    a, b = text.raw_span(at, at + len("Migrationsverket"))
    assert text.raw[a:b] == "Migrationsverket"


def test_one_line_page_numbers_are_running_footers():
    from ansvarsgraf.loaders.readers.pages import assemble

    pages = [f"Rubrik\nText på sida {i} som slutar här.\n\n{i} av 3\n" for i in (1, 2, 3)]
    text = assemble(pages, "pdf")
    assert " av 3" not in text.clean and "Rubrik" not in text.clean
    assert text.clean.count("Text på sida") == 3


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed (.ci/setup-tests)")


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr(tmp_path):
    source = EXAMPLE.read_text(encoding="utf-8")
    scan = render.to_scan_pdf(source, tmp_path / "scan.pdf")
    text = read_text(scan.read_bytes(), "scan.pdf")
    assert text.format == "scan" and len(text.page_starts) == 2
    words = source.split()
    got = set(text.clean.split())
    assert sum(w in got for w in words) / len(words) > 0.95
    assert "Socialnämnden ansvarar för mottagande och bostadsförsörjning" in text.clean


@needs_tesseract
def test_a_page_image_is_read_by_ocr(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1700, 400), 255)
    font = ImageFont.truetype(str(render.FONT), 40)
    ImageDraw.Draw(img).text((60, 150), "Kommunstyrelsen ansvarar för integrationsarbetet.",
                             font=font, fill=0)
    img.save(tmp_path / "page.png")
    text = read_text((tmp_path / "page.png").read_bytes(), "page.png")
    assert text.format == "scan"
    assert "Kommunstyrelsen ansvarar för integrationsarbetet." in text.clean


def test_a_blank_scan_is_refused(tmp_path):
    from PIL import Image

    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed")
    Image.new("L", (800, 1000), 255).save(tmp_path / "blank.pdf", "PDF", resolution=100)
    with pytest.raises(UnsupportedFormat, match="no text"):
        read_text((tmp_path / "blank.pdf").read_bytes(), "blank.pdf")


def test_a_pdf_whose_text_layer_lost_its_diacritics_is_repaired(tmp_path):
    """Scanners often ship their own OCR layer, å/ä/ö lost: it is repaired like text,
    and the pages still start where they did."""
    source = EXAMPLE.read_text(encoding="utf-8") * 3
    stripped = source.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    pdf = render.to_pdf(stripped, tmp_path / "ocr-layer.pdf")
    text = read_text(pdf.read_bytes(), "ocr-layer.pdf")
    assert text.repaired > 50
    truth, got = source.split(), text.clean.split()
    assert len(got) == len(truth)
    assert sum(a == b for a, b in zip(truth, got, strict=True)) / len(truth) > 0.97
    clean_pdf = read_text(render.to_pdf(source, tmp_path / "clean.pdf").read_bytes(), "clean.pdf")
    assert len(text.page_starts) == len(clean_pdf.page_starts) >= 3
    for start, clean_start in zip(text.page_starts, clean_pdf.page_starts, strict=True):
        assert len(text.clean[:start].split()) == len(clean_pdf.clean[:clean_start].split())


def test_a_pdf_in_two_columns_is_read_column_by_column(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    render.to_pdf("x", tmp_path / "fonts.pdf")  # registers the DejaVu font
    style = ParagraphStyle("b", fontName="DejaVu", fontSize=10, leading=13, spaceAfter=6)
    paras = [ln for f in sorted(EXAMPLE.parent.glob("*.txt"))
             for ln in f.read_text(encoding="utf-8").splitlines() if len(ln) > 80]
    width = (A4[0] - 4 * cm) / 2
    frames = [Frame(2 * cm, 2 * cm, width - 0.3 * cm, A4[1] - 4 * cm),
              Frame(2 * cm + width + 0.3 * cm, 2 * cm, width - 0.3 * cm, A4[1] - 4 * cm)]
    doc = BaseDocTemplate(str(tmp_path / "cols.pdf"), pagesize=A4,
                          pageTemplates=[PageTemplate(frames=frames)])
    doc.build([Paragraph(p, style) for p in paras])
    from pypdf import PdfReader

    layout = PdfReader(tmp_path / "cols.pdf").pages[0].extract_text(extraction_mode="layout")
    assert paras[-1][:20] in layout or len(PdfReader(tmp_path / "cols.pdf").pages) > 1
    text = read_text((tmp_path / "cols.pdf").read_bytes(), "cols.pdf")
    for para in paras:
        assert para in text.clean
