"""Bad input through the real CLI: `ansvarsgraf load X` exits 1, prints one error line
that names the file and the problem, and leaves the store as it was."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CLI = Path(sys.executable).parent / "ansvarsgraf"
GOOD = HERE.parent / "examples" / "orsa-granskning-etablering-2020.txt"
SWEDISH = ("Socialnämnden ansvarar för mottagandet av nyanlända. Kommunstyrelsen följer upp "
           "integrationsarbetet varje år och rapporterar till kommunfullmäktige.\n")


def _render():
    spec = importlib.util.spec_from_file_location("inputs_render", HERE / "data" / "inputs_render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pdf(tmp: Path) -> bytes:
    return _render().to_pdf(SWEDISH * 40, tmp / "made.pdf").read_bytes()


def _encrypted(tmp: Path) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(tmp))))
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


BAD = {
    "empty.txt": (lambda tmp: b"", "empty"),
    "blank.txt": (lambda tmp: b"  \n\n \t\n", "empty"),
    "junk.txt": (lambda tmp: random.Random(7).randbytes(20_000), "binary"),
    "encrypted.pdf": (_encrypted, "encrypted"),
    "corrupt.pdf": (lambda tmp: b"%PDF-1.7\n" + random.Random(3).randbytes(5000) + b"\n%%EOF\n",
                    "corrupt"),
    "truncated.pdf": (lambda tmp: _pdf(tmp)[:3000], "truncated"),
    "nobody.html": (lambda tmp: b"<!DOCTYPE html><html><head><title>Tom</title></head>"
                                b"<body></body></html>", "no readable body"),
    "navonly.html": (lambda tmp: b"<html><body><nav><ul><li><a href='/'>Start</a></li>"
                                 b"<li><a href='/a'>Kontakt</a></li></ul></nav></body></html>",
                     "no readable body"),
    "report.docx": (lambda tmp: _docx(), "unknown format"),
    "report.txt.gz": (lambda tmp: b"\x1f\x8b\x08\x00" + bytes(200), "unknown format"),
}


def run(args: list[str], store: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), "--store", str(store), *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=300, check=False)


def stats(store: Path) -> dict:
    r = run(["stats", "--json"], store)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("bad") / "store"
    r = run(["load", str(GOOD)], store)
    assert r.returncode == 0, r.stderr
    return store


def _one_error_line(stderr: str, path: Path, problem: str) -> None:
    errors = [ln for ln in stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, stderr
    assert str(path) in errors[0] and problem in errors[0].lower(), errors[0]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_refused_with_one_line_and_nothing_loaded(name, loaded_store, tmp_path):
    make, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    before = stats(loaded_store)
    r = run(["load", str(path)], loaded_store)
    assert r.returncode == 1
    _one_error_line(r.stderr, path, problem)
    assert stats(loaded_store) == before


def test_file_over_the_size_limit_is_refused(loaded_store, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SWEDISH * 100, encoding="utf-8")  # about 14 kB
    before = stats(loaded_store)
    r = run(["load", str(path)], loaded_store, ANSVARSGRAF_MAX_FILE_MB="0.01")
    assert r.returncode == 1
    _one_error_line(r.stderr, path, "over the limit")
    assert stats(loaded_store) == before
    # the same file under the default limit loads
    assert run(["load", str(path)], loaded_store).returncode == 0
    assert stats(loaded_store)["documents"] == before["documents"] + 1


def test_text_command_reports_bad_input_in_one_line(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(random.Random(11).randbytes(4000))
    r = subprocess.run([str(CLI), "text", str(path)], capture_output=True, text=True, check=False)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and str(path) in r.stderr


def test_missing_tesseract_names_the_package(tmp_path):
    """A scan with no Tesseract on PATH: one line naming the Debian package."""
    path = tmp_path / "scan.pdf"
    _render().to_scan_pdf(SWEDISH * 5, path)
    empty = tmp_path / "bin"
    empty.mkdir()
    for tool in ("pdftoppm",):  # keep poppler, hide tesseract
        (empty / tool).symlink_to(subprocess.run(["which", tool], capture_output=True, text=True,
                                                 check=True).stdout.strip())
    r = subprocess.run([str(CLI), "text", str(path)], capture_output=True, text=True,
                       env={**os.environ, "PATH": str(empty)}, check=False)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and str(path) in r.stderr
    assert "tesseract-ocr" in r.stderr
