"""The `ansvarsgraf` command: a thin shell over the library.

Exit codes: 0 ok; 1 a user error, printed as one line naming the file or argument and the
problem; 2 usage (Click's own).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from ansvarsgraf.errors import AnsvarsgrafError, InputError, SchemaViolation
from ansvarsgraf.settings import Settings, get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Who is responsible for what in Swedish municipal integration work: "
                       "read reports into a graph with evidence, and ask it questions.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    store_uri: str | None = None


state = State()


def settings() -> Settings:
    return get_settings()


def open_configured_store(read_only: bool = False) -> Any:
    from ansvarsgraf.graph.store import open_store

    s = settings()
    options: dict[str, Any] = s.store_options()
    if read_only:
        options["read_only"] = True
    return open_store(state.store_uri or s.store, **options)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.callback()
def main_options(
    store: Annotated[Optional[str], typer.Option(
        "--store", help="A folder (embedded LadybugDB), neo4j://HOST:PORT or memory:. "
                        "Default: $ANSVARSGRAF_STORE, else ./ansvarsgraf-data.")] = None,
) -> None:
    state.store_uri = store


FilesArg = Annotated[list[Path], typer.Argument(help="Files or folders of reports.",
                                                show_default=False)]


@app.command()
def extract(
    files: FilesArg,
    format: Annotated[str, typer.Option("--format", help="Output format (json: SCHEMA.md's gold format).")] = "json",
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for one <stem>.json per input.")] = Path("out"),
) -> None:
    """Extract each report's graph and write it as <stem>.json, without touching a store."""
    from ansvarsgraf.pipeline import expand, extract_path

    if format != "json":
        raise typer.BadParameter(f"unknown format {format!r}; only json is written", param_hint="--format")
    paths = expand(files)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in _progress(paths, "extracting"):
        try:
            doc = extract_path(path, max_bytes=settings().max_file_bytes,
                               timeout_s=settings().doc_timeout_s)
        except (InputError, SchemaViolation) as e:
            err.print(f"error: {e}", markup=False)
            failed += 1
            continue
        target = out_dir / f"{path.stem}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc.to_gold(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(target)
    err.print(f"extracted {len(paths) - failed} of {len(paths)} document(s) into {out_dir}")
    if failed:
        raise typer.Exit(1)


@app.command()
def load(
    files: FilesArg,
    replace: Annotated[bool, typer.Option("--replace", help="Re-extract documents already loaded.")] = False,
) -> None:
    """Extract reports and load each into the store in one transaction."""
    from ansvarsgraf.pipeline import expand, load_paths

    paths = expand(files)
    loaded = unchanged = failed = 0
    with open_configured_store() as store:
        for outcome in load_paths(store, _progress(paths, "loading"),
                                  max_bytes=settings().max_file_bytes, replace=replace,
                                  timeout_s=settings().doc_timeout_s):
            if outcome.error is not None:
                failed += 1
                err.print(f"error: {outcome.error}", markup=False)
            elif outcome.result is not None and outcome.result.loaded:
                loaded += 1
            else:
                unchanged += 1
    err.print(f"loaded {loaded}, already there {unchanged}, failed {failed}")
    if failed:
        raise typer.Exit(1)


@app.command()
def forget(doc_id: Annotated[str, typer.Argument(help="The document's id (SHA-256), as `documents` lists it.")]) -> None:
    """Remove a document's evidence, and every node or edge left with none."""
    with open_configured_store() as store:
        r = store.forget(doc_id)
    out.print(f"forgot {doc_id}: {r.evidence_removed} evidence records, {r.edges_removed} edges, "
              f"{r.nodes_removed} nodes removed")


