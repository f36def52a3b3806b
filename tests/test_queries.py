"""The query catalogue: headers validated, parameters checked, analyst queries answered,
injection through parameters impossible, and the CLI's three query commands."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ansvarsgraf.errors import ParameterError, QueryFileError
from ansvarsgraf.graph.embedded import EmbeddedStore
from ansvarsgraf.graph.gold import gold_documents
from ansvarsgraf.graph.nxgraph import content_hash
from ansvarsgraf.queries.catalogue import load_catalogue, parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CLI = Path(sys.executable).parent / "ansvarsgraf"
LJUSDAL, ORSA = "Ljusdals kommun", "Orsa kommun"
INJECTIONS = ["' OR 1=1 //", "}) DETACH DELETE n //", "\" OR \"\"=\"", "x') MATCH (n) DETACH DELETE n //",
              "Orsa kommun' OR 'a'='a", "$municipality", "\\u0027 OR 1=1", "; MATCH (n) DELETE n"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "store"
    s = EmbeddedStore(path)
    for d in gold_documents(EXAMPLES):
        s.write_document(d)
    yield s
    s.close()


def run(store, query, **params):
    return load_catalogue().run(store, query, params)


# -- the catalogue keeps its own documentation honest ---------------------------------

def test_every_cypher_file_has_a_documented_header():
    files = sorted((ROOT / "queries").rglob("*.cypher"))
    assert len(files) >= 15
    for path in files:
        q = parse(path)
        assert q.name == path.stem and q.title and len(q.description) > 60, path
        assert q.columns, path
        for p in q.params:
            assert p.doc, f"{path}: parameter {p.name} is undocumented"
        assert set(re.findall(r"\$(\w+)", q.text)) == {p.name for p in q.params}, path


def test_every_query_is_listed_in_the_readme():
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    for q in load_catalogue():
        assert f"`{q.name}`" in readme, f"{q.name} is missing from queries/README.md"


def test_no_query_uses_what_the_portable_subset_forbids():
    forbidden = [r"\blabels\s*\(", r"\btype\s*\(", r"\bCALL\b", r"\bapoc\.", r"shortestPath",
                 r"\[\s*-?\d+\s*(\.\.\s*-?\d*)?\s*\]", r"\bSET\b", r"\bCREATE\b", r"\bMERGE\b",
                 r"\bDELETE\b", r"EXISTS\s*\{\s*\(", r"COUNT\s*\{\s*\(", r"\*\d*\.\.\s*\]",
                 r"\*\s*\]", r"\$\w+\s*IS\s+NULL\s+OR"]
    for q in load_catalogue():
        for pattern in forbidden:
            assert not re.search(pattern, q.text, re.IGNORECASE), (q.name, pattern)


def _write(tmp_path, name, text):
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEADER = """// name: q
// title: A query
// description: Why it matters, in a sentence or two.
// param: m string = null   a municipality
// columns: name
"""


@pytest.mark.parametrize("header, line, words", [
    (GOOD_HEADER.replace("// title: A query\n", "// titel: A query\n"), 2, "not a header line"),
    (GOOD_HEADER.replace("   a municipality", ""), 4, "has no description"),
    (GOOD_HEADER.replace("string = null", "strang = null"), 4, "bad param line"),
    (GOOD_HEADER.replace("// name: q\n", "// name: q\n// name: q\n"), 2, "a second '// name:'"),
    (GOOD_HEADER.replace("int", "int").replace("string = null", "int = many"), 4, "is not a int"),
    ("// title: first\n" + GOOD_HEADER, 1, "must start with '// name:'"),
])
def test_a_malformed_header_names_file_and_line(tmp_path, header, line, words):
    path = _write(tmp_path, "q", header + "MATCH (n:Goal) WHERE n.municipality = $m RETURN n.name AS name\n")
    with pytest.raises(QueryFileError) as e:
        parse(path)
    assert f"{path}:{line}:" in str(e.value) and words in str(e.value)
    assert "\n" not in str(e.value)


def test_missing_fields_and_undeclared_parameters_are_errors(tmp_path):
    body = "MATCH (n:Goal) WHERE n.municipality = $m RETURN n.name AS name\n"
    for drop in ("// title: A query\n", "// columns: name\n"):
        with pytest.raises(QueryFileError, match=r"q\.cypher:1: the header has no"):
            parse(_write(tmp_path, "q", GOOD_HEADER.replace(drop, "") + body))
    with pytest.raises(QueryFileError, match=r"\$?x are used but not declared|x are used"):
        parse(_write(tmp_path, "q", GOOD_HEADER + body.replace("$m", "$x")))
    with pytest.raises(QueryFileError, match="declared but never used"):
        parse(_write(tmp_path, "q", GOOD_HEADER + "MATCH (n:Goal) RETURN n.name AS name\n"))
    with pytest.raises(QueryFileError, match="differs from the file name"):
        parse(_write(tmp_path, "other", GOOD_HEADER + body))


def test_a_bad_file_stops_the_catalogue_loading(tmp_path):
    _write(tmp_path, "q", GOOD_HEADER + "MATCH (n:Goal) WHERE n.municipality = $m RETURN n.name AS name\n")
    assert [q.name for q in load_catalogue(tmp_path)] == ["q"]
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "bad", "// name: bad\n// title: t\nMATCH (n) RETURN n\n")
    with pytest.raises(QueryFileError, match=r"bad\.cypher:1: the header has no '// description:'"):
        load_catalogue.__wrapped__(tmp_path)


def test_parameters_are_checked_before_running():
    q = load_catalogue().get("compare_municipalities")
    with pytest.raises(ParameterError) as e:
        q.bind({"task": "SFI"})
    assert str(e.value) == ("query compare_municipalities: missing parameter(s) "
                            "municipality_a, municipality_b")
    with pytest.raises(ParameterError) as e:
        q.bind({"task": "SFI", "municipality_a": "a", "municipality_b": "b", "year": "2020",
                "kommun": "x"})
    assert "unknown parameter(s) kommun, year" in str(e.value)
    assert load_catalogue().get("goals_without_owner").bind({}) == {"municipality": None}


# -- analyst queries on the demo graph ------------------------------------------------

def test_who_is_responsible(store):
    rows = run(store, "who_is_responsible", name="sfi")
    assert {(r["label"], r["name"], r["relation"], r["responsible"]) for r in rows} == {
        ("Task", "vuxenutbildningen och SFI", "RESPONSIBLE_FOR", "Bildningsnämnden"),
        ("Goal", "minst 70 procent av eleverna på SFI ska klara kursen inom ett år", "OWNS",
         "Bildningsnämnden")}
    rows = run(store, "who_is_responsible", name="MOTTAGANDE", municipality=LJUSDAL)
    assert {(r["name"], r["responsible_label"], r["responsible"]) for r in rows} == {
        ("mottagande och bostadsförsörjning för nyanlända", "Board", "Socialnämnden"),
        ("Avtal med Migrationsverket om mottagande av ensamkommande barn", "Board", "Socialnämnden")}
    rows = run(store, "who_is_responsible", name="etableringsprogrammet")
    assert [(r["responsible_label"], r["responsible"]) for r in rows] == [
        ("ExternalActor", "Arbetsförmedlingen")]


def test_board_responsibilities(store):
    rows = run(store, "board_responsibilities", board="socialnämnden", municipality=LJUSDAL)
    found = {(r["relation"], r["label"], r["name"], r["verdict"], r["year"]) for r in rows}
    assert found == {
        ("RESPONSIBLE_FOR", "Task", "mottagande och bostadsförsörjning för nyanlända", None, None),
        ("RESPONSIBLE_FOR", "Agreement", "Avtal med Migrationsverket om mottagande av ensamkommande barn",
         None, None),
        ("PART_OF", "Unit", "Arbetsmarknadsenheten", None, None),
        ("ADDRESSED_TO", "Recommendation", "Införa en systematisk uppföljning av etableringen", None, None),
        ("ASSESSED", "Report", "Revisionsrapport 2019", "no", 2019),
        ("ASSESSED", "Report", "Uppföljande granskning 2021", "partly", 2021),
    }
    assert run(store, "board_responsibilities", board="Socialnämnden", municipality=ORSA) == []


def test_organisation_tree(store):
    rows = run(store, "organisation_tree", municipality=ORSA)
    assert [(r["child"], r["parent_label"], r["parent"]) for r in rows] == [
        ("Vuxenutbildningsenheten", "Board", "Bildningsnämnden"),
        ("Arbetsmarknadsenheten", "Board", "Kommunstyrelsen"),
        ("SFI-enheten", "Unit", "Vuxenutbildningsenheten")]


def test_external_partners(store):
    rows = run(store, "external_partners", municipality=ORSA)
    assert {(r["actor"], r["relation"], r["via"]) for r in rows} == {
        ("Arbetsförmedlingen", "COLLABORATES_WITH", "Arbetsmarknadsenheten"),
        ("Försäkringskassan", "COLLABORATES_WITH", "Arbetsmarknadsenheten"),
        ("Migrationsverket", "PARTY_TO", "Avtal med Migrationsverket om anvisning av nyanlända")}
    ljusdal = {(r["actor"], r["relation"]) for r in run(store, "external_partners", municipality=LJUSDAL)}
    assert ("Länsstyrelsen Gävleborg", "COLLABORATES_WITH") in ljusdal
    assert ("Arbetsförmedlingen", "MEMBER_OF") in ljusdal
    assert ("Arbetsförmedlingen", "RESPONSIBLE_FOR") in ljusdal
    assert not any(actor == "Försäkringskassan" for actor, _ in ljusdal)  # only Orsa works with it


def test_compare_municipalities(store):
    rows = run(store, "compare_municipalities", task="bostadsförsörjning",
               municipality_a=LJUSDAL, municipality_b=ORSA)
    assert [(r["municipality"], r["responsible"]) for r in rows] == [
        (LJUSDAL, "Socialnämnden"), (ORSA, "Kommunstyrelsen")]
    rows = run(store, "compare_municipalities", task="glappet", municipality_a=LJUSDAL,
               municipality_b=ORSA)
    assert [(r["municipality"], r["responsible"], r["responsible_label"]) for r in rows] == [
        (ORSA, None, None)]


def test_edge_evidence(store):
    [edge] = [r for r in run(store, "who_is_responsible", name="förskola")]
    rows = run(store, "edge_evidence", edge_key=edge["edge_key"])
    assert [(r["relation"], r["year"], r["sentence"]) for r in rows] == [
        ("RESPONSIBLE_FOR", 2021, "Barn- och utbildningsnämnden ansvarar nu för målet att alla "
         "nyanlända barn ska erbjudas förskola inom tre månader.")]
    text = (EXAMPLES / rows[0]["file_name"]).read_text(encoding="utf-8")
    assert text[rows[0]["char_start"]:rows[0]["char_end"]] == rows[0]["sentence"]


# -- injection ------------------------------------------------------------------------

def test_parameters_cannot_inject_cypher(store):
    before_stats, before_hash = store.stats(), content_hash(store.to_networkx())
    cat = load_catalogue()
    ran = 0
    for q in cat:
        for bad in INJECTIONS:
            params = {p.name: bad for p in q.params if p.type == "string"}
            if not params:
                continue
            rows = cat.run(store, q.name, params)
            ran += 1
            assert rows == [], (q.name, bad, rows[:1])
    assert ran >= 15 * len(INJECTIONS) - 2 * len(INJECTIONS)
    assert store.stats() == before_stats
    assert content_hash(store.to_networkx()) == before_hash


def test_fuzzy_parameters_are_text_not_patterns(store):
    # CONTAINS takes the text literally: regex or wildcard characters match nothing
    for pattern in (".*", "%", "(?i)sfi", "*"):
        assert run(store, "who_is_responsible", name=pattern) == []


# -- the CLI --------------------------------------------------------------------------

def _cli(store_path, *args):
    return subprocess.run([str(CLI), "--store", str(store_path), *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def store_path(store):
    store.close()  # let the CLI open the folder
    return store.path


def test_cli_queries_json():
    out = subprocess.run([str(CLI), "queries", "--json"], capture_output=True, text=True, check=True)
    listed = json.loads(out.stdout)
    assert {q["name"] for q in listed} == {q.name for q in load_catalogue()}
    for q in listed:
        assert {"name", "title", "description", "parameters", "columns"} <= set(q)
        assert all({"name", "type", "default"} <= set(p) for p in q["parameters"])
    who = next(q for q in listed if q["name"] == "who_is_responsible")
    assert [(p["name"], p["type"], p["default"]) for p in who["parameters"]] == [
        ("name", "string", None), ("municipality", "string", None)]


def test_cli_query_and_its_errors(store_path):
    out = _cli(store_path, "query", "organisation_tree", "--param", f"municipality={ORSA}", "--json")
    assert out.returncode == 0, out.stderr
    assert {r["child"] for r in json.loads(out.stdout)} == {
        "Vuxenutbildningsenheten", "Arbetsmarknadsenheten", "SFI-enheten"}
    out = _cli(store_path, "query", "compare_municipalities", "--param", "task=SFI", "--param",
               "bogus=1")
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "unknown parameter(s) bogus" in out.stderr
    out = _cli(store_path, "query", "compare_municipalities", "--param", "task=SFI")
    assert out.returncode == 1
    assert "missing parameter(s) municipality_a, municipality_b" in out.stderr
    assert out.stderr.strip().count("\n") == 0


def test_cli_gaps_json(store_path):
    out = _cli(store_path, "gaps", "--json", "--municipality", ORSA)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {(r["gap"], r["name"]) for r in rows if r["gap"] == "goals_without_owner"} == {
        ("goals_without_owner", "alla nyanlända ska erbjudas samhällsorientering inom två månader")}
    for r in rows:
        assert r["municipality"] == ORSA and r["label"] and r["evidence"]
        assert all(ev["document"] and ev["sentence"] for ev in r["evidence"])
    text = _cli(store_path, "gaps")
    assert text.returncode == 0 and "Goals no board owns" in text.stdout
