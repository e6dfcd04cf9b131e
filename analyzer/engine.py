"""The rule engine: Document + RuleSet → Findings.

Per article, the work is a pure function of (article text, its units, the rule set) —
``find_in_article`` — with offsets relative to the article, so it can be cached by content. Each
sentence is tokenised (cheap) and matched lexically; only sentences where a rule that reads the parse
has a candidate are parsed (``thorough=True`` parses them all). A sentence's decision depends only on
its own tokens and parse, so both modes give identical findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from analyzer import nlp
from analyzer.cache import ArticleCache, cache_key
from analyzer.model import SEVERITY_RANK, Document, Finding, Node
from analyzer.rulepack import TERMS_ATTR, Condition, Rule, RuleSet

# Head nouns that make a noun phrase an organisation or person data can be handed to.
RECIPIENT_HEADS = {
    "機構", "基金", "大臣", "事業者", "先", "機関", "会社", "法人", "団体", "庁", "省", "国", "自治体", "組合",
    "協会", "中央会", "業者", "企業", "社", "病院", "薬局", "保険者", "当局", "政府", "第三者", "提携先", "委託先",
    "事業所", "広告主", "パートナー", "グループ", "市町村", "市区町村", "都道府県", "警察", "裁判所", "者",
}
# The user's side, and words that follow に without being a recipient.
NOT_RECIPIENTS = frozenset({
    "利用者", "本人", "ユーザー", "ユーザ", "会員", "お客様", "顧客", "契約者", "申込者", "登録者", "当社", "当庁",
    "弊社", "規約", "本規約", "法令", "法律", "場合", "目的", "範囲", "必要", "前項", "次項", "同項", "各号", "条",
    "項", "号", "とき", "際", "上", "下", "等", "時", "事項", "内容", "方法", "ため", "旨", "次", "以下", "下記", "前号",
    "左記", "当該",
})
DATA_HEADS = {"情報", "履歴", "番号", "コード", "データ", "状況", "記録", "氏名", "住所", "識別子", "アドレス", "ID", "id",
              "生年月日", "記号", "内容", "結果", "所得", "口座"}
LIST_MARKERS = ("次に掲げる", "次の各号", "以下の", "下記の", "次の")


@dataclass
class Unit:
    """A paragraph's own text or one item: the span sentences are cut from (article-relative)."""

    start: int
    end: int
    kind: str  # body | paragraph | item
    group: int  # the paragraph it belongs to
    items: list[int] = field(default_factory=list)  # for a paragraph: its item units


@dataclass
class Sentence:
    start: int
    end: int
    unit: int
    doc: object
    matches: Matches
    proviso: bool  # begins with ただし／但し
    inert: bool = False  # a definition or a listed condition: no clause of its own (see _inert)


# A definition (「X」とは、…をいう) and an item that only states a condition or a prohibited act
# (「…した場合」「…する行為」) grant or take away nothing by themselves: the sentence that lists them does.
_DEFINITION_END = ("いう", "言う", "指す", "意味")
_CONDITION_END = ("場合", "とき", "時", "行為", "際")


def _inert(doc, is_item: bool) -> bool:
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    if not words:
        return True
    lemmas = [t.lemma_ for t in words]
    if "とは" in lemmas or any(a == "と" and b == "は" for a, b in zip(lemmas, lemmas[1:])):
        if any(lem in _DEFINITION_END for lem in lemmas[-4:]):
            return True
    # a definition item without とは: 「登録患者　…の共有に同意し、…登録された患者をいう」
    if is_item and lemmas[-2:] == ["を", "いう"]:
        return True
    return is_item and lemmas[-1] in _CONDITION_END


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


# ------------------------------------------------------------------------------------------ matchers


def _requirements(pattern: list[dict]) -> list[frozenset[str]]:
    """For each token the pattern cannot skip, the values one of which it must have (when the pattern says).

    A sentence can match the pattern only if it contains one value of every set, so a pattern whose sets
    are not all met is never run: the matches are exactly those of running every pattern on every sentence.
    """
    out = []
    for tok in pattern:
        op = str(tok.get("OP", ""))
        if op in ("?", "*", "!") or op.startswith("{0") or op.startswith("{,"):
            continue
        values = _token_values(tok)
        if values is not None:
            out.append(values)
    return out


