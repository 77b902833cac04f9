"""Long texts wrap and split across pages in every PDF; one long hazard does not block a batch."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from app.services import documents, findings, inspections
from app.services.workspace import Workspace
from app.storage.models import Finding, Inspection

LONG = ("液化石油气钢瓶与灶具间距不足且软管老化龟裂，现场未设置可燃气体报警装置，" * 80)[:3000]


def _text(path: Path) -> str:
    return "".join(p.extract_text() or "" for p in PdfReader(path).pages)


def _long_major(ws: Workspace) -> tuple[Finding, Inspection]:
    with ws.db.session() as s:
        f = (
            s.execute(
                select(Finding).where(
                    Finding.level == "major", Finding.status != "closed", Finding.inspection_id.isnot(None)
                )
            )
            .scalars()
            .first()
        )
        assert f is not None
        insp = s.get(Inspection, f.inspection_id)
    changes = {
        "description": LONG,
        "measures": LONG,
        "contingency": LONG,
        "location": "后厨" * 150,
        "title": "长标题" * 33,
        "acceptance_note": LONG,
    }
    findings.update_finding(ws, f.id, changes)
    if f.inspection_item_id:
        inspections.set_result(ws, f.inspection_item_id, note=LONG[:2000])
    return findings.get_finding(ws, f.id), insp


def test_long_texts_print_in_every_pdf(demo_ws: Workspace, tmp_path: Path) -> None:
    ws = demo_ws
    f, insp = _long_major(ws)
    dual = documents.write_dual_report(ws, f.id, tmp_path / "dual.pdf")
    text = _text(dual).replace("\n", "")
    assert text.count("可燃气体报警装置") >= 80  # the whole description and measures are printed
    assert len(PdfReader(dual).pages) > 3  # split over pages, not cut off
    rec = documents.write_inspection(ws, insp.id, tmp_path / "inspection.pdf")
    assert "可燃气体报警装置" in _text(rec)
    record = documents.write_record(ws, insp.id, tmp_path / "record.pdf")
    assert _text(record)
    order, _no = documents.write_order(ws, insp.id, tmp_path / "order.pdf")
    assert _text(order)
    # a batch with the long hazard and the others: all printed
    ids = documents.open_major_hazards(ws, None, None)
    assert f.id in ids and len(ids) > 1
    batch = documents.write_dual_reports(ws, ids, tmp_path / "batch.pdf")
    assert len(PdfReader(batch).pages) > len(ids) * 2
