"""Analyses for the rendering tests, built from the bundled corpus without the rule engine.

The document is the real corpus text, structured by ``kiyaku.analyzer.structure.parse``; the findings are
the corpus's own gold annotations (``gold.yaml``), placed on the real paragraph or item they name,
with the flagged words found in that span. So the renderers are tested on real text, real structure
and realistic findings, and these tests never load GiNZA.
"""
from __future__ import annotations

import hashlib
from importlib.resources import files

import yaml

from kiyaku.analyzer.model import Analysis, Document, Finding, Node, Source

# Words a rule would flag, searched in the clause (the first ones present become ``words``).
KEY_PHRASES = [
    "一切の責任を負わない", "その責任を負わない", "自己の責任において", "いかなる保証も行わない", "一切関与しない",
    "本人の行為とみなす", "開示先を内閣総理大臣として", "開示することができる", "提供し", "送信する", "通知し",
    "委託する", "事前に通知することなく", "事前に通知を行うことなく", "同意したものとみなす",
    "事前の告知なく", "利用を制限することができる", "停止することができる", "利用を停止し",
]
# Rule-like titles and explanations for the hand-made findings (test data, not the real rule packs).
RULE_TEXT = {
    "liability_waiver": ("責任の免除", "事業者が損害について責任を負わないとする条項です。", ["消費者契約法第8条第1項第1号"]),
    "disclosure": ("個人情報の第三者への開示", "利用者の情報を第三者に提供・開示できるとしています。", ["個人情報保護法第27条"]),
    "unilateral_amendment": ("通知なしの規約変更", "事業者だけの判断で規約を変えられるとしています。", ["民法第548条の4"]),
    "usage_limit": ("利用の停止・制限", "事業者の判断で利用を止められるとしています。", []),
    "missing_provision": ("退会後のデータの扱い", "利用をやめた後の個人情報の扱いが書かれていません。", ["個人情報保護法第22条"]),
    "dispute_resolution": ("専属的合意管轄", "事業者の選んだ裁判所でしか訴えられないとしています。", ["民事訴訟法第11条"]),
}


def corpus_source(family: str, name: str) -> Source:
    """The corpus file read by the real loader (the samples come in several encodings)."""
    from kiyaku.analyzer.load import load

    source = load(str(files("kiyaku.corpora") / family / name))
    source.path = f"corpora/{family}/{name}"
    return source


def corpus_text(family: str, name: str) -> str:
    return corpus_source(family, name).text


def make_source(text: str, path: str = "terms.txt") -> Source:
    return Source(path=path, text=text, encoding="utf-8", format="text",
                  sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def structure(text: str) -> Document:
    from kiyaku.analyzer.structure import parse

    return parse(text)


def node_for(document: Document, article: str, paragraph: int | None, item: int | None) -> Node:
    for art in document.articles():
        if art.label != article:
            continue
        if paragraph is None:
            return art
        for para in art.children:
            if para.kind == "paragraph" and para.number == paragraph:
                if item is None:
                    return para
                for it in para.children:
                    if it.kind == "item" and it.number == item:
                        return it
    raise LookupError(f"{article} {paragraph} {item} not in the structure")


def finding_at(text: str, document: Document, gold: dict, rule: str | None = None) -> Finding:
    category = gold["category"]
    title, explanation, refs = RULE_TEXT[category]
    if gold.get("article") is None:
        return Finding(rule=rule or f"test.{category}", category=category, severity=gold["severity"],
                       article=None, paragraph=None, item=None, start=0, end=0, text="",
                       explanation=explanation, refs=refs, title=title)
    node = node_for(document, gold["article"], gold.get("paragraph"), gold.get("item"))
    start = node.heading_end if node.heading_end and node.kind != "article" else node.start
    end = node.end
    while end > start and text[end - 1] in "\n 　":
        end -= 1
    clause = text[start:end]
    words = []
    for phrase in KEY_PHRASES:
        at = clause.find(phrase)
        if at >= 0 and not any(a <= start + at < b for a, b in words):
            words.append((start + at, start + at + len(phrase)))
        if len(words) == 2:
            break
    return Finding(
        rule=rule or f"test.{category}", category=category, severity=gold["severity"],
        article=gold["article"], paragraph=gold.get("paragraph"), item=gold.get("item"),
        start=start, end=end, text=clause, explanation=explanation, refs=refs,
        recipients=list(gold.get("recipients", [])), data=list(gold.get("data", [])),
        words=sorted(words), title=title,
    )


def gold_analysis(family: str = "gov-portal", name: str = "terms.txt", gold: str = "gold.yaml") -> Analysis:
    """The corpus document with its gold findings as an Analysis (no rule engine involved)."""
    source = corpus_source(family, name)
    text = source.text
    document = structure(text)
    spec = yaml.safe_load((files("kiyaku.corpora") / family / gold).read_text(encoding="utf-8"))
    findings = [finding_at(text, document, g) for g in spec["findings"]]
    findings.sort(key=Finding.sort_key)
    return Analysis(source=source, document=document,
                    findings=findings, rules_version="test")


def hand_analysis(text: str, spans: list[tuple[str, str, str, list[str]]], path: str = "hostile.txt") -> Analysis:
    """An analysis of ``text`` with findings on the given clauses.

    ``spans``: (clause, category, severity, [flagged words inside the clause]). Offsets are found in
    ``text``; the article, paragraph and item come from the structure.
    """
    document = structure(text)
    findings = []
    for clause, category, severity, words in spans:
        start = text.index(clause)
        end = start + len(clause)
        place = document.locate(start)
        title, explanation, refs = RULE_TEXT[category]
        findings.append(Finding(
            rule=f"test.{category}", category=category, severity=severity, article=place.article,
            paragraph=place.paragraph, item=place.item, start=start, end=end, text=clause,
            explanation=explanation, refs=refs, title=title,
            words=[(start + clause.index(w), start + clause.index(w) + len(w)) for w in words],
        ))
    findings.sort(key=Finding.sort_key)
    return Analysis(source=make_source(text, path), document=document, findings=findings, rules_version="test")