def _token_values(tok: dict) -> frozenset[str] | None:
    for attr, prefix in (("LEMMA", "L"), ("NORM", "N"), ("ORTH", "O"), ("TEXT", "O")):
        value = tok.get(attr)
        if isinstance(value, str):
            return frozenset({f"{prefix}:{value}"})
        if isinstance(value, dict) and "IN" in value:
            return frozenset(f"{prefix}:{v}" for v in value["IN"])
    ext = tok.get("_", {}).get(TERMS_ATTR) if isinstance(tok.get("_"), dict) else None
    if isinstance(ext, dict) and "INTERSECTS" in ext:
        return frozenset(f"T:{v}" for v in ext["INTERSECTS"])
    return None


def _features(doc) -> set[str]:
    """What a sentence contains, in the terms of ``_requirements``."""
    out: set[str] = set()
    for tok in doc:
        out.update((f"L:{tok.lemma_}", f"N:{tok.norm_}", f"O:{tok.text}"))
        out.update(f"T:{name}" for name in tok._.get(TERMS_ATTR) or ())
    return out


class _KeyMatcher:
    """The token and phrase patterns of one key (a rule's anchor or one of its conditions).

    One spaCy Matcher per pattern, each run only on sentences that hold the words it needs: spaCy's
    set predicates (IN, NOT_IN) are evaluated in Python, token by token, so not running a pattern that
    cannot match is most of the engine's speed.
    """

    def __init__(self, parts: list[tuple[object, list[frozenset[str]]]], phrases, phrase_trigger: frozenset[str]):
        self.parts, self.phrases, self.phrase_trigger = parts, phrases, phrase_trigger

    def __call__(self, doc, features: set[str]) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for matcher, needs in self.parts:
            if all(values & features for values in needs):
                found.update((s, e) for _, s, e in matcher(doc))
        if self.phrases is not None and self.phrase_trigger & features:
            found.update((s, e) for _, s, e in self.phrases(doc))
        return sorted(found)


class Matches:
    """A sentence's matches by key, computed on first use: most keys are never asked for most sentences."""

    def __init__(self, doc, keys: dict[str, _KeyMatcher]):
        self.doc, self.keys = doc, keys
        self.features = _features(doc)
        self._done: dict[str, list[tuple[int, int]]] = {}

    def get(self, key: str, default=None):
        if key not in self._done:
            matcher = self.keys.get(key)
            self._done[key] = matcher(self.doc, self.features) if matcher else []
        return self._done[key] or default

    def __contains__(self, key: str) -> bool:
        return bool(self.get(key))


class Compiled:
    """spaCy matchers for one rule set (built once per RuleSet, on the shared vocab).

    One Matcher per key rather than one for all: a sentence runs only the keys that its own words can
    trigger, and only when a rule asks (``Matches``).
    """

    def __init__(self, ruleset: RuleSet):
        from spacy.matcher import DependencyMatcher, PhraseMatcher

        vocab = nlp.vocab()
        self.terms = PhraseMatcher(vocab, attr="LEMMA")
        for name, words in ruleset.terms.items():
            self.terms.add(name, [nlp.tokenize(w) for w in words])
        self.keys: dict[str, _KeyMatcher] = {}
        self.dependency = DependencyMatcher(vocab, validate=True)
        for rule in ruleset.rules:
            self._add(vocab, rule.id + "|a", rule.patterns, rule.phrases, rule)
            for prefix, conditions in (("r", rule.requires), ("u", rule.unless), ("j", rule.adjust), ("p", rule.applies_if)):
                for i, cond in enumerate(conditions):
                    self._add_condition(vocab, f"{rule.id}|{prefix}{i}", cond, rule)
            if rule.dependency:
                try:
                    self.dependency.add(rule.id, rule.dependency)
                except (ValueError, KeyError) as err:
                    from analyzer.errors import RulePackError

                    raise RulePackError(rule.path, f"bad dependency pattern: {err}") from None

    def _add_condition(self, vocab, key: str, cond: Condition, rule: Rule) -> None:
        """A condition's own patterns under ``key``; its ``with`` / ``without`` parts under key+w<k> / key+n<k>."""
        self._add(vocab, key, cond.patterns, cond.phrases, rule)
        for k, sub in enumerate(cond.also):
            self._add_condition(vocab, f"{key}w{k}", sub, rule)
        for k, sub in enumerate(cond.but_not):
            self._add_condition(vocab, f"{key}n{k}", sub, rule)

    def _add(self, vocab, key: str, patterns: list, phrases: list, rule: Rule) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        if not patterns and not phrases:
            return
        parts = []
        for pattern in patterns:
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(key, [pattern])
            except (ValueError, KeyError) as err:
                from analyzer.errors import RulePackError

                first = str(err).strip().splitlines()
                raise RulePackError(rule.path, f"bad token pattern: {first[-1] if first else err}") from None
            parts.append((matcher, _requirements(pattern)))
        phrase_matcher, phrase_trigger = None, frozenset()
        if phrases:
            phrase_matcher = PhraseMatcher(vocab, attr="LEMMA")
            docs = [nlp.tokenize(p) for p in phrases]
            phrase_matcher.add(key, docs)
            phrase_trigger = frozenset(f"L:{d[0].lemma_}" for d in docs if len(d))
        self.keys[key] = _KeyMatcher(parts, phrase_matcher, phrase_trigger)

    def run(self, doc) -> Matches:
        strings = doc.vocab.strings
        for match_id, start, end in self.terms(doc):
            name = strings[match_id]
            for tok in doc[start:end]:
                tok._.set(TERMS_ATTR, (tok._.get(TERMS_ATTR) or []) + [name])
        return Matches(doc, self.keys)


