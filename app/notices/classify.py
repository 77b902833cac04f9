"""Split clauses into measures and classify them by sector with the keyword lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.core.errors import AnchaError
from app.notices.parse import Clause

SPLIT = re.compile(r"(?<=[。；;！])")


@dataclass
class Lexicon:
    sectors: dict[str, dict[str, float]]
    internal: dict[str, float]
    threshold: float = 2


@dataclass
class Measure:
    clause: str  # label of the clause it comes from
    text: str
    departments: list[str]
    scores: dict[str, float] = field(default_factory=dict)
    sectors: list[str] = field(default_factory=list)
    checkable: bool = True
    doc_no: str = ""  # the notice's 文号, so a measure can be matched against citations on its own


def load_lexicon(path: Path | None = None) -> Lexicon:
    from app.paths import checklists_dir

    path = path or checklists_dir() / "lexicon.yaml"
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Lexicon(
            sectors={k: {str(w): float(v) for w, v in d.items()} for k, d in data["sectors"].items()},
            internal={str(w): float(v) for w, v in data.get("internal", {}).items()},
            threshold=float(data.get("threshold", 2)),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise AnchaError(f"关键词词典 {path} 格式错误：{exc}") from exc


def split_measures(clause: Clause) -> list[str]:
    parts = [p.strip() for p in SPLIT.split(clause.text) if p.strip()]
    return [p for p in parts if len(p) >= 8]


def score(text: str, words: dict[str, float]) -> float:
    return sum(w for k, w in words.items() if k in text)


def classify(clauses: list[Clause], lexicon: Lexicon, doc_no: str = "") -> list[Measure]:
    """Each clause's measures, scored per sector (several sectors allowed); government-internal
    tasks (学习、宣传、考核…) that no site inspection can check get checkable=False."""
    out: list[Measure] = []
    for c in clauses:
        context = c.heading  # a sector heading (燃气) counts for every measure under it
        for text in split_measures(c):
            scores = {s: score(text + " " + context, words) for s, words in lexicon.sectors.items()}
            scores = {s: v for s, v in scores.items() if v > 0}
            sectors = sorted(
                (s for s, v in scores.items() if v >= lexicon.threshold), key=lambda s: -scores[s]
            )
            internal = score(text, lexicon.internal)
            checkable = not (internal >= lexicon.threshold and internal >= max(scores.values(), default=0))
            out.append(Measure(c.label, text, c.departments, scores, sectors, checkable, doc_no))
    return out
