"""`python -m app selftest`: exercise the whole program headless in a temporary folder.

Prints one line per step and returns 0 only when every step passes. Used on a fresh
install and on the frozen bundle, where a missing data file or library shows up here.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _Run:
    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.failed = 0
        self.state: dict[str, Any] = {}

    def step(self, name: str, fn: Callable[[], str | None]) -> None:
        t = time.perf_counter()
        try:
            detail = fn() or ""
        except Exception as exc:  # a self-test reports every failure
            self.failed += 1
            self.out(f"失败  {name}：{type(exc).__name__}: {exc}")
            if os.environ.get("ANCHA_DEBUG"):
                self.out(traceback.format_exc())
            return
        ms = (time.perf_counter() - t) * 1000
        self.out(f"通过  {name}（{ms:.0f} ms）{('：' + detail) if detail else ''}")


def _pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return len(reader.pages), "".join(p.extract_text() or "" for p in reader.pages).replace(" ", "")


def run(out: Callable[[str], None] = print, folder: Path | None = None) -> int:
    from app import __version__
    from app.paths import checklists_dir, install_root

    r = _Run(out)
    tmp = Path(folder or tempfile.mkdtemp(prefix="ancha-selftest-"))
    os.environ.setdefault("ANCHA_HOME", str(tmp / "home"))
    out(f"安查 {__version__} 自检，临时文件夹：{tmp}")
    out(f"程序文件夹：{install_root()}；检查清单：{checklists_dir()}")
    s = r.state

    def database() -> str:
        from app.services.workspace import Workspace
        from app.storage.db import head_revision

        s["ws"] = ws = Workspace(f"sqlite:///{(tmp / 'selftest.db').as_posix()}")
        rev = ws.db.current_revision()
        assert rev == head_revision(), f"数据库版本 {rev}，应为 {head_revision()}"
        return f"版本 {rev}，{ws.db.integrity_check()}"

    def catalog() -> str:
        from app.core.catalog_loader import read_catalog

        cat, problems = read_catalog(checklists_dir())
        assert not problems, f"{len(problems)} 处错误，第一处：{problems[0]}"
        assert {"gas", "fire", "mines", "roads"} <= set(cat.sectors), "缺少行业"
        return f"{len(cat.sectors)} 个行业，{len(cat.items)} 个检查项目，{len(cat.criteria)} 条判定标准条款"

    def unit() -> str:
        from app.services import demo, units

        s["unit"] = units.create_unit(
            s["ws"],
            units.UnitInput(name="自检燃气有限公司", uscc=demo.demo_uscc(999), principal="自检负责人"),
        )
        return s["unit"].uscc

    def inspection() -> str:
        from app.core.findings import Level
        from app.core.inspections import Result
        from app.services import checklists, findings, inspections

        ws = s["ws"]
        site = ws.catalog.site_types_of("gas")[0].id
        s["items"] = items = checklists.build(ws.catalog, "gas", site)
        insp = inspections.start_inspection(
            ws, s["unit"].id, dt.date.today(), "自检甲、自检乙", "gas", items, site
        )
        s["inspection"] = insp
        linked = next((ii for ii in insp.items if ii.criteria), insp.items[0])
        inspections.set_result(ws, linked.id, Result.FAIL, "自检：不符合")
        draft = inspections.finding_draft(ws, linked.id)
        draft.level = Level.MAJOR
        s["finding"] = findings.create_finding(ws, draft)
        return f"{len(insp.items)} 项，重大事故隐患 1 条"

    def checklist_pdf() -> str:
        from app.reports import checklist_pdf as mod

        path = tmp / "检查表.pdf"
        cat = s["ws"].catalog
        site = cat.site_types_of("gas")[0].id
        mod.write_checklist(path, s["items"], cat, sector_id="gas", site_type_id=site, title="自检检查表")
        pages, text = _pdf_text(path)
        assert s["items"][0].text[:8] in text.replace("\n", ""), "PDF 中找不到检查项目文字"
        return f"{pages} 页"

    def dual_report() -> str:
        from app.services import documents

        path = tmp / "双报告.pdf"
        documents.write_dual_report(s["ws"], s["finding"].id, path)
        pages, text = _pdf_text(path)
        assert "重大事故隐患" in text and "自检燃气有限公司" in text, "双报告内容不完整"
        return f"{pages} 页"

    def workbook() -> str:
        from openpyxl import load_workbook

        from app.services.exports import write_findings
        from app.services.ledger import FindingFilter

        path = tmp / "隐患台账.xlsx"
        write_findings(s["ws"], FindingFilter(), path)
        wb = load_workbook(path, read_only=True)
        rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        assert rows >= 2, "工作簿没有隐患行"
        return f"{rows - 1} 行"

    def notice() -> str:
        from app.notices.classify import classify, load_lexicon
        from app.notices.parse import parse_notice

        sample = "\n".join(
            ["某县人民政府文件", "某政发〔2025〕1号", "某县人民政府关于做好2025年安全生产工作的通知"]
            + [
                f"（{c}）第{i}项措施。餐饮场所使用燃气应安装可燃气体报警装置。（县住建局负责）"
                for i, c in enumerate("一二三四五六", 1)
            ]
            + ["某县人民政府", "2025年3月1日"]
        )
        n = parse_notice(sample)
        assert n.doc_no == "某政发〔2025〕1号" and len(n.clauses) == 6, f"{n.doc_no} {len(n.clauses)}"
        measures = classify(n.clauses, load_lexicon())
        assert all("gas" in m.sectors for m in measures), "关键词词典未能识别燃气措施"
        return f"{len(n.clauses)} 条，{len(measures)} 项措施"

    def window() -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from app.paths import resources_dir
        from app.ui.main import MainWindow
        from app.ui.platform import install_chinese, translations_dir

        app = QApplication.instance() or QApplication([])
        assert install_chinese(app), f"找不到 Qt 中文翻译 qtbase_zh_CN.qm（{translations_dir()}）"
        assert (resources_dir() / "fonts" / "LICENSE-wqy-microhei.txt").is_file(), "缺少字体许可证文件"
        w = MainWindow(s["ws"])
        w.show()
        app.processEvents()
        n = len(w.pages)
        w.close()
        return f"主窗口 {n} 个页面，Qt 中文翻译已载入"

    r.step("创建并迁移数据库", database)
    r.step("载入并校验检查清单", catalog)
    if "ws" in s:
        r.step("创建被检查单位", unit)
    if "unit" in s:
        r.step("检查并登记重大事故隐患", inspection)
    if "finding" in s:
        r.step("打印检查表 PDF", checklist_pdf)
        r.step("打印双报告 PDF", dual_report)
        r.step("导出隐患台账 Excel", workbook)
    r.step("解析通知并分类", notice)
    if "ws" in s:
        r.step("打开图形界面", window)
        s["ws"].close()
    out("自检通过" if r.failed == 0 else f"自检失败：{r.failed} 项")
    return 0 if r.failed == 0 else 1
