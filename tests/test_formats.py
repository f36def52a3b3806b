"""The extractor sees the same report whichever form it arrives in: a PDF with a text
layer, a scanned (image-only) PDF read by Tesseract, or a web page. Each form of each
document is made at test time from the plain text (the demo reports, and the
development corpus when it is beside the checkout) and must score within 0.05 relation
F1 of the plain text (against gold where gold exists, else against the plain text's own
extraction)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from ansvarsgraf.pipeline import extract_bytes

MAX_F1_DROP = 0.05
FORMS = ("pdf", "scan", "html")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_here = Path(__file__).resolve().parent
conftest = _load("conftest_formats", _here / "conftest.py")
CORPUS, DATA, SHARED, demo_reports = conftest.CORPUS, conftest.DATA, conftest.SHARED, conftest.demo_reports
render = _load("inputs_render", DATA / "inputs_render.py")


@pytest.fixture(scope="module")
def score():
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        pytest.skip(f"the scorer is not beside the checkout ({path})")
    return _load("score", path)


def _make(form: str, text: str, target: Path) -> bytes:
    if form == "pdf":
        render.to_pdf(text, target.with_suffix(".pdf"))
        return target.with_suffix(".pdf").read_bytes()
    if form == "scan":
        render.to_scan_pdf(text, target.with_suffix(".scan.pdf"))
        return target.with_suffix(".scan.pdf").read_bytes()
    render.to_html(text, target.with_suffix(".html"), encoding="windows-1252")
    return target.with_suffix(".html").read_bytes()


def _relation_f1(score, pairs: list[tuple[dict, dict]]) -> float:
    ents, rels, any_label = score.Tally(), score.Tally(), score.Tally()
    for gold, pred in pairs:
        score.score_document(gold, pred, ents, rels, any_label)
    return rels.prf()[2]


def _corpus_with_gold() -> list[tuple[Path, Path]]:
    if not CORPUS.is_dir():
        return []
    return [(p, CORPUS / "gold" / f"{p.stem}.gold.json") for p in sorted(CORPUS.glob("*.txt"))
            if (CORPUS / "gold" / f"{p.stem}.gold.json").is_file()]


@pytest.fixture(scope="module")
def extractions(tmp_path_factory):
    """{form: {stem: gold dict}} for the plain text and each rendered form."""
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (.ci/setup-tests installs it)")
    tmp = tmp_path_factory.mktemp("forms")
    docs = [(p, None) for p in demo_reports()] + _corpus_with_gold()
    out: dict[str, dict[str, dict]] = {form: {} for form in ("text", *FORMS)}
    for path, _gold in docs:
        data = path.read_bytes()
        text = data.decode("utf-8")
        out["text"][path.stem] = extract_bytes(data, path.name).to_gold()
        for form in FORMS:
            made = _make(form, text, tmp / path.stem)
            out[form][path.stem] = extract_bytes(made, f"{path.stem}.{form}").to_gold()
    return out, docs


@pytest.mark.slow
@pytest.mark.parametrize("form", FORMS)
def test_demo_reports_extract_alike_in_every_form(form, extractions, score):
    out, docs = extractions
    stems = [p.stem for p, gold in docs if gold is None]
    pairs = [(out["text"][s], out[form][s]) for s in stems]
    assert sum(len(g["relations"]) for g, _ in pairs) > 0, "the demo reports yield relations"
    f1 = _relation_f1(score, pairs)
    assert f1 >= 1 - MAX_F1_DROP, f"{form}: relation F1 {f1:.3f} against the plain text's extraction"


@pytest.mark.slow
@pytest.mark.parametrize("form", FORMS)
def test_corpus_scores_alike_against_gold_in_every_form(form, extractions, score):
    import json

    out, docs = extractions
    gold_docs = [(p, g) for p, g in docs if g is not None]
    if not gold_docs:
        pytest.skip(f"the development corpus is not beside the checkout ({CORPUS})")
    golds = {p.stem: json.loads(g.read_text(encoding="utf-8")) for p, g in gold_docs}
    plain = _relation_f1(score, [(golds[s], out["text"][s]) for s in golds])
    other = _relation_f1(score, [(golds[s], out[form][s]) for s in golds])
    assert other >= plain - MAX_F1_DROP, f"{form}: relation F1 {other:.3f} vs plain text {plain:.3f}"
