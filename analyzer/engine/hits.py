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
    applicable: list[str] = field(default_factory=list)  # "rule|k": `applies_if` conditions this article meets
    document: list[str] = field(default_factory=list)  # keys of document-scoped adjustments that hold here

    def to_dict(self) -> dict:
        return {"hits": [h.to_dict() for h in self.hits], "present": list(self.present),
                "applicable": list(self.applicable), "document": list(self.document)}

    @classmethod
    def from_dict(cls, d: dict) -> ArticleResult:
        return cls([Hit.from_dict(h) for h in d["hits"]], list(d["present"]), list(d.get("applicable", [])),
                   list(d.get("document", [])))


_HIT_FIELDS = {"rule": str, "start": int, "end": int, "severity": str, "words": list, "reasons": list,
               "recipients": list, "data": list}


def checked_result(value, rules: set[str], length: int) -> ArticleResult | None:
    """A cached value as an ArticleResult if it has exactly the shape ``to_dict`` writes, names only
    rules of the current packs and stays inside an article of ``length`` characters; else None."""
    if not isinstance(value, dict) or set(value) != {"hits", "present", "applicable", "document"}:
        return None
    if not isinstance(value["present"], list) or not all(isinstance(x, str) and x in rules for x in value["present"]):
        return None
    if not isinstance(value["hits"], list) or not all(
            isinstance(value[k], list) and all(isinstance(x, str) and x.split("|")[0] in rules for x in value[k])
            for k in ("applicable", "document")):
        return None
    for hit in value["hits"]:
        if not isinstance(hit, dict) or set(hit) != set(_HIT_FIELDS):
            return None
        if any(type(hit[k]) is not kind for k, kind in _HIT_FIELDS.items()):  # bool is not an int here
            return None
        if hit["rule"] not in rules or hit["severity"] not in ("high", "medium", "low"):
            return None
        if not 0 <= hit["start"] <= hit["end"] <= length:
            return None
        for word in hit["words"]:
            if not (isinstance(word, list) and len(word) == 2 and all(type(x) is int for x in word)
                    and 0 <= word[0] <= word[1] <= length):
                return None
        if not all(isinstance(x, str) for k in ("reasons", "recipients", "data") for x in hit[k]):
            return None
    return ArticleResult.from_dict(value)
