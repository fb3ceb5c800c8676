"""Answers computed from two figures: completion rate, what is left, change since a month."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain import Figure
from bot.qa.answer import Answer
from bot.qa.compose import amount, date_label, label, number, percent
from bot.qa.kinds.figure import figure as figure_answer
from bot.qa.kinds.kit import MIN_FIGURE, Kit
from bot.qa.lexicon import GENERIC_WORDS
from bot.qa.search import Scored, same_measure, same_project, scaled, unit_class
from bot.qa.terms import STOP_WORDS
from bot.qa.scope import years_named
from bot.qa.understand import Query, months_named

# '其余24个正在建设', '剩余112个': what is left is not progress towards the target.
REMAINDER = re.compile(r"其余|剩余|剩下|尚未|未完成|未开工|未建成|未完工|没开工|没有开工|另有")
SAME_PROJECT = 0.3
SAME_VERB = 0.3
PEOPLE_OR_MONEY = 0.2
_PROGRESS_VERB = re.compile(r"开工|完工|竣工|建成|投用|投运|交付|到位|签约|入住")
TOTAL_AS_GOAL_PENALTY = 0.2
_DATED = re.compile(r"截至|截止")
_RATE_WORD = re.compile(r"[\u4e00-\u9fff]{2}率")
# An earlier figure this close to the newest one's score measures the same thing.
SAME_MEASURE_SHARE = 0.6
COMPLETION_RATES = ("完成率", "进度率", "完工率", "竣工率", "开工率", "建成率")


def pair(kit: Kit, query: Query) -> tuple[Scored, Scored] | None:
    """The progress figure and the target it counts towards that the question is about."""
    unit = "" if query.unit_class == "percent" else query.unit_class
    neutral = replace(query, wants_target=False, wants_progress=False, unit_class=unit)
    ranked = kit.search.rank_figures(neutral)
    done = [
        s for s in ranked
        if s.item.kind in ("progress", "total") and not REMAINDER.search(s.item.indicator) and not subset_base(s.item)
        and not (s.item.kind == "total" and _PLANNED.search(s.item.indicator))
        and (s.item.county == query.county or not s.item.group)  # (one county's part is no city's progress)
    ]
    done = kit.search.prefer_latest(_stated_with_date(done[:12]), query)
    # (targets ranked on their own: a plan worded apart from the question, '规划新建、改扩建中小学10个',
    # may rank below a dozen results of the same project)
    targets = kit.search.rank_figures(neutral, kind="target")
    goals = [s for s in targets if s.item.county == query.county and not REMAINDER.search(s.item.indicator)][:12]
    # A 'total' stated for the same project ('今年支持建设冷藏保鲜设施150个') is its goal when no
    # target is: what progress counts towards.
    totals = [s for s in ranked if s.item.kind == "total" and not REMAINDER.search(s.item.indicator)][:12]
    best = None
    for p in done[:6]:
        same_project_totals = [
            s for s in totals if s is not p and _same_project_total(p.item, s.item) and not _part_of(p.item, s.item)
        ]
        for t in goals + same_project_totals:
            if not _can_pair(p.item, t.item, query.county) or not kit.same_report_year(p.item, t.item):
                continue
            if not _same_verb(p.item.indicator, t.item.indicator):
                continue
            if min(p.score, t.score) < MIN_FIGURE * 0.6:
                continue  # (a pair too far from the question never hides a closer one)
            score = p.score + t.score + (0.2 if p is done[0] else 0.0) + _project_fit(p.item, t.item)
            score += _verb_fit(query.text, p.item.indicator) + _works_fit(query.text, p.item) + _projects_fit(query.text, p.item)
            if t.item.kind == "total":
                score -= TOTAL_AS_GOAL_PENALTY
            if best is None or score > best[0]:
                best = (score, p, t)
    if best is None:
        return None
    return best[1], best[2]


# '今年互助幸福院改造任务分布在…': a total that restates the plan is nothing done towards it.
_PLANNED = re.compile(r"任务|计划|目标|规划")


def _stated_with_date(done: list[Scored]) -> list[Scored]:
    """A result where it is stated with its date ('截至7月底,已完工15所'), not where it is repeated
    ('已完工的15所幼儿园将于秋季开学投入使用'): the twin without a date goes."""
    dated = {(s.item.source_id, s.item.value, s.item.unit) for s in done if _DATED.search(s.item.sentence)}
    return [s for s in done if _DATED.search(s.item.sentence) or (s.item.source_id, s.item.value, s.item.unit) not in dated]


def subset_base(figure: Figure) -> bool:
    """'14所幼儿园中已开工9所': 14 is what a part is counted out of, never progress towards a target."""
    number = re.escape(f"{figure.value:g}{figure.unit}")
    return bool(re.search(rf"(?<![\d.]){number}(?:的)?[\u4e00-\u9fff]{{1,10}}?中[,，]?(?:已经|已|有|共|累计)", figure.sentence))


def _can_pair(done: Figure, goal: Figure, county: str = "") -> bool:
    """Figures of one department and measure, progress below the goal (or equal to a target): the
    city's, or the county's the question asks about ('嵩县的农村公路任务还剩多少')."""
    if done.county != county or goal.county != county or done.department != goal.department:
        return False
    if not same_measure(done.unit, goal.unit) and not _projects_of(done, goal):
        return False
    done_value, goal_value = scaled(done), scaled(goal)
    return 0 < done_value < goal_value or (goal.kind == "target" and 0 < done_value == goal_value)


def _projects_of(done: Figure, goal: Figure) -> bool:
    """'已开工中小学项目7个' towards '规划新建、改扩建中小学10所': projects counted in 个, each one of
    the schools (所, 座, 处…) the plan counts."""
    units = {done.unit, goal.unit}
    return "个" in units and len(units) == 2 and units <= _PROJECT_UNITS and "项目" in done.indicator and _shared_words(done.indicator, goal.indicator)


_PROJECT_UNITS = frozenset("个 所 座 处 家 条 项".split())


def _same_verb(done: str, goal: str) -> bool:
    """基本建成 counts towards the 基本建成 target, never towards the projects to 新开工: when both
    indicators say what is done, they must say the same thing."""
    said, planned = set(_PROGRESS_VERB.findall(done)), set(_PROGRESS_VERB.findall(goal))
    return not said or not planned or bool(said & planned)


def _project_fit(done: Figure, goal: Figure) -> float:
    """Progress and target of one project belong together ('托育服务扩容' is '托育服务扩容工程');
    of two named projects, hardly."""
    if not done.project or not goal.project:
        return 0.0
    return SAME_PROJECT if same_project(done.project, goal.project) else -SAME_PROJECT


def _same_project_total(done: Figure, total: Figure) -> bool:
    """A total stated for the progress figure's own project; in a write-up without item headings
    (no project), one of the same conference that names the same works ('新建改造城市公厕120座'
    and '城市公厕已完工97座')."""
    if done.project or total.project:
        return bool(done.project) and done.project == total.project
    return done.source_id == total.source_id and done.department == total.department and _shared_words(done.indicator, total.indicator)


def _shared_words(a: str, b: str) -> bool:
    """True when two indicators share a run of two or more characters that is not a generic word."""
    for size in range(min(len(a), len(b)), 1, -1):
        for start in range(len(a) - size + 1):
            piece = a[start: start + size]
            if piece in b and not _GENERIC_RUN.fullmatch(piece):
                return True
    return False


_GENERIC_RUN = re.compile(r"(?:已|新|完成|开工|建成|完工|计划|全年|年度|改造|建设|新建|新增|累计|目前|[\d.]+)+")


def _part_of(done: Figure, total: Figure) -> bool:
    """'新增普惠性托位1150个,其中幼儿园开设托班新增托位680个': a part of a total never counts towards it."""
    if done.sentence != total.sentence:
        return False
    whole = re.search(rf"(?<![\d.]){re.escape(f'{total.value:g}{total.unit}')}", total.sentence)
    part = re.search(rf"(?<![\d.]){re.escape(f'{done.value:g}{done.unit}')}", done.sentence)
    return bool(whole and part and whole.end() <= part.start() and "其中" in total.sentence[whole.end(): part.start()])


def _verb_fit(question: str, indicator: str) -> float:
    """'完工率' divides what is 完工, not what is 开工: the question's verb picks the progress figure."""
    asked = set(_PROGRESS_VERB.findall(question))
    if not asked:
        return 0.0
    said = set(_PROGRESS_VERB.findall(indicator))
    if said & asked:
        return SAME_VERB
    return -SAME_VERB if said else 0.0


