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
        ["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(document.parent), str(document)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return document.with_suffix(".pdf")


def a4_size(pdf: Path) -> tuple[float, float]:
    """(width, height) in points of an A4 page; fails the test if the paper is not A4."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
    assert size is not None, info
    return float(size[1]), float(size[2])


def page_text(pdf: Path, page: int = 1) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def save_png(pdf: Path, name: str) -> None:
    """Page 1 as test-artifacts/<name>-1.png (60 dpi), for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-png", "-r", "60", str(pdf),
                    str(ARTIFACTS / name)], check=True)  # fmt: skip
