"""The org-responsibility map and the evidence route on a graph whose shape we know.

The document is one we wrote for the test (two municipalities sharing a joint board, a
unit under two boards, goals owned and not), loaded into a real embedded store, so the
assertions do not depend on how far the extractor has come.
"""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from ansvarsgraf.api.main import create_app
from ansvarsgraf.graph.embedded import EmbeddedStore
from ansvarsgraf.graph.model import DocumentGraph, Edge, Evidence, Node, Report

TESTBY, GRANNBY = "Testby kommun", "Grannby kommun"
SENTENCES = {
    "PART_OF:ks": "Kommunstyrelsen lyder under kommunfullmäktige i Testby kommun.",
    "PART_OF:son": "Socialnämnden lyder under kommunfullmäktige.",
    "PART_OF:joint-t": "Gemensamma överförmyndarnämnden är gemensam för Testby kommun och Grannby kommun.",
    "PART_OF:joint-g": "Grannby kommun deltar i den gemensamma överförmyndarnämnden.",
    "PART_OF:ie-ks": "Integrationsenheten ligger organisatoriskt under kommunstyrelsen.",
    "PART_OF:ie-son": "Integrationsenheten rapporterar även till socialnämnden i frågor om mottagande.",
    "OWNS:goal": "Kommunstyrelsen har satt som mål att minst 60 procent av de nyanlända ska ha arbete.",
    "RESPONSIBLE_FOR:task": "Integrationsenheten ansvarar för samordningen av integrationsarbetet.",
    "COLLABORATES_WITH:af": "Integrationsenheten samverkar med Arbetsförmedlingen.",
    "COLLABORATES_WITH:af-g": "I Grannby arbetar Arbetsmarknadsenheten med Arbetsförmedlingen.",
    "ADDRESSED_TO:rec": "Vi rekommenderar kommunstyrelsen att fördela ansvaret för målen.",
    "ASSESSED:ks": "Vår bedömning är att kommunstyrelsen delvis säkerställer integrationsarbetet.",
    "MENTION": "Alla nyanlända barn ska erbjudas förskola inom tre månader.",
}


def map_document() -> DocumentGraph:
    """A hand-written report with the shapes the map must carry."""
    data = "\n".join(SENTENCES.values()).encode()
    doc_id = Report.id_of(data)
    report = Report(doc_id, "testby-granskning.txt", "Granskning av integrationsarbetet i Testby",
                    TESTBY, 2022, "text", len(data))
    spans: dict[str, Evidence] = {}
    pos = 0
    for key, sentence in SENTENCES.items():
        spans[key] = Evidence(doc_id, sentence, pos, pos + len(sentence), 0.9,
                              f"test-{key.split(':')[0].lower()}", page=2)
        pos += len(sentence) + 1
    mention = (spans["MENTION"],)

    def n(label: str, name: str, muni: str = TESTBY) -> Node:
        return Node(label, name, muni, (), mention)

    m, g = n("Municipality", TESTBY), n("Municipality", GRANNBY, GRANNBY)
    kf, ks, son = n("Board", "Kommunfullmäktige"), n("Board", "Kommunstyrelsen"), n("Board", "Socialnämnden")
    joint = n("Board", "Gemensamma överförmyndarnämnden")
    ie = n("Unit", "Integrationsenheten")
    grannby_unit = n("Unit", "Arbetsmarknadsenheten", GRANNBY)
    af = n("ExternalActor", "Arbetsförmedlingen", "")
    owned = n("Goal", "minst 60 procent av de nyanlända ska ha arbete")
    orphan = n("Goal", "alla nyanlända barn ska erbjudas förskola inom tre månader")
    task = n("Task", "samordningen av integrationsarbetet")
    rec = n("Recommendation", "fördela ansvaret för målen")
    nodes = [m, g, kf, ks, son, joint, ie, grannby_unit, af, owned, orphan, task, rec]

    def e(rel: str, a: Node, b: Node, ev: str, verdict: str | None = None) -> Edge:
        return Edge(rel, a.key, b.key, (spans[ev],), verdict)

    edges = [
        e("PART_OF", kf, m, "PART_OF:ks"), e("PART_OF", ks, kf, "PART_OF:ks"),
        e("PART_OF", son, kf, "PART_OF:son"),
        e("PART_OF", joint, m, "PART_OF:joint-t"), e("PART_OF", joint, g, "PART_OF:joint-g"),
        e("PART_OF", ie, ks, "PART_OF:ie-ks"), e("PART_OF", ie, son, "PART_OF:ie-son"),
        e("OWNS", ks, owned, "OWNS:goal"), e("RESPONSIBLE_FOR", ie, task, "RESPONSIBLE_FOR:task"),
        e("COLLABORATES_WITH", ie, af, "COLLABORATES_WITH:af"),
        e("COLLABORATES_WITH", grannby_unit, af, "COLLABORATES_WITH:af-g"),
        e("ADDRESSED_TO", rec, ks, "ADDRESSED_TO:rec"),
        Edge("ASSESSED", report.key, ks.key, (spans["ASSESSED:ks"],), "partly"),
    ]
    return DocumentGraph.build(report, nodes, edges, data.decode()).validate()