def _projects_fit(question: str, done: Figure) -> float:
    """'中小学建设项目的开工率', '项目开工的占几成': a rate of projects counts projects (个, 项, 所),
    not the floor area or money they amount to."""
    if "项目" not in question:
        return 0.0
    return SAME_VERB if unit_class(done.unit).startswith("count") else -SAME_VERB


def _works_fit(question: str, done: Figure) -> float:
    """'完工率' is about works (处, 个, 公里), not the people they serve or the money they cost."""
    if not _PROGRESS_VERB.search(question):
        return 0.0
    return -PEOPLE_OR_MONEY if unit_class(done.unit) in ("people", "money") else 0.0


def rate(kit: Kit, query: Query) -> Answer | None:
    """A completion rate: stated by the speaker if there is one, else progress ÷ target."""
    found = pair(kit, query)
    stated = [s for s in kit.search.rank_figures(query) if s.item.unit == "%"]
    if (
        stated
        and stated[0].score >= MIN_FIGURE
        and _names_it(kit, query, stated[0].item)
        and (found is None or stated[0].score > max(found[0].score, found[1].score))
    ):
        return figure_answer(kit, replace(query, unit_class="percent"))
    if found is None:
        targets = kit.search.rank_figures(replace(query, unit_class="", wants_target=True), kind="target")
        if targets and targets[0].score >= MIN_FIGURE and (said := _rate_said_with(kit, query, (targets[0].item,))):
            return _stated_rate(kit, said)
        # No target to divide by: say what is known about the topic itself, not another rate.
        return figure_answer(kit, replace(query, unit_class="", kind="figure"))
    done, goal = found[0].item, found[1].item
    if said := _rate_said_with(kit, query, (goal, done)):
        # '28所…截至6月底,已开工24所,开工率85.7%': the rate asked, stated beside the pair's target
        return _stated_rate(kit, said)
    text = (
        f"{label(done)}：{amount(done)}，{label(goal)}：{amount(goal)}，"
        f"完成比例 {amount(done)} ÷ {amount(goal)} = {percent(scaled(done), scaled(goal))}"
        f"（按截至{date_label(done.as_of)}的数字计算）"
    )
    return kit.computed(text, "rate", done, goal)