def compiled(ruleset: RuleSet) -> Compiled:
    comp = getattr(ruleset, "_compiled", None)
    if comp is None:
        comp = Compiled(ruleset)
        ruleset._compiled = comp  # type: ignore[attr-defined]
    return comp


# ------------------------------------------------------------------------------------------- units


def article_units(document: Document, art: Node) -> list[Unit]:
    """The article's paragraphs (their own text, items cut out) and items, relative to the article."""
    body_start = max(art.heading_end or art.start, art.start)
    units: list[Unit] = []
    paragraphs = [c for c in art.children if c.kind == "paragraph"]
    if not paragraphs:
        return [Unit(body_start - art.start, art.end - art.start, "body", 0)]
    for group, para in enumerate(paragraphs):
        items = [c for c in para.children if c.kind == "item"]
        para_unit = Unit(0, 0, "paragraph", group)
        cursor = max(para.start, body_start)
        pieces = []
        for item in items:
            pieces.append((cursor, item.start))
            cursor = item.end
        pieces.append((cursor, para.end))
        first = True
        for s, e in pieces:
            if e > s:
                if first:
                    para_unit.start, para_unit.end = s - art.start, e - art.start
                    units.append(para_unit)
                    first = False
                else:
                    units.append(Unit(s - art.start, e - art.start, "paragraph", group))
        for item in items:
            para_unit.items.append(len(units))
            units.append(Unit(max(item.start, body_start) - art.start, item.end - art.start, "item", group))
    return units


def text_units(text: str) -> list[Unit]:
    """Units for a bare text (rule examples): each line a paragraph."""
    units, pos = [], 0
    for i, line in enumerate(text.splitlines(keepends=True)):
        units.append(Unit(pos, pos + len(line), "paragraph", i))
        pos += len(line)
    return units or [Unit(0, 0, "paragraph", 0)]


# ------------------------------------------------------------------------------------------ engine


def _sentences(text: str, units: list[Unit], comp: Compiled) -> list[Sentence]:
    out = []
    for ui, unit in enumerate(units):
        for s, e in nlp.split_sentences(text, unit.start, unit.end):
            doc = nlp.tokenize(text[s:e])
            proviso = len(doc) > 0 and doc[0].norm_ == "但し"
            inert = _inert(doc, unit.kind == "item")
            out.append(Sentence(s, e, ui, doc, comp.run(doc), proviso, inert))
    return out


def _scope(sentences: list[Sentence], i: int, scope: str) -> list[Sentence]:
    if scope == "sentence":
        return [sentences[i]]
    if scope == "clause":
        out = [sentences[i]]
        j = i + 1
        while j < len(sentences) and sentences[j].unit == sentences[i].unit and sentences[j].proviso:
            out.append(sentences[j])
            j += 1
        return out
    if scope == "unit":
        return [s for s in sentences if s.unit == sentences[i].unit]
    return sentences


def _holds(key: str, sentences: list[Sentence], i: int, cond: Condition) -> bool:
    """The condition matches within its scope of sentence ``i``, and so do its ``with`` parts, not its ``without``."""
    return any(key in s.matches for s in _scope(sentences, i, cond.scope)) and _parts_hold(key, sentences, i, cond)


