"""The exploration page (pyvis, JavaScript inlined so it works offline)."""

from __future__ import annotations

from typing import Any

import networkx as nx

COLOURS = {"Municipality": "#6c757d", "Board": "#1f77b4", "Unit": "#17becf",
           "ExternalActor": "#ff7f0e", "Forum": "#9467bd", "Goal": "#2ca02c",
           "Agreement": "#8c564b", "Policy": "#bcbd22", "Task": "#7f7f7f",
           "Recommendation": "#d62728", "Report": "#c7c7c7"}


def render_page(G: nx.MultiDiGraph, gaps: Any = None) -> str:
    from pyvis.network import Network

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for key, a in G.nodes(data=True):
        if a["label"] == "Report":
            continue
        net.add_node(key, label=a["name"][:40], title=f"{a['label']}: {a['name']}",
                     color=COLOURS.get(a["label"], "#999"))
    for u, v, _, a in G.edges(keys=True, data=True):
        if u in net.get_nodes() and v in net.get_nodes():
            ev = a["evidence"][0]["sentence"] if a["evidence"] else ""
            net.add_edge(u, v, label=a["type"], title=ev)
    return net.generate_html()