def _stated_rate(kit: Kit, said: Figure) -> Answer:
    """A rate as the speaker stated it, quoted."""
    return kit.sourced(kit.compose.figure_text(said), "figure", kit.compose.cite_figure(said), figures=(said,))


def _rate_said_with(kit: Kit, query: Query, pair: tuple[Figure, Figure]) -> Figure | None:
    """The rate the question names ('开工率') as stated on the line of the pair's target or result."""
    asked = _RATE_WORD.search(query.text)
    if asked is None:
        return None
    for figure in pair:
        for said in kit.line_figures.get((figure.source_id, figure.line), ()):
            if said.unit == "%" and asked[0] in said.indicator and said.county == query.county:
                return said
    return None


def _names_it(kit: Kit, query: Query, figure: Figure) -> bool:
    """True when most of the question's specific words are in what the figure measures."""
    # A stated rate of another measure ('列养率保持100%') does not answer '完成了百分之几'.
    other_rates = [r for r in _RATE_WORD.findall(figure.indicator) if r not in query.text and r[-2:] not in query.text]
    if other_rates and not any(r.endswith(COMPLETION_RATES) for r in other_rates):
        return False
    words = [w for w in kit.lexicon.words(query.topic) if len(w) >= 2 and w not in STOP_WORDS and w not in GENERIC_WORDS]
    return not words or sum(w in figure.indicator for w in words) * 2 >= len(words)


