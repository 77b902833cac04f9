"""Read a notice's text from .txt, .docx or a text-based .pdf."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import AnchaError


class NoticeReadError(AnchaError):
    """The file cannot be read as a notice."""


SUPPORTED = (".txt", ".md", ".docx", ".pdf")
# A notice is tens of kilobytes; these leave room for scans of long ones and stop a 200 MB
# text file or an XML entity bomb before it eats minutes and gigabytes.
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_DOCX_BYTES = 50 * 1024 * 1024  # the file, and its unpacked parts together
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_CHARS = 2_000_000


def _size_limit(path: Path, limit: int, kind: str) -> None:
    size = path.stat().st_size
    if size > limit:
        raise NoticeReadError(
            f"{path.name}：文件过大（{size / 1024 / 1024:.0f} MB，"
            f"{kind}最多 {limit // 1024 // 1024} MB），不像是一份通知"
        )


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
        _size_limit(path, MAX_TEXT_BYTES, "文本文件")
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):  # utf-8-sig also reads plain UTF-8
            try:
                return _limited(path, data.decode(enc))
            except UnicodeDecodeError:
                continue
        raise NoticeReadError(f"{path.name}：无法识别文字编码（应为 UTF-8 或 GBK）")
    if ext == ".docx":
        _size_limit(path, MAX_DOCX_BYTES, "Word 文档")
        _check_docx_archive(path)
        return _limited(path, _docx(path))
    _size_limit(path, MAX_PDF_BYTES, "PDF 文件")
    return _limited(path, _pdf(path))


def _limited(path: Path, text: str) -> str:
    if len(text) > MAX_CHARS:
        raise NoticeReadError(f"{path.name}：文字过多（{len(text)} 字），不像是一份通知")
    return text


def _check_docx_archive(path: Path) -> None:
    """Refuse a .docx whose parts unpack to too much, or whose XML declares entities
    (Word never writes a DTD; a declared entity is how an "entity bomb" expands)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_DOCX_BYTES:
                raise NoticeReadError(f"{path.name}：解压后过大，拒绝读取")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with z.open(info) as fh:
                        head = fh.read(64 * 1024)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise NoticeReadError(
                            f"{path.name}：文档含有实体声明（不是 Word 生成的内容），拒绝读取"
                        )
    except zipfile.BadZipFile as exc:
        raise NoticeReadError(f"{path.name} 不是有效的 Word 文档（.docx）") from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise NoticeReadError(f"{path.name}：Word 文档已损坏或加密，无法读取") from exc


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
        if reader.is_encrypted and not reader.decrypt(""):
            raise NoticeReadError(f"{path.name}：PDF 已加密（设有打开密码），请先解除密码保护后再导入")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except NoticeReadError:
        raise
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        if (
            "encrypt" in str(exc).lower()
            or "password" in str(exc).lower()
            or "crypt" in type(exc).__name__.lower()
        ):
            raise NoticeReadError(f"{path.name}：PDF 已加密，无法读取文字，请先解除密码保护后再导入") from exc
        raise NoticeReadError(f"{path.name} 不是有效的 PDF 文件：{exc}") from exc
    except Exception as exc:  # pypdf's crypto dependencies missing for this cipher
        if reader_encrypted(path):
            raise NoticeReadError(f"{path.name}：PDF 已加密，无法读取文字，请先解除密码保护后再导入") from exc
        raise NoticeReadError(f"{path.name} 不是有效的 PDF 文件：{type(exc).__name__}") from exc


def reader_encrypted(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return b"/Encrypt" in fh.read()[-200_000:]
    except OSError:
        return False
