"""Fuzzed inputs: whatever the bytes, a document either loads or fails with InputError
naming the file; never another exception, never a hang (the per-document time budget),
never a change to the store.

The inputs are random bytes and damaged real documents: the demo reports as text, HTML
and a PDF built here, truncated, bit-flipped, re-encoded, sprinkled with NUL bytes,
nested thousands deep, or made into PDFs whose streams inflate to gigabytes or refer to
themselves. bench/bench_fuzz.py runs the same generators over 10,000+ inputs.
"""

from __future__ import annotations

import random
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansvarsgraf.errors import ExtractionTimeout, InputError
from ansvarsgraf.graph.check import check_store
from ansvarsgraf.graph.nxgraph import content_hash
from ansvarsgraf.pipeline import extract_bytes, extract_path, load_paths

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 20.0  # generous: a slow CI machine must not turn a load into a timeout
BUG = "bug in ansvarsgraf"


# -- real inputs to start from -----------------------------------------------------------
def example_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[str], compress: bool = True) -> bytes:
    """A small, valid PDF with one text page per string (Helvetica, WinAnsi), written
    by hand so the tests need no PDF library that writes."""
    objs: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                b"/Encoding /WinAnsiEncoding >>")
    for i, text in enumerate(pages):
        lines = [ln for ln in text.splitlines() if ln.strip()][:60]
        body = b"BT /F1 9 Tf 11 TL 40 800 Td " + b" ".join(
            _pdf_string(ln[:110]) + b" Tj T*" for ln in lines) + b" ET"
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objs.append(_stream(body, compress))
    return _assemble(objs)


def _stream(body: bytes, compress: bool, extra: bytes = b"") -> bytes:
    data = zlib.compress(body) if compress else body
    filt = b" /Filter /FlateDecode" if compress else b""
    return (b"<< /Length " + str(len(data)).encode() + filt + extra + b" >>\nstream\n"
            + data + b"\nendstream")


def _assemble(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def bomb_pdf(inflated_mb: int = 1024) -> bytes:
    """A page whose content stream inflates from about 1 MB to `inflated_mb` MB."""
    z = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join(z.compress(chunk) for _ in range(inflated_mb)) + z.flush()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + data + b"\nendstream"]
    return _assemble(objs)


