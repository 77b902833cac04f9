"""Score the notice parser, classifier and matcher against a labelled corpus (tests/data/notices).

Each test notice has a truth file (written by scripts/build_notice_corpus.py from its spec): issuer,
文号, date, title, and per clause its label, heading, departments and measures with their kind
(duty | internal | assignment), sectors and covering catalog item. The scores are used by the tests
(thresholds) and by bench/run.py (the figures in BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.notices.parse import Notice

KINDS = ("duty", "internal", "assignment")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def load_truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass
class FileScore:
    id: str
    doc_no: bool
    issuer: bool
    date: bool
    title: bool
    clauses_right: int
    clauses_total: int
    extra: list[str] = field(default_factory=list)  # labels the parser found that the truth lacks
    wrong: list[str] = field(default_factory=list)  # truth labels missing or with other text

    @property
    def metadata(self) -> bool:
        return self.doc_no and self.issuer

    @property
    def clauses(self) -> bool:
        return self.clauses_right == self.clauses_total and not self.extra


def score_notice(n: Notice, truth: dict[str, Any]) -> FileScore:
    date = dt.date.fromisoformat(truth["date"]) if truth.get("date") else None
    got = {c.label: c for c in n.clauses}
    right = 0
    wrong: list[str] = []
    for c in truth["clauses"]:
        p = got.get(c["label"])
        ok = (
            p is not None
            and squash(p.text) == squash(c["text"])
            and squash(p.heading) == squash(c["heading"])
            and [squash(d) for d in p.departments] == [squash(d) for d in c["departments"]]
        )
        right += ok
        if not ok:
            wrong.append(c["label"])
    labels = {c["label"] for c in truth["clauses"]}
    return FileScore(
        id=truth["id"],
        doc_no=n.doc_no == truth["doc_no"],
        issuer=n.issuer == truth["issuer"],
        date=n.date == date,
        title=squash(n.title) == squash(truth["title"]),
        clauses_right=right,
        clauses_total=len(truth["clauses"]),
        extra=[c.label for c in n.clauses if c.label not in labels],
        wrong=wrong,
    )


@dataclass
class Confusion:
    """Per kind: true positives, false positives, false negatives."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unmatched: int = 0  # truth measures the parser did not give back as a measure

    def add(self, truth: str, got: str) -> None:
        if truth == got:
            self.tp[truth] += 1
        else:
            self.fp[got] += 1
            self.fn[truth] += 1

    def precision(self, kind: str) -> float:
        d = self.tp[kind] + self.fp[kind]
        return self.tp[kind] / d if d else 1.0

    def recall(self, kind: str) -> float:
        d = self.tp[kind] + self.fn[kind]
        return self.tp[kind] / d if d else 1.0