@pytest.fixture(scope="module")
def map_store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "store"
    with EmbeddedStore(path) as store:
        assert store.write_document(map_document()).loaded
    return path


@pytest.fixture(scope="module")
def client(map_store_path):
    with TestClient(create_app(store_uri=str(map_store_path))) as c:
        yield c


def org(the_map, name):
    found = [o for o in the_map["organisations"] if o["name"] == name]
    assert len(found) == 1, f"{name} appears {len(found)} times in the map"
    return found[0]


def test_the_map_is_a_dag_where_a_unit_has_two_boards_above_it(client):
    m = client.get(f"/municipalities/{TESTBY}/map").json()
    ie = org(m, "Integrationsenheten")
    assert {p["name"] for p in ie["parents"]} == {"Kommunstyrelsen", "Socialnämnden"}
    assert {p["relation"] for p in ie["parents"]} == {"PART_OF"}
    levels = {o["name"]: o["level"] for o in m["organisations"] if not o["external"]}
    assert levels[TESTBY] == 0 and levels["Kommunfullmäktige"] == 1
    assert levels["Kommunstyrelsen"] == 2 and levels["Integrationsenheten"] == 3
    for o in m["organisations"]:
        for p in o["parents"]:
            assert levels[p["name"]] < o["level"], f"{p['name']} is not above {o['name']}"
    assert m["dropped_cycle_edges"] == []


def test_a_joint_board_serves_both_municipalities(client):
    for muni in (TESTBY, GRANNBY):
        m = client.get(f"/municipalities/{muni}/map").json()
        joint = org(m, "Gemensamma överförmyndarnämnden")
        assert {p["name"] for p in joint["parents"]} == {TESTBY, GRANNBY}, muni


def test_each_organisation_lists_what_it_owns_and_whom_it_works_with(client):
    m = client.get(f"/municipalities/{TESTBY}/map").json()
    ks = org(m, "Kommunstyrelsen")
    assert [(o["relation"], o["label"], o["name"]) for o in ks["owns"]] == [
        ("OWNS", "Goal", "minst 60 procent av de nyanlända ska ha arbete")]
    assert [r["name"] for r in ks["recommendations"]] == ["fördela ansvaret för målen"]
    assert [a["verdict"] for a in ks["assessments"]] == ["partly"]
    ie = org(m, "Integrationsenheten")
    assert [(o["relation"], o["label"]) for o in ie["owns"]] == [("RESPONSIBLE_FOR", "Task")]
    assert [(w["relation"], w["name"]) for w in ie["works_with"]] == [
        ("COLLABORATES_WITH", "Arbetsförmedlingen")]
    af = org(m, "Arbetsförmedlingen")
    assert af["external"] is True and af["parents"] == []
    # Arbetsförmedlingen also works with Grannby's unit: not drawn on Testby's map.
    assert [w["name"] for w in af["works_with"]] == ["Integrationsenheten"]
    assert "Arbetsmarknadsenheten" not in [o["name"] for o in m["organisations"]]


def test_gap_flags_mark_the_goal_nobody_owns(client):
    m = client.get(f"/municipalities/{TESTBY}/map").json()
    unowned = {u["name"]: u for u in m["unowned"]}
    orphan = unowned["alla nyanlända barn ska erbjudas förskola inom tre månader"]
    assert "goals_without_owner" in [g["gap"] for g in orphan["gaps"]]
    assert "minst 60 procent av de nyanlända ska ha arbete" not in unowned
    owned = org(m, "Kommunstyrelsen")["owns"][0]
    assert "goals_without_owner" not in [g["gap"] for g in owned["gaps"]]
    assert any(g["name"] == orphan["name"] for g in m["gaps"])


