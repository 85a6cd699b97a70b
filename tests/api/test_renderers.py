"""The orjson renderer writes the bytes DRF's JSON renderer writes."""

from __future__ import annotations

import pytest
from rest_framework.renderers import JSONRenderer

from api.renderers import FastJSONRenderer


@pytest.mark.parametrize(
    "text",
    [
        "州统计局",
        "“引号”…—",  # other characters that start with the separators' first two bytes
        "\u2028",
        "\u2029",
        "行\u2028段\u2029末",
        "",
    ],
)
def test_it_writes_the_bytes_drf_json_renderer_writes(text: str) -> None:
    data = {"next": None, "results": [{"id": 1, "source": text, "value": None}]}

    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