def _parts_hold(key: str, sentences: list[Sentence], i: int, cond: Condition) -> bool:
    return all(_holds(f"{key}w{k}", sentences, i, sub) for k, sub in enumerate(cond.also)) and not any(
        _holds(f"{key}n{k}", sentences, i, sub) for k, sub in enumerate(cond.but_not)
    )


def _evaluate(rule: Rule, sentences: list[Sentence], i: int) -> tuple[list[tuple[int, int]], str, list[str]] | None:
    """Anchors, severity and reasons of ``rule`` on sentence ``i``; None when it does not hit."""
    sent = sentences[i]
    if sent.inert and rule.type != "absence":
        return None
    anchors = sent.matches.get(rule.id + "|a")
    if not anchors:
        return None
    for k, cond in enumerate(rule.unless):
        if cond.at_anchor and _parts_hold(f"{rule.id}|u{k}", sentences, i, cond):
            following = {s for s, _ in sent.matches.get(f"{rule.id}|u{k}", [])}
            anchors = [a for a in anchors if a[1] not in following]
    if not anchors:
        return None
    for k, cond in enumerate(rule.requires):
        if not _holds(f"{rule.id}|r{k}", sentences, i, cond):
            return None
    for k, cond in enumerate(rule.unless):
        if not cond.at_anchor and _holds(f"{rule.id}|u{k}", sentences, i, cond):
            return None
    severity, reasons = rule.severity, []
    for k, cond in enumerate(rule.adjust):
        if _holds(f"{rule.id}|j{k}", sentences, i, cond) and cond.severity:
            severity = cond.severity
            reasons.append(cond.why)
    return _merge_spans(anchors), severity, reasons


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def find_in_article(text: str, units: list[Unit], ruleset: RuleSet, *, thorough: bool = False) -> ArticleResult:
    """Every rule hit in one article (offsets relative to ``text``) and the absence rules it satisfies."""
    comp = compiled(ruleset)
    sentences = _sentences(text, units, comp)
    pending: list[tuple[Rule, int, tuple]] = []
    present: list[str] = []
    for rule in ruleset.rules:
        for i in range(len(sentences)):
            result = _evaluate(rule, sentences, i)
            if result is None:
                continue
            if rule.type == "absence":
                present.append(rule.id)
                break
            pending.append((rule, i, result))
    # The parser is the one expensive step: fast mode parses a sentence only when a dependency pattern
    # decides the hit or the recipient extraction would read the parse (a noun before に that no word
    # list settles). Either way a rule sees the same parse as in thorough mode, so findings are identical.
    if thorough:
        wanted = list(range(len(sentences)))
    else:
        wanted = sorted({i for rule, i, _ in pending if rule.dependency or (
            "recipients" in rule.extract and _recipients_need_parse(sentences[i].doc))})
    parses = dict(zip(wanted, nlp.parse(text[sentences[i].start:sentences[i].end] for i in wanted))) if wanted else {}
    hits = []
    for rule, i, (anchors, severity, reasons) in pending:
        sent = sentences[i]
        parsed = parses.get(i) if rule.needs_parse else None
        if rule.dependency:
            found = {parsed.vocab.strings[m] for m, _ in comp.dependency(parsed)}
            if rule.id not in found:
                continue
        doc = sent.doc
        words = [(sent.start + doc[s].idx, sent.start + doc[e - 1].idx + len(doc[e - 1])) for s, e in anchors]
        hit = Hit(rule.id, sent.start, sent.end, severity, words, reasons)
        if "data" in rule.extract:
            hit.data = extract_data(doc)
        if "recipients" in rule.extract:
            hit.recipients = extract_recipients(doc, parsed, anchors)
            listed = _listed_recipients(text, units, sentences, i, hit.recipients)
            item_hits = _item_hits(hit, listed, sentences, rule, i)
            if item_hits:
                # 「次に掲げる者に、当該各号に定める情報を提供する。一 保険者 被保険者番号…」: each item is a
                # disclosure of its own, as a reader lists them (第23条第1項第1号・第2号).
                hits.extend(item_hits)
                continue
            hit.recipients += [recipient for _, recipient, _ in listed]
        hits.append(hit)
    hits.sort(key=lambda h: (h.start, h.end, h.rule))
    applicable = sorted(
        rule.id for rule in ruleset.rules if rule.type == "absence" and rule.applies_if
        and any(_holds(f"{rule.id}|p{k}", sentences, i, cond)
                for k, cond in enumerate(rule.applies_if) for i in range(len(sentences)))
    )
    return ArticleResult(hits, sorted(set(present)), applicable)


