"""The org-responsibility map: a municipality's organisations as a DAG, and what each owns.

Built from the networkx view of the store (`store.to_networkx()`) and the rows of
`find_gaps`, so it needs no Cypher of its own and works on every backend. The API serves
it as JSON and the map page draws it; `municipalities` and `edge_evidence` are the two
other views the API reads from the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from ansvarsgraf.errors import UnknownEdge, UnknownMunicipality
from ansvarsgraf.graph import schema
from ansvarsgraf.graph.model import node_key

__all__ = ["UnknownMunicipality", "UnknownEdge", "municipality_names", "municipalities",
           "org_map", "require_municipality", "edge_index", "edge_evidence", "gap_flags"]

ORGS = frozenset(schema.ORGANISATIONS)
# An organisation "owns or answers for" the targets of these types, "works with" those of
# the next, and is told what to do by the sources of ADDRESSED_TO.
OWNING = ("OWNS", "RESPONSIBLE_FOR", "PARTY_TO")
WORKING = ("COLLABORATES_WITH", "MEMBER_OF")
OWNABLE = frozenset(("Goal", "Task", "Agreement", "Policy"))
LABEL_ORDER = {label: i for i, label in enumerate(schema.ENTITY_LABELS)}


def municipality_names(G: nx.MultiDiGraph) -> list[str]:
    """Every municipality the graph knows: Municipality nodes and the `municipality` of
    other nodes and reports, sorted."""
    names = {a["municipality"] for _, a in G.nodes(data=True) if a.get("municipality")}
    names |= {a["name"] for _, a in G.nodes(data=True) if a["label"] == "Municipality"}
    return sorted(n for n in names if n)


def require_municipality(G: nx.MultiDiGraph, municipality: str) -> None:
    if municipality not in municipality_names(G):
        raise UnknownMunicipality(f"no municipality named {municipality!r} is in the graph; "
                                  "GET /municipalities lists them")


def gap_flags(gaps: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """The gap rows of `find_gaps` by node key: {key: [{gap, title}, ...]}."""
    out: dict[str, list[dict[str, str]]] = {}
    for g in gaps:
        key = node_key(g["label"], g.get("municipality") or "", g["name"])
        flag = {"gap": g["gap"], "title": g.get("title") or g["gap"]}
        if flag not in out.setdefault(key, []):
            out[key].append(flag)
    return out


def municipalities(G: nx.MultiDiGraph, gaps: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One summary per municipality: counts of organisations (boards, units, forums and
    the municipality's own external actors), goals, gaps and reports."""
    counts = {m: {"name": m, "organisations": 0, "goals": 0, "gaps": 0, "documents": 0}
              for m in municipality_names(G)}
    for _, a in G.nodes(data=True):
        c = counts.get(a.get("municipality") or "")
        if c is None:
            continue
        if a["label"] in ORGS and a["label"] != "Municipality":
            c["organisations"] += 1
        elif a["label"] == "Goal":
            c["goals"] += 1
        elif a["label"] == schema.REPORT:
            c["documents"] += 1
    for g in gaps:
        c = counts.get(g.get("municipality") or "")
        if c is not None:
            c["gaps"] += 1
    return list(counts.values())


