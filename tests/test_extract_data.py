"""The extractor's data files, canonical names, page chrome and determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ansvarsgraf.errors import InputError
from ansvarsgraf.loaders.extract import extract, names, resources
from ansvarsgraf.loaders.text import Text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def run(text: str):
    return extract(Text(clean=text), doc_id="d" * 64, file_name="t.txt").validate()


# -- gazetteers and pattern files -------------------------------------------------------

def test_all_290_municipalities_and_21_regions():
    gaz = resources.gazetteers()
    assert len(gaz.municipalities) == 290
    assert len({m.name for m in gaz.municipalities}) == 290
    assert len(gaz.regions) == 21
    official = {m.official for m in gaz.municipalities}
    for name in ("Sandvikens kommun", "Bräcke kommun", "Solna stad", "Härjedalens kommun",
                 "Malung-Sälens kommun", "Region Gotland", "Upplands Väsby kommun"):
        assert name in official


def test_every_data_file_names_its_source():
    for folder in (resources.PATTERNS, resources.GAZETTEERS):
        for path in folder.iterdir():
            if path.suffix in (".tsv", ".txt"):
                assert path.read_text(encoding="utf-8").startswith("#"), path


def test_bad_pattern_file_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "Board", "id": "ok", "pattern": [{"LOWER": "x"}]}\n'
                   '{"label": "Board", "id": "broken", "pattern": [{"LOWR": "x"}]}\n',
                   encoding="utf-8")
    with pytest.raises(InputError) as e:
        resources.read_jsonl(bad)
    assert "bad.jsonl" in str(e.value) and "line 2" in str(e.value)
    bad.write_text('{"label": "Board", "pattern": []\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        resources.read_jsonl(bad)


def test_table_without_source_header_is_refused(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("Solna\tSolna stad\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        resources.read_table(p, 2)


# -- canonical names --------------------------------------------------------------------

@pytest.mark.parametrize("words, name", [
    (["arbetslivsnämndens"], "Arbetslivsnämnden"),
    (["kommunstyrelsen"], "Kommunstyrelsen"),
    (["omsorgskontor"], "Omsorgskontoret"),
    (["Fullmäktige"], "Kommunfullmäktige"),
    (["fullmäktiges"], "Kommunfullmäktige"),
    (["ASI-enheten"], "ASI-enheten"),
    (["utbildnings-", "och", "arbetsmarknadsnämndens"], "Utbildnings- och arbetsmarknadsnämnden"),
    (["regionala", "utvecklingsnämndens"], "Regionala utvecklingsnämnden"),
    (["Kommunstyrelsens", "arbetsutskott"], "Kommunstyrelsens arbetsutskott"),
])
def test_organisation_names(words, name):
    assert names.organisation(words) == name


def test_abbreviations_resolve_and_national_actors_are_unscoped():
    doc = run("Sala kommun samverkar med AF, IVO och SKL. Socialnämnden ansvarar för mottagandet.")
    by_name = {n.name: n for n in doc.nodes}
    for full in ("Arbetsförmedlingen", "Inspektionen för vård och omsorg",
                 "Sveriges Kommuner och Regioner"):
        assert by_name[full].municipality == ""
    assert by_name["Socialnämnden"].municipality == "Sala kommun"
    assert doc.report.municipality == "Sala kommun"


def test_spelling_variants_merge_within_a_report():
    doc = run("Utbildningsarbetsmarknadsnämnden granskas. Utbildnings- och arbetsmarknadsnämnden "
              "ansvarar för SFI. Utbildning- och arbetsmarknadsnämndens mål följs upp.")
    boards = [n for n in doc.nodes if n.label == "Board"]
    assert len(boards) == 1, boards


def test_same_board_in_two_municipalities_is_two_nodes():
    a = run("Mora kommun. Socialnämnden ansvarar för mottagandet.")
    b = run("Orsa kommun. Socialnämnden ansvarar för mottagandet.")
    ka = {n.key for n in a.nodes if n.name == "Socialnämnden"}
    kb = {n.key for n in b.nodes if n.name == "Socialnämnden"}
    assert ka and kb and not ka & kb


def test_generic_mentions_are_not_nodes():
    doc = run("Nämnderna och förvaltningen ska samverka. Styrelsen har ett avtal. Skolan ansvarar "
              "för undervisningen.")
    assert not [n for n in doc.nodes if n.label in ("Board", "Unit", "Agreement")]


# -- page chrome and report metadata ---------------------------------------------------------

CHROME_PAGE = """Granskning av mottagandet i Mora kommun

