"""The map page: the org-responsibility map JSON drawn as a layered hierarchy in inline
SVG (several parents allowed; external actors in a column beside), with owned goals and
gaps in the boxes and the evidence of every link a hover away. No CDN, no network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"


def edge_keys(org_map: dict[str, Any]) -> list[str]:
    """Every edge key the map names."""
    keys: set[str] = set()
    for org in org_map["organisations"]:
        for field in ("parents", "owns", "works_with", "recommendations", "assessments"):
            keys.update(link["edge"] for link in org[field])
    return sorted(keys)


def render_map_page(org_map: dict[str, Any], evidence_of: Callable[[str], dict[str, Any]]) -> str:
    """The page for one map; `evidence_of(edge_key)` gives GET /evidence's answer, which
    is embedded so the page needs no further request."""
    from jinja2 import Environment, FileSystemLoader

    evidence = {}
    for key in edge_keys(org_map):
        e = evidence_of(key)
        evidence[key] = {"type": e["type"], "source": e["source"]["name"],
                         "target": e["target"]["name"],
                         "records": [{"sentence": r["sentence"], "document": r["title"] or
                                      r["file_name"] or r["document"][:12], "page": r["page"],
                                      "rule": r["rule"], "confidence": r["confidence"]}
                                     for r in e["evidence"][:3]]}
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env.get_template("map.html").render(map=org_map, evidence=evidence,
                                               municipality=org_map["municipality"])
