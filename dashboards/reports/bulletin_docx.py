"""The 通报's layout in Word (python-docx): A4 portrait with the margins of GB/T 9704 (党政机关
公文格式), the title in 黑体 二号, headings in 黑体 三号, the body in 仿宋 三号 with a two-character
indent, a table of the main indicators, and "— N —" page numbers in the footer (a PAGE field,
which Word and LibreOffice fill in). Demo figures put 演示数据 in the header.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from indicators.calculations import THRESHOLD_TEXT

from .phrasing import DEMO

OFFICE_TITLE = "楚雄州开发区提质增效工作通报"

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph

    from .bulletin import Bulletin

BODY_FONT = "仿宋"  # FangSong, on every Chinese Windows; LibreOffice substitutes where missing
HEADING_FONT = "黑体"  # SimHei
ISSUER = "楚雄州开发区提质增效工作领导小组办公室"
SECTIONS = (
    "一、全州开发区总体情况",
    "二、各开发区情况",
    "三、目标推进滞后情况",
    "四、主要指标完成情况",
    "五、重点任务逾期未报情况",
    "六、数据报送情况",
)


def _font(style: ParagraphStyle, name: str, size: float, *, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # python-docx sets only the Latin name


def _styles(doc: DocumentObject) -> None:
    body = doc.styles["Normal"]
    _font(body, BODY_FONT, 16)  # 三号
    body.paragraph_format.first_line_indent = Pt(32)  # two characters
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.paragraph_format.line_spacing = Pt(28)
    body.paragraph_format.space_after = Pt(0)
    for name, font, size in (
        ("通报标题", HEADING_FONT, 22),
        ("通报一级标题", HEADING_FONT, 16),
        ("通报二级标题", BODY_FONT, 16),
        ("通报表格", BODY_FONT, 10.5),
        ("通报署名", BODY_FONT, 14),
    ):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body
        _font(style, font, size, bold=name == "通报二级标题")
    title = doc.styles["通报标题"].paragraph_format
    title.alignment, title.first_line_indent = WD_ALIGN_PARAGRAPH.CENTER, Pt(0)
    title.line_spacing, title.space_before, title.space_after = Pt(36), Pt(0), Pt(12)
    byline = doc.styles["通报署名"].paragraph_format
    byline.alignment, byline.first_line_indent, byline.space_after = (
        WD_ALIGN_PARAGRAPH.CENTER,
        Pt(0),
        Pt(12),
    )
    table = doc.styles["通报表格"].paragraph_format
    table.first_line_indent, table.line_spacing = Pt(0), Pt(14)
    table.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field (PAGE) in `paragraph`: begin, instruction, separate, a placeholder result that
    Word and LibreOffice replace, end. python-docx has no field API: these are the only
    elements written by hand."""
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")
    _field_char(paragraph, "end")


def _header_footer(doc: DocumentObject, content: Bulletin) -> None:
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.add_run("— ")
    _field(footer, "PAGE")
    footer.add_run(" —")
    marks = [DEMO] if content.is_demo else []
    if not content.approved_only:
        marks.append("含未审核数据")
    if marks:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.paragraph_format.first_line_indent = Pt(0)
        header.add_run("　".join(marks)).bold = True


def _table(doc: DocumentObject, content: Bulletin) -> None:
    rows = [content.table_header, *content.table_rows]
    table = doc.add_table(rows=len(rows), cols=len(content.table_header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # `table.rows[i].cells` rebuilds the whole grid on each call, and `paragraph.style = …`
    # looks the style up by scanning every style: walk the rows' cells once and set the style
    # id directly (150 zones: 5 s → well under 1 s)
    style_id = doc.styles["通报表格"].style_id
    for number, (tr, values) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for tc, value in zip(tr.tc_lst, values, strict=True):
            paragraph = _Cell(tc, table).paragraphs[0]
            paragraph._p.style = style_id
            run = paragraph.add_run(value)  # python-docx writes "\n" as a line break
            run.bold = number == 0 or None
        properties = tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a zone's row stays on one page
        if number == 0:  # the header row repeats on every page
            properties.append(OxmlElement("w:tblHeader"))


def write_docx(content: Bulletin, target: str | IO[bytes]) -> None:
    doc = Document()
    _styles(doc)
    _page(doc)
    _header_footer(doc, content)
    core = doc.core_properties
    core.title, core.author, core.language = content.title, ISSUER, "zh-CN"
    doc.add_paragraph(OFFICE_TITLE, style="通报标题")
    doc.add_paragraph(
        f"（{content.as_of.cumulative_label}）", style="通报二级标题"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    day = content.generated
    byline = f"{ISSUER}　{day.year}年{day.month}月{day.day}日"
    doc.add_paragraph(byline, style="通报署名")
    if content.is_demo:
        doc.add_paragraph(f"（本期含{DEMO}，仅供演示，不作为正式统计数据）", style="通报署名")
    body = [
        (SECTIONS[0], [content.totals]),
        (SECTIONS[1], content.zones),
    ]
    for heading, paragraphs in body:
        doc.add_paragraph(heading, style="通报一级标题")
        for text in paragraphs:
            doc.add_paragraph(text)
    doc.add_paragraph(SECTIONS[2], style="通报一级标题")
    doc.add_paragraph("（一）进度滞后、严重滞后的目标", style="通报二级标题")
    for index, text in enumerate(content.behind or ["无。"], start=1):
        doc.add_paragraph(f"{index}. {text}" if content.behind else text)
    doc.add_paragraph("（二）已到期未完成的目标", style="通报二级标题")
    for index, text in enumerate(content.missed or ["无。"], start=1):
        doc.add_paragraph(f"{index}. {text}" if content.missed else text)
    doc.add_paragraph(SECTIONS[3], style="通报一级标题")
    doc.add_paragraph(
        f"表1　各开发区主要指标（{content.as_of.cumulative_label}累计，同比）", style="通报二级标题"
    )
    _table(doc, content)
    doc.add_paragraph(SECTIONS[4], style="通报一级标题")
    for text in content.overdue or ["截至通报时，无逾期未报的重点任务。"]:
        doc.add_paragraph(text)
    doc.add_paragraph(SECTIONS[5], style="通报一级标题")
    doc.add_paragraph(content.reporting)
    doc.add_paragraph(
        "说明：" + content.scope_note + THRESHOLD_TEXT, style="通报表格"
    ).alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.save(target)
