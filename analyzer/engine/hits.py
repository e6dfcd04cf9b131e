"""What one article yields: rule hits (article-relative) and the absence rules it satisfies or makes applicable."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Hit:
    """A rule's hit in one article: offsets relative to the article."""

    rule: str
    start: int
    end: int
    severity: str
    words: list[tuple[int, int]]
    reasons: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**self.__dict__, "words": [list(w) for w in self.words]}

    @classmethod
    def from_dict(cls, d: dict) -> Hit:
        return cls(**{**d, "words": [tuple(w) for w in d["words"]]})


@dataclass
class ArticleResult:
    hits: list[Hit]
    present: list[str]  # absence rules whose provision this article has
    applicable: list[str] = field(default_factory=list)  # absence rules whose `applies_if` this article meets

    def to_dict(self) -> dict:
        return {"hits": [h.to_dict() for h in self.hits], "present": list(self.present), "applicable": list(self.applicable)}

    @classmethod
    def from_dict(cls, d: dict) -> ArticleResult:
        return cls([Hit.from_dict(h) for h in d["hits"]], list(d["present"]), list(d.get("applicable", [])))
