"""A synthetic responsibility graph of any size, for benchmarks (loads and queries).

`synthetic_documents(100_000)` gives 292 municipalities with two reports each
(a granskning and a later uppföljning), together about 120 nodes and 235 edges per
municipality, shaped like the real graph: boards under the fullmäktige, unit trees up
to four levels deep, goals under policies, agreements with parties, recommendations
and assessments, national actors shared by every municipality. A seeded share of
every gap kind is built in (goals no board owns, units under no board, agreements
nobody answers for, one-sided collaborations ...), so gap queries have rows to find.
Deterministic: the same arguments give the same documents.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from ansvarsgraf.graph.model import DocumentGraph, Edge, Evidence, Node, Report, node_key

ELEMENTS_PER_MUNICIPALITY = 342  # measured: reports + distinct nodes + distinct relationships
NATIONAL = ("Arbetsförmedlingen", "Migrationsverket", "Försäkringskassan", "Skatteverket",
            "Länsstyrelsen", "Skolverket", "Inspektionen för vård och omsorg",
            "Sveriges Kommuner och Regioner", "Polismyndigheten", "Region")
BOARDS = ("Kommunstyrelsen", "Socialnämnden", "Bildningsnämnden", "Barn- och utbildningsnämnden",
          "Arbetslivsnämnden", "Kultur- och fritidsnämnden", "Samhällsbyggnadsnämnden",
          "Vård- och omsorgsnämnden")
UNIT_STEMS = ("Integrationsenheten", "Arbetsmarknadsenheten", "Vuxenutbildningen", "SFI-enheten",
              "Flyktingmottagningen", "Individ- och familjeomsorgen", "Socialtjänsten",
              "Flerspråksenheten", "Bostadsenheten", "Ekonomiskt bistånd", "Elevhälsan",
              "Kulturskolan", "Fritidsgårdarna", "Biblioteket", "Hemtjänsten",
              "Näringslivsenheten", "Kommunikationsenheten", "HR-avdelningen",
              "Ekonomiavdelningen", "Kvalitetsenheten", "Mottagningsenheten", "Språkcaféet")
TASKS = ("mottagande och bostadsförsörjning", "SFI", "samhällsorientering",
         "försörjning under glappet", "arbetsmarknadsinsatser", "praktikplatser",
         "ensamkommande barn", "förskola för nyanlända", "tolkförmedling",
         "språkstöd i skolan", "föreningsbidrag", "uppföljning av etableringen",
         "bostadssociala kontrakt", "hälsoundersökningar", "feriearbete", "validering",
         "studie- och yrkesvägledning", "hemspråk", "mentorsprogram", "god man för ensamkommande",
         "introduktion på arbetsplatsen")


class _Doc:
    """Collects one report's nodes and edges with made-up but well-formed evidence."""

    def __init__(self, municipality: str, file_name: str, title: str, year: int):
        self.report = Report(
            id=hashlib.sha256(f"synthetic\x1f{file_name}".encode()).hexdigest(),
            file_name=file_name, title=title, municipality=municipality, year=year)
        self.municipality = municipality
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self._pos = 0

    def _evidence(self, sentence: str, rule: str) -> Evidence:
        start = self._pos
        self._pos += len(sentence) + 1
        return Evidence(self.report.id, sentence, start, start + len(sentence), 0.8, rule)

    def node(self, label: str, name: str, national: bool = False, municipality: str = "") -> str:
        muni = "" if national else municipality or self.municipality
        ev = self._evidence(f"{name} nämns i rapporten om {self.municipality}.", "synthetic-mention")
        self.nodes.append(Node(label, name, muni, (), (ev,)))
        return node_key(label, muni, name)

    def edge(self, rel: str, src: str, dst: str, verdict: str | None = None) -> None:
        ev = self._evidence(f"{src.split(':')[-1]} {rel.lower()} {dst.split(':')[-1]}.",
                            f"synthetic-{rel.lower()}")
        self.edges.append(Edge(rel, src, dst, (ev,), verdict))

    def build(self) -> DocumentGraph:
        text_len = self._pos
        report = Report(self.report.id, self.report.file_name, self.report.title,
                        self.report.municipality, self.report.year, "text", text_len)
        nodes = [Node(n.label, n.name, n.municipality, n.aliases,
                      tuple(Evidence(report.id, e.sentence, e.start, e.end, e.confidence, e.rule)
                            for e in n.evidence)) for n in self.nodes]
        return DocumentGraph.build(report, nodes, self.edges).validate()


