"""Load the `.cypher` files under queries/, validate their headers, run them by name.

Header format (every line before the first non-comment line)::

    // name: goals_without_owner
    // title: Goals no board owns
    // description: A Goal with no OWNS edge from any Board has nobody accountable ...
    // param: municipality string = null   the municipality to look in (all when null)
    // columns: label, name, municipality, document, title, evidence_key, sentence
    // gap: true          (optional: part of `ansvarsgraf gaps`)
    // evidence: true     (optional: attach sentences by document + evidence_key)

A description (or a param's text) continues on indented `//` lines. Parameter types:
string, int, float, bool. A default of `null` makes the parameter optional; a parameter
with no default is required. Every parameter needs a description, every `$name` in the
body a `param` line and every `param` a use. Anything else in the header is an error
naming the file and line. See queries/README.md for the Cypher the queries may use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ansvarsgraf.errors import ParameterError, QueryFileError, UnknownQuery
from ansvarsgraf.queries.evidence import attach_sentences

ROOT = Path(__file__).parent
FIELDS = ("name", "title", "description", "param", "columns", "gap", "evidence")
_HEADER = re.compile(r"^//\s*([A-Za-z_]+)\s*:\s*(.*)$")
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
    evidence: bool = False  # rows carry document + evidence_key; sentences are attached

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                            "required": p.required, "description": p.doc} for p in self.params],
            "columns": list(self.columns),
            "gap": self.gap,
            "file": f"{self.path.parent.name}/{self.path.name}",
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


def _param(path: Path, i: int, value: str) -> Param:
    pm = _PARAM.match(value)
    if pm is None:
        raise QueryFileError(f"{path}:{i}: bad param line; write "
                             "'// param: NAME TYPE [= DEFAULT] description'")
    name, type_, default_raw, doc = pm.group(1), pm.group(2), pm.group(3), pm.group(4).strip()
    if not doc:
        raise QueryFileError(f"{path}:{i}: parameter {name} has no description")
    if default_raw is None:
        return Param(name, type_, None, True, doc)
    if default_raw == "null":
        return Param(name, type_, None, False, doc)
    try:
        default = Param(name, type_).coerce(default_raw, path.stem)
    except ParameterError:
        raise QueryFileError(f"{path}:{i}: default {default_raw!r} of {name} is not a {type_}") from None
    return Param(name, type_, default, False, doc)


def parse(path: Path) -> NamedQuery:
    """Read one .cypher file; QueryFileError names the file and line of any fault."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    last = ""
    lines = text.splitlines()
    body_start = len(lines)
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                body_start = i - 1
                break
            continue
        rest = stripped[2:]
        if not rest.strip():
            continue
        if rest[:2].strip() == "" and len(rest) > 2:  # indented: continues the last field
            if not last:
                raise QueryFileError(f"{path}:{i}: a continuation line before any header field")
            if last == "param":
                p = params[-1]
                params[-1] = Param(p.name, p.type, p.default, p.required, f"{p.doc} {rest.strip()}")
            else:
                fields[last][-1] += " " + rest.strip()
            continue
        m = _HEADER.match(stripped)
        if m is None or m.group(1) not in FIELDS:
            raise QueryFileError(f"{path}:{i}: not a header line; write '// FIELD: value' with "
                                 f"FIELD one of {', '.join(FIELDS)}, and indent continuation lines")
        key, value = m.group(1), m.group(2).strip()
        if not fields and key != "name":
            raise QueryFileError(f"{path}:{i}: the header must start with '// name:'")
        if key == "param":
            params.append(_param(path, i, value))
        elif key in fields:
            raise QueryFileError(f"{path}:{i}: a second '// {key}:' line")
        else:
            fields[key] = [value]
        last = key
    if len({p.name for p in params}) != len(params):
        raise QueryFileError(f"{path}: a parameter is declared twice")
    for required in ("name", "title", "description", "columns"):
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
    if declared - used:
        raise QueryFileError(f"{path}: parameter(s) {', '.join(sorted(declared - used))} are "
                             "declared but never used")
    columns = tuple(c.strip() for c in ",".join(fields.get("columns", [])).split(",") if c.strip())
    flags = {}
    for flag in ("gap", "evidence"):
        value = fields.get(flag, ["false"])[0].lower()
        if value not in {"true", "false"}:
            raise QueryFileError(f"{path}: '// {flag}:' must be true or false, not {value!r}")
        flags[flag] = value == "true"
    if flags["evidence"] and not {"document", "evidence_key", "sentence"} <= set(columns):
        raise QueryFileError(f"{path}: a query with '// evidence: true' returns the columns "
                             "document and evidence_key and lists sentence among its columns")
    return NamedQuery(name, fields["title"][0], " ".join(fields["description"]), body, path,
                      tuple(params), columns, flags["gap"], flags["evidence"])


class Catalogue:
    """The named queries by name, gap queries first."""

    def __init__(self, queries: list[NamedQuery]):
        self.queries = {q.name: q for q in sorted(queries, key=lambda q: (not q.gap, str(q.path)))}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.queries.values())

    def get(self, name: str) -> NamedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise UnknownQuery(f"no query named {name!r}; `ansvarsgraf queries` lists them") from None

    def run(self, store: Any, name: str, params: dict[str, Any] | None = None, *,
            sentences: bool = True) -> list[dict[str, Any]]:
        """Run a query read-only; `sentences=False` leaves an evidence query's rows without
        their `sentence` (a caller running many attaches them once, see find_gaps)."""
        q = self.get(name)
        rows = store.read(q.text, q.bind(params or {}))
        return attach_sentences(store, rows) if q.evidence and sentences else rows


@lru_cache
def load_catalogue(root: Path = ROOT) -> Catalogue:
    """Every `.cypher` file under `root`, parsed once; the first fault stops the load."""
    paths = sorted(root.rglob("*.cypher"))
    queries = [parse(p) for p in paths]
    seen: dict[str, Path] = {}
    for q in queries:
        if q.name in seen:
            raise QueryFileError(f"{q.path}:1: query name {q.name!r} is also used by {seen[q.name]}")
        seen[q.name] = q.path
    return Catalogue(queries)
