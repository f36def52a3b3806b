"""Gap checks as small pure functions on the networkx graph, twins of queries/gaps/*.cypher.

Each function takes the MultiDiGraph of `store.to_networkx()` (see graph/nxgraph.py)
and returns the rows its Cypher twin returns, without the per-sentence split: one dict
per offending node with `label`, `name`, `municipality`, the twin's detail columns
(lists sorted) and `evidence`, the sorted `(document, sentence)` pairs. A test checks
that function and query agree on the same graph, which catches errors in either.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

__all__ = [
    "goals_without_owner",
    "policies_without_owner",
    "units_without_board",
    "agreements_without_responsible",
    "agreements_with_one_party",
    "tasks_without_responsible",
    "recommendation_followup",
    "boards_assessed_weak",
    "one_sided_collaborations",
    "ALL",
]

Row = dict[str, Any]
WEAK_VERDICTS = ("partly", "no")


def _nodes(G: nx.MultiDiGraph, label: str, municipality: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    for n, a in G.nodes(data=True):
        if a["label"] == label and (municipality is None or a["municipality"] == municipality):
            yield n, a


def _in(G: nx.MultiDiGraph, n: str, rel: str, label: str | None = None) -> list[str]:
    """The sources of `rel` edges into n (of `label`, when given)."""
    return [u for u, _, t in G.in_edges(n, data="type")
            if t == rel and (label is None or G.nodes[u]["label"] == label)]


def _out(G: nx.MultiDiGraph, n: str, rel: str, label: str | None = None) -> list[str]:
    return [v for _, v, t in G.out_edges(n, data="type")
            if t == rel and (label is None or G.nodes[v]["label"] == label)]


def _names(G: nx.MultiDiGraph, nodes: list[str]) -> list[str]:
    return sorted({G.nodes[n]["name"] for n in nodes})


def _mentions(attrs: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted({(ev["doc"], ev["sentence"]) for ev in attrs["evidence"]})


def _row(label: str, attrs: dict[str, Any], **details: Any) -> Row:
    return {"label": label, "name": attrs["name"], "municipality": attrs["municipality"],
            **details, "evidence": _mentions(attrs)}


def goals_without_owner(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Goals that no Board OWNS; `responsible` names who answers for them instead."""
    return [_row("Goal", a, responsible=_names(G, _in(G, n, "RESPONSIBLE_FOR")))
            for n, a in _nodes(G, "Goal", municipality) if not _in(G, n, "OWNS", "Board")]