# -------------------------------------------------------------------------------------- extraction


def _noun_like(tok) -> bool:
    tag = tok.tag_
    return (tag.startswith("名詞") or tag.startswith("接頭辞") or tag.startswith("接尾辞-名詞")) and not tok.is_space


def _compounds(doc) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(doc):
        if _noun_like(doc[i]):
            j = i
            while j < len(doc) and _noun_like(doc[j]):
                j += 1
            while i < j and doc[i].text in ("本", "当", "同", "各", "全", "当該", "上記", "前記", "御", "ご", "お"):
                i += 1
            while j > i + 1 and doc[j - 1].lemma_ in ("向け", "向き", "宛", "宛て"):  # 医療機関向け → 医療機関
                j -= 1
            if j > i:
                out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _has_term(doc, i: int, j: int, name: str) -> bool:
    return any(name in (t._.get(TERMS_ATTR) or []) for t in doc[i:j])


def _add_unique(out: list[str], value: str) -> None:
    value = value.strip("　 ・、")
    if value and value not in out:
        out.append(value)


def extract_data(doc) -> list[str]:
    """Kinds of data named in a sentence: data-noun terms and noun compounds ending in a data word."""
    out: list[str] = []
    compounds = _compounds(doc)
    for n, (i, j) in enumerate(compounds):
        last = doc[j - 1].lemma_
        if (_has_term(doc, i, j, "data-nouns") or last in DATA_HEADS) and not _is_recipient(doc, i, j):
            text = doc[i:j].text
            if doc[i:j][0].lemma_ in NOT_RECIPIENTS and doc[i:j][0].lemma_ not in _DATA_SUBJECTS:
                continue  # 「場合」「目的」…: not data; but 会員情報・利用者情報 are the user's data
            if text in _RELATIONAL_DATA:
                # 「利用者登録の有無」「投稿の内容」: the word alone says nothing; keep what it is of
                if not (n and doc[i - 1].lemma_ == "の" and compounds[n - 1][1] == i - 1):
                    continue
                text = doc[compounds[n - 1][0]:j].text
            elif text in ("情報", "データ", "記録", "番号"):
                continue
            _add_unique(out, text)
    return out


_RELATIONAL_DATA = frozenset(["有無", "状況", "内容", "結果", "可否", "状態"])
# Whose data it is: a compound that starts with the user (会員情報, 利用者情報) names a kind of data.
_DATA_SUBJECTS = frozenset(["利用者", "ユーザー", "ユーザ", "会員", "お客様", "顧客", "契約者", "申込者", "登録者", "患者"])


def _is_recipient(doc, i: int, j: int) -> bool:
    last = doc[j - 1].lemma_
    if last in NOT_RECIPIENTS or doc[i:j].text in NOT_RECIPIENTS or doc[i:j].text in ("者", "先"):
        return False
    return _has_term(doc, i, j, "recipient-nouns") or last in RECIPIENT_HEADS


def _attached_to(parsed, char_start: int, char_end: int, anchor_chars: list[tuple[int, int]]) -> bool:
    """Does the parse attach the noun ending at char_end (via its case marker) to an anchor verb?"""
    if parsed is None:
        return False
    span = parsed.char_span(char_start, char_end, alignment_mode="expand")
    if span is None:
        return False
    tok = span[-1]
    for hop in range(4):
        if any(s <= tok.idx < e for s, e in anchor_chars):
            return True
        # 「事業に協賛する企業に対し提供」: a path through another noun means the に belongs to a clause
        # that describes someone, not to the disclosing verb.
        if tok.head is tok or (hop and tok.pos_ in ("NOUN", "PROPN", "PRON")):
            return False
        tok = tok.head
    return any(s <= tok.idx < e for s, e in anchor_chars)


