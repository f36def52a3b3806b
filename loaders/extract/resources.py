"""The extractor's data files: pattern files (JSONL), gazetteers and lexicons (TSV).

Rules and word lists live in `loaders/patterns/` and `loaders/gazetteers/`, never in
code. Every file starts with `#` lines naming its source; a malformed line raises
`InputError` naming the file and the line, so a bad edit fails loudly at start-up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ansvarsgraf.errors import InputError

LOADERS = Path(__file__).resolve().parent.parent
PATTERNS = LOADERS / "patterns"
GAZETTEERS = LOADERS / "gazetteers"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Pattern records, one JSON object a line; each needs `label`, `id` and `pattern`."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    check = Matcher(Vocab(), validate=True)
    out: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, f"line {n}: not valid JSON ({e.msg})") from None
        if not isinstance(rec, dict) or not all(k in rec for k in ("label", "id", "pattern")):
            raise InputError(path, f"line {n}: a pattern needs \"label\", \"id\" and \"pattern\"")
        if isinstance(rec["pattern"], list):
            try:
                check.add(rec["id"], [rec["pattern"]])
            except Exception as e:  # spaCy raises ValueError/MatchPatternError with details
                raise InputError(path, f"line {n}: bad token pattern {rec['id']!r}: {e}") from None
        elif not isinstance(rec["pattern"], str):
            raise InputError(path, f"line {n}: \"pattern\" must be a list of tokens or a string")
        out.append(rec)
    return out


def read_table(path: Path, columns: int) -> list[list[str]]:
    """Rows of a tab-separated data file with a `#` header; short rows are padded."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("#"):
        raise InputError(path, "line 1: a data file must start with a # header naming its source")
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > columns or not cells[0].strip():
            raise InputError(path, f"line {n}: expected at most {columns} tab-separated columns")
        rows.append([c.strip() for c in cells] + [""] * (columns - len(cells)))
    return rows


def read_regexes(path: Path) -> re.Pattern[str]:
    """One regular expression a line, compiled into one case-insensitive full-line match."""
    parts = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            re.compile(line)
        except re.error as e:
            raise InputError(path, f"line {n}: bad regular expression ({e})") from None
        parts.append(f"(?:{line})")
    return re.compile("|".join(parts), re.IGNORECASE)


@dataclass(frozen=True)
class Municipality:
    name: str  # "Sandviken"
    official: str  # "Sandvikens kommun"
    county: str
    ambiguous: bool  # the bare name is also a common word: only full forms count


@dataclass(frozen=True)
class Gazetteers:
    municipalities: tuple[Municipality, ...]
    regions: tuple[tuple[str, tuple[str, ...]], ...]
    national: tuple[tuple[str, tuple[str, ...]], ...]
    not_actors: frozenset[str]
    heads: tuple[tuple[str, str, str], ...]  # (indefinite, definite, label)

    def surface_forms(self) -> list[tuple[str, str, str, str]]:
        """(surface, label, canonical name, rule id) for the phrase matcher."""
        out: list[tuple[str, str, str, str]] = []
        for m in self.municipalities:
            full = {m.official, f"{m.name} kommun", f"{m.name}s kommun", f"{m.name} stad",
                    f"{m.name}s stad"}
            if m.official.startswith("Region "):
                full.add(f"{m.name}s kommun")
            for f in sorted(full):
                out.append((f, "Municipality", m.official, "gaz-municipality"))
                if not f.endswith("s"):
                    out.append((f + "s", "Municipality", m.official, "gaz-municipality"))
            if not m.ambiguous:
                out.append((m.name, "Municipality", m.official, "gaz-municipality-bare"))
                if m.name[-1] not in "sxz":
                    out.append((m.name + "s", "Municipality", m.official, "gaz-municipality-bare"))
        for name, forms in self.regions:
            for f in (name, *forms):
                out.append((f, "Municipality", name, "gaz-region"))
                out.append((f + "s", "Municipality", name, "gaz-region"))
        for name, forms in self.national:
            for f in (name, *forms):
                out.append((f, "ExternalActor", name, "gaz-national"))
                if not f.endswith("s") and not f.isupper():
                    out.append((f + "s", "ExternalActor", name, "gaz-national"))
                elif f.isupper():
                    out.append((f + ":s", "ExternalActor", name, "gaz-national"))
        return out


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in cell.split("|") if f.strip())


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    munis = tuple(
        Municipality(r[0], r[1], r[2], r[3] == "ambiguous")
        for r in read_table(GAZETTEERS / "municipalities.tsv", 4)
    )
    regions = tuple((r[0], _forms(r[1])) for r in read_table(GAZETTEERS / "regions.tsv", 2))
    national = tuple((r[0], _forms(r[1])) for r in read_table(GAZETTEERS / "national_actors.tsv", 2))
    not_actors = frozenset(r[0].casefold() for r in read_table(GAZETTEERS / "not_actors.tsv", 1))
    heads = tuple((r[0], r[1], r[2]) for r in read_table(GAZETTEERS / "heads.tsv", 3))
    return Gazetteers(munis, regions, national, not_actors, heads)


@lru_cache(maxsize=1)
def entity_patterns() -> list[dict[str, Any]]:
    return read_jsonl(PATTERNS / "entities.jsonl")


@lru_cache(maxsize=1)
def cue_patterns() -> list[dict[str, Any]]:
    return read_jsonl(PATTERNS / "cues.jsonl")


@lru_cache(maxsize=1)
def cue_rules() -> dict[str, dict[str, Any]]:
    """Cue id -> its record (family, relationship type, confidence, options)."""
    return {p["id"]: p for p in cue_patterns()}


@lru_cache(maxsize=1)
def verdicts() -> tuple[tuple[str, str], ...]:
    rows = read_table(PATTERNS / "verdicts.tsv", 2)
    for r in rows:
        if r[1] not in ("yes", "partly", "no"):
            raise InputError(PATTERNS / "verdicts.tsv", f"verdict {r[1]!r} is not yes/partly/no")
    return tuple((r[0], r[1]) for r in rows)


@lru_cache(maxsize=1)
def unit_contexts() -> tuple[tuple[str, ...], ...]:
    """The word sequences after a proper name that make it a Unit (patterns/unit_contexts.tsv)."""
    return tuple(tuple(r[0].lower().split()) for r in read_table(PATTERNS / "unit_contexts.tsv", 1))


@lru_cache(maxsize=1)
def chrome_lines() -> re.Pattern[str]:
    return read_regexes(PATTERNS / "chrome.txt")
