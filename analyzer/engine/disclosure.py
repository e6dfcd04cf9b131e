"""Who receives the data and which kinds of data a disclosure names, and the listed recipients of 「次に掲げる者」."""
from __future__ import annotations

from kiyaku.analyzer.engine.hits import Hit
from kiyaku.analyzer.engine.rulepack import Rule, vocabulary
from kiyaku.analyzer.nlp import TERMS_ATTR
from kiyaku.analyzer.engine.sentences import Sentences, Unit, holds


def _noun_like(tok) -> bool:
    tag = tok.tag_
    return (tag.startswith("名詞") or tag.startswith("接頭辞") or tag.startswith("接尾辞-名詞")) and not tok.is_space


def _enumerator(tok) -> bool:
    """An item mark fused to the next word by the tokenizer: 「③個人情報」 is 個人情報."""
    return bool(tok.text) and all("\u2460" <= c <= "\u24ff" or "\u2776" <= c <= "\u2793" or "\u3251" <= c <= "\u32bf" for c in tok.text)


def _self_reference(doc, i: int) -> bool:
    """The operator naming itself with a prefix (当協会, 本法人, 弊社): the compound after the prefix is no recipient."""
    return i > 0 and doc[i - 1].text in vocabulary("self-prefixes") and doc[i - 1].tag_.startswith("接頭辞")


def _compounds(doc) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(doc):
        if _noun_like(doc[i]):
            j = i
            # 「auコマース＆ライフ株式会社」: an ampersand between nouns joins one name
            while j < len(doc) and (_noun_like(doc[j]) or (
                    doc[j].text in ("&", "＆") and j + 1 < len(doc) and _noun_like(doc[j + 1]) and j > i)):
                j += 1
            while i < j and (doc[i].text in vocabulary("compound-prefixes") or _enumerator(doc[i])):
                i += 1
            # a word cannot begin with a suffix or a part-of word: 「これら情報」→ 情報, 「うち住民票コード」→ 住民票コード,
            # 「その他決済情報」→ 決済情報
            while j > i + 1 and (doc[i].tag_.startswith("接尾辞") or doc[i].lemma_ in vocabulary("part-of")):
                i += 1
            while j > i + 1 and doc[j - 1].lemma_ in vocabulary("compound-suffixes"):  # 医療機関向け → 医療機関
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
        # the head names the data (「データ保護規制」「記録作成義務」 are not data); 「個人情報等」 by its head
        head = j - 2 if j - i > 1 and doc[j - 1].lemma_ == "等" else j - 1
        last = doc[head].lemma_
        if (_has_term(doc, head, head + 1, "data-nouns") or last in vocabulary("data-heads")) and not _is_recipient(doc, i, j):
            text = doc[i:j].text
            if doc[i:j][0].lemma_ in vocabulary("not-recipients") and doc[i:j][0].lemma_ not in vocabulary("data-subjects"):
                continue  # 「場合」「目的」…: not data; but 会員情報・利用者情報 are the user's data
            if text in vocabulary("relational-data"):
                # 「利用者登録の有無」「投稿の内容」: the word alone says nothing; keep what it is of
                if not (n and doc[i - 1].lemma_ == "の" and compounds[n - 1][1] == i - 1):
                    continue
                text = doc[compounds[n - 1][0]:j].text
            elif text in vocabulary("bare-data-words"):
                # 「お客様の情報」: the bare word, said to be the user's
                if not (n and doc[i - 1].lemma_ == "の" and compounds[n - 1][1] == i - 1
                        and doc[compounds[n - 1][0]:i - 1].text in vocabulary("data-subjects")):
                    continue
                text = doc[compounds[n - 1][0]:j].text
            _add_unique(out, text)
    return out


def _is_recipient(doc, i: int, j: int) -> bool:
    if j - i > 1 and doc[j - 1].lemma_ == "等":  # 「クレジットカード会社等」 is judged by its head
        j -= 1
    last = doc[j - 1].lemma_
    if last in vocabulary("not-recipients") or doc[i:j].text in vocabulary("not-recipients") or doc[i:j].text in vocabulary("bare-recipient-words"):
        return False
    return _has_term(doc, i, j, "recipient-nouns") or last in vocabulary("recipient-heads")


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


def _names_an_act(tok) -> bool:
    """提供・運営・遂行・研究 (verbal nouns), ともに (adverbial) and kana-only words name no one."""
    tag = tok.tag_
    return "サ変可能" in tag or "副詞可能" in tag or "形状詞可能" in tag or all("\u3040" <= c <= "\u309f" for c in tok.text)