# 「X により」「X に必要な」「X に伴い」: X is a means, a purpose or a time, not who receives the data.
_NOT_A_RECIPIENT_AFTER_NI = frozenset(
    ["より", "よる", "基づく", "関する", "係る", "従う", "応じる", "応ずる", "際する", "当たる", "おく", "於く",
     "必要", "不可欠", "伴う", "関連", "先立つ", "向ける", "対応", "限る", "とどまる", "留まる",
     # 「外国にある」「サーバーに保存」: a place where data is kept, not a party that receives it
     "有る", "ある", "所在", "存在", "保存", "保管", "蓄積", "格納", "記録", "置く",
     # 「識別できない形式に加工」「統計に集計」: what the data is turned into
     "加工", "変換", "変更", "置換", "集計", "分類", "整理", "区分",
     # 「本システムへの登録」: に／へ followed by の qualifies a noun, not the disclosing verb
     "の"]
)


def _names_an_act(tok) -> bool:
    """提供・運営・遂行・研究 (verbal nouns), ともに (adverbial) and kana-only words name no one."""
    tag = tok.tag_
    return "サ変可能" in tag or "副詞可能" in tag or "形状詞可能" in tag or all("\u3040" <= c <= "\u309f" for c in tok.text)


# 「国外の事業者」「米国の親会社」「勤務先の企業」: a qualifier that says which party is meant.
_QUALIFIERS = frozenset(["国外", "外国", "海外", "国内", "外部", "日本", "米国", "欧州", "勤務先", "提携先", "グループ"])


def _qualified(doc, compounds: list[tuple[int, int]], n: int) -> str:
    """The recipient compound ``n`` with a 「X の」 qualifier in front when X names a place or a party."""
    i, j = compounds[n]
    if n and i >= 2 and doc[i - 1].lemma_ == "の" and compounds[n - 1][1] == i - 1:
        k, m = compounds[n - 1]
        if m - k <= 2 and (doc[m - 1].lemma_ in _QUALIFIERS or doc[m - 1].pos_ == "PROPN"):
            return doc[k:j].text
    return doc[i:j].text


def extract_recipients(doc, parsed, anchors: list[tuple[int, int]]) -> list[str]:
    """Who receives the data: the noun phrase before に／へ／に対し, and 「開示先を X として」."""
    out: list[str] = []
    # What a recipient must attach to is the verb the anchor governs (the root of its span in the parse),
    # not every word a wide anchor covers (「企業に対し…提供する」 spans 協賛, which 事業に depends on).
    anchor_chars = []
    for s, e in anchors:
        root = parsed[s:e].root if parsed is not None and e <= len(parsed) else None
        anchor_chars.append((root.idx, root.idx + len(root)) if root is not None
                            else (doc[s].idx, doc[e - 1].idx + len(doc[e - 1])))
    compounds = _compounds(doc)
    for n, (i, j) in enumerate(compounds):
        after = doc[j].lemma_ if j < len(doc) else ""
        # 開示先を X として / X を提供先とする
        if doc[j - 1].lemma_ == "先" and after == "を" and n + 1 < len(compounds) and compounds[n + 1][0] == j + 1:
            k, m = compounds[n + 1]
            if m < len(doc) and doc[m].lemma_ == "と":
                _add_unique(out, doc[k:m].text)
            continue
        if after == "を" and n + 1 < len(compounds) and compounds[n + 1][0] == j + 1:
            k, m = compounds[n + 1]
            if doc[m - 1].lemma_ == "先" and m < len(doc) and doc[m].lemma_ == "と" and _is_recipient(doc, i, j):
                _add_unique(out, _qualified(doc, compounds, n))
                continue
        # 「提携先と共有する」「親会社と共同して利用する」: the partner of a shared use receives the data too
        if after == "と" and j + 1 < len(doc) and doc[j + 1].lemma_ in ("共有", "共同", "連携") and _is_recipient(doc, i, j):
            _add_unique(out, _qualified(doc, compounds, n))
            continue
        if _indirect_object(doc, j):
            if _is_recipient(doc, i, j) or (_maybe_recipient(doc, i, j) and _addressed(doc, j)):
                _add_unique(out, _qualified(doc, compounds, n))
            elif _maybe_recipient(doc, i, j) \
                    and _attached_to(parsed, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), anchor_chars):
                _add_unique(out, _qualified(doc, compounds, n))
    return out


def _indirect_object(doc, j: int) -> bool:
    """Is the compound ending before token ``j`` marked as where something goes (X に / X へ)?"""
    after = doc[j].lemma_ if j < len(doc) else ""
    nxt = doc[j + 1].lemma_ if j + 1 < len(doc) else ""
    return after in ("に", "へ") and not (nxt == "の" or (after == "に" and nxt in _NOT_A_RECIPIENT_AFTER_NI))


