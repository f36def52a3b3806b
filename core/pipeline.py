"""The one way through: file -> Text -> DocumentGraph -> store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ansvarsgraf.errors import AnsvarsgrafError, InputError, SchemaViolation, UnsupportedFormat
from ansvarsgraf.graph.model import DocumentGraph, Report
from ansvarsgraf.graph.store import GraphStore, WriteResult
from ansvarsgraf.loaders.read import DEFAULT_MAX_BYTES, read_path, read_text
from ansvarsgraf.loaders.text import Text


def extract_bytes(data: bytes, file_name: str, text: Text | None = None, *,
                  timeout_s: float | None = None) -> DocumentGraph:
    """The graph of a document's bytes. With `timeout_s`, reading and extraction run in a
    worker process (ansvarsgraf.budget) and ExtractionTimeout is raised past the budget."""
    if timeout_s is not None and text is None:
        from ansvarsgraf.budget import run_in_budget

        return run_in_budget(("bytes", data, file_name), timeout_s, file_name)  # type: ignore[no-any-return]
    from ansvarsgraf.loaders.extract import extract

    if text is None:
        if not data.strip():
            raise InputError(file_name, "the file is empty")
        text = read_text(data, file_name)
        if not text.clean.strip():
            raise UnsupportedFormat(file_name, f"no text could be read from this {text.format} file")
    return extract(text, doc_id=Report.id_of(data), file_name=file_name).validate()


def extract_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 timeout_s: float | None = None) -> DocumentGraph:
    if timeout_s is not None:
        from ansvarsgraf.budget import run_in_budget

        return run_in_budget(("path", Path(path), max_bytes), timeout_s, str(path))  # type: ignore[no-any-return]
    data, text = read_path(path, max_bytes)
    return extract_bytes(data, path.name, text)


REPORT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf"}


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given (whatever their name: the content decides), and inside folders the
    files whose suffix names a report format, hidden ones left out, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file()
                              and f.suffix.lower() in REPORT_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, "no such file or folder")
    return out


@dataclass(frozen=True)
class Outcome:
    path: Path
    result: WriteResult | None = None
    error: AnsvarsgrafError | None = None


def load_paths(store: GraphStore, paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
               replace: bool = False, timeout_s: float | None = None,
               on_done: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Extract and write each file in its own transaction. A file that cannot be read
    is reported and skipped and leaves the store as it was; a store that fails stops
    the whole load (StoreError propagates)."""
    for path in paths:
        try:
            doc = extract_path(path, max_bytes=max_bytes, timeout_s=timeout_s)
            outcome = Outcome(path, result=store.write_document(doc, replace=replace))
        except (InputError, SchemaViolation) as e:
            outcome = Outcome(path, error=e)
        if on_done is not None:
            on_done(outcome)
        yield outcome