def _ref(G: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    a = G.nodes[key]
    return {"key": key, "label": a["label"], "name": a["name"],
            "municipality": a.get("municipality") or ""}


def _link(G: nx.MultiDiGraph, other: str, ekey: str, attrs: dict[str, Any]) -> dict[str, Any]:
    return {**_ref(G, other), "relation": attrs["type"], "edge": ekey,
            "confidence": attrs.get("confidence"),
            "evidence": [ev["key"] for ev in attrs.get("evidence", [])]}


def _sort(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda i: (i.get("relation", ""), LABEL_ORDER.get(i["label"], 99),
                                        i["name"].casefold()))


def _members(G: nx.MultiDiGraph, municipality: str) -> tuple[set[str], set[str]]:
    """The organisations of a municipality's map, and which of them are beside it.

    Its own organisations, then everything under them by PART_OF (a joint board under this
    municipality though it belongs to another), then everything above (the other
    municipality a joint board also serves); external actors are the organisations they
    work with, drawn beside the hierarchy.
    """
    own = {k for k, a in G.nodes(data=True)
           if a["label"] in ORGS and (a.get("municipality") == municipality or (
               a["label"] == "Municipality" and a["name"] == municipality))}

    def part_of(u: str, down: bool) -> Iterable[str]:
        edges = G.in_edges(u, data=True) if down else G.out_edges(u, data=True)
        for s, t, a in edges:
            other = s if down else t
            if a["type"] == "PART_OF" and G.nodes[other]["label"] in ORGS:
                yield other

    members = set(own)
    for down in (True, False):
        stack = list(members)
        while stack:
            u = stack.pop()
            for other in part_of(u, down):
                if other not in members:
                    members.add(other)
                    stack.append(other)
    beside: set[str] = set()
    for u in members:
        for s, t, a in list(G.out_edges(u, data=True)) + list(G.in_edges(u, data=True)):
            other = t if s == u else s
            if a["type"] in WORKING and G.nodes[other]["label"] in ORGS and other not in members:
                beside.add(other)
    return members | beside, beside


def _hierarchy(G: nx.MultiDiGraph, members: set[str]) -> tuple[nx.DiGraph, list[str]]:
    """PART_OF among members as a DAG (child -> parent): edges are taken strongest first
    and one that would close a cycle is left out (and reported)."""
    D = nx.DiGraph()
    D.add_nodes_from(members)
    dropped = []
    part_of = [(a.get("confidence") or 0.0, k, u, v) for u, v, k, a in G.edges(keys=True, data=True)
               if a["type"] == "PART_OF" and u in members and v in members]
    for _, k, u, v in sorted(part_of, key=lambda e: (-e[0], e[1])):
        if u == v or nx.has_path(D, v, u):
            dropped.append(k)
        else:
            D.add_edge(u, v, key=k)
    return D, dropped


def _levels(D: nx.DiGraph) -> dict[str, int]:
    """Depth of each organisation: 0 for a top (no parent), else one below its lowest parent."""
    level: dict[str, int] = {}
    for n in reversed(list(nx.topological_sort(D))):  # parents before children
        level[n] = max((level[p] + 1 for p in D.successors(n)), default=0)
    return level


def org_map(G: nx.MultiDiGraph, municipality: str,
            gaps: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The org-responsibility map of one municipality.

    Organisations form a DAG by PART_OF (`parents`, several allowed); each lists what it
    owns or answers for (OWNS, RESPONSIBLE_FOR, PARTY_TO), whom it works with
    (COLLABORATES_WITH, MEMBER_OF), the recommendations addressed to it, the reports'
    verdicts on it and its gap flags. Every link names its edge key and evidence ids
    (GET /evidence/{edge}). `unowned` lists the municipality's goals, tasks, agreements
    and policies nobody owns or answers for.
    """
    require_municipality(G, municipality)
    flags = gap_flags(gaps)
    members, beside = _members(G, municipality)
    D, dropped = _hierarchy(G, members)
    levels = _levels(D)
    claimed: set[str] = set()
    orgs = []
    for key in members:
        org = {**_ref(G, key), "external": key in beside, "level": levels[key],
               "parents": [], "owns": [], "works_with": [], "recommendations": [],
               "assessments": [], "gaps": flags.get(key, [])}

        def here(other: str, key: str = key) -> bool:
            # An actor beside the map (Arbetsförmedlingen) works with every municipality:
            # show only its links into this one.
            return key not in beside or other in members and other not in beside or \
                G.nodes[other].get("municipality") in (municipality, "")

        for _, t, k, a in G.out_edges(key, keys=True, data=True):
            if not here(t):
                continue
            if a["type"] == "PART_OF" and D.has_edge(key, t):
                org["parents"].append(_link(G, t, k, a))
            elif a["type"] in OWNING:
                org["owns"].append({**_link(G, t, k, a), "gaps": flags.get(t, [])})
                claimed.add(t)
            elif a["type"] in WORKING:
                org["works_with"].append(_link(G, t, k, a))
        for s, _, k, a in G.in_edges(key, keys=True, data=True):
            if not here(s):
                continue
            if a["type"] == "COLLABORATES_WITH":
                org["works_with"].append(_link(G, s, k, a))
            elif a["type"] == "ADDRESSED_TO":
                org["recommendations"].append(_link(G, s, k, a))
            elif a["type"] == "ASSESSED":
                org["assessments"].append({"document": s, "title": G.nodes[s]["name"],
                                           "verdict": a.get("verdict"), "edge": k,
                                           "evidence": [ev["key"] for ev in a.get("evidence", [])]})
        for field in ("parents", "owns", "works_with", "recommendations"):
            org[field] = _sort(org[field])
        org["assessments"].sort(key=lambda x: (x["title"], x["document"]))
        orgs.append(org)
    orgs.sort(key=lambda o: (o["external"], o["level"], LABEL_ORDER.get(o["label"], 99),
                             o["name"].casefold()))
    unowned = [{**_ref(G, k), "gaps": flags.get(k, [])} for k, a in G.nodes(data=True)
               if a.get("municipality") == municipality and a["label"] in OWNABLE
               and k not in claimed and not _claimed_elsewhere(G, k)]
    gap_rows = [{**_ref(G, k), "gaps": f} for k, f in flags.items()
                if k in G and (k in members or G.nodes[k].get("municipality") == municipality)]
    return {"municipality": municipality, "organisations": orgs,
            "unowned": _sort(unowned), "gaps": _sort(gap_rows), "dropped_cycle_edges": dropped}


def _claimed_elsewhere(G: nx.MultiDiGraph, key: str) -> bool:
    return any(a["type"] in OWNING for _, _, a in G.in_edges(key, data=True))


def edge_index(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Edge key -> (source, target), to look edges up by key."""
    return {k: (u, v) for u, v, k in G.edges(keys=True)}


def edge_evidence(G: nx.MultiDiGraph, key: str,
                  index: dict[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """An edge with the evidence behind it: each record's document (id, title, file),
    page, sentence, confidence and the rule that read it."""
    ends = (index if index is not None else edge_index(G)).get(key)
    if ends is None:
        raise UnknownEdge(f"no edge with key {key!r}; the map and the pages name edge keys")
    u, v = ends
    a = G.edges[u, v, key]
    records = []
    for ev in a.get("evidence", []):
        doc = G.nodes[ev["doc"]] if ev["doc"] in G else {}
        records.append({"id": ev["key"], "document": ev["doc"], "title": doc.get("title") or "",
                        "file_name": doc.get("file_name") or "", "page": ev.get("page"),
                        "sentence": ev["sentence"], "start": ev.get("start"),
                        "end": ev.get("end"), "confidence": ev["confidence"], "rule": ev["rule"]})
    return {"edge": key, "type": a["type"], "source": _ref(G, u), "target": _ref(G, v),
            "verdict": a.get("verdict"), "confidence": a.get("confidence"), "evidence": records}
