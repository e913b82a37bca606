"""A filled letter as a Word document (.docx), built in memory: no temporary file ever holds what was typed."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from indexer.letter_format import Block

FONT = "Times New Roman"  # what state bodies in Kazakhstan expect; it has Kazakh letters
FONT_SIZE = Pt(12)


def docx_bytes(blocks: list[Block], lang: str) -> io.BytesIO:
    """The letter's paragraphs (titles centred and bold, lines kept) as a .docx, ready to send."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = FONT_SIZE
    document.core_properties.language = lang
    # A letter must not carry the library's default author or title into the client's paperwork.
    document.core_properties.author = ""
    document.core_properties.title = ""
    for block in blocks:
        paragraph = document.add_paragraph()
        if block.title:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, line in enumerate(block.lines):
            run = paragraph.add_run(line)
            run.bold = block.title
            if i < len(block.lines) - 1:
                run.add_break()
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer
