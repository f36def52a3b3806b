"""The graph schema of SCHEMA.md, declared once in code.

Each backend's DDL (LadybugDB tables, Neo4j constraints) and the model's validation are
generated from these tables, so a label or a relationship type is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

# Property types, named as LadybugDB spells them; Neo4j needs no declaration.
STRING, INT64, DOUBLE = "STRING", "INT64", "DOUBLE"

ORGANISATIONS = ("Municipality", "Board", "Unit", "ExternalActor", "Forum")
STATEMENTS = ("Goal", "Agreement", "Policy", "Task", "Recommendation")
ENTITY_LABELS = ORGANISATIONS + STATEMENTS
REPORT = "Report"
EVIDENCE = "Evidence"

ENTITY_PROPERTIES: dict[str, str] = {"key": STRING, "name": STRING, "municipality": STRING}
REPORT_PROPERTIES: dict[str, str] = {
    **ENTITY_PROPERTIES,
    "file_name": STRING,
    "title": STRING,
    "year": INT64,
    "format": STRING,
    "chars": INT64,
    # what the extraction produced, so an integrity check can tell a complete document
    "node_count": INT64,
    "edge_count": INT64,
    "evidence_count": INT64,
}
# One record per (edge, document, sentence, rule): forgetting a document deletes its
# records, and an edge left with none goes too.
EVIDENCE_PROPERTIES: dict[str, str] = {
    "key": STRING,
    "edge_key": STRING,
    "rel_type": STRING,
    "doc": STRING,
    "sentence": STRING,
    "char_start": INT64,  # `start`/`end` are reserved words in LadybugDB
    "char_end": INT64,
    "page": INT64,
    "confidence": DOUBLE,
    "rule": STRING,
}
# Every relationship table carries the same properties, so a query may read any of them
# on any relationship (LadybugDB errors on a property some table lacks).
REL_PROPERTIES: dict[str, str] = {"key": STRING, "confidence": DOUBLE, "verdict": STRING}
VERDICTS = ("yes", "partly", "no")


@dataclass(frozen=True)
class RelType:
    name: str
    pairs: tuple[tuple[str, str], ...]
    undirected: bool = False
    internal: bool = False  # bookkeeping, not a SCHEMA.md relationship

    def allows(self, src: str, dst: str) -> bool:
        return (src, dst) in self.pairs


def _product(sources: tuple[str, ...], targets: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((s, t) for s in sources for t in targets)


REL_TYPES: dict[str, RelType] = {
    r.name: r
    for r in (
        RelType(
            "PART_OF",
            (("Unit", "Board"), ("Unit", "Unit"), ("Board", "Board"), ("Board", "Municipality")),
        ),
        RelType("OWNS", _product(("Board",), ("Goal", "Policy"))),
        RelType(
            "RESPONSIBLE_FOR",
            _product(ORGANISATIONS, ("Task", "Agreement", "Goal", "Policy")),
        ),
        RelType("COLLABORATES_WITH", _product(ORGANISATIONS, ORGANISATIONS), undirected=True),
        RelType("MEMBER_OF", _product(ORGANISATIONS, ("Forum",))),
        RelType("PARTY_TO", _product(ORGANISATIONS, ("Agreement",))),
        RelType("ADDRESSED_TO", _product(("Recommendation",), ("Board", "Unit"))),
        RelType("DERIVED_FROM", (("Goal", "Goal"), ("Goal", "Policy"), ("Policy", "Policy"))),
        RelType("ASSESSED", ((REPORT, "Board"),)),
        # A report mentions each node it contributed; a node no report mentions is gone.
        RelType("MENTIONS", _product((REPORT,), ENTITY_LABELS), internal=True),
    )
}
SCHEMA_REL_TYPES = tuple(name for name, r in REL_TYPES.items() if not r.internal)


def node_properties(label: str) -> dict[str, str]:
    if label == REPORT:
        return REPORT_PROPERTIES
    if label == EVIDENCE:
        return EVIDENCE_PROPERTIES
    return ENTITY_PROPERTIES


ALL_NODE_LABELS = ENTITY_LABELS + (REPORT, EVIDENCE)


def ladybug_ddl() -> list[str]:
    """`CREATE … TABLE IF NOT EXISTS` statements for every label and relationship type."""
    out = []
    for label in ALL_NODE_LABELS:
        cols = ", ".join(f"{k} {t}" for k, t in node_properties(label).items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY(key))")
    for rel in REL_TYPES.values():
        pairs = ", ".join(f"FROM {s} TO {t}" for s, t in rel.pairs)
        cols = ", ".join(f"{k} {t}" for k, t in REL_PROPERTIES.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({pairs}, {cols})")
    return out


def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on every label's key, and an index on evidence lookups."""
    out = [
        f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.key IS UNIQUE"
        for label in ALL_NODE_LABELS
    ]
    out.append("CREATE INDEX evidence_edge IF NOT EXISTS FOR (e:Evidence) ON (e.edge_key)")
    out.append("CREATE INDEX evidence_doc IF NOT EXISTS FOR (e:Evidence) ON (e.doc)")
    return out
