"""The shipped catalogue against facts a reader can check in 楚办发〔2023〕5号 and 7号.

Each expectation below was read off the documents in `sources/`, not copied from the
fixtures: counts, each task's lead unit and number of units, each target's value and year.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from targets.models import Cluster, Indicator, Target, TaskItem, Unit, Zone
from targets.sources import source_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogue")]

DOC5, DOC7 = "cbf-2023-5", "cbf-2023-7"


def units_of(doc: str, number: int) -> list[tuple[str, str]]:
    task = TaskItem.objects.get(document__code=doc, number=number)
    return [(a.unit.name, a.role) for a in task.assignments.select_related("unit")]


def test_5hao_has_26_task_items_in_six_projects_numbered_as_the_document() -> None:
    tasks = TaskItem.objects.filter(document__code=DOC5).select_related("section")
    projects = {t.number: t.section.title for t in tasks}
    assert sorted(projects) == list(range(1, 27))
    assert {projects[n] for n in range(1, 5)} == {"实施党建质量提升工程"}
    assert {projects[n] for n in range(5, 9)} == {"实施体制机制创新工程"}
    assert {projects[n] for n in range(9, 14)} == {"实施主导产业壮大工程"}
    assert {projects[n] for n in range(14, 18)} == {"实施基础设施提质工程"}
    assert {projects[n] for n in range(18, 22)} == {"实施创新开放水平提升工程"}
    assert {projects[n] for n in range(22, 27)} == {"实施要素保障能力提升工程"}


def test_7hao_has_23_measures_in_nine_parts() -> None:
    measures = TaskItem.objects.filter(document__code=DOC7).select_related("section")
    assert sorted(m.number for m in measures) == list(range(1, 24))
    assert measures.get(number=1).section.title == "加强和完善党的领导"
    assert measures.get(number=15).section.title == "强化要素保障"
    assert measures.get(number=23).section.title == "落实保障措施"
    assert measures.get(number=7).label == "（七）"
    assert measures.get(number=23).label == "（二十三）"


@pytest.mark.parametrize(
    ("number", "title", "lead", "count"),
    [
        (1, "全面加强党的领导", "州委组织部", 4),
        (2, "建立强有力的组织体系", "州委组织部", 3),
        (6, "创新运营模式", "州财政局", 6),
        (8, "建立考核评价机制", "州委组织部", 13),
        (9, "培育壮大主导产业", "州工业和信息化局", 15),
        (10, "提升招商引资质效", "州投资促进局", 11),
        (16, "推进建设智慧园区", "州发展改革委", 7),
        (18, "大力推进产业技术创新", "州科技局", 5),
        (21, "打造对外开放合作高地", "州商务局", 9),
        (22, "强化土地要素保障", "州自然资源规划局", 8),
        (23, "强化用能保障", "州发展改革委", 5),
        (26, "强化债务风险防范", "州财政局", 3),
    ],
)
def test_5hao_task_lists_its_units_with_the_first_as_lead(
    number: int, title: str, lead: str, count: int
) -> None:
    task = TaskItem.objects.get(document__code=DOC5, number=number)
    units = units_of(DOC5, number)
    assert task.title == title
    assert units[0] == (lead, "lead")
    assert len(units) == count
    assert all(role == "cooperate" for _, role in units[1:])


def test_5hao_every_task_names_the_county_level_and_the_zones_last() -> None:
    for number in range(1, 27):
        names = [name for name, _ in units_of(DOC5, number)]
        county = "县市党委" if number <= 4 else "县市人民政府"
        assert names[-2:] == [county, "楚雄国家高新区和各产业园区"], number


def test_5hao_task_9_units_in_document_order() -> None:
    assert [name for name, _ in units_of(DOC5, 9)] == [
        "州工业和信息化局",
        "州发展改革委",
        "州商务局",
        "州自然资源规划局",
        "州林草局",
        "州生态环境局",
        "州住房城乡建设局",
        "州水务局",
        "州统计局",
        "州应急局",
        "州财政局",
        "州投资促进局",
        "州国有资本投资集团有限公司",
        "县市人民政府",
        "楚雄国家高新区和各产业园区",
    ]


def test_enterprises_named_in_brackets_are_units() -> None:
    enterprises = set(Unit.objects.filter(kind=Unit.Kind.ENTERPRISE).values_list("name", flat=True))
    assert enterprises == {
        "中国电信楚雄分公司",
        "楚雄供电局",
        "州国有资本投资集团有限公司",
        "中国人民银行楚雄中心支行",
    }


@pytest.mark.parametrize(
    ("number", "lead", "count", "last"),
    [
        (1, "州委组织部", 3, "楚雄市党委"),
        (9, "州发展改革委", 5, "楚雄国家高新区"),
        (15, "州财政局", 5, "楚雄国家高新区"),
        (18, "州政务服务局", 5, "楚雄国家高新区"),
        (20, "州政务服务局", 5, "楚雄国家高新区"),
    ],
)
def test_7hao_measure_lists_its_responsible_units(
    number: int, lead: str, count: int, last: str
) -> None:
    units = units_of(DOC7, number)
    assert units[0] == (lead, "lead")
    assert len(units) == count
    assert units[-1][0] == last


def test_7hao_measures_21_to_23_name_no_responsible_unit() -> None:
    for number in (21, 22, 23):
        assert units_of(DOC7, number) == []


def test_7hao_splits_chuxiong_party_committee_and_government() -> None:
    names = [name for name, _ in units_of(DOC7, 3)]
    assert names[-3:] == ["楚雄市党委", "楚雄市政府", "楚雄国家高新区"]


@pytest.mark.parametrize(
    ("term", "office", "tasks"),
    [
        ("州国资委", "州财政局", {6, 26}),
        ("州金融办", "州财政局", {20, 25, 26}),
        ("州能源局", "州发展改革委", {23}),
    ],
)
def test_search_by_second_name_finds_the_office_and_its_tasks(
    term: str, office: str, tasks: set[int]
) -> None:
    found = list(Unit.objects.search(term))
    assert [u.name for u in found] == [office]
    numbers = set(found[0].tasks.filter(document__code=DOC5).values_list("number", flat=True))
    assert tasks <= numbers


def test_task_text_is_quoted_exactly_from_the_document() -> None:
    for task in TaskItem.objects.select_related("document"):
        text = source_text(task.document.source_file.removeprefix("sources/"))
        assert f"{task.title}。{task.text}" in text, task
        if task.responsibility_text:
            assert task.responsibility_text in text, task


def test_every_target_quotes_its_document_and_cites_a_clause() -> None:
    targets = Target.objects.select_related("document")
    assert targets.count() >= 50
    # the targets added for issue 18 are among those checked
    assert {
        "5-all-gyzcz-rank",
        "5-all-ldbz-2023",
        "5-cxgx-gxq-rank-yearly",
        "5-cxgx-zxzq",
        "5-lufeng-zxzq-1000",
        "5-cxgx-5g-iiot",
        "5-mouding-pwwg-2023",
        "5-wuding-xztd-2023",
    } <= set(targets.values_list("code", flat=True))
    for target in targets:
        text = source_text(target.document.source_file.removeprefix("sources/"))
        assert target.quote in text, target.code
        assert target.clause, target.code


@pytest.mark.parametrize(
    ("zone", "indicator", "floor", "stretch", "year", "doc"),
    [
        ("cxgx", "gyzcz", "1500", "2000", 2025, DOC5),
        ("lufeng", "gyzcz", "1200", None, 2025, DOC5),
        ("mouding", "gyzcz", "500", None, 2025, DOC5),
        ("wuding", "gyzcz", "200", None, 2025, DOC5),
        ("cxgx", "yysr", "2000", None, 2025, DOC7),
        ("cxgx", "gyzcz", "4000", None, 2035, DOC7),
        ("cxgx", "yysr", "5000", None, 2035, DOC7),
    ],
)
def test_zone_level_targets_state_the_documents_figures(
    zone: str, indicator: str, floor: str, stretch: str | None, year: int, doc: str
) -> None:
    target = Target.objects.get(
        zone__code=zone,
        indicator__code=indicator,
        target_year=year,
        document__code=doc,
        kind=Target.Kind.LEVEL,
    )
    assert target.floor == Decimal(floor)
    assert target.stretch == (Decimal(stretch) if stretch else None)


def test_7hao_revenue_target_supersedes_5hao() -> None:
    old = Target.objects.get(document__code=DOC5, zone__code="cxgx", indicator__code="yysr")
    assert (old.floor, old.stretch) == (Decimal(1500), Decimal(2000))
    assert old.superseded_by is not None
    assert old.superseded_by.document.code == DOC7
    assert old.superseded_by.floor == Decimal(2000)
    assert not Target.objects.in_force().filter(pk=old.pk).exists()


def test_7hao_rank_target_is_top_100_by_2035() -> None:
    target = Target.objects.get(kind=Target.Kind.RANK, target_year=2035)
    assert target.zone is not None
    assert (target.floor, target.target_year, target.zone.code) == (Decimal(100), 2035, "cxgx")
    assert target.indicator is not None
    assert target.indicator.higher_is_better is False


@pytest.mark.parametrize(
    ("cluster", "floor", "zones"),
    [
        ("pv", "1500", {"cxgx", "lufeng"}),
        ("ti", "300", {"lufeng", "wuding"}),
        ("cu", "300", {"cxgx"}),
        ("vti", "300", {"lufeng", "mouding"}),
        ("bio", "200", {"cxgx"}),
        ("equip", "60", {"lufeng"}),
    ],
)
def test_cluster_targets_and_their_zones(cluster: str, floor: str, zones: set[str]) -> None:
    target = Target.objects.get(cluster__code=cluster, kind=Target.Kind.LEVEL)
    assert (target.floor, target.target_year, target.striving) == (Decimal(floor), 2025, True)
    assert set(Cluster.objects.get(code=cluster).zones.values_list("code", flat=True)) == zones


def test_task_9_names_eight_clusters() -> None:
    assert Cluster.objects.count() == 8
    assert set(Cluster.objects.values_list("task__number", flat=True)) == {9}


@pytest.mark.parametrize(
    ("indicator", "kind", "floor", "year"),
    [
        ("gyzcz", "cagr", "20", 2025),
        ("zdcy_share", "share", "50", 2025),
        ("xzgsqys", "count", "60", 2025),
        ("xzlzqys", "count", "10", 2025),
        ("gxjsqys", "level", "70", 2025),
        ("yfjf", "cagr", "18", 2025),
        ("sjlywz", "yearly_rate", "20", 2025),
        ("jckze", "yearly_rate", "15", 2025),
        ("zwdwzj", "yearly_rate", "15", 2025),
        ("cydwzj_share", "share", "60", 2025),
        ("bzd_share", "share", "60", 2025),
    ],
)
def test_prefecture_wide_targets_of_5hao(indicator: str, kind: str, floor: str, year: int) -> None:
    target = Target.objects.get(
        document__code=DOC5, scope=Target.Scope.ALL_ZONES, indicator__code=indicator
    )
    assert (target.kind, target.floor, target.target_year) == (kind, Decimal(floor), year)


def test_rd_intensity_target_is_a_ratio_of_rd_spending_to_gdp() -> None:
    target = Target.objects.get(zone__code="cxgx", indicator__code="yfqd")
    assert target.floor == Decimal(3)
    ratio = Indicator.objects.get(code="yfqd")
    assert ratio.kind == Indicator.Kind.RATIO
    assert (ratio.numerator.code, ratio.denominator.code) == ("yfjf", "gdp")


def test_four_zones_and_a_benchmark_zone() -> None:
    zones = {z.name: z.is_benchmark for z in Zone.objects.all()}
    assert zones == {
        "楚雄国家高新区": False,
        "禄丰产业园区": False,
        "武定产业园区": False,
        "牟定产业园区": False,
        "昆明高新区": True,
    }


def test_monitoring_indicators_are_defined_with_units() -> None:
    units = dict(Indicator.objects.values_list("name", "unit"))
    expected = {
        "工业总产值": "亿元",
        "规上工业总产值": "亿元",
        "营业收入": "亿元",
        "固定资产投资": "亿元",
        "进出口总额": "万元",
        "实际利用外资": "万美元",
        "州外到位资金": "亿元",
        "研发经费投入": "亿元",
        "地区生产总值": "亿元",
        "一般公共预算收入": "亿元",
        "规上工业企业数": "户",
        "高新技术企业数": "家",
        "科技型中小企业数": "家",
    }
    assert {name: units.get(name) for name in expected} == expected


def test_loading_the_fixtures_twice_changes_nothing() -> None:
    before = (TaskItem.objects.count(), Unit.objects.count(), Target.objects.count())
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    assert (TaskItem.objects.count(), Unit.objects.count(), Target.objects.count()) == before


@pytest.mark.parametrize(("indicator", "floor"), [("pwwg_czl", "25"), ("xztd_czl", "30")])
def test_land_disposal_rates_bind_each_zone(indicator: str, floor: str) -> None:
    # 5号 task 22: "2023年，各开发区批而未供土地处置率、闲置土地处置率分别不低于25%、30%"
    targets = Target.objects.filter(indicator__code=indicator, target_year=2023)
    assert {t.zone.code for t in targets if t.zone} == {"cxgx", "lufeng", "wuding", "mouding"}
    assert {(t.scope, t.floor) for t in targets} == {("zone", Decimal(floor))}


def test_xingchu_talent_quota_is_a_yearly_10_percent_share() -> None:
    # 7号（十二）: "每年“兴楚英才”培养计划中给予高新区的专项指标不低于全州10%"
    target = Target.objects.get(quote__contains="兴楚英才")
    assert (target.kind, target.floor, target.first_year) == ("share", Decimal(10), 2023)
    assert target.indicator is not None
    assert target.indicator.kind == Indicator.Kind.RATIO


@pytest.mark.parametrize("code", ["5-all-sjlywz-2025", "5-all-jckze-2025", "5-all-zwdwzj-2025"])
def test_yearly_growth_targets_are_judged_every_year(code: str) -> None:
    # 5号 task 21: "实际利用外资年增长20%以上" etc.: 年增长 is each year's growth
    target = Target.objects.get(code=code)
    assert (target.first_year, target.target_year) == (2023, 2025)


def test_striving_governs_both_clauses() -> None:
    # "力争牟定产业园区工业总产值达500亿元…；武定产业园区工业总产值达200亿元以上"
    assert Target.objects.get(zone__code="wuding", indicator__code="gyzcz").striving
    assert Target.objects.get(code="5-all-lxdj-2025").striving


def test_special_bonds_are_measured_against_the_provinces_averages() -> None:
    # 5号 task 14: "力争4个开发区争取地方政府专项债券高于全省支持开发区的平均水平，
    # 禄丰产业园区争取地方政府专项债券不少于全省重点支持7个千亿级园区的平均水平"
    bonds = Target.objects.filter(kind=Target.Kind.REFERENCE).select_related("reference_series")
    above = {
        t.zone.code
        for t in bonds
        if t.zone and t.reference_series and t.reference_series.strictly_above
    }
    assert above == {"cxgx", "lufeng", "wuding", "mouding"}
    not_below = [t for t in bonds if t.reference_series and not t.reference_series.strictly_above]
    assert [t.zone.code for t in not_below if t.zone] == ["lufeng"]


def test_new_milestones_and_yearly_ranks_of_5hao() -> None:
    assert (
        Target.objects.get(quote="2023年，全州开发区领导班子人员结构明显优化").target_year == 2023
    )
    iiot = Target.objects.get(quote__contains="5G+工业互联网")
    assert (iiot.kind, iiot.striving) == ("milestone", True)
    assert "未写年份" in iiot.note
    rank = Target.objects.get(quote="提升楚雄国家高新区在国家高新区年度综合评价的排名")
    assert rank.indicator is not None
    assert (rank.kind, rank.indicator.code, rank.first_year) == ("rank", "gxq_rank", 2023)
    evaluation = Target.objects.get(code="5-all-province-eval")
    assert (evaluation.kind, evaluation.first_year) == ("rank", 2023)


def test_search_by_guoziwei_lists_exactly_the_tasks_that_name_it() -> None:
    from targets.selectors import unit_search

    (unit,) = unit_search(term="州国资委")
    assert {a.task.number for a in unit.assignments.all()} == {6, 26}
    assert {a.display_name for a in unit.assignments.all()} == {
        "州财政局（州国资委）",
        "州财政局（州金融办、州国资委）",
    }


def test_zhengwu_centre_is_the_government_service_bureau() -> None:
    # 7号（十八）"责任单位：州政务服务中心…" is the office 7号（二十）calls 州政务服务局
    assert [u.name for u in Unit.objects.search("州政务服务中心")] == ["州政务服务局"]


def test_7hao_leadership_share_has_its_own_fields_of_knowledge() -> None:
    # 7号（四）: "熟悉产业发展、规划建设、招商引资、投资金融等方面知识……配齐配强高新区各级领导班子"
    target = Target.objects.get(code="7-cxgx-ldbz")
    assert target.indicator is not None
    assert target.indicator.code != "ldbz_share"  # 5号's list is 经济管理……财务管理
    assert target.indicator.numerator is not None
    assert "投资金融" in target.indicator.numerator.definition


def test_rd_institution_share_reading_is_written_in_the_note() -> None:
    # 5号 task 19: "规模以上企业中有研发机构的比例年均增长5%以上"
    target = Target.objects.get(code="5-all-yfjg-growth")
    assert (target.kind, target.base_year, target.target_year) == ("cagr", 2022, 2025)
    assert "不是5个百分点" in target.note


def test_second_names_are_shown_as_the_document_wrote_them() -> None:
    # 5号 task 6: "（州财政局（州国资委）、州发展改革委……）"
    task = TaskItem.objects.get(document__code=DOC5, number=6)
    assert task.assignments.get(role="lead").display_name == "州财政局（州国资委）"
    lead7 = TaskItem.objects.get(document__code=DOC7, number=18).assignments.get(role="lead")
    assert (lead7.unit.name, lead7.named_as) == ("州政务服务局", "州政务服务中心")


@pytest.mark.usefixtures("reference_figures")
@pytest.mark.parametrize(
    ("indicator", "value", "kept", "other"),
    [
        ("gdp", "271.52", "同比增长4.6%", "增速（可比价）达4.5%"),
        ("gdzctz", "95.37", "同比增长12.5%", "13.4%"),
        ("ybggys", "7.5", "同比增长1.5%", "3%"),
        ("kjxzxqys", "34", "34户企业入库", "31户"),
    ],
)
def test_2020_figures_name_the_articles_other_value(
    indicator: str, value: str, kept: str, other: str
) -> None:
    from indicators.models import Figure

    figure = Figure.objects.get(zone__code="cxgx", indicator__code=indicator, year=2020)
    assert figure.value == Decimal(value)
    assert kept in figure.explanation
    assert other in figure.explanation
    assert kept.removeprefix("同比增长") in source_text("2021-chuxiong-hitech-2020-results.txt")


@pytest.mark.usefixtures("reference_figures")
def test_new_figures_from_the_articles() -> None:
    from indicators.models import Figure
    from targets.models import ReferenceValue

    retail = Figure.objects.get(zone__code="cxgx", indicator__code="shxfplsze", year=2020)
    assert retail.value == Decimal("73.67")
    material = Figure.objects.get(zone__code="cxgx", indicator__code="xclcz", year=2022)
    assert (material.value, material.reported_growth_pct) == (Decimal("248.11"), Decimal("42.5"))
    rd = ReferenceValue.objects.get(series__code="cxgx-yfqd-reported", year=2020)
    assert rd.value == Decimal("1.8")
    assert "经费支出占生产总值比重达1.8%" in rd.source


@pytest.fixture
def reference_figures(db: None) -> None:
    call_command("loaddata", "reference_figures", verbosity=0)
