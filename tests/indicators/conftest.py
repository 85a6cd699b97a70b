"""Fixtures shared by the figure tests."""

from __future__ import annotations

import pytest

from indicators.excel import sheetxml


@pytest.fixture(params=["calamine", "openpyxl"])
def reader_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a test through each reader of uploaded workbooks (indicators/excel/reader.py):
    python-calamine, which plain sheets get, and openpyxl, which any other sheet gets."""
    if request.param == "openpyxl":
        monkeypatch.setattr(sheetxml, "plain_extent", lambda xml: None)
    return str(request.param)
