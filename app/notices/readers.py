"""Read a notice's text from .txt, .docx or a text-based .pdf."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import AnchaError


class NoticeReadError(AnchaError):
    """The file cannot be read as a notice."""


def read_text(path: Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise NoticeReadError(f"文件不存在：{path}")
    ext = path.suffix.lower()
    if ext in (".txt", ".md"):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
        raise NoticeReadError(f"{path.name}：无法识别文字编码（应为 UTF-8 或 GBK）")
    if ext == ".docx":
        return _docx(path)
    if ext == ".pdf":
        return _pdf(path)
    raise NoticeReadError(f"不支持的文件类型：{ext or '无扩展名'}（支持 .txt、.docx、.pdf）")


def _docx(path: Path) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise NoticeReadError(f"{path.name} 不是有效的 Word 文档（.docx）") from exc
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" ".join(c.text for c in row.cells))
    return "\n".join(lines)


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise NoticeReadError(f"{path.name} 不是有效的 PDF 文件：{exc}") from exc
    if len(text.strip()) < 20:
        raise NoticeReadError(f"未能从 {path.name} 中提取文字（可能是扫描件，请先做文字识别）")
    return text
