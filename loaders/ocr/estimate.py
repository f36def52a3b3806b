"""Estimate the confusion table from OCR text and its hand-corrected reference
(line-aligned, as in shared/corpus/ocr/): count how each å/ä/ö was rendered.

    python -m ansvarsgraf.loaders.ocr.estimate OCR.txt REFERENCE.txt  > counts.json
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from ansvarsgraf.loaders.ocr import TOKEN
from ansvarsgraf.loaders.ocr.channel import DAMAGEABLE


def count_confusions(ocr: str, reference: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for o_line, r_line in zip(ocr.splitlines(), reference.splitlines(), strict=False):
        o_tok = [t.lower() for t in TOKEN.findall(o_line)]
        r_tok = [t.lower() for t in TOKEN.findall(r_line)]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, r_tok, o_tok, autojunk=False).get_opcodes():
            if tag != "replace" or i2 - i1 != j2 - j1:
                continue
            for ref, obs in zip(r_tok[i1:i2], o_tok[j1:j2], strict=True):
                _count_word(ref, obs, counts)
    return {k: dict(v) for k, v in counts.items()}


def _count_word(ref: str, obs: str, counts: dict[str, dict[str, int]]) -> None:
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ref, obs, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        chunk, seen = ref[i1:i2], obs[j1:j2]
        if len(chunk) == 1 and chunk in DAMAGEABLE:
            counts[chunk][seen] += 1
        elif len(chunk) == len(seen) and all(c in DAMAGEABLE for c in chunk):
            for c, s in zip(chunk, seen, strict=True):
                counts[c][s] += 1


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    ocr, ref = (Path(a).read_text(encoding="utf-8") for a in args)
    sys.stdout.write(json.dumps(count_confusions(ocr, ref), ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