def remaining(kit: Kit, query: Query) -> Answer | None:
    """What is left: target − progress, showing both."""
    found = pair(kit, query)
    if found is None:
        return None
    done, goal = found[0].item, found[1].item
    # In the finer of the two units: 1.2万批次 − 5236批次 = 6764批次, not 0.6764万批次.
    finer = min((goal, done), key=lambda f: scaled(f) / f.value if f.value else float("inf"))
    left = (scaled(goal) - scaled(done)) / (scaled(finer) / finer.value if finer.value else 1)
    text = (
        f"{label(goal)}：{amount(goal)}，{label(done)}：{amount(done)}，"
        f"还差 {amount(goal)} − {amount(done)} = {number(left)}{finer.unit}（截至{date_label(done.as_of)}）"
    )
    return kit.computed(text, "remaining", done, goal)


# '比上个月', '环比', '这一个月干了多少': the change since the conference before, no month named.
PREVIOUS = re.compile(r"上个?月|上月|环比|上一?次|上一场|上期|这[一1]?个月|当月|本月")


# '由年初的71.4%提高到76.8%': a change one sentence states, from a start it names.
_FROM_TO = re.compile(
    r"由(?P<when>[^,。;的\d]{1,8})?的?(?P<old>\d+(?:\.\d+)?)(?P<unit>%|[^\d,。;由到]{0,4}?)"
    r"(?:提高|增加|增长|上升|提升|下降|减少|降低)(?:到|至)(?P<new>\d+(?:\.\d+)?)"
)
_ASKS_PERCENT = re.compile(r"百分之|百分比|%|几成|多少个点")
# A total stated then and progress stated now count the same stock ('为1177家' → '达到1264家').
_STOCK = {"progress", "total"}
SINCE_START = re.compile(r"年初|年头|开年")
_CHANGED = re.compile(r"提高|增加|增长|上升|提升|下降|减少|降低|多了|少了|变化|百分点")


def since_start(kit: Kit, query: Query) -> Answer | None:
    """'签约率比年初提高了几个百分点', '普及率今年提高了几个百分点': the change a sentence states from
    the start of the year (or from a start it names, when the question names no month to compare)."""
    if not _CHANGED.search(query.text):
        return None
    if not (SINCE_START.search(query.text) or "今年" in query.text or query.month is None and not PREVIOUS.search(query.text)):
        return None
    return _stated_change(kit, query)


def change(kit: Kit, query: Query) -> Answer | None:
    """Change of a figure between the month asked about (or the report before) and the latest."""
    if query.month is None and len(years := years_named(query.text)) == 2:
        return _between_years(kit, query, max(years), min(years))
    if query.month is None and not PREVIOUS.search(query.text):
        return None
    # '9月底比8月底多了多少': two months named, the later is the new figure and the earlier the old.
    months = months_named(query.text)
    later = max(months) if len(months) == 2 else None
    earlier_month = min(months) if later is not None else query.month
    now_query = replace(query, month=later)
    ranked = kit.search.prefer_latest(kit.search.rank_figures(now_query), now_query)
    if not ranked or ranked[0].score < MIN_FIGURE:
        return None
    new: Figure = ranked[0].item
    # '由4月底的91.6%提高到92.3%': the later value of the same sentence is the newer one.
    new = max(
        (s.item for s in ranked if s.item.sentence == new.sentence and s.item.unit == new.unit and s.item.source_id == new.source_id),
        key=lambda f: f.as_of,
        default=new,
    )
    candidates = kit.search.rank_figures(query, month=earlier_month) if earlier_month is not None else ranked
    earlier = [
        s for s in candidates
        if s.item.unit == new.unit and s.item.as_of < new.as_of and s.item.county == new.county
        and (s.item.kind == new.kind or new.unit == "%" or {s.item.kind, new.kind} <= _STOCK)
        and kit.same_city(s.item, new)
    ]
    if query.month is None:
        # The report just before the newest one, among statements of the same measure.
        earlier = [s for s in earlier if s.score >= SAME_MEASURE_SHARE * ranked[0].score]
        earlier.sort(key=lambda s: (s.item.as_of, s.score), reverse=True)
    if not earlier or earlier[0].score < MIN_FIGURE * 0.2:
        return _stated_since(kit, new, earlier_month) if earlier_month else None
    return _difference(kit, new, earlier[0].item)