def _name(i: int) -> str:
    return f"Syntetiska kommun {i:03d}"


def _municipality(i: int, rng: random.Random) -> Iterator[DocumentGraph]:
    muni = _name(i)
    year = 2016 + rng.randrange(5)
    audit = _Doc(muni, f"synt-{i:03d}-granskning-{year}.txt",
                 f"Granskning av integrationsarbetet i {muni}", year)
    d = audit
    m = d.node("Municipality", muni)
    kf = d.node("Board", "Kommunfullmäktige")
    d.edge("PART_OF", kf, m)
    boards = [d.node("Board", b) for b in BOARDS]
    for b in boards:
        d.edge("PART_OF", b, kf)
    utskott = d.node("Board", "Arbetsutskottet")
    d.edge("PART_OF", utskott, boards[0])
    national = [d.node("ExternalActor", a, national=True) for a in NATIONAL]
    local = [d.node("ExternalActor", f"{muni.split()[-1]} Bostäder AB"),
             d.node("ExternalActor", f"Föreningen Vänskap {i:03d}")]

    # Units: a forest under the boards; about one in ten trees hangs under no board.
    units: list[str] = []
    for j, stem in enumerate(UNIT_STEMS):
        u = d.node("Unit", stem)
        units.append(u)
        if j >= 3 and rng.random() < 0.5:
            d.edge("PART_OF", u, units[rng.randrange(max(0, j - 3), j)])
        elif rng.random() < 0.92:
            d.edge("PART_OF", u, rng.choice(boards))
    forums = [d.node("Forum", f) for f in ("Samverkansgrupp för integration", "Etableringsmöten",
                                           "Styrgrupp för arbetsmarknad")]
    orgs = boards + units + national[:5] + local
    for f in forums:
        for o in rng.sample(orgs, 6):
            d.edge("MEMBER_OF", o, f)

    policies = [d.node("Policy", p) for p in (f"Vision {muni.split()[-1]} 2030",
                                              "Integrationsstrategi", "Handlingsplan för integration",
                                              "Riktlinjer för mottagande", "Bostadsförsörjningsprogram",
                                              "Lag (2010:197)")]
    for p in policies[:5]:
        if rng.random() < 0.85:
            d.edge("OWNS", rng.choice([kf] + boards[:3]), p)
    for p in policies[1:5]:
        d.edge("DERIVED_FROM", p, policies[0])
    goals = []
    for j in range(27):
        g = d.node("Goal", f"minst {40 + j} procent av de nyanlända ska ha arbete inom {j % 4 + 1} år")
        goals.append(g)
        if rng.random() < 0.85:
            d.edge("OWNS", rng.choice(boards), g)
        d.edge("DERIVED_FROM", g, rng.choice(policies[:5]))
        if rng.random() < 0.5:
            d.edge("RESPONSIBLE_FOR", rng.choice(units), g)

    agreements = []
    for j, actor in enumerate(national[:5]):
        a = d.node("Agreement", f"Överenskommelse med {NATIONAL[j]} om etablering")
        agreements.append(a)
        d.edge("PARTY_TO", m, a)
        if rng.random() < 0.8:
            d.edge("PARTY_TO", actor, a)
        if rng.random() < 0.7:
            d.edge("RESPONSIBLE_FOR", rng.choice(boards + units), a)

    tasks = []
    for t in TASKS:
        task = d.node("Task", t)
        tasks.append(task)
        for _ in range(rng.choice((0, 1, 1, 2))):
            d.edge("RESPONSIBLE_FOR", rng.choice(boards + units + national[:3]), task)

    for j in range(42):
        a, b = rng.sample(units + boards, 2)
        d.edge("COLLABORATES_WITH", a, b)
    for u in units[:20]:
        d.edge("COLLABORATES_WITH", u, rng.choice(national + local))
    # Neighbours: each names the one before; odd ones name the next one back, so half
    # of these collaborations are stated by both sides and half by one side only.
    if i > 1:
        before = _name(i - 1)
        d.edge("COLLABORATES_WITH", units[0], d.node("Municipality", before, municipality=before))
    if i % 2 == 1:
        after = _name(i + 1)
        d.edge("COLLABORATES_WITH", m, d.node("Unit", UNIT_STEMS[0], municipality=after))

    recommendations = []
    for j in range(7):
        r = d.node("Recommendation", f"Säkerställa att ansvaret för område {j + 1} tydliggörs")
        recommendations.append(r)
        d.edge("ADDRESSED_TO", r, rng.choice(boards[:4] if j < 6 else units))
    for b in boards[:3]:
        d.edge("ASSESSED", d.report.key, b, rng.choice(("yes", "partly", "no")))
    yield d.build()

    # The follow-up two years later: repeats some boards and recommendations.
    later = _Doc(muni, f"synt-{i:03d}-uppfoljning-{year + 2}.txt",
                 f"Uppföljande granskning av integrationsarbetet i {muni}", year + 2)
    kf2 = later.node("Board", "Kommunfullmäktige")
    boards2 = [later.node("Board", b) for b in BOARDS[:4]]
    for b in boards2:
        later.edge("PART_OF", b, kf2)
    for b in boards2[:3]:
        later.edge("ASSESSED", later.report.key, b, rng.choice(("yes", "partly", "no")))
    for j in range(4):
        if rng.random() < 0.6:
            r = later.node("Recommendation", f"Säkerställa att ansvaret för område {j + 1} tydliggörs")
            later.edge("ADDRESSED_TO", r, rng.choice(boards2))
    integ = later.node("Unit", "Integrationsenheten")
    later.edge("PART_OF", integ, boards2[0])
    af = later.node("ExternalActor", "Arbetsförmedlingen", national=True)
    later.edge("COLLABORATES_WITH", integ, af)
    for j in range(6):
        g = later.node("Goal", f"minst {40 + j} procent av de nyanlända ska ha arbete inom {j % 4 + 1} år")
        later.edge("OWNS", rng.choice(boards2), g)
    yield later.build()


def synthetic_documents(n_elements: int = 100_000, seed: int = 0) -> list[DocumentGraph]:
    """Documents that make a store of about `n_elements` graph elements.

    Elements are reports, distinct nodes and distinct relationships once loaded (the
    Evidence records, one per relationship and mention, come on top). The number of
    municipalities is `n_elements / 342` rounded: 292 for the default, 30,400 nodes
    and 68,900 relationships in 584 documents (the sum of the documents'
    `element_count` is about 8 % higher: national actors and boards repeat).
    """
    rng = random.Random(seed)
    count = max(1, round(n_elements / ELEMENTS_PER_MUNICIPALITY))
    return [doc for i in range(1, count + 1) for doc in _municipality(i, rng)]


if __name__ == "__main__":
    import sys

    docs = synthetic_documents(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    nodes = len({n.key for doc in docs for n in doc.nodes})
    edges = len({e.key for doc in docs for e in doc.edges})
    sys.stdout.write(f"{len(docs)} documents, {nodes} nodes, {edges} relationships: "
                     f"{len(docs) + nodes + edges} elements in a store "
                     f"({sum(d.element_count for d in docs)} written)\n")
