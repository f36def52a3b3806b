"""The exploration page: the graph drawn with pyvis's vis-network, inlined so it works offline.

pyvis's own template still links Bootstrap from a CDN, so the page uses its own template
(`templates/explore.html`) and takes only vis-network from pyvis. Node and edge lists are
built here (pyvis's `add_edge` is quadratic), positions are precomputed with networkx, and
physics is off beyond `PHYSICS_MAX` nodes, so a big graph is usable at once (see
design/pyvis.md for the timings).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ansvarsgraf.graph import schema
from ansvarsgraf.graph.orgmap import gap_flags

COLOURS = {"Municipality": "#6c757d", "Board": "#1f77b4", "Unit": "#17becf",
           "ExternalActor": "#ff7f0e", "Forum": "#9467bd", "Goal": "#2ca02c",
           "Agreement": "#8c564b", "Policy": "#bcbd22", "Task": "#7f7f7f",
           "Recommendation": "#e377c2", "Report": "#c7c7c7"}
SHAPES = {"Municipality": "star", "Board": "square", "Unit": "dot", "ExternalActor": "diamond",
          "Forum": "hexagon", "Goal": "triangle", "Agreement": "triangleDown",
          "Policy": "square", "Task": "dot", "Recommendation": "star", "Report": "dot"}
SIZES = {"Municipality": 26, "Board": 18, "Unit": 14, "ExternalActor": 16, "Forum": 14}
GAP_COLOUR = "#d62728"
PHYSICS_MAX = 300  # nodes; above this the layout is fixed
SPRING_MAX = 400  # nodes per group laid out with all spring iterations
TEMPLATES = Path(__file__).parent / "templates"


def _short(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def select(G: nx.MultiDiGraph, municipality: str | None = None,
           labels: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The part of G the page draws: no reports; only `labels`; for a municipality, its
    nodes and the national actors linked to them."""
    wanted = set(labels or schema.ENTITY_LABELS)
    keep = {k for k, a in G.nodes(data=True) if a["label"] in wanted}
    if municipality:
        own = {k for k in keep if G.nodes[k].get("municipality") == municipality}
        linked = {o for k in own for o in nx.all_neighbors(G, k)
                  if o in keep and not G.nodes[o].get("municipality")}
        keep = own | linked
    return G.subgraph(keep)


