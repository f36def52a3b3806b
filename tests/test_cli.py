"""The CLI as a user meets it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, EXAMPLES, corpus_texts

CLI = [sys.executable, "-m", "ansvarsgraf"]


def run(*args: str, store: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSVARSGRAF_")}
    if store is not None:
        env["ANSVARSGRAF_STORE"] = str(store)
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def stats(store: Path) -> dict:
    p = run("stats", "--json", store=store)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_load_twice_gives_the_same_stats(tmp_path):
    store = tmp_path / "s"
    texts = [str(p) for p in corpus_texts()]
    first = run("load", *texts, store=store)
    assert first.returncode == 0, first.stderr
    once = stats(store)
    assert once["documents"] == len(texts)
    second = run("load", *texts, store=store)
    assert second.returncode == 0
    assert f"already there {len(texts)}" in second.stderr
    assert stats(store) == once


@pytest.mark.parametrize("name, content", [
    ("junk.bin", os.urandom(4096)),
    ("tom.pdf", b""),
    ("trasig.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"),
    ("blank.txt", b"   \n\n  "),
])
def test_bad_input_exits_1_naming_the_file_and_leaves_the_store_unchanged(tmp_path, name, content):
    store = tmp_path / "s"
    assert run("load", str(EXAMPLES), store=store).returncode == 0
    before = stats(store)
    bad = tmp_path / name
    bad.write_bytes(content)
    p = run("load", str(bad), store=store)
    assert p.returncode == 1
    errors = [line for line in p.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0], p.stderr
    assert "Traceback" not in p.stderr
    assert stats(store) == before


def test_a_bad_file_in_a_batch_does_not_stop_the_others(tmp_path):
    store = tmp_path / "s"
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("gold"))
    (folder / "aaa-trasig.pdf").write_bytes(b"%PDF-1.4 garbage")
    p = run("load", str(folder), store=store)
    assert p.returncode == 1
    assert stats(store)["documents"] == len(list(EXAMPLES.glob("*.txt")))


def test_missing_file_and_usage_errors():
    p = run("load", "/nonexistent/rapport.txt", store=Path("/tmp/unused-store"))
    assert p.returncode == 1 and "/nonexistent/rapport.txt" in p.stderr and "Traceback" not in p.stderr
    assert run("load").returncode == 2
    assert run("no-such-command").returncode == 2
    assert run("extract", str(EXAMPLES), "--format", "xml").returncode == 2


def test_forget_by_id_and_unknown_id(tmp_path):
    store = tmp_path / "s"
    run("load", str(EXAMPLES), store=store)
    docs = json.loads(run("documents", "--json", store=store).stdout)
    p = run("forget", docs[0]["id"], store=store)
    assert p.returncode == 0, p.stderr
    assert stats(store)["documents"] == len(docs) - 1
    p = run("forget", docs[0]["id"], store=store)
    assert p.returncode == 1 and docs[0]["id"] in p.stderr


def test_extract_writes_gold_format_the_scorer_reads(tmp_path):
    out = tmp_path / "pred"
    p = run("extract", *[str(x) for x in corpus_texts()], "--format", "json", "--out", str(out))
    assert p.returncode == 0, p.stderr
    files = sorted(out.glob("*.json"))
    assert len(files) == len(corpus_texts())
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert {"document", "municipality", "entities", "relations"} <= doc.keys()
    score = subprocess.run([sys.executable, str(CORPUS.parent / "eval" / "score.py"),
                            str(CORPUS / "gold"), str(out)], capture_output=True, text=True)
    assert score.returncode == 0, score.stderr
    assert "without prediction: 0" in score.stdout


def test_extract_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run("extract", str(EXAMPLES), "--out", str(out)).returncode == 0
    for f in sorted(a.glob("*.json")):
        assert f.read_bytes() == (b / f.name).read_bytes()


def test_text_prints_what_the_extractor_reads():
    p = run("text", str(EXAMPLES / "orsa-granskning-etablering-2020.txt"))
    assert p.returncode == 0
    assert "Bildningsnämnden ansvarar för vuxenutbildningen" in p.stdout


def test_query_errors_are_one_line():
    p = run("query", "no_such_query")
    assert p.returncode == 1 and "no_such_query" in p.stderr
    p = run("query", "goals_without_owner", "--param", "nonsense=1")
    assert p.returncode == 1 and "nonsense" in p.stderr


def test_demo_runs_in_a_fresh_folder(tmp_path):
    p = run("demo", "--out", str(tmp_path / "demo.html"), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "ansvarsgraf-data").is_dir()
    assert (tmp_path / "demo.html").stat().st_size > 10_000
    assert stats(tmp_path / "ansvarsgraf-data")["documents"] == len(list(EXAMPLES.glob("*.txt")))


def test_every_command_has_help():
    from ansvarsgraf.cli import app

    for command in app.registered_commands:
        assert (command.callback.__doc__ or "").strip(), command.callback.__name__


def test_a_store_held_by_another_process_is_a_clear_error(tmp_path):
    store = tmp_path / "s"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from ansvarsgraf.graph.embedded import EmbeddedStore; "
         f"s = EmbeddedStore({str(store)!r}); s.stats(); print('open', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        p = run("load", str(EXAMPLES), store=store)
        assert p.returncode == 1
        assert "another process" in p.stderr and str(store) in p.stderr
        assert "Traceback" not in p.stderr
    finally:
        holder.kill()
        holder.wait()
