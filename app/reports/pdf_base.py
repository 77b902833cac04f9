"""Shared PDF pieces: page frame, page numbers, styles, drawn check boxes, safe writing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import wordSplit
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText

from app.core.errors import AnchaError
from app.files import atomic_output
from app.reports.fonts import register

# Binary streams: ASCII85 makes images and page contents 25 % larger and, in pure Python, was
# most of the time of a record with photos (the C accelerator, package rl_accel, is a dependency).
rl_config.useA85 = 0

Progress = Callable[[int, int], None]
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
GRID = colors.HexColor("#444444")
PAD = 3  # cell padding of ruled tables
HEAD_BG = colors.HexColor("#e8e8e8")


# Chinese line-breaking: these marks never begin a line (they hang at the end of the one before).
# ReportLab's CJK wrappers know the Japanese set only; they read these module globals when they wrap.
NO_LINE_START = "，；：。、？！）》」』】〕〉”’…"


def _no_line_start() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        missing = "".join(ch for ch in NO_LINE_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


_no_line_start()


# Texts of more lines stay Paragraphs, which can continue overleaf; a row of shorter ones is
# always under WHOLE_ROW (12 lines of 14 points and padding), so it never needs to.
SHORT_LINES = 12


class Styles:
    def __init__(self) -> None:
        font = register()
        base = {"fontName": font, "wordWrap": "CJK", "leading": 14, "fontSize": 10}
        self.title = ParagraphStyle(
            "title", **{**base, "fontSize": 18, "leading": 24}, alignment=TA_CENTER, spaceAfter=4
        )
        self.subtitle = ParagraphStyle("subtitle", **base, alignment=TA_CENTER, textColor=GRID)
        # CJK wrapping lets one closing mark （）。，） hang past the line end; inside a ruled
        # cell that is the border, so keep half a character free on the right.
        self.body = ParagraphStyle("body", **base, rightIndent=5)
        self.cell = ParagraphStyle("cell", **{**base, "fontSize": 9, "leading": 12}, rightIndent=4.5)
        self.small = ParagraphStyle("small", **{**base, "fontSize": 8, "leading": 10}, rightIndent=4)
        self.head = ParagraphStyle("head", **{**base, "fontSize": 9, "leading": 12}, alignment=TA_CENTER)
        self.label = ParagraphStyle("label", **{**base, "fontSize": 10}, alignment=TA_CENTER)
        self.font = font
        self._lines: dict[tuple[str, str, float], str | None] = {}
        self._fixed: dict[tuple[str, str], Para] = {}

    def fixed(self, markup: str, style: ParagraphStyle) -> Para:
        """One Paragraph for a text every form of a batch prints alike (a title, a heading, a
        note), parsed and wrapped once: platypus draws a flowable where it stands, so the same
        one can stand in many places."""
        key = (markup, style.name)
        if key not in self._fixed:
            self._fixed[key] = Para(markup, style)
        return self._fixed[key]

    def lines(self, text: str, style: ParagraphStyle, width: float) -> str | None:
        """`text` broken into lines as a Paragraph in `style` would break it in `width`, joined by
        newlines, for a table to draw; None when only a Paragraph can print it (markup characters,
        line breaks of its own, or more than SHORT_LINES lines). Remembered per text: a batch of
        forms repeats its labels and many values."""
        key = (text, style.name, width)
        if key in self._lines:
            return self._lines[key]
        out = None
        if text and not any(ch in text for ch in "&<>\n\r\xa0"):
            clean = cleanBlockQuotedText(text)  # the whitespace a Paragraph collapses
            room = width - style.leftIndent - style.rightIndent
            split = wordSplit(clean, [room - style.firstLineIndent, room], style.fontName, style.fontSize)
            if clean and len(split) <= SHORT_LINES:
                out = "\n".join(line for _space, line in split)
        self._lines[key] = out
        return out


def esc(text: object) -> str:
    """Text safe for a Paragraph (which reads a little XML)."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def boxes(labels: Sequence[str], st: Styles, chosen: str | None = None) -> list[Flowable]:
    """Drawn check boxes in a row (one per label)."""
    from reportlab.platypus import Table as _T

    cells = [CheckBox(x, x == chosen, st.font, 9) for x in labels]
    t = _T([cells], colWidths=[c.wrap(0, 0)[0] + 14 for c in cells], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return [t]


class CheckBox(Flowable):
    """A drawn square (ticked or not) followed by a label: shows whatever the font."""

    def __init__(self, label: str, checked: bool = False, font: str = "Helvetica", size: float = 8.5) -> None:
        super().__init__()
        self.label, self.checked, self.font, self.size = label, checked, font, size
        self.box = size * 0.95

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = self.box + 2 + len(self.label) * self.size
        self.height = self.size + 3
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setLineWidth(0.7)
        c.rect(0, 1, self.box, self.box)
        if self.checked:
            c.setLineWidth(1.2)
            c.line(self.box * 0.18, self.box * 0.55 + 1, self.box * 0.42, self.box * 0.2 + 1)
            c.line(self.box * 0.42, self.box * 0.2 + 1, self.box * 0.85, self.box * 0.9 + 1)
        c.setFont(self.font, self.size)
        c.drawString(self.box + 2, 1.5, self.label)


class CheckColumn(Flowable):
    """Check boxes one above another, drawn as CheckBoxes stacked in a cell would be, in one go."""

    def __init__(self, labels: Sequence[str], chosen: str | None, font: str, size: float = 8.5) -> None:
        super().__init__()
        self.labels, self.chosen, self.font, self.size = list(labels), chosen, font, size
        self.box = size * 0.95
        self.width = self.box + 2 + max(len(x) for x in self.labels) * size
        self.height = len(self.labels) * (size + 3)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, box, step = self.canv, self.box, self.size + 3
        c.setLineWidth(0.7)
        text = c.beginText()
        text.setFont(self.font, self.size)
        for i, label in enumerate(self.labels):
            y = self.height - (i + 1) * step
            c.rect(0, y + 1, box, box)
            text.setTextOrigin(box + 2, y + 1.5)
            text.textOut(label)
            if label == self.chosen:
                c.setLineWidth(1.2)
                c.line(box * 0.18, y + box * 0.55 + 1, box * 0.42, y + box * 0.2 + 1)
                c.line(box * 0.42, y + box * 0.2 + 1, box * 0.85, y + box * 0.9 + 1)
                c.setLineWidth(0.7)
        c.drawText(text)


class Para(Paragraph):
    """A Paragraph that remembers its last wrap: a table wraps each cell again for every page it
    tries and once more to draw it."""

    _memo: tuple[float, tuple[Any, ...]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._memo is not None and self._memo[0] == availWidth:
            self.width, self.height, self.blPara, self._wrapWidths = self._memo[1]
            return self.width, self.height
        w, h = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, (self.width, self.height, self.blPara, self._wrapWidths))
        return w, h


def grid_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
    heights: Sequence[float] | None = None,
) -> Table:
    """A bordered table whose header repeats on every page."""
    t = _Grid(
        list(rows),
        colWidths=list(widths),
        repeatRows=header_rows,
        rowHeights=list(heights) if heights else None,
        # a text cell taller than a page (a 3,000-character description) continues overleaf;
        # rows holding pictures or drawn boxes move whole (ReportLab cannot cut those)
        splitInRow=0 if heights else _text_only(rows),
    )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), register()),  # else the table sets Helvetica on each page
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG))
    if t.splitInRow:  # rows kept together must fit a page, else ReportLab pages on for ever
        extra = [c for c in extra if c[0] != "NOSPLIT" or not _long_rows(rows, c[1][1], c[2][1])]
    t.setStyle(TableStyle(style + list(extra)))
    return t