def _groups(H: nx.Graph) -> dict[str, list[str]]:
    """Nodes by municipality; a national actor joins the municipality most of its
    neighbours belong to, so it is drawn near them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for n, a in H.nodes(data=True):
        m = a.get("municipality") or ""
        if not m:
            near = Counter(H.nodes[o].get("municipality") or "" for o in H.neighbors(n))
            near.pop("", None)
            m = near.most_common(1)[0][0] if near else ""
        groups[m].append(n)
    return groups


Layout = dict[str, tuple[float, float]]


def _pack(parts: list[Layout], gap: float = 60.0) -> Layout:
    """Place laid-out parts side by side in rows of about equal width, biggest first."""
    boxes = []
    for part in sorted(parts, key=lambda p: -len(p)):
        xs, ys = [p[0] for p in part.values()], [p[1] for p in part.values()]
        boxes.append((part, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    width = max(max((b[3] for b in boxes), default=0.0),
                math.sqrt(sum((b[3] + gap) * (b[4] + gap) for b in boxes)) * 1.2)
    out: Layout = {}
    x = y = row = 0.0
    for part, x0, y0, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        for k, (px, py) in part.items():
            out[k] = (round(x + px - x0, 1), round(y + py - y0, 1))
        x += w + gap
        row = max(row, h)
    return out


def _spring(H: nx.Graph) -> Layout:
    """One connected part: spring_layout scaled so that nodes keep about 60 px apart."""
    n = H.number_of_nodes()
    if n == 1:
        return {next(iter(H)): (0.0, 0.0)}
    scale = 45.0 * math.sqrt(n)
    pos = nx.spring_layout(H, seed=42, iterations=50 if n <= SPRING_MAX else 15)
    return {k: (float(p[0]) * scale, float(p[1]) * scale) for k, p in pos.items()}


def positions(H: nx.Graph) -> Layout:
    """Pixel positions, cheap enough for thousands of nodes: each municipality's connected
    parts laid out with `spring_layout` on their own (small, so fast), lone nodes in a
    grid beside them, and the municipalities packed in rows."""
    groups = []
    for _, nodes in sorted(_groups(H).items()):
        sub = H.subgraph(nodes)
        parts = [_spring(sub.subgraph(c)) for c in nx.connected_components(sub) if len(c) > 1]
        lone = sorted(k for k in nodes if sub.degree(k) == 0)
        if lone:
            cols = max(1, math.ceil(math.sqrt(len(lone))))
            parts.append({k: (float(i % cols) * 50.0, float(i // cols) * 40.0)
                          for i, k in enumerate(lone)})
        groups.append(_pack(parts, gap=40.0))
    return _pack(groups, gap=160.0)


def _document_titles(G: nx.MultiDiGraph) -> dict[str, str]:
    return {k: a.get("title") or a.get("file_name") or a["name"] or k[:12]
            for k, a in G.nodes(data=True) if a["label"] == schema.REPORT}


def _evidence(records: list[dict[str, Any]], titles: dict[str, str], limit: int = 3
              ) -> list[dict[str, Any]]:
    return [{"document": titles.get(r["doc"], r["doc"][:12]), "page": r.get("page"),
             "sentence": _short(r["sentence"], 400), "rule": r.get("rule"),
             "confidence": r.get("confidence")} for r in records[:limit]]


def graph_data(G: nx.MultiDiGraph, H: nx.MultiDiGraph, flags: dict[str, list[dict[str, str]]]
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network node and edge dicts, built directly (not through pyvis's add_edge).

    Each carries `head` and `evidence`; the page makes the tooltip (`title`) from them,
    which keeps a big page about a third smaller than sending both."""
    titles = _document_titles(G)
    big = H.number_of_nodes() > PHYSICS_MAX
    pos = positions(nx.Graph(H))
    nodes = []
    for k, a in H.nodes(data=True):
        label, gaps = a["label"], flags.get(k, [])
        evidence = _evidence(a.get("evidence", []), titles)
        where = f" · {a['municipality']}" if a.get("municipality") else " · nationell"
        head = f"{label}{where}\n{a['name']}"
        if gaps:
            head += "\n⚠ " + "; ".join(g["title"] for g in gaps)
        colour = COLOURS.get(label, "#999999")
        nodes.append({
            "id": k, "label": ("⚠ " if gaps else "") + _short(a["name"], 40),
            "head": head, "shape": SHAPES.get(label, "dot"),
            "size": SIZES.get(label, 10),
            "color": {"background": colour, "border": GAP_COLOUR if gaps else colour,
                      "highlight": {"background": colour, "border": "#000000"}},
            "borderWidth": 4 if gaps else 1, "x": pos[k][0], "y": pos[k][1],
            "kind": label, "name": a["name"], "municipality": a.get("municipality") or "",
            "gaps": [g["title"] for g in gaps], "evidence": evidence,
        })
    edges = []
    for u, v, k, a in H.edges(keys=True, data=True):
        evidence = _evidence(a.get("evidence", []), titles)
        conf = a.get("confidence")
        head = f"{a['type']}" + (f" ({a['verdict']})" if a.get("verdict") else "") + \
            (f" · confidence {conf:.2f}" if isinstance(conf, float) else "")
        rel = schema.REL_TYPES.get(a["type"])
        undirected = rel is not None and rel.undirected
        edges.append({
            "id": k, "from": u, "to": v, "head": head,
            "label": None if big else a["type"], "arrows": "" if undirected else "to",
            "dashes": undirected, "type": a["type"], "evidence": evidence,
            "source": H.nodes[u]["name"], "target": H.nodes[v]["name"],
        })
    return nodes, edges


def options(n_nodes: int) -> dict[str, Any]:
    small = n_nodes <= PHYSICS_MAX
    return {
        "physics": {"enabled": small, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": small, "iterations": 120, "fit": True}},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not small,
                        "navigationButtons": False, "multiselect": False},
        "edges": {"smooth": False,  # straight: no hidden physics nodes, cheap to draw
                  "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#333333"},
                  "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"},
                  "width": 1.2, "selectionWidth": 2},
        "nodes": {"font": {"size": 13, "face": "sans-serif"}},
    }


def render_page(G: nx.MultiDiGraph, gaps: Iterable[dict[str, Any]] | None = None, *,
                municipality: str | None = None, labels: Iterable[str] | None = None,
                title: str = "ansvarsgraf: utforska grafen") -> str:
    """The exploration page of G as one self-contained HTML file (no network needed).

    `gaps` are `find_gaps` rows: their nodes are marked. `municipality` and `labels`
    preselect what is drawn; the page's own filters narrow it further.
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    from pyvis.network import Network

    H = select(G, municipality, labels)
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    net.nodes, net.edges = graph_data(G, H, gap_flags(gaps or []))
    net.options = options(len(net.nodes))
    nodes, edges, _, _, _, opts = net.get_network_data()
    # vis-network's bundle comes from pyvis's own template folder, inlined by {% include %}.
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATES)),
                                           FileSystemLoader(net.template_dir)]),
                      autoescape=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    shown = Counter(n["kind"] for n in nodes)
    legend = [{"label": lb, "colour": COLOURS[lb], "shape": SHAPES[lb], "count": shown.get(lb, 0)}
              for lb in schema.ENTITY_LABELS]
    municipalities = sorted({n["municipality"] for n in nodes if n["municipality"]})
    return env.get_template("explore.html").render(
        title=title, nodes=nodes, edges=edges, options=json.loads(opts), legend=legend,
        municipalities=municipalities, selected=municipality or "",
        gap_count=sum(1 for n in nodes if n["gaps"]), big=len(nodes) > PHYSICS_MAX)
