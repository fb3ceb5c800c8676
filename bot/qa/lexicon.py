"""Vocabulary built from the knowledge itself: a jieba tokenizer, entity words, places, people, aliases."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jieba

from bot.domain import Knowledge, Source
from bot.ingest.transcript import short_department

jieba.setLogLevel(logging.WARNING)

# Words that say nothing about which project is meant ("建设" is in half the headings).
GENERIC_WORDS = frozenset(
    "工程 项目 建设 改造 工作 推进 加快 加强 全面 实施 开展 积极 大力 重点 情况 进展 全市 我市 年度 目标 "
    "完成 计划 规划 目前 已经 基本 提升 行动 服务 相关 有关 提高 促进 持续 推动 落实 民生 民心 年内 今年 "
    "新建 改扩建 开工 建成 面积 资金 多少 数量 个数 总数 完工 竣工 投用 开通 交付 启动 新开工 基本建成 任务 合计 数字 数据 汇总 "
    # time words: '截至9月底' inside an indicator names no topic ('10月底城镇新增就业' is about 城镇新增就业)
    "月底 月末 年底 年末 年初 月份 上月 上半年 下半年 季度 一季度 截至 截止".split()
)
# Frequency for words added to jieba: high enough to keep a multi-character name whole.
USER_WORD_FREQ = 200000
# Names up to this length are kept whole (滦平县, 棚户区改造); longer ones are item titles,
# better split by the dictionary so that their words can match a question's.
MAX_USER_WORD = 6
MIN_ENTITY_RUN = 3
# Single characters that join words rather than name things.
_SEPARATORS = frozenset("的和与及或等是在为对")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_SHORT_FORM_SUFFIX = re.compile(r"(县|区|市|旗)$")
# 青龙满族自治县 is called 青龙县 or 青龙.
_ETHNIC = "满|回|蒙古|土家|苗|彝|壮|瑶|藏|侗|布依|朝鲜|白|哈尼|黎|傣|畲|傈僳|仡佬|拉祜|佤|水|纳西|羌|土|仫佬|锡伯|达斡尔|鄂温克|鄂伦春|哈萨克|维吾尔"
_AUTONOMOUS = re.compile(rf"(?:(?:{_ETHNIC})族)+自治(?:县|旗)$|自治(?:县|旗)$")


# jieba's full dictionary (349k words) takes ~0.6 s to load even from its cache. Words its
# corpus saw fewer than this many times are too rare to matter for questions about public
# works; without them (80k words left) the dictionary loads in ~0.15 s. The knowledge's own
# names are added on top, so nothing the knowledge says is lost.
MIN_DICTIONARY_FREQ = 20


def trimmed_dictionary() -> Path:
    """jieba's dictionary without its rarest words, written once to the temp dir and reused."""
    target = Path(tempfile.gettempdir()) / f"minsheng-jieba-{jieba.__version__}-min{MIN_DICTIONARY_FREQ}.txt"
    if not target.exists():
        source = Path(jieba.__file__).with_name("dict.txt")
        kept = [
            line for line in source.read_text(encoding="utf-8").splitlines()
            if len(line.split()) >= 2 and int(line.split()[1]) >= MIN_DICTIONARY_FREQ
        ]
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_text("\n".join(kept) + "\n", encoding="utf-8")
        partial.replace(target)
    return target


@lru_cache(maxsize=1)
def base_tokenizer() -> jieba.Tokenizer:
    """The trimmed dictionary, loaded once per process (jieba caches its prefix table on disk)."""
    tokenizer = jieba.Tokenizer(str(trimmed_dictionary()))
    tokenizer.initialize()
    return tokenizer