def _qualified(doc, compounds: list[tuple[int, int]], n: int) -> str:
    """The recipient compound ``n`` with a 「X の」 qualifier in front when X names a place or a party, or when
    the recipient is only a generic word (「分析ツールの提供者」「提携先の企業」「当社以外の交通機関」)."""
    i, j = compounds[n]
    if n and i >= 2 and doc[i - 1].lemma_ == "の" and compounds[n - 1][1] == i - 1:
        k, m = compounds[n - 1]
        generic = doc[i:j].text in vocabulary("generic-heads") and doc[m - 1].lemma_ not in vocabulary("not-recipients")
        if m - k <= 2 and (doc[m - 1].lemma_ in vocabulary("qualifiers") or doc[m - 1].pos_ == "PROPN" or generic):
            return doc[k:j].text
    return doc[i:j].text


def _coordinated(doc, compounds: list[tuple[int, int]], n: int) -> list[int]:
    """The compounds listed together with recipient ``n``: 「金融機関、カード会社、回収代行業者その他の…事業者に」
    「委託業者または提携先の企業もしくは個人に対し」."""
    out = []
    k = n
    start = compounds[n][0]
    # 「X、Yその他の（…を行う）事業者」: the list ends before その他, a few words back
    back = [t.lemma_ for t in doc[max(0, start - 12):start]]
    if "他" in back:
        at = max(0, start - 12) + len(back) - 1 - back[::-1].index("他")
        between = {t.lemma_ for t in doc[at:start]}
        if at > 0 and doc[at - 1].text == "その" and not between & {"に", "へ", "。", "、"}:
            k = next((m for m in range(n) if compounds[m][1] == at - 1), n)
            if k != n:
                out.append(k)
    while k > 0:
        first = k  # the list goes on before a qualifier: 「委託業者または提携先の企業」
        if doc[compounds[k][0] - 1].lemma_ == "の" and compounds[k - 1][1] == compounds[k][0] - 1 and k > 1:
            first = k - 1
        prev_i, prev_j = compounds[first - 1]
        gap = [t.lemma_ for t in doc[prev_j:compounds[first][0]]]
        if not gap or not all(g in vocabulary("separators") or g == "は" for g in gap) or not set(gap) - {"は"}:
            break
        if _has_term(doc, prev_i, prev_j, "data-nouns") or doc[prev_j - 1].lemma_ in vocabulary("not-recipients") \
                or _names_an_act(doc[prev_j - 1]) or doc[prev_j - 1].pos_ not in ("NOUN", "PROPN"):
            break
        k = first - 1
        out.append(k)
    return out


def _skip_paren(doc, j: int) -> int:
    """The position after a parenthesis opening at ``j`` (「当社グループ（当社及びA社）と」), else ``j``."""
    if j < len(doc) and doc[j].text in ("（", "("):
        depth = 0
        for m in range(j, min(len(doc), j + 80)):
            depth += doc[m].text in ("（", "(")
            depth -= doc[m].text in ("）", ")")
            if depth == 0:
                return m + 1
    return j


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
    # only when the addressed party is asked to disclose (開示を請求), not when it is handed data itself (提供し)
    hands_over = any(t.lemma_ in ("提供", "送信") and t.i + 1 < len(doc) and doc[t.i + 1].norm_ == "為る" for t in doc)
    designated = _designated(doc, compounds) if any(t.lemma_ == "請求" for t in doc) and not hands_over else []
    for n, (i, j0) in enumerate(compounds):
        j = _skip_paren(doc, j0)
        after = doc[j].lemma_ if j < len(doc) else ""
        # 「機構に対し、内閣総理大臣を開示を受ける者として開示を請求」: the party addressed discloses; the one
        # designated receives
        if designated and _addressed(doc, j):
            continue
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
        if _self_reference(doc, i):
            continue
        # 「提携先と共有する」「親会社と共同して利用する」「委託先と会員の情報を共有する」「当社とグループ各社が共同利用
        # する」: the partner of a shared use receives the data too
        if _shared_use_partner(doc, j, after) and _is_recipient(doc, i, j0):
            for k in reversed(_coordinated(doc, compounds, n)):
                _add_unique(out, _qualified(doc, compounds, k))
            _add_unique(out, _qualified(doc, compounds, n))
            continue
        # 「第三者への開示（警察その他の官公庁への通報を含む）」: the recipient of a provision named as a noun
        if after in ("へ", "に") and j + 2 < len(doc) and doc[j + 1].lemma_ == "の" \
                and doc[j + 2].lemma_ in vocabulary("handing-nouns") and _is_recipient(doc, i, j0):
            for k in reversed(_coordinated(doc, compounds, n)):
                _add_unique(out, _qualified(doc, compounds, k))
            _add_unique(out, _qualified(doc, compounds, n))
            continue
        # 「裁判所や警察等の公的機関から照会を受けた場合」「司法機関から提出の要請があったとき」: the party whose
        # request the disclosure answers receives the data
        if after in ("から", "より") and _requested_by(doc, j) and _is_recipient(doc, i, j0):
            for k in reversed(_coordinated(doc, compounds, n)):
                _add_unique(out, _qualified(doc, compounds, k))
            _add_unique(out, _qualified(doc, compounds, n))
            continue
        # 「他のユーザーに公開」「他の利用者が閲覧」「他の会員の閲覧に供する」: other users see the data
        if doc[i:j0].text in vocabulary("data-subjects") and i >= 2 and doc[i - 1].lemma_ == "の" and doc[i - 2].lemma_ == "他" \
                and (after in ("に", "へ", "が") or (after == "の" and j + 1 < len(doc) and doc[j + 1].lemma_ == "閲覧")):
            _add_unique(out, doc[i - 2:j0].text)
            continue
        if _indirect_object(doc, j):
            found = False
            if _is_recipient(doc, i, j0) or (_maybe_recipient(doc, i, j0) and _addressed(doc, j)):
                found = True
            elif _maybe_recipient(doc, i, j0) \
                    and _attached_to(parsed, doc[i].idx, doc[j0 - 1].idx + len(doc[j0 - 1]), anchor_chars):
                found = True
            if found:
                for k in reversed(_coordinated(doc, compounds, n)):
                    _add_unique(out, _qualified(doc, compounds, k))
                _add_unique(out, _qualified(doc, compounds, n))
    for value in designated:
        _add_unique(out, value)
    return _excepted(doc, out)


