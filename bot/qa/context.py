"""What a chat was last asking about, so a follow-up ("那中小学呢?", "完成了多少") can be understood."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# A conversation older than this is not continued: the next question starts afresh.
CONTEXT_TTL_SECONDS = 30 * 60


@dataclass(frozen=True)
class Context:
    """The last understood question of a chat."""

    text: str = ""  # the question as finally understood (after any rewriting)
    entity: str = ""  # the project/topic words in it ("幼儿园"), "" if none
    topic: str = ""  # the question without question words ("文艺骨干培训")
    county: str = ""
    city: str = ""  # the city the question was scoped to, "" if none
    scope: str = ""  # the year, report month and session it named ('2022年4月份的第1场'), "" if none
    kind: str = ""
    figure_kind: str = ""  # target/progress of the figure last answered, for "基本建成多少套?"
    unit_class: str = ""  # what it counted ('count:所'), for '目标是多少' after '开工了几所'
    at: float = 0.0  # epoch seconds

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Context:
        """Back from to_dict(); anything unreadable (wrong types, not a mapping) is an empty context."""
        if not isinstance(data, dict):
            return cls()
        empty = cls()
        values = {}
        for name in cls.__dataclass_fields__:
            value = data.get(name, getattr(empty, name))
            expected = type(getattr(empty, name))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if type(value) is not expected:
                return empty
            values[name] = value
        return cls(**values)
