"""Article alignment between two versions of a terms document.

Articles are compared on *normalised* text: the heading (number and title) is dropped, cross-references
(第5条, 前条, 第2項, 同号 …) become placeholders so that renumbering alone is not a change, NFKC folds
full-width forms and every space goes. Alignment then runs in three passes:

1. identical normalised texts in reading order (difflib on the sequence of text hashes): the anchors;
2. identical texts out of order (an article that moved as a whole);
3. the rest by a global greedy best-first assignment on a similarity matrix (Dice coefficient on
   character bigrams), where an equal title and a position consistent with the anchors add a bonus,
   so that similar articles pair in order.

Status (chosen behaviour, see ``_status``): a pair whose labels differ is ``renumbered`` even when its text
was also edited; ``edited`` in the JSON row tells the two apart.

Splits and merges (chosen behaviour): an article left unpaired whose text is mostly contained in an
article that is already paired (≥ ``CONTAINED``) is recorded as ``modified`` against that article,
so one old label may appear twice (a split) or one new label twice (a merge). Risks that travelled
with the split-off paragraphs are then matched through that pair and are not reported as new.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from kiyaku.analyzer.model import Document, Node

# Pairing thresholds, on the combined score (text similarity + bonuses).
PAIR_MIN = 0.5
TITLE_BONUS = 0.15
ORDER_BONUS = 0.05
CONTAINED = 0.8  # share of an unpaired article's trigrams found in a paired one: a split or merge piece
LEFT_BEHIND = 0.5  # …and at most this share found in that one's partner (the text really moved out)
MIN_PIECE = 12  # trigrams: shorter leftovers are too small to call a split

_KANJI_NUM = "〇零一二三四五六七八九十百千"
_NUM = rf"[0-9{_KANJI_NUM}]+"
# A cross-reference: 第5条の2, 第3項, 前条, 次項, 前各号, 前2項, 同条 … → a placeholder of its kind.
_REF = re.compile(  # 「第 2 条」 written with spaces is a reference all the same
    rf"(?:第[ \t]*{_NUM}[ \t]*(?:条|項|号|章|節|款)(?:[ \t]*の[ \t]*{_NUM})*|(?:前|次|同|前各|前{_NUM}|次{_NUM})(?:条|項|号|章|節))"
)
_REF_KIND = re.compile("[条項号章節款]")
# An article heading when the parser did not mark where it ends: 第5条（目的）, 第5条 目的, 5. 目的.
_HEADING = re.compile(rf"^\s*(?:第{_NUM}条(?:の{_NUM})*|[0-9]+(?:\.[0-9]+)*\.?)\s*(?:[(（【「][^)）】」\n]*[)）】」])?")
# A paragraph or item mark at the start of a line (after NFKC): "2 ", "(3)", "三 ", "イ ".
_LINE_MARK = re.compile(rf"(?m)^[ \t]*(?:\(?[0-9]+\)|[0-9]+(?=[ \t.、])|[{_KANJI_NUM}]+(?=[ \t、])|[イロハニホヘトチリヌ](?=[ \t]))[ \t.、]*")
_SPACE = re.compile(r"\s+")
_TITLE_MARKS = re.compile(r"[()（）【】「」\[\]\s]")


def normalise(text: str) -> str:
    """Text for comparison only: NFKC, references as placeholders, line marks and whitespace out."""
    text = unicodedata.normalize("NFKC", text)
    text = _REF.sub(lambda m: f"〔{_REF_KIND.search(m.group(0)).group(0)}〕", text)
    text = _LINE_MARK.sub("", text)
    return _SPACE.sub("", text)


def normalise_title(title: str | None) -> str:
    return _TITLE_MARKS.sub("", unicodedata.normalize("NFKC", title or ""))


def ngrams(text: str, n: int = 2) -> Counter:
    if len(text) < n:
        return Counter([text]) if text else Counter()
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def bigrams(text: str) -> Counter:
    return ngrams(text, 2)


def dice(a: Counter, b: Counter) -> float:
    """Dice coefficient of two bigram multisets: 1.0 for equal texts, 0.0 for nothing in common."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def containment(part: Counter, whole: Counter) -> float:
    """Share of ``part``'s bigrams found in ``whole``."""
    size = sum(part.values())
    return sum((part & whole).values()) / size if size else 0.0


