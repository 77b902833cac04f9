"""Regenerate the form previews in docs/forms from a fresh demo database.

    python scripts/form_previews.py [--out docs/forms]

Each form is printed as the program prints it, then rendered to PNG with pdftoppm (poppler).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from sqlalchemy import select

    from app.reports.checklist_pdf import write_checklist
    from app.services import checklists, demo, documents
    from app.services.workspace import Workspace
    from app.storage.models import Finding

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "forms")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ancha-previews-"))
    ws = Workspace(f"sqlite:///{(tmp / 'demo.db').as_posix()}")
    demo.fill(ws, today=dt.date(2026, 11, 25))
    # the 燃气 inspection with a 消防 line: its order shows per-hazard provisions and deadlines
    orders = documents.orders_of(ws)
    order = next(o for o in orders if "鑫源燃气" in documents.order_view(ws, o.id).unit_name)
    insp_id = order.inspection_id
    with ws.db.session() as s:
        major = (
            s.execute(select(Finding.id).where(Finding.level == "major", Finding.status == "closed"))
            .scalars()
            .first()
        )
    pdfs = {
        "checklist": write_checklist(
            tmp / "c.pdf",
            checklists.build(ws.catalog, "gas", "gas-catering")[:12],
            ws.catalog,
            sector_id="gas",
            site_type_id="gas-catering",
        ),
        "inspection-record": documents.write_inspection(ws, insp_id, tmp / "i.pdf"),
        "field-record": documents.write_record(ws, insp_id, tmp / "r.pdf"),
        "field-order": documents.render_order_file(ws, order.id, tmp / "o.pdf"),
        "field-review": documents.write_review(ws, order.id, tmp / "v.pdf", dt.date(2026, 11, 20))[0],
        "dual-report": documents.write_dual_report(ws, major, tmp / "d.pdf"),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    for name, pdf in pdfs.items():
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(args.out / name)], check=True)
    ws.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print("\n".join(sorted(p.name for p in args.out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
