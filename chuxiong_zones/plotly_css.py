"""plotly.js's own style rules as a static stylesheet, so the charts need no inline style.

plotly.js inserts its rules into a `<style>` element it creates, which a strict
Content-Security-Policy (style-src 'self') refuses. It skips that when the page already has
an element with id `plotly.js-style-global` and class `no-inline-styles` (plotly.js ≥ 2.35):
`base.html` links `static/css/plotly.css` with that id (and holds an empty marker for each
other style element plotly.js would add). This module writes that file from
the plotly.js bundle the portal serves, and a test checks the two still agree:

    python -m chuxiong_zones.plotly_css > static/css/plotly.css
"""

from __future__ import annotations

import re
from pathlib import Path

from chuxiong_zones.staticfinders import PLOTLY_JS

# for(k in RULES)sel=k.replace(/^,/," ,").replace(/X/g,".js-plotly-plot .plotly")…
_LOOP = re.compile(
    r'for\((?P<key>[\w$]+) in (?P<rules>[\w$]+)\)[\w$]+=(?P=key)\.replace\(/\^,/," ,"\)'
    r'\.replace\(/X/g,"(?P<x>[^"]+)"\)\.replace\(/Y/g,"(?P<y>[^"]+)"\)'
)
_STRING = r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\''
_ENTRY = re.compile(rf"(?:{_STRING}|([\w$]+))\s*:\s*(?:{_STRING})")


def plotly_css(bundle: str) -> str:
    loop = _LOOP.search(bundle)
    if loop is None:
        raise LookupError("plotly.js 的样式规则未找到（plotly 版本变化？）")
    start = bundle.rindex(f"{loop['rules']}={{", 0, loop.start())
    body = bundle[start + len(loop["rules"]) + 2 : bundle.index("};", start)]
    lines = [
        "/* plotly.js "
        + _version(bundle)
        + " 的样式规则（由 chuxiong_zones/plotly_css.py 生成，勿手改） */"
    ]
    for match in _ENTRY.finditer(body):
        key = next(g for g in match.groups()[:3] if g is not None)
        value = next(g for g in match.groups()[3:] if g is not None)
        selector = re.sub(r"^,", " ,", key).replace("X", loop["x"]).replace("Y", loop["y"])
        lines.append(f"{selector} {{{value}}}")
    return "\n".join(lines) + "\n"


# if(!document.getElementById("<hash>")){var e=document.createElement("style");…
_INJECTED = re.compile(
    r'getElementById\("(?P<id>[0-9a-f]{64})"\)\)\{var [\w$]+=document\.createElement\("style"\)'
)


def injected_style_ids(bundle: str) -> list[str]:
    """The ids of the other `<style>` elements plotly.js adds unless one is already there
    (maplibre's rules; the portal draws no maps, so `base.html` holds empty markers)."""
    return [m["id"] for m in _INJECTED.finditer(bundle)]


def _version(bundle: str) -> str:
    found = re.search(r'version:"([\d.]+)"', bundle)
    return found.group(1) if found else "?"


def bundle() -> str:
    return Path(PLOTLY_JS).read_text(encoding="utf-8")


if __name__ == "__main__":
    print(plotly_css(bundle()), end="")
