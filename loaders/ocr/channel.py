"""The OCR channel: how likely a true character is rendered as some observed chunk.

The table is data (confusion.json): counts from corrected pages, smoothed with prior
pseudo-counts so that renderings the sample never showed (another scanner, another
engine) keep a small probability instead of none.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

TABLE = Path(__file__).with_name("confusion.json")
DAMAGEABLE = "åäö"


@dataclass(frozen=True)
class Channel:
    # observed chunk -> ((true character, log10 P(chunk | true)), ...)
    reverse: dict[str, tuple[tuple[str, float], ...]]
    first_letter: dict[str, str] = field(default_factory=dict)
    max_chunk: int = 2

    @classmethod
    def from_counts(cls, observed: dict[str, dict[str, float]],
                    prior: dict[str, dict[str, float]] | None = None,
                    prior_weight: float = 0.25,
                    first_letter: dict[str, str] | None = None) -> Channel:
        """Smoothed P(obs|x) = (count + a·prior_share) / (n + a), a = weight · max(n, 20)."""
        prior = prior or {}
        reverse: dict[str, list[tuple[str, float]]] = {}
        for x in sorted(set(observed) | set(prior)):
            counts = observed.get(x, {})
            n = sum(counts.values())
            p = prior.get(x, {})
            ptotal = sum(p.values()) or 1.0
            a = prior_weight * max(n, 20) if p else 0.0
            for obs in set(counts) | set(p):
                if obs == x:
                    continue
                q = (counts.get(obs, 0.0) + a * p.get(obs, 0.0) / ptotal) / (n + a)
                if q > 0:
                    reverse.setdefault(obs, []).append((x, math.log10(q)))
        return cls({k: tuple(sorted(v, key=lambda t: -t[1])) for k, v in reverse.items()},
                   dict(first_letter or {}),
                   max((len(k) for k in reverse), default=1))

    @classmethod
    def load(cls, path: Path = TABLE) -> Channel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_counts(data["observed"], data.get("prior"), data.get("prior_weight", 0.25),
                               data.get("first_letter"))
