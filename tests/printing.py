"""Printing a workbook the way an office would: LibreOffice to PDF, then poppler to read it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("libreoffice") and shutil.which("pdfinfo")),
    reason="needs Debian's libreoffice-calc, libreoffice-writer and poppler-utils (installed by .ci/run)",
)


def to_pdf(document: Path) -> Path:
    """Convert with a throwaway LibreOffice profile beside the document; the PDF's path."""
    profile = document.parent / "lo-profile"
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(document.parent),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return document.with_suffix(".pdf")


def a4_size(pdf: Path) -> tuple[float, float]:
    """(width, height) in points of an A4 page; fails the test if the paper is not A4."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
    assert size is not None, info
    return float(size[1]), float(size[2])


def page_text(pdf: Path, page: int = 1, *, layout: bool = True) -> str:
    """The text of a page: laid out as printed, or (`layout=False`) in reading order, where the
    lines of a wrapped cell follow each other."""
    return subprocess.run(
        [
            "pdftotext",
            "-f",
            str(page),
            "-l",
            str(page),
            "-layout" if layout else "-raw",
            str(pdf),
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def save_png(pdf: Path, name: str) -> None:
    """Page 1 as test-artifacts/<name>-1.png (60 dpi), for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    # -singlefile: no page number appended (pdftoppm pads it to the page count's digits)
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            "-r",
            "60",
            str(pdf),
            str(ARTIFACTS / f"{name}-1"),
        ],
        check=True,
    )


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert pages is not None, info
    return int(pages[1])


def smallest_type(pdf: Path) -> dict[int, float]:
    """The smallest font size (points, as poppler rounds it) of the text on each page."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sizes: dict[str, float] = {}
    smallest: dict[int, float] = {}
    for page in re.split(r"<page ", xml)[1:]:
        number = int(re.search(r'number="(\d+)"', page)[1])  # type: ignore[index]
        sizes.update(
            (f, float(s)) for f, s in re.findall(r'<fontspec id="(\d+)" size="([\d.]+)"', page)
        )
        used = set(re.findall(r'<text [^>]*font="(\d+)"', page))
        smallest[number] = min((sizes[f] for f in used), default=0.0)
    return smallest
