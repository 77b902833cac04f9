"""Load the checklist catalog from YAML files and report every problem found.

Each problem reads `file:item-id:field: message`, so a user editing a file finds the spot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.catalog import (
    AREA_LEVELS,
    LAW_KINDS,
    Area,
    Catalog,
    Citation,
    CoverageEntry,
    Criterion,
    Item,
    Law,
    Provision,
    Sector,
    SiteType,
    Source,
    Standard,
)
from app.core.errors import AnchaError
from app.core.inspections import METHODS


def _yaml_load(fh: Any) -> Any:
    """Parse one YAML file (PyYAML is imported here: start-up reads the catalog from its cache)."""
    import yaml

    try:  # the C loader is several times faster
        from yaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as loader  # type: ignore[assignment]
    return yaml.load(fh, Loader=loader)


ITEM_ID = re.compile(r"^[A-Z]+-\d{3,}$")
AREA_CODE = re.compile(r"^\d{6}$")
VERIFIED = {"V", "S", "K"}
# Second-round content checks: every shipped item carries hazard wording and a legal basis (or the
# reason none was found), and every clause of a criterion in force is linked to an item or explained.
STRICT = True


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.item}:{self.field}: {self.message}"


class CatalogError(AnchaError):
    """The catalog has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        head = f"检查清单数据有 {len(problems)} 处错误，第一处：{problems[0]}"
        super().__init__(head)
        self.problems = problems