def _difference(kit: Kit, new: Figure, old: Figure) -> Answer:
    """'…：2023年7月底 3.62%，2021年4月底 3.88%，下降 3.62% − 3.88% = 0.26个百分点'."""
    delta = (scaled(new) - scaled(old)) / (scaled(new) / new.value if new.value else 1)
    verb = "增加" if delta >= 0 else "减少"
    # A change of a percentage is in percentage points, not per cent.
    step = f"{number(abs(delta))}个百分点" if new.unit == "%" else f"{number(abs(delta))}{new.unit}"
    if new.unit == "%":
        verb = "提高" if delta >= 0 else "下降"
    text = (
        f"{label(new)}：{date_label(new.as_of)} {amount(new)}，{date_label(old.as_of)} {amount(old)}，"
        f"{verb} {amount(new)} − {amount(old)} = {step}"
    )
    return kit.computed(text, "change", new, old)


def _stated_change(kit: Kit, query: Query) -> Answer | None:
    """A change the best figure's sentence states itself ('由年初的71.4%提高到76.8%')."""
    for scored in kit.search.rank_figures(replace(query, month=None))[:5]:
        if scored.score < MIN_FIGURE * 0.6:
            break
        figure: Figure = scored.item
        # (the change of this figure's own measure: '城市…由720元提高到760元,农村…由5880元提高到6240元')
        match = next((m for m in _FROM_TO.finditer(figure.sentence) if figure.value in (float(m["new"]), float(m["old"]))), None)
        if match is None:
            continue
        old, new = float(match["old"]), float(match["new"])
        unit = figure.unit
        delta = new - old
        rising = delta >= 0
        if unit == "%":
            step, verb = f"{number(abs(delta))}个百分点", "提高" if rising else "下降"
        elif _ASKS_PERCENT.search(query.text) and old:
            # '低保标准提高了百分之几': the change as a share of what it was
            share = round(abs(delta) / old * 100, 1)
            step, verb = f"{number(abs(delta))}{unit} ÷ {number(old)}{unit} = {number(share)}%", "提高" if rising else "下降"
        else:
            step, verb = f"{number(abs(delta))}{unit}", "增加" if rising else "减少"
        when = match["when"] or "此前"
        name = re.sub(r"由[^·]{0,10}?(?:提高|增加|增长|上升|提升|下降|减少|降低)(?:到|至)$|(?:提高|增加|增长|上升|提升|下降|减少|降低)(?:到|至)$", "", label(figure))
        text = f"{name}：由{when}的{number(old)}{unit}到{number(new)}{unit}，{verb} {number(new)}{unit} − {number(old)}{unit} = {step}"
        return kit.computed(text, "change", figure, figure)
    return None


# '已投入运营52个,比2月底增加18个', '完成率93.5%,比10月底提高8.2个百分点': a value and its change
# since an earlier month-end, which together say the earlier value.
# ('较8月底新增完工27个': the verb, then what it counts, then the number)
_SINCE_MONTH_END = (
    r"(?:比|较|与)(?P<month>1[0-2]|[1-9])月(?:底|末)(?:相比)?,?(?P<verb>新增|增加|提高|增长|上升|提升|多|下降|减少|降低|少)了?"
    r"[\u4e00-\u9fff]{0,4}?"
)
_DELTA = r"(?P<delta>\d+(?:\.\d+)?)(?P<unit>个百分点|%|[^\d,。;]{0,4}?)(?=[,。;]|$)"


# '去年底是多少', '年初的时候': the end of last year, which a sentence's change may be counted from.
_YEAR_START = re.compile(r"去年(?:年)?(?:底|末)|年初")
_SINCE_YEAR_START = r"(?:比|较|与)(?P<when>去年(?:年)?(?:底|末)|年初)(?:相比)?,?(?P<verb>增加|提高|增长|上升|提升|多|下降|减少|降低|少)了?"


def then(kit: Kit, query: Query) -> Answer | None:
    """'2月底的时候有多少个', '去年底是多少': the value at an earlier month-end no conference reports,
    from a value reported later and the change since then that its sentence states (52个 − 18个 = 34个)."""
    month = query.month
    year_start = _YEAR_START.search(query.text)
    if year_start is not None and not _CHANGED.search(query.text):
        return _then(kit, query, 0, _SINCE_YEAR_START, year_start[0])
    if month is None or not re.search(rf"(?<!\d){month}月(?:底|末)", query.text):
        return None
    return _then(kit, query, month, _SINCE_MONTH_END, f"{month}月底")


