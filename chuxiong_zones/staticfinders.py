"""Serve plotly.js from the installed `plotly` package as `vendor/plotly.min.js`.

Charts must work on intranets without internet, so the browser never fetches plotly.js from
a CDN. The file ships inside the plotly wheel; this finder exposes exactly that one file to
`collectstatic` and to the development server, so the Python and JavaScript versions match.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
STATIC_NAME = "vendor/plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(PLOTLY_JS.parent))
        self.storage.prefix = "vendor"  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path == STATIC_NAME and PLOTLY_JS.exists():
            return [str(PLOTLY_JS)] if find_all else str(PLOTLY_JS)
        return [] if find_all else ""

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        if PLOTLY_JS.exists():
            yield PLOTLY_JS.name, self.storage