def _maybe_recipient(doc, i: int, j: int) -> bool:
    """A noun before に that no word list settles: a recipient only if the parse ties it to the verb."""
    return doc[j - 1].lemma_ not in NOT_RECIPIENTS and doc[i:j].text not in NOT_RECIPIENTS | {"者", "先"} \
        and doc[j - 1].pos_ in ("NOUN", "PROPN") and not _names_an_act(doc[j - 1]) \
        and not _has_term(doc, i, j, "data-nouns")


def _addressed(doc, j: int) -> bool:
    """「X に対し（て）」: X is who the act is addressed to, whatever the parser makes of a long sentence."""
    # 対し／対して only: 「X に対する虐待」 qualifies a noun and names no recipient
    return j + 1 < len(doc) and doc[j].lemma_ == "に" and doc[j + 1].text.startswith("対し")


def _recipients_need_parse(doc) -> bool:
    """Would ``extract_recipients`` read the parse of this sentence?"""
    return any(_indirect_object(doc, j) and not _is_recipient(doc, i, j) and _maybe_recipient(doc, i, j)
               and not _addressed(doc, j) for i, j in _compounds(doc))


def _item_severity(rule: Rule, sentences: list[Sentence], lead: int, item: list[int]) -> tuple[str, list[str]]:
    """Severity of one listed item: the rule's adjustments read the lead and the item together, as one clause
    (「医薬品メーカー　匿名加工した統計情報」 is lowered by its own words, not by the lead's)."""
    severity, reasons = rule.severity, []
    for k, cond in enumerate(rule.adjust):
        key = f"{rule.id}|j{k}"
        if cond.severity and any(_holds(key, sentences, n, cond) for n in [lead, *item]):
            severity = cond.severity
            reasons.append(cond.why)
    return severity, reasons


def _item_hits(hit: Hit, listed: list[tuple[int, str, tuple[int, int]]], sentences: list[Sentence],
               rule: Rule, lead_index: int) -> list[Hit]:
    """One hit per listed item when every item pairs a recipient with data of its own; else none (a plain
    list of recipients stays one disclosure: 「次に掲げる者と共同して利用する。一 親会社 二 子会社」)."""
    out = []
    # 「次に掲げる目的のため、それぞれ次に定める者に提供する」: the lead pairs each item with its own purpose and
    # recipient, so each item is a disclosure of its own even when the data are named only in the lead.
    lead = next((s.doc.text for s in sentences if s.start == hit.start), "")
    each = "それぞれ" in lead and bool(hit.data)
    for ui, recipient, words in listed:
        item_sents = [s for s in sentences if s.unit == ui]
        own = [value for s in item_sents for value in extract_data(s.doc)]
        if not own and not each:
            return []
        severity, reasons = _item_severity(rule, sentences, lead_index, [n for n, s in enumerate(sentences) if s.unit == ui])
        item = Hit(hit.rule, item_sents[0].start, item_sents[-1].end, severity, [words], reasons)
        item.recipients = [recipient]
        item.data = list(hit.data)
        for value in own:
            _add_unique(item.data, value)
        out.append(item)
    return out


def _listed_recipients(text: str, units: list[Unit], sentences: list[Sentence], i: int,
                       known: list[str]) -> list[tuple[int, str, tuple[int, int]]]:
    """「次に掲げる者に提供」: the items of the paragraph are the recipients.

    Returns (item unit, recipient, its span in the article) for each item that names one.
    """
    sent = sentences[i]
    sentence_text = text[sent.start:sent.end]
    if not any(m in sentence_text for m in LIST_MARKERS) or not any(w in sentence_text for w in ("者", "先", "機関", "事業者")):
        return []
    unit = units[sent.unit]
    out: list[tuple[int, str, tuple[int, int]]] = []
    for ui in unit.items:
        item_sents = [s for s in sentences if s.unit == ui]
        if not item_sents:
            continue
        first = item_sents[0]
        doc = first.doc
        for a, b in _compounds(doc):
            if _is_recipient(doc, a, b):
                value = doc[a:b].text.strip("　 ・、")
                if value and value not in known:
                    span = (first.start + doc[a].idx, first.start + doc[b - 1].idx + len(doc[b - 1]))
                    out.append((ui, value, span))
                break
    return out