@dataclass
class Lexicon:
    """Names the knowledge uses, and how people refer to them."""

    tokenizer: jieba.Tokenizer
    entity_words: frozenset[str]  # words that pick out a project, department or topic
    counties: dict[str, str]  # any form people use → county as the transcripts name it
    departments: dict[str, str]  # any form → department as the transcripts name it
    speakers: dict[str, tuple[str, str]]  # name → (department, title)
    outlets: frozenset[str]
    aliases: dict[str, str]  # alias → canonical text
    vocabulary: frozenset[str]  # terms a typo may be corrected to
    places: frozenset[str]  # every place name the knowledge mentions (city, counties)
    years: frozenset[int]
    city: str  # the city most sources are about (for messages); "" when none is named
    corpus: str  # all passage text, for "does the knowledge mention this at all"
    cities: dict[str, str] = field(default_factory=dict)  # '保定' and '保定市' → '保定市', for every source's city
    sources: tuple[Source, ...] = ()
    as_of_months: dict[str, frozenset[int]] = field(default_factory=dict)  # source → months its figures are as of
    county_cities: dict[str, frozenset[str]] = field(default_factory=dict)  # county → the cities whose figures name it
    extra: dict = field(default_factory=dict)

    @classmethod
    def build(cls, knowledge: Knowledge) -> Lexicon:
        """Everything derived from one snapshot."""
        by_city = Counter(s.city for s in knowledge.sources if s.city)
        city = by_city.most_common(1)[0][0] if by_city else ""
        cities = {form: name for name in by_city for form in (name, name.removesuffix("市")) if len(form) >= 2}
        counties = _counties(knowledge, set(cities))
        departments = _departments(knowledge)
        aliases = {alias: canonical for alias, canonical in knowledge.aliases}
        for alias, canonical in aliases.items():
            if canonical in departments:
                departments.setdefault(alias, departments[canonical])
        names = _topic_names(knowledge)
        # (what a per-county list counts names a topic too — '城镇新增就业' — but only its words are
        # kept: a list's subject is often a table header, no name to keep whole)
        subjects = {f.indicator for f in knowledge.figures if f.group}
        entity_words = _entity_words(base_tokenizer(), names | subjects | set(departments) | set(aliases) | set(aliases.values()))
        tokenizer = _tokenizer(
            set(names) | set(counties) | set(departments) | set(aliases) | set(aliases.values()) | entity_words
        )
        return cls(
            tokenizer=tokenizer,
            entity_words=frozenset(entity_words),
            counties=counties,
            departments=departments,
            speakers={s.name: (s.department, s.title) for s in knowledge.speakers},
            outlets=frozenset(p.speaker for p in knowledge.passages if p.kind == "question" and p.speaker),
            aliases=aliases,
            vocabulary=frozenset(_vocabulary(tokenizer, names, counties, departments, knowledge)),
            places=frozenset(set(counties) | set(counties.values()) | set(cities)),
            years=frozenset(s.year for s in knowledge.sources if s.year),
            city=city,
            cities=cities,
            sources=knowledge.sources,
            as_of_months=_as_of_months(knowledge),
            county_cities=_county_cities(knowledge),
            corpus="\n".join(p.text for p in knowledge.passages),
        )

    def words(self, text: str) -> list[str]:
        """jieba words of a normalised text (no HMM: only dictionary words, deterministic and fast)."""
        return [w for w in self.tokenizer.cut(text, HMM=False) if w.strip()]

    def entity(self, text: str) -> str:
        """The longest run of project/topic words in a text ('农村公路', '幼儿园', '棚改'), '' if none."""
        covered = [False] * len(text)
        for name in [*self.entity_words, *self.aliases]:
            start = text.find(name)
            while start >= 0:
                covered[start: start + len(name)] = [True] * len(name)
                start = text.find(name, start + 1)
        runs = re.finditer(r"1+", "".join("1" if c else "0" for c in covered))
        best = max(runs, key=lambda m: m.end() - m.start(), default=None)
        return text[best.start(): best.end()] if best else ""