Storlek: px
Starta visningen från sidan:

Download "Granskning av mottagandet i Mora kommun"

Relevanta dokument
Integrationsstrategi för Tomelilla kommun. Kf 169/2017
Rapport Granskning av flyktingverksamheten. Ragunda Kommun
Socialnämnden ansvarar för allt enligt Solna stad
Granskning av flyktingmottagandet Torsås kommun
Integrationsenheten Haparanda Stad
Revisionsrapport Integrationsarbetet Gällivare kommun November 2014

Transkript:

1 Revisionsrapport 2020 Mora kommun. Bildningsnämnden ansvarar för vuxenutbildningen.
"""


def test_nothing_is_read_from_page_chrome():
    doc = run(CHROME_PAGE)
    names_ = {n.name for n in doc.nodes}
    assert "Socialnämnden" not in names_ and "Integrationsenheten" not in names_
    assert not {"Tomelilla kommun", "Solna stad", "Haparanda stad"} & names_
    assert ("Bildningsnämnden" in names_)
    assert doc.report.title == "Granskning av mottagandet i Mora kommun"
    assert doc.report.municipality == "Mora kommun"
    assert doc.report.year == 2020


def test_title_list_without_heading_is_chrome():
    titles = "\n\n".join(f"Granskning av mottagandet i {m} kommun" for m in
                         ("Ragunda", "Krokoms", "Torsås", "Ronneby", "Varbergs", "Laholms", "Avesta"))
    doc = run(titles + "\n\nKommunstyrelsen i Mora ansvarar för mottagandet av nyanlända och har "
              "sedan 2016 samordnat arbetet mellan förvaltningarna. Mora kommun har vuxit och tagit "
              "emot fler nyanlända än tidigare år.")
    assert {n.name for n in doc.nodes if n.label == "Municipality"} == {"Mora kommun"}


# -- determinism ------------------------------------------------------------------------------

def test_same_text_same_graph():
    text = (EXAMPLES / "ljusdal-granskning-integration-2019.txt").read_text(encoding="utf-8")
    a = json.dumps(run(text).to_gold(), ensure_ascii=False, sort_keys=True)
    b = json.dumps(run(text).to_gold(), ensure_ascii=False, sort_keys=True)
    assert a == b


def test_two_cli_runs_write_byte_identical_json(tmp_path):
    cli = Path(sys.executable).parent / "ansvarsgraf"
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        subprocess.run([str(cli), "extract", *map(str, sorted(EXAMPLES.glob("*.txt"))),
                        "--format", "json", "--out", str(out)], check=True, capture_output=True)
        outs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.json"))})
    assert outs[0] and outs[0] == outs[1]


# -- the development corpus ----------------------------------------------------------------------

def test_corpus_score_stays_above_the_targets(tmp_path):
    if not (CORPUS / "gold").is_dir():
        pytest.skip(f"the development corpus is not beside the checkout ({CORPUS})")
    cli = Path(sys.executable).parent / "ansvarsgraf"
    subprocess.run([str(cli), "extract", *map(str, sorted(CORPUS.glob("*.txt"))), "--format", "json",
                    "--out", str(tmp_path)], check=True, capture_output=True)
    r = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(CORPUS / "gold"),
                        str(tmp_path), "--min-entity-f1", "0.80", "--min-relation-f1", "0.65"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


HELDOUT = ROOT / "tests" / "data" / "heldout"


def test_heldout_score_stays_above_its_floor(tmp_path):
    """Reports in styles the rules were not written from (tests/data/heldout, gold made
    before the first run): a floor a little under today's figures, so a rule that helps
    the development corpus at the expense of other report styles fails here."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"the scorer is not beside the checkout ({SHARED})")
    cli = Path(sys.executable).parent / "ansvarsgraf"
    subprocess.run([str(cli), "extract", *map(str, sorted(HELDOUT.glob("*.txt"))), "--format", "json",
                    "--out", str(tmp_path)], check=True, capture_output=True)
    r = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(HELDOUT / "gold"),
                        str(tmp_path), "--min-entity-f1", HELDOUT_FLOOR[0], "--min-relation-f1", HELDOUT_FLOOR[1]],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


HELDOUT_FLOOR = ("0.93", "0.90")  # measured 0.974 / 0.945 on the 11 reports when set

HELDOUT2 = ROOT / "tests" / "data" / "heldout2"
HELDOUT2_FLOOR = ("0.72", "0.50")  # blind 0.711 / 0.447; 0.756 / 0.538 after the rule families of 2026-11-24


