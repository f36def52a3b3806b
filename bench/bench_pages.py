"""Time until a ~2,000-node exploration page is interactive in headless Chromium, next to
pyvis with its default settings on the same graph (target: ours <= 2 s).

The graph is synthetic (bench/synthetic.py, 21 municipalities ~ 2,000 entity nodes).
Both pages are opened from file:// in Debian's Chromium (Playwright) with the network
blocked. "Interactive" is the first `afterDrawing` event of the vis network: with
pyvis's defaults that comes after the physics stabilisation, which is what freezes the
tab. Python-side build times are printed too. Median over --runs fresh page loads.

    .venv/bin/python bench/bench_pages.py [--municipalities 21] [--runs 3] [--defaults-timeout 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import ELEMENTS_PER_MUNICIPALITY, synthetic_documents  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# Added to the pyvis page after `new vis.Network(...)` to time its first draw.
PROBE = ("network.once('afterDrawing', function () { window.ansvarsgrafReady = "
         "performance.now(); });")


def graph(municipalities: int):  # type: ignore[no-untyped-def]
    from ansvarsgraf.graph.memory import MemoryStore

    store = MemoryStore()
    for doc in synthetic_documents(municipalities * ELEMENTS_PER_MUNICIPALITY):
        store.write_document(doc)
    return store.to_networkx()


def pyvis_defaults(G) -> str:  # type: ignore[no-untyped-def]
    """What a user of pyvis gets: Network() with its defaults, from_nx, generate_html."""
    import networkx as nx
    from pyvis.network import Network

    H = nx.DiGraph()
    for k, a in G.nodes(data=True):
        if a["label"] != "Report":
            H.add_node(k, label=a["name"][:40], title=f"{a['label']}: {a['name']}")
    for u, v, a in G.edges(data=True):
        if u in H and v in H:
            ev = a["evidence"][0]["sentence"] if a["evidence"] else ""
            H.add_edge(u, v, title=ev)
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(H)
    html = net.generate_html()
    marker = "network = new vis.Network(container, data, options);"
    assert marker in html, "pyvis's template changed: update the probe"
    return html.replace(marker, marker + PROBE)


def time_page(browser, path: Path, timeout_s: float) -> float | None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    try:
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_function("window.ansvarsgrafReady !== undefined", polling=50,
                               timeout=timeout_s * 1000)
        # performance.now() counts from the navigation's start
        return float(page.evaluate("window.ansvarsgrafReady")) / 1000
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None
    finally:
        page.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from ansvarsgraf.api.explore import render_page

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", type=int, default=21)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--defaults-runs", type=int, default=1)
    ap.add_argument("--defaults-timeout", type=float, default=300.0)
    args = ap.parse_args()

    G = graph(args.municipalities)
    n = sum(1 for _, a in G.nodes(data=True) if a["label"] != "Report")
    e = G.number_of_edges()
    tmp = Path(tempfile.mkdtemp(prefix="ansvarsgraf-bench-pages-"))
    t = time.perf_counter()
    ours = tmp / "ours.html"
    ours.write_text(render_page(G, []), encoding="utf-8")
    ours_build = time.perf_counter() - t
    t = time.perf_counter()
    theirs = tmp / "pyvis-defaults.html"
    theirs.write_text(pyvis_defaults(G), encoding="utf-8")
    theirs_build = time.perf_counter() - t
    print(f"graph: {n} nodes, {e} edges ({args.municipalities} synthetic municipalities)")
    print(f"  build in Python: ours {ours_build:.2f} s ({ours.stat().st_size / 1e6:.1f} MB), "
          f"pyvis defaults {theirs_build:.2f} s ({theirs.stat().st_size / 1e6:.1f} MB)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        ours_t = [time_page(browser, ours, 60) for _ in range(args.runs)]
        theirs_t = [time_page(browser, theirs, args.defaults_timeout)
                    for _ in range(args.defaults_runs)]
        browser.close()

    def show(ts: list[float | None], timeout: float) -> str:
        done = [x for x in ts if x is not None]
        if not done:
            return f"not interactive within {timeout:g} s"
        runs = ", ".join(f"{x:.2f}" if x is not None else f">{timeout:g}" for x in ts)
        return f"median {statistics.median(done):.2f} s (runs: {runs})"

    print(f"  interactive: ours {show(ours_t, 60)}"
          f"{'  meets' if ours_t and all(x is not None and x <= 2 for x in ours_t) else '  MISSES'}"
          " <= 2 s")
    if theirs_t:
        print(f"  interactive: pyvis defaults {show(theirs_t, args.defaults_timeout)}")
    done = [x for x in ours_t if x is not None]
    other = [x for x in theirs_t if x is not None]
    if done and other:
        print(f"  ratio: pyvis defaults / ours = {statistics.median(other) / statistics.median(done):.0f}x")


if __name__ == "__main__":
    main()