@app.command()
def documents(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the loaded documents."""
    with open_configured_store(read_only=True) as store:
        docs = store.documents()
    if as_json:
        emit_json(docs)
        return
    table = Table("id", "file", "municipality", "year", "format", "nodes", "edges")
    for d in docs:
        table.add_row(d["id"][:12], d["file_name"], d["municipality"] or "", str(d["year"] or ""),
                      d["format"], str(d["node_count"]), str(d["edge_count"]))
    out.print(table)


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Count documents, nodes, edges and evidence in the store."""
    with open_configured_store(read_only=True) as store:
        s = store.stats()
    if as_json:
        emit_json(s)
        return
    out.print(f"{s['documents']} documents, {s['nodes']} nodes, {s['edges']} edges, "
              f"{s['evidence']} evidence records in {s['store']}")
    for k, v in {**s["labels"], **s["types"]}.items():
        out.print(f"  {k:<20} {v}")


@app.command()
def check(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Verify the store's integrity (evidence, complete documents, unique keys, schema);
    exit 1 with the list of violations if any."""
    from ansvarsgraf.graph.check import check_store, summary

    with open_configured_store(read_only=True) as store:
        violations = check_store(store)
    if as_json:
        emit_json({**summary(violations), "violations": [v.as_dict() for v in violations]})
    else:
        for v in violations:
            out.print(str(v), markup=False)
        err.print(f"{len(violations)} violation(s)" if violations else "the store is consistent")
    if violations:
        raise typer.Exit(1)


@app.command()
def text(file: Annotated[Path, typer.Argument(help="A report in any supported format.")]) -> None:
    """Print the cleaned (and, for damaged OCR, repaired) text the extractor sees."""
    from ansvarsgraf.loaders.read import read_path

    _, t = read_path(file, settings().max_file_bytes)
    sys.stdout.write(t.clean if t.clean.endswith("\n") else t.clean + "\n")


@app.command()
def queries(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the named queries."""
    from ansvarsgraf.queries.catalogue import load_catalogue

    cat = load_catalogue()
    if as_json:
        emit_json([q.as_dict() for q in cat])
        return
    for q in cat:
        params = ", ".join(f"{p.name}:{p.type}" + ("" if p.required else f"={p.default}")
                           for p in q.params)
        out.print(f"[bold]{q.name}[/bold]({params})  {q.title}")


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise typer.BadParameter(f"{pair!r} is not k=v", param_hint="--param")
        k, v = pair.split("=", 1)
        params[k.strip()] = v
    return params


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A query name from `ansvarsgraf queries`.")],
    param: Annotated[list[str], typer.Option("--param", "-p", help="k=v, repeatable.")] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run one named query with parameters."""
    from ansvarsgraf.queries.catalogue import load_catalogue

    cat = load_catalogue()
    q = cat.get(name)
    params = _parse_params(param)
    q.bind(params)  # fail on bad parameters before opening the store
    with open_configured_store(read_only=True) as store:
        rows = cat.run(store, name, params)
    if as_json:
        emit_json(rows)
        return
    _print_rows(rows, q.columns)


def _print_rows(rows: list[dict[str, Any]], columns: tuple[str, ...] = ()) -> None:
    if not rows:
        out.print("(no rows)")
        return
    cols = list(columns) or list(rows[0])
    table = Table(*cols)
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in cols])
    out.print(table)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


@app.command()
def gaps(
    municipality: Annotated[Optional[str], typer.Option("--municipality", "-m", help="Only this municipality.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run every gap query: responsibility governance requires and nobody carries."""
    from ansvarsgraf.queries.gaps_runner import find_gaps

    with open_configured_store(read_only=True) as store:
        rows = find_gaps(store, municipality)
    if as_json:
        emit_json(rows)
        return
    print_gaps(rows)


def print_gaps(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("no gaps found")
        return
    by_gap: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_gap.setdefault(r["gap"], []).append(r)
    for gap, items in by_gap.items():
        out.print(f"[bold]{items[0].get('title', gap)}[/bold] ({gap}): {len(items)}")
        for r in items:
            where = f" — {r['municipality']}" if r["municipality"] else ""
            out.print(f"  • {r['label']} {r['name']!r}{where}", markup=False)
            details = "; ".join(f"{k}: {_cell(v)}" for k, v in (r.get("details") or {}).items()
                                if v not in (None, [], ""))
            if details:
                out.print(f"      {details}", markup=False)
            for ev in r["evidence"][:1]:
                if ev.get("sentence"):
                    out.print(f"      “{_short(ev['sentence'])}” ({ev.get('title') or ev['document'][:12]})",
                              markup=False)


def _short(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="graphml, csv or json.")] = "json",
    out_path: Annotated[Path, typer.Option("--out", help="A file (graphml, json) or a folder (csv).")] = Path("ansvarsgraf-export.json"),
) -> None:
    """Export the whole graph: GraphML (Gephi), CSV (neo4j-admin import) or JSON."""
    from ansvarsgraf.graph.export import export_graph

    with open_configured_store(read_only=True) as store:
        written = export_graph(store.to_networkx(), format, out_path)
    err.print(f"wrote {written}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind; 127.0.0.1 keeps it local.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Run the API and the pages (http://HOST:PORT/docs lists the routes)."""
    import uvicorn

    from ansvarsgraf.api.main import create_app

    uvicorn.run(create_app(store_uri=state.store_uri), host=host, port=port)


@app.command()
def demo(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the exploration page.")] = Path("ansvarsgraf-demo.html"),
    examples: Annotated[Optional[Path], typer.Option(help="Folder of demo reports (default: the bundled ones).")] = None,
) -> None:
    """Extract the demo reports, load them, print the gaps and write the exploration page."""
    from ansvarsgraf.demo import run_demo

    with open_configured_store() as store:
        summary = run_demo(store, out_file, examples)
    err.print(summary["message"])
    print_gaps(summary["gaps"])
    out.print(f"exploration page: {out_file.resolve()}")


def _progress(paths: list[Path], verb: str):  # type: ignore[no-untyped-def]
    """A rich progress bar on stderr for work over more than a few documents."""
    if len(paths) < 5 or not err.is_terminal:
        yield from paths
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(f"{verb}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=err) as bar:
        task = bar.add_task("", total=len(paths))
        for p in paths:
            bar.update(task, description=p.name)
            yield p
            bar.advance(task)


def main() -> None:
    try:
        app(standalone_mode=True)
    except AnsvarsgrafError as e:
        err.print(f"error: {e}", markup=False)
        sys.exit(1)
    except OSError as e:
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        err.print(f"error: {where}{e.strerror or e}", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