def test_second_heldout_set_stays_above_its_floor(tmp_path):
    """Nine longer documents (text, HTML, PDF) written blind on 2026-11-24: the honest
    measure of unseen reports, far below the development corpus; a floor so it only rises."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"the scorer is not beside the checkout ({SHARED})")
    cli = Path(sys.executable).parent / "ansvarsgraf"
    files = sorted(p for p in HELDOUT2.iterdir() if p.suffix in (".txt", ".html", ".pdf"))
    subprocess.run([str(cli), "extract", *map(str, files), "--format", "json", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    r = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(HELDOUT2 / "gold"),
                        str(tmp_path), "--min-entity-f1", HELDOUT2_FLOOR[0],
                        "--min-relation-f1", HELDOUT2_FLOOR[1]], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


def test_corpus_evidence_quotes_its_span():
    if not CORPUS.is_dir():
        pytest.skip(f"the development corpus is not beside the checkout ({CORPUS})")
    from ansvarsgraf.pipeline import extract_path

    for path in sorted(CORPUS.glob("*.txt")):
        doc = extract_path(path)
        for ev in doc.all_evidence():
            assert doc.text[ev.start:ev.end] == ev.sentence


def _corpus_doc(stem: str):
    path = CORPUS / f"{stem}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not there")
    from ansvarsgraf.pipeline import extract_path

    doc = extract_path(path)
    names_ = {n.key: n.name for n in doc.nodes}
    names_[doc.report.key] = "@report"
    return doc, {(names_[e.source], e.type, names_[e.target], e.verdict): e for e in doc.edges}


@pytest.mark.parametrize("stem, triple, quote", [
    ("pajala-integrationssamordning",
     ("Migrationsverket", "RESPONSIBLE_FOR", "Bosättningsuppdraget", None), "ansvarar Migrationsverket för"),
    ("tomelilla-integrationsradet",
     ("Integrationsrådet", "RESPONSIBLE_FOR", "Samla och sprida relevant integrations- och migrationsfakta", None),
     "samla och sprida"),
    ("halmstad-integrationsarbetet-strategier-2017",
     ("@report", "ASSESSED", "Utbildnings- och arbetsmarknadsnämnden", "partly"), "inte helt säkerställer"),
    ("seed-004-sandviken-integration",
     ("Integrationsenheten", "PART_OF", "Arbetslivsnämnden", None), "organisatoriskt ligger inom"),
    ("seed-004-sandviken-integration",
     ("Arbetslivsnämnden", "OWNS", "Minst 70 utrikes födda ska erhålla praktik inom såväl privat som "
      "offentlig sektor under året", None), "satt som mål att"),
    ("region-jamtland-harjedalen-integration",
     ("Region Jämtland Härjedalen", "RESPONSIBLE_FOR", "Stödjer kommunerna med statistik", None), "Stödjer"),
])
def test_corpus_sentences(stem, triple, quote):
    doc, edges = _corpus_doc(stem)
    names_ = {t[2] for t in edges}
    assert triple in edges, (triple, sorted(names_))
    ev = edges[triple].evidence[0]
    assert quote in ev.sentence and doc.text[ev.start:ev.end] == ev.sentence


def test_readme_names_the_quality_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bench/quality.sh" in readme


WORDS = ("Socialnämnden Kommunstyrelsen integrationsenheten Arbetsförmedlingen Mora kommun ansvarar "
         "för att ligger organisatoriskt under i samverkan med där ingår avtal med överenskommelse om "
         "rekommenderar vi bedömning är inte delvis säkerställer mål har satt som : • . , \n \n\n "
         "Transkript: Relevanta dokument strategin bygger på Vision 2030 Lag (2000:1383) och").split(" ")


def test_any_word_salad_gives_a_valid_graph():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.sampled_from(WORDS), max_size=60))
    def check(ws):
        text = " ".join(ws)
        doc = run(text)
        for ev in doc.all_evidence():
            assert text[ev.start:ev.end] == ev.sentence

    check()


def test_names_doctests():
    import doctest

    assert doctest.testmod(names).failed == 0


def test_line_break_hyphens_are_joined_in_statements():
    doc = run("Revisionsrapport\n\nVi rekommenderar kommunstyrelsen att:\n• Säkerställa att handlingsplaner "
              "tas fram och implemen-\nteras i barn- och utbildningsnämnden.\n")
    recs = {n.name for n in doc.nodes if n.label == "Recommendation"}
    assert recs == {"Säkerställa att handlingsplaner tas fram och implementeras i barn- och "
                    "utbildningsnämnden"}, recs