# ------------------------------------------------------------------------------------------ document


def is_terms_document(document: Document) -> bool:
    """Enough structure and text to expect the usual protections (guards the absence rules)."""
    articles = [a for a in document.articles() if a.kind == "article"]
    return len(articles) >= 3 and len(document.text.strip()) >= 300


def _stronger(a: Finding, b: Finding) -> bool:
    return (SEVERITY_RANK[a.severity], -a.start, a.rule) > (SEVERITY_RANK[b.severity], -b.start, b.rule)


def _finding(rule: Rule, hit: Hit, shift: int, document: Document) -> Finding:
    start, end = hit.start + shift, hit.end + shift
    place = document.locate(start)
    return Finding(
        rule=rule.id, category=rule.category, severity=hit.severity,
        article=place.article, paragraph=place.paragraph, item=place.item,
        start=start, end=end, text=document.text[start:end], explanation=rule.explanation,
        refs=list(rule.refs), recipients=list(hit.recipients), data=list(hit.data),
        words=[(s + shift, e + shift) for s, e in hit.words], title=rule.title, reasons=list(hit.reasons),
    )


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (category, article, paragraph, item): the strongest, recipients and data merged.

    Findings without a place (missing provisions) are kept one per rule: each names a different protection.
    """
    best: dict[tuple, Finding] = {}
    extra: dict[tuple, tuple[list[str], list[str]]] = {}
    for f in findings:
        key = (f.category, f.article, f.paragraph, f.item, f.rule if f.article is None else "")
        recipients, data = extra.setdefault(key, ([], []))
        for r in f.recipients:
            if r not in recipients:
                recipients.append(r)
        for d in f.data:
            if d not in data:
                data.append(d)
        if key not in best or _stronger(f, best[key]):
            best[key] = f
    out = []
    for key, f in best.items():
        f.recipients, f.data = extra[key]
        out.append(f)
    return sorted(out, key=Finding.sort_key)


def find(document: Document, ruleset: RuleSet, *, thorough: bool = False, cache: bool = True) -> list[Finding]:
    """Every risky clause of ``document`` under ``ruleset``, sorted, one per place and category."""
    findings: list[Finding] = []
    present: set[str] = set()
    applicable: set[str] = set()
    store = ArticleCache(enabled=cache)
    for art in document.articles():
        text = document.text[art.start:art.end]
        units = article_units(document, art)
        # The result is a pure function of the article's text, its units and the rule packs.
        key = cache_key(f"{text}\0{[(u.start, u.end, u.kind, u.group, u.items) for u in units]}", ruleset.version)
        cached = store.get(key)
        if cached is None:
            result = find_in_article(text, units, ruleset, thorough=thorough)
            store.put(key, result.to_dict())
        else:
            result = ArticleResult.from_dict(cached)
        present.update(result.present)
        applicable.update(result.applicable)
        for hit in result.hits:
            findings.append(_finding(ruleset.by_id(hit.rule), hit, art.start, document))
    if is_terms_document(document):
        for rule in ruleset.rules:
            if rule.type == "absence" and rule.id not in present and (not rule.applies_if or rule.id in applicable):
                findings.append(absence_finding(rule))
    return dedupe(findings)


def provision_passage(document: Document, ruleset: RuleSet, rule_id: str) -> tuple[int, int] | None:
    """The first sentence that satisfies the absence rule ``rule_id`` (document offsets), or None.

    The diff shows it: a missing provision is new only when the passage that provided it is gone."""
    rule = ruleset.by_id(rule_id)
    comp = compiled(ruleset)
    for art in document.articles():
        text = document.text[art.start:art.end]
        sentences = _sentences(text, article_units(document, art), comp)
        for i, sent in enumerate(sentences):
            if _evaluate(rule, sentences, i) is not None:
                return art.start + sent.start, art.start + sent.end
    return None


def absence_finding(rule: Rule) -> Finding:
    return Finding(rule=rule.id, category=rule.category, severity=rule.severity, article=None, paragraph=None,
                   item=None, start=0, end=0, text="", explanation=rule.explanation, refs=list(rule.refs),
                   title=rule.title)


def find_in_text(text: str, ruleset: RuleSet, *, thorough: bool = False) -> ArticleResult:
    """Rule hits in a bare text (no document structure): each line a paragraph. Used by rule examples."""
    return find_in_article(text, text_units(text), ruleset, thorough=thorough)