def _then(kit: Kit, query: Query, month: int, since: str, when: str) -> Answer | None:
    """then(), for the month-end `when` (month 0: the end of last year), changes said as `since`."""
    for scored in kit.search.rank_figures(replace(query, month=None))[:5]:
        if scored.score < MIN_FIGURE:
            break
        figure: Figure = scored.item
        if _month_of(figure) <= month:
            return None  # a figure of that month (or before) is stated: the other handlers answer
        value = re.escape(f"{figure.value:g}{figure.unit}")
        match = re.search(rf"(?<![\d.]){value}[^。;]{{0,6}}?{since}{_DELTA}", figure.sentence)
        if match is None or month and int(match["month"]) != month:
            continue
        points = match["unit"] in ("个百分点", "%") and figure.unit == "%"
        if not points and match["unit"] and match["unit"] != figure.unit:
            continue  # a change counted in another unit says nothing of this value
        delta = float(match["delta"])
        falling = match["verb"] in ("下降", "减少", "降低", "少")
        earlier = figure.value + delta if falling else figure.value - delta
        step = f"{number(delta)}个百分点" if points else f"{number(delta)}{figure.unit}"
        sign = "+" if falling else "−"
        then_label = f"截至{figure.as_of[:4]}年{month}月底" if month else f"{int(figure.as_of[:4]) - 1}年底" if "去年" in when else f"{figure.as_of[:4]}年初"
        text = (
            f"{label(figure)}：{then_label} {number(earlier)}{figure.unit}"
            f"（{date_label(figure.as_of)} {amount(figure)}，比{when}{match['verb']}{step}："
            f"{amount(figure)} {sign} {step} = {number(earlier)}{figure.unit}）"
        )
        return kit.computed(text, "change", figure, figure)
    return None


def _between_years(kit: Kit, query: Query, later: int, earlier: int) -> Answer | None:
    """'失业率2023年比2021年下降了多少': the newest figure of each year's conferences (of the city asked
    about), of the same measure — the earlier one must state what the later one does."""
    def best(year: int) -> Scored | None:
        held = frozenset(
            s.id for s in kit.lexicon.sources if s.year == year and (not query.city or s.city == query.city)
        )
        if not held:
            return None
        scoped = replace(query, sources=held, month=None)
        ranked = kit.search.prefer_latest(kit.search.rank_figures(scoped), scoped)
        return ranked[0] if ranked and ranked[0].score >= MIN_FIGURE else None

    new, old = best(later), best(earlier)
    if new is None or old is None or not same_measure(new.item.unit, old.item.unit) or not kit.same_city(new.item, old.item):
        return None
    if old.score < SAME_MEASURE_SHARE * new.score or new.item.kind != old.item.kind and new.item.unit != "%":
        return None  # (the two years' best matches must be as good an answer as each other)
    return _difference(kit, new.item, old.item)


def _stated_since(kit: Kit, figure: Figure, month: int) -> Answer | None:
    """'比7月底多了多少' when no July figure is held: the change since then that the newest figure's
    sentence states ('截至8月底完成478公里,较7月底增加65公里')."""
    value = re.escape(f"{figure.value:g}{figure.unit}")
    match = re.search(rf"(?<![\d.]){value}[^。;]{{0,6}}?{_SINCE_MONTH_END}{_DELTA}", figure.sentence)
    if match is None or int(match["month"]) != month or _month_of(figure) <= month:
        return None
    points = match["unit"] in ("个百分点", "%") and figure.unit == "%"
    if not points and match["unit"] and not same_measure(match["unit"], figure.unit):
        return None  # ('1.86万人,比8月底增加2140人': the change may be said in another scale of the unit)
    step = f"{number(float(match['delta']))}个百分点" if points else f"{number(float(match['delta']))}{match['unit'] or figure.unit}"
    text = f"{label(figure)}：{date_label(figure.as_of)} {amount(figure)}，比{month}月底{match['verb']}{step}"
    return kit.computed(text, "change", figure, figure)


def _month_of(figure: Figure) -> int:
    return int(figure.as_of[5:7]) if len(figure.as_of) >= 7 else 0