def recursive_pdfs() -> list[bytes]:
    """PDFs whose structure refers to itself: a page tree that is its own kid, a form
    XObject that draws itself, a stream whose /Length is a reference to itself."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    own_kid = _assemble([catalog, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    form = _stream(b"/Fm1 Do", False, b" /Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                                      b"/Resources << /XObject << /Fm1 4 0 R >> >>")
    self_drawing = _assemble([
        catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Resources << /XObject "
        b"<< /Fm1 4 0 R >> >> /Contents 5 0 R >>", form, _stream(b"/Fm1 Do", False)])
    self_length = _assemble([
        catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length 4 0 R >>\nstream\nBT (x) Tj ET\nendstream"])
    parent_loop = _assemble([catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             b"<< /Type /Pages /Parent 3 0 R /Kids [3 0 R] /Count 1 >>"])
    return [own_kid, self_drawing, self_length, parent_loop]


def make_html(text: str) -> bytes:
    paras = "".join(f"<p>{ln}</p>\n" for ln in text.splitlines() if ln.strip())
    return (f"<!DOCTYPE html><html><head><title>Rapport</title></head><body><nav>Meny</nav>"
            f"<main><article>{paras}</article></main><footer>Kontakt</footer></body></html>"
            ).encode("utf-8")


def seeds() -> list[tuple[str, bytes]]:
    texts = example_texts()
    out = [(f"text-{i}.txt", t.encode("utf-8")) for i, t in enumerate(texts)]
    out += [(f"page-{i}.html", make_html(t)) for i, t in enumerate(texts)]
    out.append(("report.pdf", make_pdf(texts[:2])))
    out.append(("plain.pdf", make_pdf(texts[2:3], compress=False)))
    return out


# -- mutations ---------------------------------------------------------------------------
def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        buf.insert(rng.randrange(len(buf) + 1), 0)
    return bytes(buf)


def reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    enc = rng.choice(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "mac_roman",
                      "cp437", "utf-32", "koi8-r", "shift_jis"])
    return text.encode(enc, errors="replace")


def mix_encodings(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    cut = rng.randrange(len(text) + 1)
    return text[:cut].encode("utf-8") + text[cut:].encode(rng.choice(["cp1252", "utf-16-le"]),
                                                          errors="replace")


def splice(data: bytes, rng: random.Random) -> bytes:
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    return data[:i] + data[j:] + data[i:j] * rng.randint(0, 3)


def break_html(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice([b"<", b"</div>", b"<!--", b"<![CDATA[", b"<script>", b"&#x110000;",
                       b"<p <p <p", b"\"'>", b"<html><html>", b"<?xml version='1.0'?>"])
    i = rng.randrange(len(data) + 1)
    return data[:i] + junk * rng.randint(1, 50) + data[i:]


def nest_html(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([100, 1000, 10000, 100000])
    tag = rng.choice([b"div", b"span", b"b", b"table", b"ul"])
    return (b"<html><body>" + b"<" + tag + b">" * 1 + (b"<" + tag + b">") * depth
            + data[:2000] + (b"</" + tag + b">") * rng.choice([0, depth]) + b"</body></html>")


MUTATIONS = [truncate, flip_bits, nul_bytes, reencode, mix_encodings, splice, break_html,
             nest_html]


def mutated(rng: random.Random, seed_inputs: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    name, data = rng.choice(seed_inputs)
    for _ in range(rng.randint(1, 3)):
        if not data:
            break
        data = rng.choice(MUTATIONS)(data, rng)
    return name, data


# -- the property ------------------------------------------------------------------------
def outcome_of(data: bytes, name: str, folder: Path, timeout_s: float = BUDGET_S) -> str:
    """Read and extract one input through the pipeline; the name of what happened.
    Raises AssertionError for anything the guarantee forbids."""
    path = folder / name
    path.write_bytes(data)
    try:
        doc = extract_path(path, timeout_s=timeout_s)
    except InputError as e:
        assert str(path) in str(e), f"the error does not name the file: {e}"
        assert BUG not in str(e), f"a reader crashed on {name}: {e}"
        return type(e).__name__
    assert doc.report.id
    return "loaded"


@pytest.fixture(scope="module")
def fuzz_dir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(min_size=0, max_size=4096))
def test_random_bytes(data, fuzz_dir):
    outcome_of(data, "random.bin", fuzz_dir)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_real_inputs(seed, fuzz_dir):
    rng = random.Random(seed)
    name, data = mutated(rng, SEEDS)
    outcome_of(data, name, fuzz_dir)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(min_size=1, max_size=3000), enc=st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-32"]))
def test_any_text_in_any_encoding(text, enc, fuzz_dir):
    outcome_of(text.encode(enc, errors="replace"), "text.txt", fuzz_dir)


SEEDS = seeds()


def test_seeds_load():
    """The undamaged inputs the mutations start from are real documents that load."""
    with tempfile.TemporaryDirectory() as d:
        assert [outcome_of(data, name, Path(d)) for name, data in SEEDS] == ["loaded"] * len(SEEDS)


@pytest.mark.parametrize("i", range(4))
def test_recursive_pdfs(i, tmp_path):
    assert outcome_of(recursive_pdfs()[i], f"recursive-{i}.pdf", tmp_path) != "loaded"


def test_deflate_bomb_pdf(tmp_path):
    outcome_of(bomb_pdf(1024), "bomb.pdf", tmp_path)


def test_deeply_nested_html(tmp_path):
    text = example_texts()[0]
    for depth in (10_000, 200_000):
        html = b"<html><body>" + b"<div>" * depth + make_html(text) + b"</div>" * depth
        outcome_of(html, f"nested-{depth}.html", tmp_path)


@pytest.mark.slow
def test_a_100_mb_single_line(tmp_path):
    line = ("Kommunstyrelsen ansvarar för integrationen i Orsa kommun " * 1_900_000).encode()
    line = line[: 100 * 1024 * 1024 - 1]
    outcome_of(line, "one-line.txt", tmp_path, timeout_s=60)


def test_time_budget_stops_a_slow_document(tmp_path):
    """A budget smaller than any real document needs: ExtractionTimeout naming the file,
    and the worker is replaced so the next document reads normally."""
    path = tmp_path / "slow.txt"
    path.write_text("Socialnämnden ansvarar för mottagandet. " * 200_000, encoding="utf-8")
    with pytest.raises(ExtractionTimeout, match="slow.txt.*budget"):
        extract_path(path, timeout_s=0.001)
    ok = tmp_path / "ok.txt"
    ok.write_bytes(SEEDS[0][1])
    assert extract_path(ok, timeout_s=BUDGET_S).nodes
    assert extract_bytes(SEEDS[0][1], "ok.txt", timeout_s=BUDGET_S).nodes


def test_a_crashed_reader_is_an_input_error(tmp_path):
    """The worker killed mid-document (as the OOM killer would) is an InputError."""
    import os
    import signal
    import threading

    from ansvarsgraf import budget

    path = tmp_path / "big.txt"
    path.write_text("Socialnämnden ansvarar för mottagandet. " * 300_000, encoding="utf-8")
    ok = tmp_path / "warm.txt"
    ok.write_bytes(SEEDS[0][1])
    extract_path(ok, timeout_s=BUDGET_S)  # the worker is up
    pid = budget._worker._proc.pid
    threading.Timer(0.2, os.kill, (pid, signal.SIGKILL)).start()
    with pytest.raises(InputError, match="big.txt.*crashed.*signal 9"):
        extract_path(path, timeout_s=60)
    assert extract_path(ok, timeout_s=BUDGET_S).nodes


def test_failed_inputs_leave_the_store_unchanged(embedded_store, tmp_path):
    """A load of damaged inputs beside good ones: each failure leaves the store exactly
    as it was, and the store stays consistent."""
    good = tmp_path / "good"
    good.mkdir()
    for name, data in SEEDS[:3]:
        (good / name).write_bytes(data)
    for outcome in load_paths(embedded_store, sorted(good.iterdir()), timeout_s=BUDGET_S):
        assert outcome.error is None
    rng = random.Random(7)
    bad = tmp_path / "bad"
    bad.mkdir()
    failures = 0
    for i in range(40):
        name, data = mutated(rng, SEEDS)
        if i % 10 == 0:
            name, data = "bomb.pdf", bomb_pdf(64)
        path = bad / f"{i:02d}-{name}"
        path.write_bytes(data)
        before = content_hash(embedded_store.to_networkx())
        [outcome] = load_paths(embedded_store, [path], timeout_s=BUDGET_S)
        if outcome.error is not None:
            failures += 1
            assert isinstance(outcome.error, InputError), outcome.error
            assert content_hash(embedded_store.to_networkx()) == before
    assert failures >= 5
    assert check_store(embedded_store) == []