def similarity(a: str, b: str) -> float:
    """Similarity of two raw texts after normalisation (used for clauses as well as articles)."""
    return dice(bigrams(normalise(a)), bigrams(normalise(b)))


@dataclass(eq=False)
class ArticleText:
    """One article as compared: its node, label, body and normalised forms."""

    node: Node
    body: str  # the article's text without its heading
    text: str  # the article's whole text, heading included (what a reader sees; word diffs use it)

    @classmethod
    def of(cls, node: Node, text: str) -> ArticleText:
        start = node.heading_end if node.heading_end is not None else node.start
        body = text[start : node.end]
        if node.heading_end is None and node.kind == "article":
            body = _HEADING.sub("", body, count=1)
        return cls(node=node, body=body, text=text[node.start : node.end])

    @property
    def label(self) -> str | None:
        return self.node.label

    @cached_property
    def norm(self) -> str:
        return normalise(self.body)

    @cached_property
    def title(self) -> str:
        return normalise_title(self.node.title)

    @cached_property
    def grams(self) -> Counter:
        return bigrams(self.norm)

    @cached_property
    def trigrams(self) -> Counter:
        return ngrams(self.norm, 3)

    @cached_property
    def key(self) -> str:
        return hashlib.sha1(f"{self.title}\0{self.norm}".encode()).hexdigest()


@dataclass(eq=False)
class ArticlePair:
    """One row of the alignment. ``old``/``new`` are None for added/removed articles.

    ``piece`` marks a split or merge piece: the row pairs an article with one that is already paired
    elsewhere (see the module docstring).
    """

    old: ArticleText | None
    new: ArticleText | None
    status: str  # unchanged | renumbered | modified | added | removed
    similarity: float
    piece: bool = False

    @property
    def edited(self) -> bool:
        """Whether the paired texts differ beyond cross-references (a renumbered article may be edited too)."""
        return self.old is not None and self.new is not None and self.old.key != self.new.key

    def to_dict(self) -> dict:
        return {
            "old": self.old.label if self.old else None,
            "new": self.new.label if self.new else None,
            "status": self.status,
            "similarity": round(self.similarity, 2),
            "edited": self.edited,
        }


def article_texts(document: Document) -> list[ArticleText]:
    return [ArticleText.of(node, document.text) for node in document.articles()]


def _status(old: ArticleText, new: ArticleText) -> str:
    """The status says what happened to the article's number; ``ArticlePair.edited`` says whether its text
    changed too, so an article that moved and was reworded is ``renumbered`` with ``edited`` true."""
    if old.label != new.label:
        return "renumbered"
    return "unchanged" if old.key == new.key else "modified"


def _anchor_window(anchors: dict[int, int], n_old: int, n_new: int) -> list[tuple[int, int]]:
    """For each old index, the open interval of new indices that keeps the anchors' order."""
    windows, lo = [], -1
    for i in range(n_old):
        if i in anchors:
            lo = anchors[i]
        windows.append(lo)
    out, hi = [None] * n_old, n_new
    for i in range(n_old - 1, -1, -1):
        if i in anchors:
            hi = anchors[i]
        out[i] = (windows[i], hi)
    return out