WHOLE_ROW = 200  # points: a row shorter than this moves whole to the next page, never torn


class _Grid(Table):
    """A ruled table whose rows move whole to the next page unless taller than WHOLE_ROW: only
    a long text continues overleaf. (ReportLab would tear any row when the next does not fit,
    leaving an empty sliver of it, or a label apart from its value; and it would put a cell held
    as lines, see Styles.lines, into one half of the torn row, where it may not fit.)"""

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> Any:
        if doInRowSplit:
            n = self._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans=1)
            if n < len(self._rowHeights) and self._rowHeights[n] < WHOLE_ROW:
                return []  # ReportLab then moves the row whole
        return super()._splitRows(availHeight, doInRowSplit)


LONG_ROW = 300  # characters in one row beyond which it may be split across pages


def _long_rows(rows: Sequence[Sequence[Any]], first: int, last: int) -> bool:
    def size(cell: Any) -> int:
        if isinstance(cell, list | tuple):
            return sum(size(c) for c in cell)
        if isinstance(cell, Paragraph):
            return len(cell.getPlainText())
        return len(cell) if isinstance(cell, str) else 0

    last = len(rows) - 1 if last < 0 else last
    return any(size(c) > LONG_ROW for row in rows[first : last + 1] for c in row)


def _text_only(rows: Sequence[Sequence[Any]]) -> int:
    def ok(cell: Any) -> bool:
        if isinstance(cell, list | tuple):
            return all(ok(c) for c in cell)
        return cell is None or isinstance(cell, str | Paragraph | Spacer | CheckBox | CheckColumn)

    return int(all(ok(c) for row in rows for c in row))


