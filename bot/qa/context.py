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
    kind: str = ""
    figure_kind: str = ""  # target/progress of the figure last answered, for "基本建成多少套?"
    at: float = 0.0  # epoch seconds

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Context:
        """Back from to_dict(); anything unreadable is an empty context."""
        if not data:
            return cls()
        try:
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except TypeError:
            return cls()
