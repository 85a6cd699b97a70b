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


#: The reports in `sources/` that figures are quoted from: title and date, as a reader names
#: them. A figure's `source` is "sources/<file>（note）"; a page shows the title and date.
SOURCE_TITLES = {
    "2020-kunming-hitech.txt": ("昆明高新区按下高质量发展“加速键”", "2020年5月18日"),
    "2021-chuxiong-hitech-2020-results.txt": (
        "楚雄高新区：“干在实处，走在前列” 开启升级转型高质量发展新征程",
        "2021年",
    ),
    "2023-chuxiong-hitech-six-actions.txt": (
        "楚雄高新区：聚焦“六大行动”打造滇中崛起增长极核心引擎",
        "2023年8月",
    ),
    "cbf-2023-5.txt": ("楚雄州开发区提质增效三年行动实施方案（2023—2025年）", "2023年"),
    "cbf-2023-7.txt": ("关于支持楚雄国家高新区高质量发展的政策措施", "2023年"),
}
_SOURCE_PATH = re.compile(r"^sources/([\w.-]+)")


def source_label(source: str) -> str:
    """A figure's source as a reader names it: "《title》（date）", never a file path. A source
    written as text already ("《…》（…）：…") is kept up to its date; an unknown file is named
    by its note, or as 文献 when it has none."""
    source = source.strip()
    path = _SOURCE_PATH.match(source)
    if path is None:
        title = re.match(r"^(《[^》]+》(（[^）]*）)?)", source)
        return title[1] if title else source
    known = SOURCE_TITLES.get(path[1])
    if known is not None:
        return f"《{known[0]}》（{known[1]}）"
    note = re.search(r"（([^）]*)）", source[path.end() :])
    return note[1] if note else "文献"