def form_table(
    pairs: Sequence[tuple[str, Any]],
    st: Styles,
    cols: int = 2,
    label_w: float = 26 * mm,
    blank_h: float = 0,
) -> Table:
    """Label / value cells, `cols` pairs per row (a value of None leaves a blank to fill in;
    `blank_h` gives a blank room to write by hand)."""
    value_w = (WIDTH - cols * label_w) / cols
    rows: list[list[Any]] = []
    for i in range(0, len(pairs), cols):
        row = _form_row(pairs[i : i + cols], st, label_w, value_w, blank_h)
        while len(row) < 2 * cols:
            row += ["", ""]
        rows.append(row)
    extra: list[tuple[Any, ...]] = []
    for c in range(0, 2 * cols, 2):  # for the cells held as plain lines (see _form_row)
        extra += [
            ("BACKGROUND", (c, 0), (c, -1), HEAD_BG),
            ("FONT", (c, 0), (c, -1), st.font, st.label.fontSize, st.label.leading),
            ("ALIGNMENT", (c, 0), (c, -1), "CENTER"),
            ("FONT", (c + 1, 0), (c + 1, -1), st.font, st.cell.fontSize, st.cell.leading),
        ]
    return grid_table(rows, [label_w, value_w] * cols, header_rows=0, extra=extra)


def _form_row(
    pairs: Sequence[tuple[str, Any]], st: Styles, label_w: float, value_w: float, blank_h: float
) -> list[Any]:
    """One row of label / value cells. Short plain texts are held as their lines, already broken
    where the Paragraph would break them: the table draws those itself, which costs a fraction of
    parsing, wrapping and drawing a Paragraph, and prints the same. A row with a long text keeps
    Paragraphs throughout, so that it can continue overleaf."""
    values: list[Any] = []
    for _label, value in pairs:
        if isinstance(value, list):
            values.append(value)
        elif value:
            values.append(st.lines(str(value), st.cell, value_w - 2 * PAD))
        else:
            values.append(Spacer(1, blank_h) if blank_h else "")
    plain = all(v is not None for v in values)
    row: list[Any] = []
    for (label, value), v in zip(pairs, values, strict=True):
        head = st.lines(label, st.label, label_w - 2 * PAD) if plain else None
        row += [
            Para(esc(label), st.label) if head is None else head,
            Para(esc(value), st.cell) if v is None else v,
        ]
    return row


def signature_lines(labels: Sequence[str], st: Styles) -> Table:
    cells = [Paragraph(f"{esc(x)}：______________　　日期：____年__月__日", st.body) for x in labels]
    t = Table([[c] for c in cells], colWidths=[WIDTH])
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("NOSPLIT", (0, 0), (-1, -1)),  # the signatures stay together on one page
            ]
        )
    )
    return t


class _NumberedCanvas(Canvas):
    """Draws 第 X 页 共 Y 页 once the total is known."""

    footer_font = "Helvetica"
    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(self.footer_font, 8.5)
            self.setFillColor(GRID)
            self.drawCentredString(A4[0] / 2, 9 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            if self.footer_left:
                self.drawString(MARGIN, 9 * mm, self.footer_left)
            super().showPage()
        super().save()


def check_target(path: Path, overwrite: bool = False) -> Path:
    """Refuse an existing file (unless `overwrite`) or a missing folder; returns the folder."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force 或另选文件名）")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnchaError(f"文件夹不存在：{folder}")
    return folder


def write_pdf(
    path: Path, story: list[Flowable], title: str, overwrite: bool = False, footer: str = ""
) -> Path:
    """Build the PDF into a temporary file beside `path`, then move it into place."""
    font = register()
    canvas_cls = type("Canvas", (_NumberedCanvas,), {"footer_font": font, "footer_left": footer})
    with atomic_output(Path(path), overwrite) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=18 * mm,
            title=title,
            author="安查 AnCha",
            initialFontName=font,  # so no page refers to an unembedded Helvetica
        )
        doc.build(story, canvasmaker=canvas_cls)
    return path


def spacer(h: float = 4) -> Spacer:
    return Spacer(1, h * mm)
