"""Streamed packages: the period selected in SQL, batched merges that lose nothing, the audit
chain intact after batched appends, and a package beyond the old 2 GiB ceiling in bounded memory."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.core.findings import Action
from app.core.inspections import Result
from app.services import checklists, findings, inspections, packages, photos, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import AuditEntry, Finding, Inspection, Photo
from tests.helpers import REPO, sqlite_ws, ws_fixture  # noqa: F401 - fixture


def _records(path: Path) -> dict[str, list[dict[str, Any]]]:
    with zipfile.ZipFile(path) as z:
        return {
            k: [json.loads(line) for line in z.read(packages.records_entry(k)).splitlines()]
            for k in packages.KINDS
        }


def _inspection(ws: Workspace, unit_id: uuid.UUID, who: str, day: dt.date) -> uuid.UUID:
    items = checklists.build(ws.catalog, "gas", None)[:3]
    insp = inspections.start_inspection(ws, unit_id, day, who, "gas", items)
    inspections.set_result(ws, insp.items[0].id, Result.FAIL, "现场发现")
    findings.create_finding(ws, inspections.finding_draft(ws, insp.items[0].id))
    return insp.id


def test_period_and_inspector_selected_in_sql(ws: Workspace, tmp_path: Path) -> None:
    u = units.create_unit(ws, units.UnitInput(name="沁水县老味道饭店"))
    other = units.create_unit(ws, units.UnitInput(name="沁水县新华书店"))
    may = _inspection(ws, u.id, "李明、王强", dt.date(2025, 5, 10))
    _inspection(ws, other.id, "张伟、赵磊", dt.date(2025, 5, 20))
    _inspection(ws, other.id, "李明、孙华", dt.date(2025, 6, 3))
    loose = findings.create_finding(
        ws,
        findings.FindingInput(
            unit_id=other.id, sector_id="gas", title="液化气钢瓶未固定", found_on=dt.date(2025, 5, 15)
        ),
    )
    pic = tmp_path / "p.png"
    Image.new("RGB", (8, 8), "red").save(pic)
    photos.add_photo(ws, pic, finding_id=loose.id)

    out = tmp_path / "may.zip"
    packages.export_package(ws, out, dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    recs = _records(out)
    with ws.db.session() as s:
        want = {str(i.id) for i in s.execute(select(Inspection)).scalars() if i.date.month == 5}
    assert {r["id"] for r in recs["inspections"]} == want
    assert str(loose.id) in {r["id"] for r in recs["findings"]}  # no inspection, found in May
    assert len(recs["findings"]) == 3 and len(recs["inspection_items"]) == 6
    assert {r["name"] for r in recs["units"]} == {"沁水县老味道饭店", "沁水县新华书店"}
    assert len(recs["photos"]) == 1
    ids = {r["id"] for k in packages.KINDS[:-1] for r in recs[k]}
    assert recs["audit"] and {e["entity_id"] for e in recs["audit"]} <= ids
    with zipfile.ZipFile(out) as z:
        info = z.getinfo(f"photos/{recs['photos'][0]['file_name']}")
        assert info.compress_type == zipfile.ZIP_STORED
        assert z.getinfo(packages.records_entry("findings")).compress_type == zipfile.ZIP_DEFLATED
        assert json.loads(z.read("manifest.json"))["format"] == packages.FORMAT

    out2 = tmp_path / "li.zip"
    packages.export_package(ws, out2, inspector="李明")
    recs = _records(out2)
    assert {r["id"] for r in recs["inspections"]} != set()
    assert all("李明" in r["inspectors"] for r in recs["inspections"]) and len(recs["inspections"]) == 2
    assert str(may) in {r["id"] for r in recs["inspections"]}
    assert str(loose.id) not in {r["id"] for r in recs["findings"]}  # a loose finding has no inspector


def test_batched_merge_loses_no_edit_and_reopens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packages, "BATCH", 3)  # many batches from a few records
    a = sqlite_ws(tmp_path, "a.db")
    b = sqlite_ws(tmp_path, "b.db")
    u = units.create_unit(a, units.UnitInput(name="沁水县老味道饭店", uscc="91350100M000100Y43"))
    made = [
        findings.create_finding(
            a,
            findings.FindingInput(
                unit_id=u.id, sector_id="gas", title=f"隐患{i}", found_on=dt.date(2025, 4, 1), found_by="李明"
            ),
        )
        for i in range(8)
    ]
    first = tmp_path / "first.zip"
    packages.export_package(a, first)
    r = packages.import_package(b, first)  # into an empty database: batched inserts
    assert r.inserted["findings"] == 8 and r.inserted["audit"] >= 8
    closed, edited = made[2], made[6]
    for act in (Action.START, Action.SUBMIT):
        findings.transition(a, closed.id, act)
        findings.transition(b, closed.id, act)
    findings.transition(a, closed.id, Action.ACCEPT, {"accepted_by": "张华", "accepted_on": "2025-04-20"})
    findings.transition(b, closed.id, Action.REJECT)  # later, on B: would reopen it
    findings.update_finding(a, edited.id, {"funds": "5000元"})
    findings.update_finding(b, edited.id, {"location": "后厨东侧"})
    pa, pb = tmp_path / "a.zip", tmp_path / "b.zip"
    packages.export_package(a, pa)
    packages.export_package(b, pb)
    packages.import_package(a, pb)
    packages.import_package(b, pa)
    for w, own in ((a, pa), (b, pb)):
        f = findings.get_finding(w, closed.id)
        assert f.status == "closed" and f.accepted_by == "张华"
        e = findings.get_finding(w, edited.id)
        assert e.funds == "5000元" and e.location == "后厨东侧"
        with w.db.session() as s:
            report = audit.check(s, audit.anchors_in([w.db.anchor_path, own]))  # type: ignore[list-item]
            assert report.ok, str(report)
            kept = s.execute(
                select(AuditEntry).where(AuditEntry.entity_id == closed.id, AuditEntry.action == "merge")
            ).scalars()
            assert any(x.field == "status" for x in kept)  # the losing reopen is in the log
    with b.db.session() as s:
        count = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        head = s.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc())).first()
    saved = json.loads(b.db.anchor_path.read_text())  # type: ignore[union-attr]
    assert head is not None and (saved["seq"], saved["hash"]) == tuple(head)  # anchor follows the batch
    again = packages.import_package(b, pa)
    assert again.changed == 0
    with b.db.session() as s:
        assert s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == count
    a.close()
    b.close()


def test_batched_audit_rows_are_tamper_evident(ws: Workspace, tmp_path: Path) -> None:
    src = sqlite_ws(tmp_path, "src.db")
    u = units.create_unit(src, units.UnitInput(name="沁水县老味道饭店"))
    _inspection(src, u.id, "李明、王强", dt.date(2025, 5, 10))
    pkg = tmp_path / "p.zip"
    packages.export_package(src, pkg)
    units.create_unit(ws, units.UnitInput(name="本机单位"))  # a chain to append to
    packages.import_package(ws, pkg)
    with ws.db.session() as s:
        assert audit.check(s).ok
        rows = list(s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
    # the package's entries are linked after the local one, each hash recomputable
    prev = audit.GENESIS
    for e in rows:
        assert e.prev_hash == prev and audit.entry_hash(prev, e) == e.hash
        prev = e.hash
    # a changed entry no longer matches its hash
    mid = rows[len(rows) // 2]
    mid.new = (mid.new or "") + "改"
    assert audit.entry_hash(mid.prev_hash, mid) != mid.hash
    src.close()


def _jpeg(i: int) -> bytes:
    """A small camera-like JPEG, made unique by a comment segment."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (i * 20 % 256, 80, 120)).save(buf, "JPEG", quality=80)
    raw = buf.getvalue()
    note = f"photo {i}".encode()
    return raw[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + raw[2:]


class _Sparse:
    """A file for zipfile to write to where runs of zeros become holes (the package stays small
    on disk while its entries are as large as declared)."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def write(self, b: bytes) -> int:
        if len(b) >= 4096 and b.count(0) == len(b):
            self.fh.seek(len(b), os.SEEK_CUR)
        else:
            self.fh.write(b)
        return len(b)

    def tell(self) -> int:
        return int(self.fh.tell())

    def seek(self, *a: int) -> int:
        return int(self.fh.seek(*a))

    def flush(self) -> None:
        self.fh.flush()


IMPORT = r"""
import sys
from pathlib import Path
from app.services import packages
from app.services.workspace import Workspace
ws = Workspace(sys.argv[1])
report = packages.import_package(ws, Path(sys.argv[2]))
print("PHOTOS", report.inserted.get("photos", 0), flush=True)
"""
# a small parent runs the import as its child: the child's peak is then its own (Linux keeps a
# forking process's peak across exec, so a child of the test process would report the test's)
PEAK = r"""
import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(out.stdout)
sys.stderr.write(out.stderr)
print("RSS", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
sys.exit(out.returncode)
"""


@pytest.mark.slow  # writes and hashes about 2.3 GB
def test_package_over_old_ceiling_imports_in_bounded_memory(tmp_path: Path) -> None:
    n, size = 12, 190 * 2**20  # each under the 200 MB photo limit, 2.2 GiB in all
    assert n * size > 2 * 1024**3
    unit_id, finding_id = str(uuid.uuid4()), str(uuid.uuid4())
    recs: dict[str, list[dict[str, Any]]] = {k: [] for k in packages.KINDS}
    recs["units"].append({"id": unit_id, "name": "沁水县老味道饭店"})
    recs["findings"].append(
        {
            "id": finding_id,
            "unit_id": unit_id,
            "sector_id": "gas",
            "title": "液化气钢瓶未固定",
            "level": "general",
            "status": "pending",
            "found_on": "2025-04-01",
        }
    )
    pkg = tmp_path / "big.zip"
    zero = bytes(2**20)
    db = tmp_path / "big.db"
    try:
        with pkg.open("wb") as raw, zipfile.ZipFile(_Sparse(raw), "w") as z:  # type: ignore[arg-type]
            for i in range(n):
                head = _jpeg(i)
                digest = hashlib.sha256(head)
                for _ in range((size - len(head)) // len(zero)):
                    digest.update(zero)
                tail = (size - len(head)) % len(zero)
                digest.update(zero[:tail])
                name = f"{digest.hexdigest()}.jpg"
                info = zipfile.ZipInfo(f"photos/{name}", (2025, 4, 1, 0, 0, 0))
                info.file_size = size
                with z.open(info, "w") as out:
                    out.write(head)
                    for _ in range((size - len(head)) // len(zero)):
                        out.write(zero)
                    out.write(zero[:tail])
                recs["photos"].append(
                    {
                        "id": str(uuid.uuid4()),
                        "finding_id": finding_id,
                        "file_name": name,
                        "sha256": name[:64],
                    }
                )
            for k, rows in recs.items():
                z.writestr(
                    packages.records_entry(k),
                    "".join(json.dumps(r) + "\n" for r in rows),
                    zipfile.ZIP_DEFLATED,
                )
            z.writestr("manifest.json", json.dumps({"format": packages.FORMAT}))
        with zipfile.ZipFile(pkg) as z:
            assert sum(i.file_size for i in z.infolist()) > packages.MAX_DATA_JSON  # the old ceiling
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                PEAK,
                sys.executable,
                "-c",
                IMPORT,
                f"sqlite:///{db.as_posix()}",
                str(pkg),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "ANCHA_HOME": str(tmp_path)},
            timeout=900,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        lines = dict(line.split() for line in out.stdout.splitlines())
        assert int(lines["PHOTOS"]) == n
        print(f"peak RSS of the import: {int(lines['RSS']) / 1024:.0f} MB")  # shown with -s
        assert int(lines["RSS"]) / 1024 < 300, f"peak RSS {int(lines['RSS']) / 1024:.0f} MB"
        ws = Workspace(f"sqlite:///{db.as_posix()}")
        with ws.db.session() as s:
            stored = [photos.photo_path(ws, p) for p in s.execute(select(Photo)).scalars()]
            assert s.get(Finding, uuid.UUID(finding_id)) is not None
        assert all(p.stat().st_size == size for p in stored)
        ws.close()
    finally:
        pkg.unlink(missing_ok=True)
        for p in tmp_path.glob("big-files/photos/*"):
            p.unlink()