def align(old_doc: Document, new_doc: Document) -> list[ArticlePair]:
    """Pair the articles of two versions; rows come in the new version's order, removed ones where they stood."""
    old, new = article_texts(old_doc), article_texts(new_doc)
    pairs: dict[int, int] = {}  # old index → new index

    # 1. Identical texts in order.
    matcher = difflib.SequenceMatcher(None, [a.key for a in old], [a.key for a in new], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k

    # 2. Identical texts that moved.
    free_new: dict[str, list[int]] = {}
    for j, art in enumerate(new):
        if j not in pairs.values():
            free_new.setdefault(art.key, []).append(j)
    for i, art in enumerate(old):
        if i not in pairs and free_new.get(art.key):
            pairs[i] = free_new[art.key].pop(0)

    # 3. Similar texts: greedy best-first over all remaining pairs.
    taken_new = set(pairs.values())
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in taken_new]
    windows = _anchor_window(pairs, len(old), len(new))
    candidates = []
    for i in rest_old:
        size_i = sum(old[i].grams.values())
        for j in rest_new:
            size_j = sum(new[j].grams.values())
            bonus = 0.0
            if old[i].title and old[i].title == new[j].title:
                bonus += TITLE_BONUS
            lo, hi = windows[i]
            if lo < j < hi:
                bonus += ORDER_BONUS
            # Dice cannot exceed 2·min/(sum): skip pairs that cannot reach the threshold.
            if size_i + size_j and 2 * min(size_i, size_j) / (size_i + size_j) + bonus < PAIR_MIN:
                continue
            sim = dice(old[i].grams, new[j].grams)
            score = sim + bonus
            if score >= PAIR_MIN:
                # Ties go to the pair closest in relative position, so equal articles align in order.
                drift = abs(i / max(len(old), 1) - j / max(len(new), 1))
                candidates.append((-score, drift, i, j, sim))
    candidates.sort()
    similarity_of: dict[int, float] = {}
    for _, _, i, j, sim in candidates:
        if i in pairs or j in taken_new:
            continue
        pairs[i] = j
        taken_new.add(j)
        similarity_of[i] = sim

    rows_by_new: dict[int, list[ArticlePair]] = {}
    removed_after: dict[int, list[ArticlePair]] = {}
    for i, j in pairs.items():
        sim = similarity_of.get(i)
        if sim is None:
            sim = 1.0 if old[i].key == new[j].key else dice(old[i].grams, new[j].grams)
        rows_by_new.setdefault(j, []).append(ArticlePair(old[i], new[j], _status(old[i], new[j]), sim))

    # Split pieces (an unpaired new article drawn from a paired old one) and merge pieces (the reverse).
    paired_old = {i: j for i, j in pairs.items()}
    paired_new = {j: i for i, j in pairs.items()}
    for j in range(len(new)):
        if j in paired_new:
            continue
        piece = _best_container(new[j], [(old[i], new[pairs[i]], i) for i in paired_old])
        if piece is not None:
            i = piece
            rows_by_new.setdefault(j, []).append(
                ArticlePair(old[i], new[j], "modified", dice(old[i].grams, new[j].grams), piece=True)
            )
        else:
            rows_by_new.setdefault(j, []).append(ArticlePair(None, new[j], "added", 0.0))
    for i in range(len(old)):
        if i in paired_old:
            continue
        piece = _best_container(old[i], [(new[j], old[paired_new[j]], j) for j in paired_new])
        anchor = _insertion_point(i, paired_old, len(new))
        if piece is not None:
            j = piece
            rows_by_new.setdefault(j, []).append(
                ArticlePair(old[i], new[j], "modified", dice(old[i].grams, new[j].grams), piece=True)
            )
        else:
            removed_after.setdefault(anchor, []).append(ArticlePair(old[i], None, "removed", 0.0))

    rows: list[ArticlePair] = list(removed_after.get(-1, []))
    for j in range(len(new)):
        rows.extend(rows_by_new.get(j, []))
        rows.extend(removed_after.get(j, []))
    return rows


def _best_container(part: ArticleText, candidates: list[tuple[ArticleText, ArticleText, int]]) -> int | None:
    """The index of the paired article that ``part`` was split from (or merged into), if any.

    ``candidates`` are (article on the other side, its partner on part's side, its index). The part must
    be mostly contained in the article and mostly absent from its partner: the text moved, not repeated.
    """
    if sum(part.trigrams.values()) < MIN_PIECE:
        return None
    best, best_share = None, 0.0
    for whole, partner, idx in candidates:
        share = containment(part.trigrams, whole.trigrams)
        if share >= CONTAINED and share > best_share and containment(part.trigrams, partner.trigrams) <= LEFT_BEHIND:
            best, best_share = idx, share
    return best


def _insertion_point(i: int, paired_old: dict[int, int], n_new: int) -> int:
    """The new index after which a removed old article is listed: after its nearest paired predecessor."""
    for k in range(i - 1, -1, -1):
        if k in paired_old:
            return paired_old[k]
    return -1
