"""Response models: every route answers with one of these, so the OpenAPI schema is complete."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    detail: str = Field(description="what went wrong, naming the file, query or parameter")


class HealthOut(BaseModel):
    status: str
    version: str
    store: str
    documents: int = Field(description="reports loaded")


class MunicipalityOut(BaseModel):
    name: str
    organisations: int = Field(description="boards, units, forums and own external actors")
    goals: int
    gaps: int = Field(description="gap rows found for this municipality")
    documents: int = Field(description="reports about this municipality")


class RefOut(BaseModel):
    key: str
    label: str
    name: str
    municipality: str


class LinkOut(RefOut):
    relation: str = Field(description="the relationship type, e.g. OWNS")
    edge: str = Field(description="the edge key: GET /evidence/{edge}")
    confidence: float | None = None
    evidence: list[str] = Field(description="ids of the evidence records behind the edge")


class GapFlagOut(BaseModel):
    gap: str = Field(description="the gap query's name")
    title: str


class OwnedOut(LinkOut):
    gaps: list[GapFlagOut]


class AssessmentOut(BaseModel):
    document: str
    title: str
    verdict: str | None
    edge: str
    evidence: list[str]


class OrganisationOut(RefOut):
    external: bool = Field(description="drawn beside the hierarchy: not part of it")
    level: int = Field(description="0 at the top; one below the lowest parent")
    parents: list[LinkOut] = Field(description="PART_OF targets; several are allowed")
    owns: list[OwnedOut] = Field(description="goals, tasks, agreements and policies it owns "
                                             "(OWNS) or answers for (RESPONSIBLE_FOR, PARTY_TO)")
    works_with: list[LinkOut] = Field(description="COLLABORATES_WITH and MEMBER_OF")
    recommendations: list[LinkOut] = Field(description="recommendations ADDRESSED_TO it")
    assessments: list[AssessmentOut] = Field(description="reports' verdicts on it")
    gaps: list[GapFlagOut]


class FlaggedOut(RefOut):
    gaps: list[GapFlagOut]


class MapOut(BaseModel):
    municipality: str
    organisations: list[OrganisationOut]
    unowned: list[FlaggedOut] = Field(description="goals, tasks, agreements and policies "
                                                  "nobody owns or answers for")
    gaps: list[FlaggedOut]
    dropped_cycle_edges: list[str] = Field(description="PART_OF edges left out to keep a DAG")


class ParamOut(BaseModel):
    name: str
    type: str
    default: Any = None
    required: bool
    description: str


class QueryOut(BaseModel):
    name: str
    title: str
    description: str
    parameters: list[ParamOut]
    columns: list[str]
    gap: bool


class QueryResultOut(BaseModel):
    query: str
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]


class GapEvidenceOut(BaseModel):
    document: str | None = None
    title: str | None = None
    sentence: str | None = None


class GapOut(BaseModel):
    gap: str
    title: str
    label: str
    name: str
    municipality: str
    details: dict[str, Any] = Field(default_factory=dict,
                                    description="the query's other columns, e.g. responsible")
    evidence: list[GapEvidenceOut]


class EvidenceRecordOut(BaseModel):
    id: str
    document: str
    title: str
    file_name: str
    page: int | None
    sentence: str
    start: int | None
    end: int | None
    confidence: float
    rule: str


class EdgeEvidenceOut(BaseModel):
    edge: str
    type: str
    source: RefOut
    target: RefOut
    verdict: str | None
    confidence: float | None
    evidence: list[EvidenceRecordOut]


class DocumentOut(BaseModel):
    id: str
    file_name: str
    title: str | None = None
    municipality: str | None = None
    year: int | None = None
    format: str | None = None
    chars: int | None = None
    node_count: int | None = None
    edge_count: int | None = None
    evidence_count: int | None = None


class UploadOut(BaseModel):
    id: str
    file_name: str
    title: str
    municipality: str
    format: str
    loaded: bool = Field(description="false: the same bytes were already loaded; nothing changed")
    nodes: int
    edges: int
    evidence: int
    labels: dict[str, int] = Field(description="nodes added by label")
    types: dict[str, int] = Field(description="edges added by relationship type")
