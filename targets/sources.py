"""The source documents, as shipped in `sources/`, and the normalisation used to quote them.

The texts were extracted from the printed documents: lines break mid-sentence, page numbers
(`— 18 —`) interrupt lists, and typesetting put spaces around numbers (`达 1500亿元`). A quote
in the catalogue is exact when it appears in the normalised text: line breaks, page numbers
and spaces removed, nothing else changed.
"""

import re
from functools import cache
from pathlib import Path

SOURCES_DIR = Path(__file__).resolve().parent.parent / "sources"
_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    return _WHITESPACE.sub("", _PAGE_NUMBER.sub("", text))


@cache
def source_text(file_name: str) -> str:
    """The normalised text of one file in `sources/`."""
    return normalize((SOURCES_DIR / file_name).read_text(encoding="utf-8"))
