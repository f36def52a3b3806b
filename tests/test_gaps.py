"""Gap queries on the hand-annotated demo reports (examples/gold), on a real embedded store.

The gold graphs do not depend on the extractor, so each gap's rows are known: the
expected rows below are read from the four demo reports, and so are the rows that
must not appear (a unit two steps under a board, an agreement someone answers for ...).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ansvarsgraf.graph import gaps
from ansvarsgraf.graph.embedded import EmbeddedStore
from ansvarsgraf.graph.gold import gold_documents
from ansvarsgraf.queries.catalogue import load_catalogue
from ansvarsgraf.queries.gaps_runner import find_gaps

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LJUSDAL, ORSA = "Ljusdals kommun", "Orsa kommun"
FORSKOLA = "alla nyanlända barn ska erbjudas förskola inom tre månader"
SAMHALLSORIENTERING = "alla nyanlända ska erbjudas samhällsorientering inom två månader"


@pytest.fixture(scope="module")
def docs():
    return {d.report.file_name: d for d in gold_documents(EXAMPLES)}


@pytest.fixture(scope="module")
def store(tmp_path_factory, docs):
    s = EmbeddedStore(tmp_path_factory.mktemp("gold") / "store")
    for d in docs.values():
        s.write_document(d)
    yield s
    s.close()


def run(store, name, **params):
    return load_catalogue().run(store, name, params)


def names(rows):
    return {(r["name"], r["municipality"]) for r in rows}


def by_name(rows):
    return {r["name"]: r for r in rows}


def test_gold_files_cover_every_demo_report(docs):
    assert sorted(docs) == sorted(p.name for p in EXAMPLES.glob("*.txt"))


def test_goals_without_owner(store):
    rows = run(store, "goals_without_owner")
    assert names(rows) == {(FORSKOLA, LJUSDAL), (SAMHALLSORIENTERING, ORSA)}
    # owned goals must not appear
    assert "minst 60 procent av de nyanlända ska ha arbete eller studier efter etableringstiden" \
        not in by_name(rows)
    assert by_name(rows)[FORSKOLA]["responsible"] == ["Barn- och utbildningsnämnden"]
    assert by_name(rows)[SAMHALLSORIENTERING]["responsible"] == []


def test_goal_without_owner_in_the_2019_report_alone(tmp_path, docs):
    with EmbeddedStore(tmp_path / "s") as s:
        s.write_document(docs["ljusdal-granskning-integration-2019.txt"])
        rows = run(s, "goals_without_owner")
    assert names(rows) == {(FORSKOLA, LJUSDAL)}
    assert {r["sentence"] for r in rows} == {
        "I integrationsstrategin anges målet att alla nyanlända barn ska erbjudas förskola inom tre månader.",
        "Vi noterar att ingen nämnd har fått ansvar för målet."}
    assert rows[0]["responsible"] == []


def test_policies_without_owner(store):
    rows = run(store, "policies_without_owner")
    # Integrationsstrategi is owned by fullmäktige; Vision Ljusdal 2030 demands no goals
    assert names(rows) == {("Handlingsplan för integration", ORSA)}
    assert rows[0]["goals"] == [SAMHALLSORIENTERING]


def test_units_without_board(store):
    rows = run(store, "units_without_board")
    assert names(rows) == {("Flyktingmottagningen", LJUSDAL), ("Individ- och familjeomsorgen", LJUSDAL)}
    assert by_name(rows)["Flyktingmottagningen"]["parent"] == ["Individ- och familjeomsorgen"]
    # SFI-enheten reaches Bildningsnämnden through Vuxenutbildningsenheten
    assert "SFI-enheten" not in by_name(rows)


def test_agreements(store):
    rows = run(store, "agreements_without_responsible")
    assert names(rows) == {
        ("Lokal överenskommelse med Arbetsförmedlingen om nyanländas etablering", LJUSDAL),
        ("Avtal med Migrationsverket om anvisning av nyanlända", ORSA)}
    assert sorted(by_name(rows)["Avtal med Migrationsverket om anvisning av nyanlända"]["parties"]) \
        == ["Migrationsverket", ORSA]
    one = run(store, "agreements_with_one_party")
    assert names(one) == {("Avsiktsförklaring om praktikplatser för nyanlända", ORSA)}
    assert one[0]["parties"] == [ORSA]


def test_tasks_without_responsible(store):
    rows = run(store, "tasks_without_responsible")
    assert names(rows) == {("försörjningen under glappet mellan etableringsprogrammet och arbete", ORSA)}


def test_recommendation_followup(store):
    rows = by_name(run(store, "recommendation_followup"))
    followed = {n: (r["board"], r["first_year"], r["followed_up"], r["followup_years"])
                for n, r in rows.items()}
    assert followed == {
        "Säkerställa att ansvaret för integrationsstrategins mål fördelas mellan nämnderna":
            ("Kommunstyrelsen", 2019, True, [2021]),
        "Säkerställa att den lokala överenskommelsen följs upp årligen":
            ("Kommunstyrelsen", 2019, False, []),
        "Införa en systematisk uppföljning av etableringen": ("Socialnämnden", 2019, True, [2021]),
        "Fastställa vem som ansvarar för handlingsplanens mål om samhällsorientering":
            ("Kommunstyrelsen", 2020, False, []),
        "Tydliggöra ansvaret för avtalet med Migrationsverket": ("Kommunstyrelsen", 2020, False, []),
    }


def test_boards_assessed_weak(store):
    rows = run(store, "boards_assessed_weak")
    found = {(r["name"], r["municipality"], r["year"], r["verdict"]): sorted(r["recommendations"])
             for r in rows}
    assert found == {
        ("Kommunstyrelsen", LJUSDAL, 2019, "partly"): [
            "Säkerställa att ansvaret för integrationsstrategins mål fördelas mellan nämnderna",
            "Säkerställa att den lokala överenskommelsen följs upp årligen"],
        ("Socialnämnden", LJUSDAL, 2019, "no"): ["Införa en systematisk uppföljning av etableringen"],
        ("Socialnämnden", LJUSDAL, 2021, "partly"): ["Införa en systematisk uppföljning av etableringen"],
        ("Kommunstyrelsen", ORSA, 2020, "partly"): [
            "Fastställa vem som ansvarar för handlingsplanens mål om samhällsorientering",
            "Tydliggöra ansvaret för avtalet med Migrationsverket"],
    }
    # assessed `yes` must not appear: Bildningsnämnden (Orsa), Kommunstyrelsen (Ljusdal 2021)
    assert ("Bildningsnämnden", ORSA) not in names(rows)
    assert all(r["verdict"] != "yes" for r in rows)


def test_one_sided_collaborations(store):
    rows = run(store, "one_sided_collaborations")
    assert {(r["label"], r["name"], r["municipality"], r["partner"]) for r in rows} == {
        ("Board", "Bildningsnämnden", ORSA, LJUSDAL)}
    assert rows[0]["sentence"] == "Bildningsnämnden samverkar med Ljusdals kommun om SFI på distans."
    # Ljusdal's Integrationsenheten and Orsa kommun each name the other: not one-sided;
    # national actors have no reports of their own and are never checked
    assert "Integrationsenheten" not in by_name(rows) and ORSA not in by_name(rows)


def test_municipality_parameter_limits_every_gap(store):
    for q in load_catalogue():
        if q.gap:
            rows = run(store, q.name, municipality=ORSA)
            assert all(r["municipality"] == ORSA for r in rows), q.name


def test_evidence_is_a_sentence_of_the_document(store, docs):
    texts = {d.report.id: d.text for d in docs.values()}
    titles = {d.report.id: d.report.title for d in docs.values()}
    rows = find_gaps(store)
    assert rows
    for row in rows:
        assert row["evidence"], row
        for ev in row["evidence"]:
            assert ev["sentence"] and ev["sentence"] in texts[ev["document"]], (row["gap"], ev)
            assert ev["title"] == titles[ev["document"]]


def test_find_gaps_json_shape(store):
    rows = find_gaps(store)
    assert {r["gap"] for r in rows} == {q.name for q in load_catalogue() if q.gap}
    for r in rows:
        assert set(r) >= {"gap", "label", "name", "municipality", "evidence", "details"}
        assert all(set(ev) == {"document", "title", "sentence"} for ev in r["evidence"])
    board = next(r for r in rows if r["gap"] == "boards_assessed_weak" and r["name"] == "Socialnämnden")
    assert sorted(board["details"]["verdict"]) == ["no", "partly"]  # two reports, two verdicts
    assert len(board["evidence"]) == 2
    orsa = find_gaps(store, ORSA)
    assert orsa and all(r["municipality"] == ORSA for r in orsa)


# -- networkx twins -------------------------------------------------------------------

def _cypher_rows(store, name, municipality=None):
    """The query's rows folded like the twins: one per node (and detail), evidence pooled."""
    q = load_catalogue().get(name)
    details = [c for c in q.columns if c not in {"label", "name", "municipality", "document",
                                                 "title", "evidence_key", "sentence"}]
    grouped: dict[tuple, set] = {}
    for r in run(store, name, municipality=municipality):
        key = (r["label"], r["name"], r["municipality"]) + tuple(
            tuple(sorted(r[c])) if isinstance(r[c], list) else r[c] for c in details)
        grouped.setdefault(key, set()).add((r["document"], r["sentence"]))
    return sorted(k + (tuple(sorted(ev)),) for k, ev in grouped.items())


def _twin_rows(G, name, municipality=None):
    out = []
    for r in gaps.ALL[name](G, municipality):
        values = [tuple(v) if isinstance(v, list) else v for v in r.values()]
        out.append(tuple(values[:-1]) + (tuple(r["evidence"]),))
    return sorted(out)


GAP_NAMES = sorted(gaps.ALL)


def test_every_gap_query_has_a_twin():
    assert sorted(q.name for q in load_catalogue() if q.gap) == GAP_NAMES


@pytest.mark.parametrize("name", GAP_NAMES)
@pytest.mark.parametrize("municipality", [None, ORSA])
def test_twin_agrees_on_the_demo_graph(store, name, municipality):
    G = store.to_networkx()
    cypher = _cypher_rows(store, name, municipality)
    assert cypher == _twin_rows(G, name, municipality)
    if municipality is None:
        assert cypher, f"{name} finds nothing on the demo graph; the comparison would be empty"


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    s = EmbeddedStore(tmp_path_factory.mktemp("synthetic") / "store")
    for d in synthetic.synthetic_documents(2_000, seed=3):
        s.write_document(d)
    yield s
    s.close()


@pytest.mark.parametrize("name", GAP_NAMES)
def test_twin_agrees_on_a_synthetic_graph(synthetic_store, name):
    G = synthetic_store.to_networkx()
    assert _cypher_rows(synthetic_store, name) == _twin_rows(G, name)