class _Reader:
    def __init__(self, root: Path, strict: bool = False) -> None:
        self.root = root
        self.strict = strict
        self.problems: list[Problem] = []
        self.cat = Catalog()
        # where each item id was first seen, for duplicate messages
        self._seen: dict[str, str] = {}
        self._criteria_refs: list[tuple[str, str, str]] = []  # (file, item id, criterion id)
        self._legal_refs: list[tuple[str, str, str]] = []  # (file, item id, provision id)
        self._area_refs: list[tuple[str, str, str]] = []  # (file, row id, area code)

    def problem(self, file: str, item: str, field: str, message: str) -> None:
        self.problems.append(Problem(file, item or "-", field, message))

    def load_yaml(self, path: Path) -> Any:
        rel = path.relative_to(self.root).as_posix()
        import yaml

        try:
            with path.open(encoding="utf-8") as fh:
                return _yaml_load(fh)
        except UnicodeDecodeError:
            self.problem(rel, "-", "encoding", "文件不是UTF-8编码")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
            reason = getattr(exc, "problem", None) or str(exc)
            self.problem(rel, "-", "yaml", f"YAML格式错误{where}：{reason}")
        except OSError as exc:
            self.problem(rel, "-", "file", f"无法读取：{exc.strerror}")
        return None

    def text(self, rel: str, item: str, d: dict[str, Any], key: str, required: bool = True) -> str:
        value = d.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(rel, item, key, "缺少内容")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(rel, item, key, "应为文字")
            return ""
        return str(value).strip()

    def date(self, rel: str, item: str, d: dict[str, Any], key: str) -> dt.date | None:
        value = d.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(rel, item, key, f"日期格式应为YYYY-MM-DD：{value!r}")
        return None

    # --- files -----------------------------------------------------------

    def sources(self, path: Path) -> None:
        rel = path.relative_to(self.root).as_posix()
        data = self.load_yaml(path)
        if data is None:
            return
        rows = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            self.problem(rel, "-", "sources", "应为列表")
            return
        for row in rows:
            if not isinstance(row, dict):
                self.problem(rel, "-", "sources", "每项应为键值表")
                continue
            sid = self.text(rel, "-", row, "id")
            if not sid:
                continue
            if sid in self.cat.sources:
                self.problem(rel, sid, "id", "来源编号重复")
                continue
            raw_date = row.get("date")
            day: dt.date | None = None
            year: int | None = None
            if isinstance(raw_date, int):
                year = raw_date
            else:
                day = self.date(rel, sid, row, "date")
                year = day.year if day else None
            explicit = row.get("year")  # the work year, when it differs from the date's
            if explicit is not None:
                if isinstance(explicit, int) and 1990 <= explicit <= 2100:
                    year = explicit
                else:
                    self.problem(rel, sid, "year", f"年份应为四位数字：{explicit!r}")
            self.cat.sources[sid] = Source(
                id=sid,
                doc_no=self.text(rel, sid, row, "doc_no"),
                issuer=self.text(rel, sid, row, "issuer"),
                title=self.text(rel, sid, row, "title"),
                date=day,
                year=year,
                numbering=self.text(rel, sid, row, "numbering", required=False),
                area=self._area_ref(rel, sid, row, "area"),
                level=self._choice(rel, sid, row, "level", AREA_LEVELS),
                until=self.date(rel, sid, row, "until"),
                partial=bool(row.get("partial", False)),
                provenance=self.text(rel, sid, row, "provenance", required=False),
            )

    def _area_ref(self, rel: str, row_id: str, d: dict[str, Any], key: str) -> str:
        value = d.get(key)
        if value is None or value == "":
            return ""
        code = str(value).strip()
        if not AREA_CODE.match(code):
            self.problem(rel, row_id, key, f"行政区划代码应为6位数字：{value!r}")
            return ""
        self._area_refs.append((rel, row_id, code))
        return code

    def _choice(self, rel: str, row_id: str, d: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(rel, row_id, d, key, required=False)
        if value and value not in allowed:
            self.problem(rel, row_id, key, f"应为{'、'.join(allowed)}之一：{value}")
            return ""
        return value

    def areas(self, path: Path) -> None:
        rel = path.relative_to(self.root).as_posix()
        data = self.load_yaml(path)
        rows = data.get("areas") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            self.problem(rel, "-", "areas", "应为列表")
            return
        for row in rows:
            if not isinstance(row, dict):
                self.problem(rel, "-", "areas", "每项应为键值表")
                continue
            code = str(row.get("code") or "").strip()
            if not AREA_CODE.match(code):
                self.problem(rel, code or "-", "code", f"行政区划代码应为6位数字：{row.get('code')!r}")
                continue
            if code in self.cat.areas:
                self.problem(rel, code, "code", "行政区划代码重复")
                continue
            parent = row.get("parent")
            self.cat.areas[code] = Area(
                code=code,
                name=self.text(rel, code, row, "name"),
                level=self._choice(rel, code, row, "level", AREA_LEVELS) or "county",
                parent=str(parent).strip() if parent else None,
            )
        for area in self.cat.areas.values():
            if area.parent and area.parent not in self.cat.areas:
                self.problem(rel, area.code, "parent", f"未知的上级区划“{area.parent}”")

    def laws(self, path: Path) -> None:
        rel = path.relative_to(self.root).as_posix()
        data = self.load_yaml(path)
        if data is None:
            return
        rows = data.get("laws") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            self.problem(rel, "-", "laws", "应为列表")
            return
        for row in rows:
            if not isinstance(row, dict):
                self.problem(rel, "-", "laws", "每项应为键值表")
                continue
            law_id = self.text(rel, "-", row, "id")
            if not law_id:
                continue
            if law_id in self.cat.laws:
                self.problem(rel, law_id, "id", "法规编号重复")
                continue
            name = self.text(rel, law_id, row, "name")
            law = Law(
                id=law_id,
                name=name,
                short=self.text(rel, law_id, row, "short", required=False) or name,
                kind=self._choice(rel, law_id, row, "kind", LAW_KINDS) or "规范性文件",
                doc_no=self.text(rel, law_id, row, "doc_no", required=False),
                issuer=self.text(rel, law_id, row, "issuer", required=False),
                in_force=self.date(rel, law_id, row, "in_force"),
                superseded=self.date(rel, law_id, row, "superseded"),
                source=self.text(rel, law_id, row, "source", required=False),
                note=self.text(rel, law_id, row, "note", required=False),
            )
            if not row.get("kind"):
                self.problem(rel, law_id, "kind", "缺少内容")
            self.cat.laws[law_id] = law
            provisions = row.get("provisions")
            if not isinstance(provisions, list) or not provisions:
                self.problem(rel, law_id, "provisions", "没有条款")
                continue
            for pr in provisions:
                if not isinstance(pr, dict):
                    self.problem(rel, law_id, "provisions", "每项应为键值表")
                    continue
                pid = self.text(rel, law_id, pr, "id")
                if not pid:
                    continue
                if pid in self.cat.provisions:
                    self.problem(rel, pid, "id", "条款编号重复")
                    continue
                verified = self.text(rel, pid, pr, "verified")
                if verified and verified not in VERIFIED:
                    self.problem(rel, pid, "verified", f"应为V、S或K：{verified}")
                self.cat.provisions[pid] = Provision(
                    id=pid,
                    law_id=law_id,
                    ref=self.text(rel, pid, pr, "ref"),
                    summary=self.text(rel, pid, pr, "summary"),
                    verified=verified or "K",
                )

    def criteria(self, path: Path) -> None:
        rel = path.relative_to(self.root).as_posix()
        data = self.load_yaml(path)
        if data is None:
            return
        rows = data.get("standards") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            self.problem(rel, "-", "standards", "应为列表")
            return
        for row in rows:
            if not isinstance(row, dict):
                self.problem(rel, "-", "standards", "每项应为键值表")
                continue
            std_id = self.text(rel, "-", row, "id")
            if not std_id:
                continue
            if std_id in self.cat.standards:
                self.problem(rel, std_id, "id", "判定标准编号重复")
                continue
            std = Standard(
                id=std_id,
                sector_id=self.text(rel, std_id, row, "sector"),
                name=self.text(rel, std_id, row, "name"),
                doc_no=self.text(rel, std_id, row, "doc_no"),
                in_force=self.date(rel, std_id, row, "in_force"),
                superseded=self.date(rel, std_id, row, "superseded"),
                replaces=self.text(rel, std_id, row, "replaces", required=False),
                note=self.text(rel, std_id, row, "note", required=False),
                family=self.text(rel, std_id, row, "family", required=False),
            )
            self.cat.standards[std_id] = std
            clauses = row.get("clauses")
            if not isinstance(clauses, list) or not clauses:
                self.problem(rel, std_id, "clauses", "判定标准没有条款")
                continue
            for cl in clauses:
                if not isinstance(cl, dict):
                    self.problem(rel, std_id, "clauses", "每项应为键值表")
                    continue
                cid = self.text(rel, std_id, cl, "id")
                if not cid:
                    continue
                if cid in self.cat.criteria:
                    self.problem(rel, cid, "id", "条款编号重复")
                    continue
                verified = self.text(rel, cid, cl, "verified")
                if verified and verified not in VERIFIED:
                    self.problem(rel, cid, "verified", f"应为V、S或K：{verified}")
                self.cat.criteria[cid] = Criterion(
                    id=cid,
                    standard_id=std_id,
                    ref=self.text(rel, cid, cl, "ref"),
                    summary=self.text(rel, cid, cl, "summary"),
                    verified=verified or "K",
                    note=self.text(rel, cid, cl, "note", required=False),
                )

    def sector(self, path: Path, origin: str = "shipped") -> None:
        rel = path.relative_to(self.root).as_posix()
        data = self.load_yaml(path)
        if data is None:
            return
        if not isinstance(data, dict):
            self.problem(rel, "-", "-", "文件内容应为键值表")
            return
        sec = data.get("sector")
        if not isinstance(sec, dict):
            self.problem(rel, "-", "sector", "缺少行业定义")
            return
        sector_id = self.text(rel, "-", sec, "id")
        if not sector_id:
            return
        groups = data.get("groups") or []
        if not isinstance(groups, list):
            self.problem(rel, "-", "groups", "应为列表")
            groups = []
        if sector_id in self.cat.sectors:
            self.problem(rel, "-", "sector", f"行业“{sector_id}”已在其他文件中定义")
            return
        order = sec.get("order", 99)
        self.cat.sectors[sector_id] = Sector(
            id=sector_id,
            name=self.text(rel, sector_id, sec, "name"),
            order=order if isinstance(order, int) else 99,
            groups=tuple(str(g) for g in groups),
            authority=self.text(rel, sector_id, sec, "authority", required=False),
        )
        local_sites: set[str] = set()
        for st in data.get("site_types") or []:
            if not isinstance(st, dict):
                self.problem(rel, "-", "site_types", "每项应为键值表")
                continue
            st_id = self.text(rel, "-", st, "id")
            if not st_id:
                continue
            if st_id in self.cat.site_types:
                self.problem(rel, st_id, "id", "场所类型编号重复")
                continue
            local_sites.add(st_id)
            self.cat.site_types[st_id] = SiteType(
                id=st_id,
                name=self.text(rel, st_id, st, "name"),
                sector_id=sector_id,
                description=self.text(rel, st_id, st, "description", required=False),
            )
        items = data.get("items")
        if not isinstance(items, list):
            self.problem(rel, "-", "items", "缺少检查项目列表")
            items = []
        for row in items:
            self.item(rel, sector_id, local_sites, row, origin)
        for row in data.get("coverage") or []:
            if not isinstance(row, dict):
                self.problem(rel, "-", "coverage", "每项应为键值表")
                continue
            src = self.text(rel, "-", row, "source")
            clause = self.text(rel, src, row, "clause")
            if src and src not in self.cat.sources:
                self.problem(rel, src, "coverage", f"未知的来源文件“{src}”")
            self.cat.coverage.append(
                CoverageEntry(sector_id, src, clause, self.text(rel, src, row, "excluded", False))
            )

    def item(self, rel: str, sector_id: str, sites: set[str], row: Any, origin: str) -> None:
        if not isinstance(row, dict):
            self.problem(rel, "-", "items", "每个检查项目应为键值表")
            return
        iid = self.text(rel, "-", row, "id")
        if not iid:
            return
        if not ITEM_ID.match(iid):
            self.problem(rel, iid, "id", "编号格式应为“大写字母-三位以上数字”，如GAS-001")
        if iid in self._seen:
            self.problem(rel, iid, "id", f"编号重复（已在{self._seen[iid]}中使用）")
            return
        self._seen[iid] = rel
        text = self.text(rel, iid, row, "text")
        methods = row.get("method") or []
        if isinstance(methods, str):
            methods = [m for m in re.split(r"[、,，/ ]+", methods) if m]
        if not methods:
            self.problem(rel, iid, "method", "缺少检查方法")
        for m in methods:
            if m not in METHODS:
                self.problem(rel, iid, "method", f"未知的检查方法“{m}”（可用：{'、'.join(METHODS)}）")
        basis: list[Citation] = []
        raw_basis = row.get("basis") or []
        if not raw_basis and origin == "shipped" and not row.get("legal"):
            # a notice clause that asks for the measure, or else the law that requires it: an item
            # is never kept on a notice clause that only names the topic
            self.problem(rel, iid, "basis", "缺少依据（通知条款或法律依据）")
        for b in raw_basis if isinstance(raw_basis, list) else []:
            if not isinstance(b, dict):
                self.problem(rel, iid, "basis", "依据应写为 {source: ..., clause: ...}")
                continue
            src = self.text(rel, iid, b, "source")
            clause = self.text(rel, iid, b, "clause")
            if src and src not in self.cat.sources:
                self.problem(rel, iid, "basis", f"未知的来源文件“{src}”")
            basis.append(Citation(src, clause))
        site_types = row.get("site_types") or []
        if not isinstance(site_types, list) or not site_types:
            self.problem(rel, iid, "site_types", "缺少适用场所类型")
            site_types = []
        for st in site_types:
            if st != "all" and st not in sites:
                self.problem(rel, iid, "site_types", f"未知的场所类型“{st}”")
        criteria = row.get("criteria") or []
        if not isinstance(criteria, list):
            self.problem(rel, iid, "criteria", "应为列表")
            criteria = []
        for c in criteria:
            self._criteria_refs.append((rel, iid, str(c)))
        hazard = self.text(rel, iid, row, "hazard", required=False)
        legal = row.get("legal") or []
        if isinstance(legal, str):
            legal = [legal]
        if not isinstance(legal, list):
            self.problem(rel, iid, "legal", "应为法规条款编号列表")
            legal = []
        for pid in legal:
            self._legal_refs.append((rel, iid, str(pid)))
        legal_missing = self.text(rel, iid, row, "legal_missing", required=False)
        if legal and legal_missing:
            self.problem(rel, iid, "legal_missing", "已有法律依据时不应再写未找到依据的理由")
        if origin == "shipped" and self.strict:
            if not hazard:
                self.problem(rel, iid, "hazard", "缺少隐患描述（不符合时记录的违法行为）")
            if not legal and not legal_missing:
                self.problem(rel, iid, "legal", "缺少法律依据（法规条款编号，或用legal_missing说明理由）")
        self.cat.items[iid] = Item(
            id=iid,
            sector_id=sector_id,
            group=self.text(rel, iid, row, "group", required=False) or "其他",
            text=text,
            methods=tuple(str(m) for m in methods),
            basis=tuple(basis),
            site_types=tuple(str(s) for s in site_types),
            criteria=tuple(str(c) for c in criteria),
            hazard=hazard,
            legal=tuple(str(p) for p in legal),
            legal_missing=legal_missing,
            origin=origin,
        )

    def finish(self) -> None:
        for rel, iid, cid in self._criteria_refs:
            if cid not in self.cat.criteria:
                self.problem(rel, iid, "criteria", f"未知的判定标准条款“{cid}”")
        for rel, iid, pid in self._legal_refs:
            if pid not in self.cat.provisions:
                self.problem(rel, iid, "legal", f"未知的法规条款“{pid}”（应在laws/*.yaml中定义）")
        if self.strict:
            self._check_criteria_links()
        if self.cat.areas:
            for rel, row_id, code in self._area_refs:
                if code not in self.cat.areas:
                    self.problem(rel, row_id, "area", f"未知的行政区划代码“{code}”（应在areas.yaml中）")
        for std in self.cat.standards.values():
            if std.sector_id and std.sector_id not in self.cat.sectors:
                self.problem("criteria", std.id, "sector", f"未知的行业“{std.sector_id}”")
        cited = {
            (it.sector_id, c.source_id, c.clause)
            for it in self.cat.items.values()
            if it.origin == "shipped"
            for c in it.basis
        }
        listed = {(e.sector_id, e.source_id, e.clause) for e in self.cat.coverage}
        for e in self.cat.coverage:
            if not e.excluded and (e.sector_id, e.source_id, e.clause) not in cited:
                self.problem(
                    f"sectors/{e.sector_id}.yaml" if e.sector_id != "common" else "common.yaml",
                    e.source_id,
                    "coverage",
                    f"条款{e.clause}既无检查项目引用，也未说明不纳入的理由",
                )
        for sec, src, clause in sorted(cited - listed):
            if not self.cat.sources.get(src):
                continue
            self.problem(
                f"sectors/{sec}.yaml" if sec != "common" else "common.yaml",
                src,
                "coverage",
                f"检查项目引用的条款{clause}未列入coverage",
            )

    def _check_criteria_links(self) -> None:
        linked = {cid for _, _, cid in self._criteria_refs}
        for c in self.cat.criteria.values():
            std = self.cat.standards[c.standard_id]
            if std.superseded is None and c.id not in linked and not c.note:
                self.problem("criteria", c.id, "note", "判定标准条款既无检查项目关联，也未说明理由（note）")


def shipped_root() -> Path:
    from app.paths import checklists_dir

    return checklists_dir()


def read_catalog(root: Path | None = None, strict: bool | None = None) -> tuple[Catalog, list[Problem]]:
    """Read every catalog file under `root`; return the catalog and all problems found."""
    root = root or shipped_root()
    r = _Reader(root, STRICT if strict is None else strict)
    if not root.is_dir():
        r.problem(str(root), "-", "-", "检查清单目录不存在")
        return r.cat, r.problems
    src = root / "sources.yaml"
    if src.exists():
        r.sources(src)
    else:
        r.problem("sources.yaml", "-", "-", "缺少来源文件清单")
    areas = root / "areas.yaml"
    if areas.exists():
        r.areas(areas)
    for path in sorted((root / "laws").glob("*.yaml")):
        r.laws(path)
    for path in sorted((root / "criteria").glob("*.yaml")):
        r.criteria(path)
    common = root / "common.yaml"
    if common.exists():
        r.sector(common)
    for path in sorted((root / "sectors").glob("*.yaml")):
        r.sector(path)
    r.finish()
    return r.cat, r.problems


def load_catalog(root: Path | None = None, strict: bool | None = None) -> Catalog:
    """The catalog, or CatalogError listing every problem."""
    cat, problems = read_catalog(root, strict)
    if problems:
        raise CatalogError(problems)
    return cat