def truth_measures(truth: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Squashed measure text -> its truth record (with the clause label)."""
    out: dict[str, dict[str, Any]] = {}
    for c in truth["clauses"]:
        for m in c["measures"]:
            out[squash(m["text"])] = {**m, "clause": c["label"]}
    return out


def score_kinds(measures: Sequence[Any], truth: dict[str, Any], conf: Confusion) -> None:
    """measures: classify.Measure objects (text, kind)."""
    want = truth_measures(truth)
    seen: set[str] = set()
    for m in measures:
        t = want.get(squash(m.text))
        if t is None:
            continue
        seen.add(squash(m.text))
        conf.add(t["kind"], m.kind)
    conf.unmatched += len(set(want) - seen)


@dataclass
class MatchScore:
    """Of duties whose truth names a covering item: that item first / in the first three candidates;
    of duties with no covering item: proposed as new."""

    covered_total: int = 0
    top1: int = 0
    top3: int = 0
    decided_covered: int = 0  # covered ones the matcher calls covered (any item)
    new_total: int = 0
    new_right: int = 0

    def add(self, truth_items: Sequence[str] | None, candidates: Sequence[str], covered: bool) -> None:
        if truth_items:
            self.covered_total += 1
            self.top1 += bool(candidates) and candidates[0] in truth_items
            self.top3 += bool(set(candidates[:3]) & set(truth_items))
            self.decided_covered += covered
        else:
            self.new_total += 1
            self.new_right += not covered


def corpus_files(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    return [
        (p.with_name(p.name.replace(".truth.json", ".txt")), load_truth(p))
        for p in sorted(folder.glob("*.truth.json"))
    ]


def score_seed_kinds(seeds: Path, labels: Path, conf: Confusion, lexicon: Any = None) -> list[str]:
    """Kinds of the hand-labelled sample of real seed measures (seed_kinds.yaml); returns the misses."""
    import yaml

    from app.notices.classify import classify, load_lexicon
    from app.notices.parse import parse_notice
    from app.notices.readers import read_text

    lexicon = lexicon or load_lexicon()
    sample = yaml.safe_load(labels.read_text(encoding="utf-8"))["sample"]
    measures: dict[str, list[Any]] = {}
    misses: list[str] = []
    for row in sample:
        if row["seed"] not in measures:
            path = next(seeds.glob(f"{row['seed']}_*.txt"))
            measures[row["seed"]] = classify(parse_notice(read_text(path)).clauses, lexicon)
        m = next(
            (
                x
                for x in measures[row["seed"]]
                if x.clause == row["clause"] and x.text.startswith(row["starts"])
            ),
            None,
        )
        if m is None:
            conf.unmatched += 1
            continue
        conf.add(row["kind"], str(m.kind))
        if row["kind"] != m.kind:
            misses.append(f"{row['seed']} {row['clause']} want {row['kind']} got {m.kind}: {m.text[:60]}")
    return misses


@dataclass
class CorpusReport:
    files: list[FileScore]
    kinds: Confusion
    matching: MatchScore
    short_flagged: int  # duties too short to judge (not matched)

    def pct(self, part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0

    @property
    def metadata_pct(self) -> float:
        return self.pct(sum(f.metadata for f in self.files), len(self.files))

    @property
    def clauses_pct(self) -> float:
        return self.pct(sum(f.clauses for f in self.files), len(self.files))


def snapshot_items(folder: Path) -> list[tuple[str, str, str]]:
    """(id, text, sector) of the catalog snapshot the corpus's covering items were labelled against
    (catalog_snapshot.json beside the corpus folder)."""
    data = json.loads((folder.parent / "catalog_snapshot.json").read_text(encoding="utf-8"))
    return [(it["id"], it["text"], it["sector"]) for it in data["items"]]


def evaluate(folder: Path, items: Sequence[tuple[str, str, str]], ext: str = ".txt") -> CorpusReport:
    """Parse, classify and match every corpus notice (in the given variant) against catalog items
    (id, text, sector): normally snapshot_items(folder)."""
    from app.notices.classify import classify_notice, load_lexicon
    from app.notices.match import Matcher
    from app.notices.parse import parse_notice
    from app.notices.readers import read_text

    lexicon = load_lexicon()
    matcher = Matcher([(i, text, [], sector) for i, text, sector in items])
    files: list[FileScore] = []
    kinds = Confusion()
    matching = MatchScore()
    short = 0
    for txt, truth in corpus_files(folder):
        n = parse_notice(read_text(txt.with_suffix(ext)))
        files.append(score_notice(n, truth))
        measures = classify_notice(n, lexicon)
        score_kinds(measures, truth, kinds)
        want = truth_measures(truth)
        for m in measures:
            t = want.get(squash(m.text))
            if t is None or t["kind"] != "duty":
                continue
            if m.short:
                short += 1
                continue
            p = matcher.propose(m)
            matching.add(t["covers"], [i for i, _s in p.candidates], p.status == "covered")
    return CorpusReport(files, kinds, matching, short)


# --- held-out real notices (labels in real_holdout.yaml, page text kept outside the repository) ---

CJK_CHAR = re.compile(r"[\u4e00-\u9fa5]")
CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
MARKER = re.compile(rf"^\s*(?:[（(]{CN_NUMERAL}[）)]|{CN_NUMERAL}、|\d{{1,3}}[.．、])")
DEPT_BRACKET = re.compile(r"[（(][^（）()]*负责[^（）()]*[）)]")


def measure_key(text: str) -> str:
    """How real_holdout.yaml names a measure without keeping its text: the first 10 hex digits of
    sha1 of its Chinese characters (simplified; clause marker and （…负责） brackets left out)."""
    import hashlib

    from app.notices.parse import to_simplified

    s = DEPT_BRACKET.sub("", MARKER.sub("", to_simplified(text)))
    return hashlib.sha1("".join(CJK_CHAR.findall(s)).encode()).hexdigest()[:10]


def clause_chars(clauses: Sequence[Any]) -> int:
    """Chinese characters of a clause (with its sector parts): heading, text and departments."""
    return sum(len(CJK_CHAR.findall(c.heading + c.text + "".join(c.departments))) for c in clauses)


@dataclass
class RealScore:
    id: str
    scored: bool  # the page names an issuer or a 文号
    doc_no: bool
    issuer: bool
    date: bool
    clauses: bool
    got: str = ""  # what the parser found, for the report
    want: str = ""

    @property
    def metadata(self) -> bool:
        return self.doc_no and self.issuer


@dataclass
class RealReport:
    files: list[RealScore]
    missing: list[str]  # labelled notices whose page text is not on this machine
    kinds: Confusion
    matching: MatchScore

    @property
    def scored(self) -> list[RealScore]:
        return [f for f in self.files if f.scored]


def score_real(
    folder: Path, labels: Path, items: Sequence[tuple[str, str, str]] = (), lexicon: Any = None
) -> RealReport:
    """Parse, classify and match each labelled real page found in folder (<id>.txt) against its
    labels; items: catalog (id, text, sector) for the "already covered" check."""
    import yaml

    from app.core.proposals import ProposalStatus
    from app.notices.classify import classify_notice, load_lexicon
    from app.notices.match import Matcher
    from app.notices.parse import parse_notice
    from app.notices.readers import read_text

    lexicon = lexicon or load_lexicon()
    matcher = Matcher([(i, text, [], sector) for i, text, sector in items])
    data = yaml.safe_load(labels.read_text(encoding="utf-8"))["notices"]
    files: list[RealScore] = []
    missing: list[str] = []
    kinds = Confusion()
    matching = MatchScore()
    for t in data:
        path = folder / f"{t['id']}.txt"
        if not path.is_file():
            missing.append(t["id"])
            continue
        n = parse_notice(read_text(path))
        issuers = {t["issuer"], *(t.get("accept") or [])}
        date = dt.date.fromisoformat(t["date"]) if t.get("date") else None
        got_clauses = [
            (c.label, clause_chars([c, *(s for s in n.clauses if s.sub and s.parent == c.label)]))
            for c in n.top_level
        ]
        want_clauses = [(c["label"], c["chars"]) for c in t["clauses"]]
        files.append(
            RealScore(
                id=t["id"],
                scored=t.get("metadata", True),
                doc_no=n.doc_no == t["doc_no"],
                issuer=n.issuer in issuers,
                date=n.date == date,
                clauses=got_clauses == want_clauses,
                got=f"{n.issuer}|{n.doc_no}|{n.date or ''}|{got_clauses}",
                want=f"{t['issuer']}|{t['doc_no']}|{t['date']}|{want_clauses}",
            )
        )
        measures = {(m.clause, measure_key(m.text)): m for m in classify_notice(n, lexicon)}
        for want in t.get("measures") or []:
            m = measures.get((want["clause"], want["key"]))
            if m is None:
                kinds.unmatched += 1
                continue
            kinds.add(want["kind"], str(m.kind))
            if want["kind"] == "duty" and items:  # ranked by text whatever the classifier said
                ranked = [i for i, _s in matcher.ranked(m)[:3]]
                covered = matcher.propose(m).status == ProposalStatus.COVERED
                matching.add(want.get("covers") or [], ranked, covered)
    return RealReport(files, missing, kinds, matching)
