#!/usr/bin/env bash
# Regenerate docs/quality.md: extract the development corpus (../shared/corpus), score it
# with ../shared/eval/score.py and write the per-label and per-type table.
#   bash bench/quality.sh            (from the checkout, after .venv/bin/pip install .);
# also scores examples/ against examples/gold and the held-out set tests/data/heldout/
# against tests/data/heldout/gold when those folders are there.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=../shared/corpus
[ -d "$CORPUS/gold" ] || { echo "bench/quality.sh: no development corpus at $CORPUS" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
.venv/bin/ansvarsgraf extract "$CORPUS"/*.txt --format json --out "$OUT/pred" 2>/dev/null
.venv/bin/python ../shared/eval/score.py "$CORPUS/gold" "$OUT/pred" --json "$OUT/score.json" > "$OUT/score.txt" || true
ARGS=("$OUT/score.json")
if [ -d examples/gold ]; then  # the demo reports' own annotations, when the checkout has them
  .venv/bin/ansvarsgraf extract examples/*.txt --format json --out "$OUT/demo" 2>/dev/null
  .venv/bin/python ../shared/eval/score.py examples/gold "$OUT/demo" --json "$OUT/demo.json" > /dev/null || true
  ARGS+=(--demo "$OUT/demo.json")
fi
HELDOUT=tests/data/heldout
if [ -d "$HELDOUT/gold" ]; then  # reports written to test generalisation (gold made before any run)
  .venv/bin/ansvarsgraf extract "$HELDOUT"/*.txt --format json --out "$OUT/heldout" 2>/dev/null
  .venv/bin/python ../shared/eval/score.py "$HELDOUT/gold" "$OUT/heldout" --json "$OUT/heldout.json" > /dev/null || true
  ARGS+=(--heldout "$OUT/heldout.json")
fi
HELDOUT2=tests/data/heldout2
if [ -d "$HELDOUT2/gold" ]; then  # nine longer documents in text, HTML and PDF, written blind
  .venv/bin/ansvarsgraf extract "$HELDOUT2"/*.txt "$HELDOUT2"/*.html "$HELDOUT2"/*.pdf --format json --out "$OUT/heldout2" 2>/dev/null
  .venv/bin/python ../shared/eval/score.py "$HELDOUT2/gold" "$OUT/heldout2" --json "$OUT/heldout2.json" > /dev/null || true
  ARGS+=(--heldout2 "$OUT/heldout2.json")
fi
.venv/bin/python bench/quality.py "${ARGS[@]}" > docs/quality.md
echo "wrote docs/quality.md"
