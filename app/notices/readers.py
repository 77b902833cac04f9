"""Read a notice's text from .txt, .docx or a text-based .pdf."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import AnchaError


class NoticeReadError(AnchaError):
    """The file cannot be read as a notice."""


SUPPORTED = (".txt", ".md", ".docx", ".pdf")


def read_text(path: Path | str) -> str:
    """The notice's plain text. Raises NoticeReadError (message in Chinese) when it cannot."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        hint = "，请在 Word 中另存为 .docx" if ext in (".doc", ".wps") else ""
        raise NoticeReadError(f"不支持的文件类型：{ext or '无扩展名'}（支持 .txt、.docx、.pdf）{hint}")
    if not path.is_file():
        raise NoticeReadError(f"文件不存在：{path}")
    if ext in (".txt", ".md"):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):  # utf-8-sig also reads plain UTF-8
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
        raise NoticeReadError(f"{path.name}：无法识别文字编码（应为 UTF-8 或 GBK）")
    if ext == ".docx":
        return _docx(path)
    return _pdf(path)


def _docx(path: Path) -> str:
    """Paragraphs and table rows in document order (a table row becomes one line)."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise NoticeReadError(f"{path.name} 不是有效的 Word 文档（.docx）") from exc
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, doc).text)
        elif tag == "tbl":
            for row in Table(child, doc).rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat: keep each text once
                    if cell.text.strip() and (not cells or cells[-1] != cell.text.strip()):
                        cells.append(cell.text.strip())
                lines.append(" ".join(cells))
    return "\n".join(lines)


def _pdf(path: Path) -> str:
    """The text layer of a PDF (pypdf). A scanned PDF has none: say so rather than return nothing."""
    text = _pdf_pypdf(path)
    if len(text.strip()) < 20:
        raise NoticeReadError(f"未能从PDF中提取文字（可能是扫描件）：{path.name}，请先做文字识别后再导入")
    return text


def _pdf_pypdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise NoticeReadError(f"{path.name} 不是有效的 PDF 文件：{exc}") from exc