def _excepted(doc, out: list[str]) -> list[str]:
    """「関連会社以外の会社とは共有しません」「協力企業以外には提供しない」: in a promise not to provide, the party named
    before 以外 is the one that receives the data; the others are whom the promise protects."""
    if not any(t.lemma_ in ("ない", "ぬ", "ず") for t in doc):
        return out
    kept: list[str] = []
    for value in out:
        _add_unique(kept, value.split("以外")[0] or value)
    return kept


def _shared_use_partner(doc, j: int, after: str) -> bool:
    """X と (…の情報を) 共有／共同利用, or 当社と X が共同利用: X shares the use."""
    if after == "と":
        for t in doc[j + 1:j + 9]:
            if t.lemma_ in vocabulary("shared-use-words"):
                return True
            if t.lemma_ in ("に", "へ", "が", "は", "。", "、", "から", "より") or t.pos_ == "VERB":
                return False
        return False
    # 「当社とXが共同利用する」: X is the operator's partner named as a co-subject
    return after == "が" and j + 1 < len(doc) and doc[j + 1].lemma_ in vocabulary("shared-use-words") \
        and any(t.lemma_ == "と" for t in doc[max(0, j - 12):j])


def _requested_by(doc, j: int) -> bool:
    """X から（の）…照会／要請／求め／命令: X asks for the data (a few words on, before the sentence turns)."""
    for t in doc[j + 1:j + 12]:
        if t.lemma_ in vocabulary("request-words"):
            return True
        if t.text == "。" or t.lemma_ in vocabulary("request-breakers"):
            return False
    return False


def _designated(doc, compounds: list[tuple[int, int]]) -> list[str]:
    """Recipients the sentence designates rather than addresses: 「X を開示を受ける者として」「開示先を X として」."""
    out = []
    lemmas = [t.lemma_ for t in doc]
    for n, (i, j) in enumerate(compounds):
        # X を 開示（提供）を受ける者 として
        if any(lemmas[j:j + len(p)] == p for p in map(str.split, vocabulary("designating-phrases"))):
            out.append(doc[i:j].text)
        # 開示先（提供先）を X として
        elif doc[j - 1].lemma_ == "先" and j - i >= 2 and doc[j - 2].lemma_ in ("開示", "提供") and lemmas[j:j + 1] == ["を"] \
                and n + 1 < len(compounds) and compounds[n + 1][0] == j + 1:
            k, m = compounds[n + 1]
            if lemmas[m:m + 1] == ["と"]:
                out.append(doc[k:m].text)
    return out


def _indirect_object(doc, j: int) -> bool:
    """Is the compound ending before token ``j`` marked as where something goes (X に / X へ)?"""
    after = doc[j].lemma_ if j < len(doc) else ""
    nxt = doc[j + 1].lemma_ if j + 1 < len(doc) else ""
    return after in ("に", "へ") and not (nxt == "の" or (after == "に" and nxt in vocabulary("not-a-recipient-after-ni")))


def _maybe_recipient(doc, i: int, j: int) -> bool:
    """A noun before に that no word list settles: a recipient only if the parse ties it to the verb."""
    return doc[j - 1].lemma_ not in vocabulary("not-recipients") and doc[i:j].text not in vocabulary("not-recipients") | vocabulary("bare-recipient-words") \
        and doc[j - 1].pos_ in ("NOUN", "PROPN") and not _names_an_act(doc[j - 1]) \
        and not _has_term(doc, i, j, "data-nouns")