def policies_without_owner(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Policies some Goal is DERIVED_FROM that no Board OWNS; `goals` lists those goals."""
    return [_row("Policy", a, goals=_names(G, goals))
            for n, a in _nodes(G, "Policy", municipality)
            if not _in(G, n, "OWNS", "Board") and (goals := _in(G, n, "DERIVED_FROM", "Goal"))]


def _reaches_board(G: nx.MultiDiGraph, n: str, max_steps: int) -> bool:
    frontier, seen = {n}, {n}
    for _ in range(max_steps):
        frontier = {p for u in frontier for p in _out(G, u, "PART_OF")} - seen
        if any(G.nodes[p]["label"] == "Board" for p in frontier):
            return True
        seen |= frontier
    return False


def units_without_board(G: nx.MultiDiGraph, municipality: str | None = None,
                        max_steps: int = 4) -> list[Row]:
    """Units from which no chain of at most `max_steps` PART_OF edges reaches a Board."""
    return [_row("Unit", a, parent=_names(G, _out(G, n, "PART_OF", "Unit")))
            for n, a in _nodes(G, "Unit", municipality) if not _reaches_board(G, n, max_steps)]


def agreements_without_responsible(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Agreements no Board or Unit is RESPONSIBLE_FOR; `parties` lists who is PARTY_TO it."""
    return [_row("Agreement", a, parties=_names(G, _in(G, n, "PARTY_TO")))
            for n, a in _nodes(G, "Agreement", municipality)
            if not (_in(G, n, "RESPONSIBLE_FOR", "Board") or _in(G, n, "RESPONSIBLE_FOR", "Unit"))]


def agreements_with_one_party(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Agreements with fewer than two PARTY_TO edges."""
    return [_row("Agreement", a, parties=_names(G, parties))
            for n, a in _nodes(G, "Agreement", municipality)
            if len(parties := _in(G, n, "PARTY_TO")) < 2]


def tasks_without_responsible(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Tasks nobody at all is RESPONSIBLE_FOR."""
    return [_row("Task", a) for n, a in _nodes(G, "Task", municipality)
            if not _in(G, n, "RESPONSIBLE_FOR")]


def recommendation_followup(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Recommendations ADDRESSED_TO a Board, with the later reports on the same
    municipality that mention them again (`followed_up` when there is one)."""
    rows = []
    for n, a in _nodes(G, "Recommendation", municipality):
        reports = [G.nodes[d] for d in a["documents"]]
        years = [r["year"] for r in reports if r.get("year") is not None]
        first = min(years) if years else None
        later = sorted({r["year"] for r in reports if first is not None and r.get("year") is not None
                        and r["year"] > first and r["municipality"] == a["municipality"]})
        for b in sorted(set(_out(G, n, "ADDRESSED_TO", "Board"))):
            rows.append(_row("Recommendation", a, board=G.nodes[b]["name"], first_year=first,
                             followed_up=bool(later), followup_years=later))
    return rows


def boards_assessed_weak(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """One row per report that ASSESSED a Board `partly` or `no`, with the
    recommendations the same report ADDRESSED_TO it."""
    rows = []
    for d, b, attrs in G.edges(data=True):
        if attrs["type"] != "ASSESSED" or attrs["verdict"] not in WEAK_VERDICTS:
            continue
        board = G.nodes[b]
        if municipality is not None and board["municipality"] != municipality:
            continue
        recs = [r for r in _in(G, b, "ADDRESSED_TO", "Recommendation") if d in G.nodes[r]["documents"]]
        rows.append({"label": "Board", "name": board["name"], "municipality": board["municipality"],
                     "verdict": attrs["verdict"], "year": G.nodes[d].get("year"),
                     "recommendations": _names(G, recs),
                     "evidence": sorted({(ev["doc"], ev["sentence"]) for ev in attrs["evidence"]
                                         if ev["doc"] == d})})
    return rows


def one_sided_collaborations(G: nx.MultiDiGraph, municipality: str | None = None) -> list[Row]:
    """Collaborations A–B, B in another municipality that has reports, where no report
    of B's municipality mentions A. The evidence is the collaboration's sentences in
    the reports that mention both."""
    covered = {a["municipality"] for _, a in G.nodes(data=True) if a["label"] == "Report"}
    rows = []
    for u, v, attrs in G.edges(data=True):
        if attrs["type"] != "COLLABORATES_WITH":
            continue
        for x, y in ((u, v), (v, u)):
            a, b = G.nodes[x], G.nodes[y]
            if municipality is not None and a["municipality"] != municipality:
                continue
            if (b["municipality"] in ("", a["municipality"]) or b["municipality"] not in covered
                    or any(G.nodes[r]["municipality"] == b["municipality"] for r in a["documents"])):
                continue
            both = set(a["documents"]) & set(b["documents"])
            if not both:
                continue
            label = a["label"]
            rows.append({"label": label, "name": a["name"], "municipality": a["municipality"],
                         "partner": b["name"], "partner_municipality": b["municipality"],
                         "evidence": sorted({(ev["doc"], ev["sentence"]) for ev in attrs["evidence"]
                                             if ev["doc"] in both})})
    return rows


# Each function under the name of its Cypher twin in queries/gaps/.
ALL = {f.__name__: f for f in (
    goals_without_owner, policies_without_owner, units_without_board,
    agreements_without_responsible, agreements_with_one_party, tasks_without_responsible,
    recommendation_followup, boards_assessed_weak, one_sided_collaborations)}