def _county_cities(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """County → the cities of the conferences whose figures are about it ('红花岗区' → 遵义市)."""
    city_of = {s.id: s.city for s in knowledge.sources if s.city}
    found: dict[str, set[str]] = defaultdict(set)
    for figure in knowledge.figures:
        if figure.county and figure.source_id in city_of:
            found[figure.county].add(city_of[figure.source_id])
    return {county: frozenset(cities) for county, cities in found.items()}


_AS_OF = re.compile(r"(?:截至|截止|到)(1[0-2]|[1-9])月(?:底|末|份)")


def _as_of_months(knowledge: Knowledge) -> dict[str, frozenset[int]]:
    """The months a source reports figures as of: its own, and any '截至3月底' it says (a report
    given in April on the first quarter)."""
    months: dict[str, set[int]] = defaultdict(set)
    for source in knowledge.sources:
        if source.month:
            months[source.id].add(source.month)
    for passage in knowledge.passages:
        for match in _AS_OF.finditer(passage.text):
            months[passage.source_id].add(int(match[1]))
    return {sid: frozenset(m) for sid, m in months.items()}


def _tokenizer(user_words: set[str]) -> jieba.Tokenizer:
    """A tokenizer of our own (jieba's global one stays untouched) that keeps the knowledge's names whole."""
    base = base_tokenizer()
    tokenizer = jieba.Tokenizer(base.dictionary)
    # Copy the loaded dictionary rather than loading it again; the copy is ours to add words to.
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word in sorted(user_words):
        for part in re.findall(r"[\u4e00-\u9fff]{2,}", word):
            if len(part) <= MAX_USER_WORD:
                tokenizer.add_word(part, USER_WORD_FREQ)
    return tokenizer


# A place named in a list of places ('分别位于桥东区、怀来县、涿鹿县和蔚县'), though no figure is about it.
_LISTED_PLACE = re.compile(
    r"(?:(?<=[、,:和及与在是])|(?<=位于)|(?<=分布在)|(?<=包括)|(?<=涉及)|(?<=分别是))"
    r"([\u4e00-\u9fff]{1,4}?(?:县|区|旗))(?=[、,和及与。的]|等(?:地|县|区))"
)
_LIST_VERB = re.compile(r"^(?:涉及|位于|包括|分布在|分别是|分别为|其中|还在|主要在|集中在)")
_NOT_A_PLACE = re.compile(r"(?:社区|小区|城区|园区|景区|片区|街区|校区|库区|牧区|山区|郊区|辖区|市区|县区|各区|全区|本区|该区)$|^[各全本该我每哪几在于和及与、]")


def _listed_places(knowledge: Knowledge) -> set[str]:
    """County names the transcripts list in prose, in runs of at least two."""
    found: set[str] = set()
    for passage in knowledge.passages:
        names = [_LIST_VERB.sub("", m) for m in _LISTED_PLACE.findall(passage.text)]
        names = [m for m in names if len(m) >= 2 and not _NOT_A_PLACE.search(m)]
        if len(names) >= 2:
            found.update(names)
    return found


def _counties(knowledge: Knowledge, cities: set[str]) -> dict[str, str]:
    """County names and their short forms (滦平县 and 滦平; 青龙满族自治县, 青龙县 and 青龙), except the cities'."""
    names = {f.county for f in knowledge.figures if f.county} | _listed_places(knowledge)
    names = sorted(names)  # a short form two counties share goes to the same one in every process
    result = {name: name for name in names}
    for name in names:
        core = _AUTONOMOUS.sub("", name)
        forms = {_SHORT_FORM_SUFFIX.sub("", name), core}
        if core != name:
            forms.add(core + name[-1])
        for short in forms:
            if len(short) >= 2 and short not in cities and short not in result:
                result[short] = name
    abbreviated: dict[str, set[str]] = defaultdict(set)
    for name in names:
        for form in _abbreviations(name):
            abbreviated[form].add(name)
    for form, owners in abbreviated.items():
        if len(owners) == 1 and form not in cities and form not in result:  # one county's, never two's
            result[form] = owners.pop()
    return result


def _abbreviations(name: str) -> set[str]:
    """'昆都仑区' → 昆区, '土默特右旗' → 土右旗, '达尔罕茂明安联合旗' → 达茂旗: a long name is said as its
    first character and at most one other, then its suffix."""
    core, suffix = name[:-1], name[-1]
    if suffix not in "区旗" or len(core) < 3 or _FUNCTIONAL.search(core):
        return set()  # ('…县' and '…市' are said in full or without the suffix)
    return {core[0] + suffix, *(core[0] + c + suffix for c in core[1:])} - _PLAIN_AREAS


# Districts named for what they are ('城乡一体化示范区', '经济技术开发区'), not for a place, and
# words an abbreviation would collide with ('城区' is any town's centre).
_FUNCTIONAL = re.compile(r"示范|开发|高新|经济|技术|产业|新城|新区|园区|管理|保税|综合")
_PLAIN_AREAS = frozenset("城区 新区 市区 郊区 矿区 景区 园区 社区 山区 片区 街区 老区 辖区 营区 林区 牧区 灾区 校区 小区 湖区 库区 农区".split())


def _departments(knowledge: Knowledge) -> dict[str, str]:
    """Department names as said in full, in short (市人社局, 人社局) and abbreviated (交通运输局 → 交通局)."""
    result: dict[str, str] = {}
    names = sorted(d for d in {s.department for s in knowledge.speakers} | {f.department for f in knowledge.figures} if d)
    for department in names:
        result[department] = department
        result.setdefault(short_department(department), department)
    abbreviations: dict[str, set[str]] = defaultdict(set)
    for department in names:
        for form in department_abbreviations(short_department(department)):
            abbreviations[form].add(department)
    for form, owners in abbreviations.items():
        if len(owners) == 1:  # an abbreviation two departments share names neither
            result.setdefault(form, owners.pop())
    return result


def department_abbreviations(short: str) -> set[str]:
    """'交通运输局' → {'交通局', '交运局'}; '住房和城乡建设局' → {…, '住建局'}; '城市管理综合执法局' →
    {'城管局', '城管执法局', …}: the first word, or first characters, or first characters and last word."""
    association = re.fullmatch(r"([\u4e00-\u9fff]{2,6})(联合会|协会)", short)
    if association:  # 妇女联合会 → 妇联, 残疾人联合会 → 残联, 科学技术协会 → 科协
        return {association[1][0] + association[2][0]}
    match = re.fullmatch(r"([\u4e00-\u9fff]{4,10})(局|委|办|厅)", short)
    if not match:
        return set()
    words = []
    for word in base_tokenizer().lcut(match[1], HMM=False):
        if word in ("和", "与", "及"):
            continue
        words.extend([word[:2], word[2:]] if len(word) == 4 else [word])  # 交通运输 → 交通, 运输
    if len(words) < 2:
        return set()
    forms = {words[0] + match[2], words[0][0] + words[1][0] + match[2], words[0][0] + words[-1][0] + match[2]}
    if len(words) >= 3:  # 城市管理综合执法局 → 城管执法局
        forms.add(words[0][0] + words[1][0] + words[-1] + match[2])
    return forms


def _topic_names(knowledge: Knowledge) -> set[str]:
    """Project names and item headings (a breakdown subject is a name when it is its project)."""
    names = {f.project for f in knowledge.figures} | {p.project for p in knowledge.passages}
    for passage in knowledge.passages:
        if passage.kind == "speech":  # an answer's heading is a reporter's question, not a name
            names.update(part for part in passage.heading.split("/") if part)
    return {n.strip("“”\"") for n in names if n}


def _entity_words(tokenizer: jieba.Tokenizer, names: set[str]) -> set[str]:
    """The specific words inside topic names: 棚户区 in 棚户区改造工程, not 工程; 医联体 in 医联体建设.

    Dictionary words count, and so does a run of characters the dictionary splits into
    singles (医/联/体), which is how new names look to jieba.
    """
    words: set[str] = set()
    for name in names:
        run = ""
        for word in [*tokenizer.cut(name, HMM=False), ""]:
            if len(word) == 1 and _CJK_WORD.fullmatch(word + word) and word not in _SEPARATORS:
                run += word
                continue
            if MIN_ENTITY_RUN <= len(run) <= MAX_USER_WORD:
                words.add(run)
            run = ""
            if _CJK_WORD.fullmatch(word) and _GENERIC_RUN.sub("", word) and not _ASKING.search(word):
                words.add(word)
    return words


# A word made only of generic words ('建设项目' = 建设 + 项目, '工程项目') names no topic either.
_GENERIC_RUN = re.compile("|".join(sorted(GENERIC_WORDS, key=len, reverse=True)))
# Words that ask: a topic taken from a reporter's question ('…分别涉及到哪些县区') names no project by them.
_ASKING = re.compile(r"哪|什么|多少|怎么|如何|为何|是否|啥")


def _vocabulary(tokenizer, names, counties, departments, knowledge: Knowledge) -> set[str]:
    """Terms a misspelt question may mean: names plus the words of every figure's indicator."""
    vocabulary: set[str] = set(counties) | set(departments) | {s.name for s in knowledge.speakers}
    phrases = set(names) | {f.indicator for f in knowledge.figures}
    for phrase in phrases:
        for run in _CJK_WORD.findall(phrase):
            vocabulary.update(w for w in tokenizer.cut(run, HMM=False) if len(w) >= 2)
            if len(run) <= 8:
                vocabulary.add(run)
    return vocabulary


def index_by_length(words: frozenset[str]) -> dict[int, list[str]]:
    """Vocabulary grouped by length, for same-length typo candidates."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for word in words:
        grouped[len(word)].append(word)
    return dict(grouped)
