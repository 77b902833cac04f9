"""Notice files that would take minutes or gigabytes are refused at once, with one clear line."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from app.notices.readers import NoticeReadError, read_text


def test_huge_text_file_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # 200 MB (sparse: costs no disk)
    start = time.monotonic()
    with pytest.raises(NoticeReadError, match=r"文件过大（200 MB"):
        read_text(big)
    assert time.monotonic() - start < 2


def test_docx_entity_bomb_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">' + lol + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    with pytest.raises(NoticeReadError, match="实体声明") as exc:
        read_text(bomb)
    assert "\n" not in str(exc.value)


def test_encrypted_pdf_named_as_such(tmp_path: Path) -> None:
    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        w.write(fh)
    with pytest.raises(NoticeReadError, match="PDF 已加密"):
        read_text(path)
