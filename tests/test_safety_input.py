"""Ordinary but awkward input: formula-like text, control characters, long text; private files."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core import validation
from app.core.errors import ValidationError
from app.reports import checklist_xlsx
from app.services import catalog_cache, checklists, findings, ledger, units
from app.services.exports import write_findings
from app.services.workspace import Workspace
from tests.helpers import sqlite_ws, ws_fixture  # noqa: F401 - fixture

EVIL = "=cmd|' /C calc'!A0"


def _finding(ws: Workspace, title: str, **extra: object) -> findings.Finding:
    unit = units.create_unit(ws, units.UnitInput(name="测试单位\x00"))
    return findings.create_finding(
        ws,
        findings.FindingInput(
            unit_id=unit.id, sector_id="gas", title=title, found_on=dt.date(2025, 5, 1), extra=dict(extra)
        ),
    )


def test_control_characters_are_stripped_at_input(ws: Workspace) -> None:
    f = _finding(ws, "灶具\v无熄火保护\x00", location="厨房\u2028北侧\x1b")
    assert f.title == "灶具\n无熄火保护" and f.location == "厨房\n北侧"
    assert units.get_unit(ws, f.unit_id).name == "测试单位"
    with pytest.raises(ValidationError, match=r"隐患名称.*过长"):
        _finding(ws, "长" * 100_000)
    with pytest.raises(ValidationError, match="不在合理范围"):
        findings.update_finding(ws, f.id, {"deadline": "9999-01-01"})
    with pytest.raises(ValidationError, match="未知的取值"):
        findings.update_finding(ws, f.id, {"level": "hacked"})


def test_formula_text_stays_text_in_excel(ws: Workspace, tmp_path: Path) -> None:
    _finding(ws, EVIL, location="+1+1", responsible="@SUM(A1)", measures="-2\v换行\x00")
    out = tmp_path / "f.xlsx"
    assert write_findings(ws, ledger.FindingFilter(), out) == 1
    sheet = load_workbook(out)["隐患台账"]
    cells = {c.value: c for c in sheet[2] if isinstance(c.value, str)}
    for text in (EVIL, "+1+1", "@SUM(A1)", "-2\n换行"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    raw = _sheet_xml(out)
    assert "<f>" not in raw and "calc" in raw


def test_formula_text_in_a_template_stays_text(tmp_path: Path) -> None:
    items = [checklists.custom_item(EVIL), checklists.custom_item("正常\v内容")]
    out = checklist_xlsx.export_template(tmp_path / "t.xlsx", "模板", "gas", None, items)
    assert "<f>" not in _sheet_xml(out)
    back = checklist_xlsx.import_template(out)
    assert [i.text for i in back.items] == [EVIL, "正常\n内容"]


def _sheet_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_validation_rules_shared_by_every_entry() -> None:
    assert validation.strip_controls("a\r\nb\x0bc\x00d\ud800") == "a\nb\ncd"
    with pytest.raises(ValidationError, match="检查日期"):
        validation.check_inspection(
            {"id": "00000000-0000-0000-0000-000000000001", "unit_id": "00000000-0000-0000-0000-000000000002"}
        )
    base = {
        "id": "6f1e1f6e-8d5b-4b0e-9a53-000000000001",
        "unit_id": "6f1e1f6e-8d5b-4b0e-9a53-000000000002",
        "sector_id": "gas",
        "title": "t",
        "found_on": "2025-01-01",
        "level": "major",
        "status": "closed",
        "closed_on": "2025-02-01",
    }
    with pytest.raises(ValidationError, match=r"已销号，但.*未填写验收人.*双报告"):
        validation.check_finding(base)
    with pytest.raises(ValidationError, match=r"状态.*hacked"):
        validation.check_finding({**base, "status": "hacked"})
    with pytest.raises(ValidationError, match="早于发现日期"):
        validation.check_finding({**base, "status": "pending", "closed_on": None, "deadline": "2024-01-01"})
    ok = validation.check_finding({**base, "status": "pending", "closed_on": None, "level": "一般隐患"})
    assert ok["level"] == "general" and ok["found_on"] == dt.date(2025, 1, 1)


def test_catalog_cache_cannot_run_code(tmp_path: Path, test_catalog: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ANCHA_HOME", str(tmp_path / "home"))
    first = catalog_cache.load(test_catalog)
    files = list((tmp_path / "home" / "cache").glob("catalog-*.json"))
    assert len(files) == 1
    json.loads(files[0].read_text(encoding="utf-8"))  # plain JSON
    assert catalog_cache.load(test_catalog) == first  # read back equal
    # a foreign class name or a damaged file is ignored: the YAML files are parsed again
    files[0].write_text('{"$t": "Popen", "f": {"args": "touch /tmp/pwned"}}', encoding="utf-8")
    assert catalog_cache.load(test_catalog) == first
    files[0].write_bytes(b"\x80\x04garbage")
    assert catalog_cache.load(test_catalog) == first


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_personal_data_is_private(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.paths import data_dir
    from app.services import photos
    from app.storage.backup import make_backup

    monkeypatch.setenv("ANCHA_HOME", str(tmp_path / "home"))
    os.umask(0o022)
    home = data_dir()
    ws = Workspace(f"sqlite:///{(home / 't.db').as_posix()}")  # created and migrated here, not copied
    f = _finding(ws, "照片测试")
    from PIL import Image

    Image.new("RGB", (20, 10), "red").save(tmp_path / "p.jpg")
    p = photos.add_photo(ws, tmp_path / "p.jpg", finding_id=f.id)
    b = make_backup(ws.db.path)

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(home) == 0o700
    assert mode(ws.db.path) == 0o600
    assert mode(photos.photo_path(ws, p)) == 0o600 and mode(photos.photos_dir(ws)) == 0o700
    assert mode(b.path) == 0o600 and mode(b.path.parent) == 0o700
    for side in ws.db.path.parent.glob(ws.db.path.name + "-*"):
        assert mode(side) == 0o600, side
    ws.close()
    # an old, world-readable database is made private when opened
    ws.db.path.chmod(0o644)
    again = sqlite_ws(home)
    assert mode(again.db.path) == 0o600
    again.close()
    assert sys.platform  # POSIX only


def test_inspector_names_cleaned() -> None:
    from app.core.inspections import parse_inspectors

    assert parse_inspectors("张三\x00、李四\v") == ["张三", "李四"]
    with pytest.raises(ValidationError, match="检查人员"):
        parse_inspectors(["张三", "李" * 60])