def _addressed(doc, j: int) -> bool:
    """「X に対し（て）」: X is who the act is addressed to, whatever the parser makes of a long sentence."""
    # 対し／対して only: 「X に対する虐待」 qualifies a noun and names no recipient
    return j + 1 < len(doc) and doc[j].lemma_ == "に" and doc[j + 1].text.startswith("対し")


def recipients_need_parse(doc) -> bool:
    """Would ``extract_recipients`` read the parse of this sentence?"""
    return any(_indirect_object(doc, j) and not _is_recipient(doc, i, j0) and _maybe_recipient(doc, i, j0)
               and not _addressed(doc, j) for i, j0 in _compounds(doc) for j in [_skip_paren(doc, j0)])


def _item_severity(rule: Rule, sentences: Sentences, lead: int, item: list[int]) -> tuple[str, list[str]]:
    """Severity of one listed item: the rule's adjustments read the lead and the item together, as one clause
    (「医薬品メーカー　匿名加工した統計情報」 is lowered by its own words, not by the lead's)."""
    severity, reasons = rule.severity, []
    for k, cond in enumerate(rule.adjust):
        key = f"{rule.id}|j{k}"
        if cond.severity and any(holds(key, sentences, n, cond) for n in [lead, *item]):
            severity = cond.severity
            reasons.append(cond.why)
    return severity, reasons


def item_hits(hit: Hit, listed: list[tuple[int, str, tuple[int, int]]], sentences: Sentences,
               rule: Rule, lead_index: int) -> list[Hit]:
    """One hit per listed item when every item pairs a recipient with data of its own; else none (a plain
    list of recipients stays one disclosure: 「次に掲げる者と共同して利用する。一 親会社 二 子会社」)."""
    out = []
    # 「次に掲げる目的のため、それぞれ次に定める者に提供する」: the lead pairs each item with its own purpose and
    # recipient, so each item is a disclosure of its own even when the data are named only in the lead.
    lead = sentences[lead_index].doc.text
    each = "それぞれ" in lead and bool(hit.data)
    for ui, recipient, words in listed:
        item_sents = [sentences[n] for n in sentences.in_unit(ui)]
        own = [value for s in item_sents for value in extract_data(s.doc)]
        if not own and not each:
            return []
        severity, reasons = _item_severity(rule, sentences, lead_index, sentences.in_unit(ui))
        item = Hit(hit.rule, item_sents[0].start, item_sents[-1].end, severity, [words], reasons)
        item.recipients = [recipient]
        item.data = list(hit.data)
        for value in own:
            _add_unique(item.data, value)
        out.append(item)
    return out


def listed_recipients(text: str, units: list[Unit], sentences: Sentences, i: int,
                       known: list[str]) -> list[tuple[int, str, tuple[int, int]]]:
    """「次に掲げる者に提供」: the items of the paragraph are the recipients.

    Returns (item unit, recipient, its span in the article) for each item that names one.
    """
    sent = sentences[i]
    sentence_text = text[sent.start:sent.end]
    if not any(m in sentence_text for m in vocabulary("list-markers")) or not any(w in sentence_text for w in vocabulary("listed-recipient-words")):
        return []
    unit = units[sent.unit]
    out: list[tuple[int, str, tuple[int, int]]] = []
    for ui in unit.items:
        if not sentences.in_unit(ui):
            continue
        first = sentences[sentences.in_unit(ui)[0]]
        doc = first.doc
        for a, b in _compounds(doc):
            if _is_recipient(doc, a, b) and not _self_reference(doc, a):
                value = doc[a:b].text.strip("　 ・、")
                if value and value not in known:
                    span = (first.start + doc[a].idx, first.start + doc[b - 1].idx + len(doc[b - 1]))
                    out.append((ui, value, span))
                break
    return out


# ------------------------------------------------------------------------------------------ document


def fill_from_lead(hit, doc, parsed, anchors: list[tuple[int, int]], lead_docs: list, extract: list[str]) -> None:
    """An item listed under its lead (「次の場合を除き、第三者に提供しません。」): the item's own recipients and
    data, and what the item does not name, the lead does (「第三者」「個人情報」)."""
    if "data" in extract:
        for doc_ in lead_docs:
            for value in extract_data(doc_):
                _add_unique(hit.data, value)
    if "recipients" in extract:
        hit.recipients = extract_recipients(doc, parsed, anchors)
        if not hit.recipients:
            for doc_ in lead_docs:
                for value in extract_recipients(doc_, None, []):
                    _add_unique(hit.recipients, value)