def test_every_edge_of_the_map_leads_to_its_evidence(client):
    m = client.get(f"/municipalities/{TESTBY}/map").json()
    links = [(o["name"], link) for o in m["organisations"]
             for field in ("parents", "owns", "works_with", "recommendations")
             for link in o[field]]
    assert len(links) >= 8
    for name, link in links:
        assert link["evidence"], f"{name} -> {link['name']} has no evidence ids"
        ev = client.get(f"/evidence/{link['edge']}")
        assert ev.status_code == 200
        body = ev.json()
        assert body["type"] == link["relation"]
        assert [r["id"] for r in body["evidence"]] == link["evidence"]
        for r in body["evidence"]:
            assert r["sentence"] in SENTENCES.values()
            assert r["title"] == "Granskning av integrationsarbetet i Testby"
            assert r["page"] == 2 and r["confidence"] == pytest.approx(0.9)
            assert r["rule"].startswith("test-")


def test_evidence_of_a_unit_under_the_board(client):
    m = client.get(f"/municipalities/{TESTBY}/map").json()
    link = next(p for p in org(m, "Integrationsenheten")["parents"] if p["name"] == "Kommunstyrelsen")
    body = client.get(f"/evidence/{link['edge']}").json()
    assert body["source"]["name"] == "Integrationsenheten"
    assert body["target"]["name"] == "Kommunstyrelsen"
    assert body["evidence"][0]["sentence"] == SENTENCES["PART_OF:ie-ks"]
    assert body["evidence"][0]["document"] == hashlib.sha256(
        "\n".join(SENTENCES.values()).encode()).hexdigest()


def test_unknown_edge_is_404_with_a_message(client):
    r = client.get("/evidence/not-an-edge")
    assert r.status_code == 404
    assert "not-an-edge" in r.json()["detail"]


def test_municipality_counts(client):
    rows = {r["name"]: r for r in client.get("/municipalities").json()}
    assert set(rows) == {TESTBY, GRANNBY}
    t = rows[TESTBY]
    # Kommunfullmäktige, Kommunstyrelsen, Socialnämnden, the joint board, the unit
    assert (t["organisations"], t["goals"], t["documents"]) == (5, 2, 1)
    assert t["gaps"] >= 1  # at least the unowned goal
    assert rows[GRANNBY]["organisations"] == 1


def test_the_map_page_embeds_the_map_and_its_evidence(client):
    r = client.get(f"/map/{TESTBY}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Integrationsenheten" in r.text
    assert SENTENCES["PART_OF:ie-son"] in r.text
    assert "<script src" not in r.text and "<link" not in r.text


def test_a_write_by_another_writer_is_seen_after_the_refresh_interval(tmp_path):
    """Writes through the API clear the cache at once; a write that bypasses it (another
    client of a shared Neo4j, here the store object itself) shows once the list of
    documents is checked again: at once for routes that wait, one answer late for the
    map, which serves the cached one while it checks."""
    import time

    from ansvarsgraf.pipeline import extract_path

    from conftest import demo_reports  # type: ignore[import-not-found]

    with EmbeddedStore(tmp_path / "store") as store:
        store.write_document(map_document())
    with TestClient(create_app(store_uri=str(tmp_path / "store"))) as c:
        assert [m["name"] for m in c.get("/municipalities").json()] == [GRANNBY, TESTBY]
        before = c.get(f"/municipalities/{TESTBY}/map").json()
        holder = c.app.state.stores
        holder.cache.refresh_s = 0.0
        orsa = next(p for p in demo_reports() if p.name.startswith("orsa"))
        holder.store.write_document(extract_path(orsa))
        assert "Orsa kommun" in [m["name"] for m in c.get("/municipalities").json()]
        deadline = time.monotonic() + 30
        while c.get("/municipalities/Orsa kommun/map").status_code != 200:
            assert time.monotonic() < deadline, "the map never saw the new document"
            time.sleep(0.05)
        assert c.get(f"/municipalities/{TESTBY}/map").json() == before


@pytest.mark.neo4j
def test_the_map_is_the_same_on_neo4j(neo4j_server, neo4j_store, client):
    """The same document on a Neo4j 5 server gives the same map, gaps and evidence."""
    from ansvarsgraf.api import deps
    from ansvarsgraf.settings import Settings

    neo4j_store.write_document(map_document())
    app = create_app(store_uri=neo4j_server.uri)
    app.dependency_overrides[deps.get_settings] = lambda: Settings(
        neo4j_user=neo4j_server.user, neo4j_password=neo4j_server.password)
    with TestClient(app) as on_neo4j:
        assert on_neo4j.get("/municipalities").json() == client.get("/municipalities").json()
        for muni in (TESTBY, GRANNBY):
            url = f"/municipalities/{muni}/map"
            assert on_neo4j.get(url).json() == client.get(url).json(), muni
        m = client.get(f"/municipalities/{TESTBY}/map").json()
        edge = org(m, "Integrationsenheten")["parents"][0]["edge"]
        assert on_neo4j.get(f"/evidence/{edge}").json() == client.get(f"/evidence/{edge}").json()
