"""A figure's source as a reader names it: title and date, never a file path."""

from __future__ import annotations

from targets.sources import SOURCE_TITLES, SOURCES_DIR, source_label


def test_a_shipped_report_is_named_by_its_title_and_date() -> None:
    label = source_label("sources/2020-kunming-hitech.txt（2020年5月报道）")
    assert label == "《昆明高新区按下高质量发展“加速键”》（2020年5月18日）"


def test_a_source_written_as_text_keeps_its_title_and_date_only() -> None:
    text = "《楚雄高新区：“干在实处，走在前列” 开启升级转型高质量发展新征程》（2020年成绩报道）：“研究…1.8%”"
    assert (
        source_label(text)
        == "《楚雄高新区：“干在实处，走在前列” 开启升级转型高质量发展新征程》（2020年成绩报道）"
    )


def test_an_unknown_file_is_named_by_its_note_never_its_path() -> None:
    assert source_label("sources/2030-unknown.txt（2030年报道）") == "2030年报道"
    assert source_label("sources/2030-unknown.txt") == "文献"


def test_every_named_report_is_shipped_and_every_shipped_report_is_named() -> None:
    assert set(SOURCE_TITLES) == {p.name for p in SOURCES_DIR.glob("*.txt")}
