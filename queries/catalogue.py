"""Load the `.cypher` files under queries/, validate their headers, run them by name.

Header format (every line before the first non-comment line)::

    // name: goals_without_owner
    // title: Goals no board owns
    // description: A Goal with no OWNS edge from any Board has nobody accountable ...
    // param: municipality string = null   the municipality to look in (all when null)
    // columns: goal, municipality, document, title, sentence

Parameter types: string, int, float, bool. A default of `null` makes the parameter
optional; a parameter with no default is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ansvarsgraf.errors import ParameterError, QueryFileError, UnknownQuery

ROOT = Path(__file__).parent
_HEADER = re.compile(r"^//\s*(name|title|description|param|columns|gap)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(string|int|float|bool)(?:\s*=\s*(\S+))?\s*(.*)$")
_USED = re.compile(r"\$(\w+)")
TYPES = {"string": str, "int": int, "float": float, "bool": bool}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any = None
    required: bool = True
    doc: str = ""

    def coerce(self, value: Any, query: str) -> Any:
        if value is None:
            return None
        if self.type == "bool" and isinstance(value, str):
            low = value.strip().lower()
            if low in {"true", "1", "yes", "ja"}:
                return True
            if low in {"false", "0", "no", "nej"}:
                return False
            raise ParameterError(f"query {query}: parameter {self.name} must be true or false, "
                                 f"not {value!r}")
        try:
            return TYPES[self.type](value)
        except (TypeError, ValueError):
            raise ParameterError(f"query {query}: parameter {self.name} must be {self.type}, "
                                 f"not {value!r}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    gap: bool = False  # part of `ansvarsgraf gaps`
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                            "required": p.required, "description": p.doc} for p in self.params],
            "columns": list(self.columns),
            "gap": self.gap,
        }

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and type the parameters; unknown or missing ones are one error."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise ParameterError(f"query {self.name}: unknown parameter(s) {', '.join(unknown)}; "
                                 f"it takes {', '.join(sorted(known)) or 'none'}")
        missing = [p.name for p in self.params if p.required and given.get(p.name) is None]
        if missing:
            raise ParameterError(f"query {self.name}: missing parameter(s) {', '.join(missing)}")
        return {p.name: p.coerce(given.get(p.name, p.default), self.name) for p in self.params}


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    body_start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = i - 1
            break
        m = _HEADER.match(stripped)
        if m is None:
            if stripped in {"//", ""} or not fields:
                continue
            # a continuation line of the previous field (descriptions run over lines)
            last = list(fields)[-1]
            fields[last][-1] += " " + stripped[2:].strip()
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            pm = _PARAM.match(value)
            if pm is None:
                raise QueryFileError(f"{path}:{i}: bad param line; write "
                                     "'// param: NAME TYPE [= DEFAULT] description'")
            default_raw = pm.group(3)
            p = Param(pm.group(1), pm.group(2), None, default_raw is None, pm.group(4).strip())
            if default_raw is not None and default_raw != "null":
                p = Param(p.name, p.type, p.coerce(default_raw, path.stem), False, p.doc)
            elif default_raw == "null":
                p = Param(p.name, p.type, None, False, p.doc)
            params.append(p)
        else:
            fields.setdefault(key, []).append(value)
    else:
        body_start = len(lines)
    for required in ("name", "title", "description"):
        if not fields.get(required) or not fields[required][0]:
            raise QueryFileError(f"{path}:1: the header has no '// {required}:' line")
    name = fields["name"][0]
    if name != path.stem:
        raise QueryFileError(f"{path}:1: name {name!r} differs from the file name {path.stem!r}")
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise QueryFileError(f"{path}:{body_start + 1}: the query has no Cypher after its header")
    declared = {p.name for p in params}
    used = set(_USED.findall(body))
    if used - declared:
        raise QueryFileError(f"{path}: parameter(s) {', '.join(sorted(used - declared))} are "
                             "used but not declared with '// param:'")
    columns = tuple(c.strip() for c in ",".join(fields.get("columns", [])).split(",") if c.strip())
    gap = fields.get("gap", ["false"])[0].lower() == "true"
    return NamedQuery(name, fields["title"][0], " ".join(fields["description"]), body, path,
                      tuple(params), columns, gap)


class Catalogue:
    def __init__(self, queries: list[NamedQuery]):
        self.queries = {q.name: q for q in sorted(queries, key=lambda q: (not q.gap, str(q.path)))}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.queries.values())

    def get(self, name: str) -> NamedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise UnknownQuery(f"no query named {name!r}; `ansvarsgraf queries` lists them") from None

    def run(self, store: Any, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        q = self.get(name)
        return store.read(q.text, q.bind(params or {}))


@lru_cache
def load_catalogue(root: Path = ROOT) -> Catalogue:
    paths = sorted(root.rglob("*.cypher"))
    queries = [parse(p) for p in paths]
    seen: dict[str, Path] = {}
    for q in queries:
        if q.name in seen:
            raise QueryFileError(f"{q.path}:1: query name {q.name!r} is also used by {seen[q.name]}")
        seen[q.name] = q.path
    return Catalogue(queries)
