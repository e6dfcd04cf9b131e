"""Structure on the real development corpus: what breaks, document by document.

    python bench/structure_real.py                     # figures and the documents behind each
    python bench/structure_real.py --dir DIR --json    # another extraction; one JSON object

Runs the loader and the structure parser (no NLP) over every **development** document of the real
collection (`corpora/real/extract.py` puts them in ``~/.cache/kiyaku-real/dev``; the manifest's split
decides, so a reserved document is never read even if it was extracted). It prints:

- decode failures: documents the loader refuses;
- front matter left in the text: YAML front matter read as the document's text;
- duplicate labels: documents where two units share a label (a place that names two places);
- dominant unit: documents over 5,000 characters where one unit holds more than 60 % of the text;
- single unit: documents over 3,000 characters that stay one unit;
- outside: characters (not spaces) that belong to no unit — neither 前文, an article, 附則, an appendix
  nor a trailing unit, nor the furniture around them (the title line, the 目次, a 章/節 heading line);
- HTML: the share of the page's visible text the loader keeps (visible: the body without scripts,
  styles and hidden elements; kept: see ``kept_share``), and the pages that keep less than 98 %.

Only paths, labels and numbers are printed, never the documents' text (the collection has no licence).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

DEFAULT_DIR = Path.home() / ".cache" / "kiyaku-real"
LONG = 3000  # a document this long is never one unit
DOMINANT_TEXT = 5000
DOMINANT_SHARE = 0.60
FURNITURE = ("title", "toc")
HTML_KEPT = 0.98  # a page keeping less of its visible text than this loses more than its chrome


def development_paths(root: Path) -> list[str]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return sorted(d["path"] for d in manifest["documents"] if d["split"] == "dev")



def outside_units(doc) -> int:
    """Non-space characters that no unit holds (furniture — title, 目次, 章/節 heading lines — excepted)."""
    covered = bytearray(len(doc.text))
    for part in doc.parts:
        for node in part.walk():
            if node.kind in ("preamble", "article", "supplementary", "appendix") or node.kind in FURNITURE:
                covered[node.start:node.end] = b"\x01" * (node.end - node.start)
            elif node.kind in ("chapter", "section"):
                head_end = node.heading_end if node.heading_end is not None else node.start
                covered[node.start:head_end] = b"\x01" * (head_end - node.start)
    return sum(1 for i, c in enumerate(doc.text) if not covered[i] and not c.isspace())


def visible_html_text(data: bytes, text_encoding: str) -> str:
    """What a browser shows of the page: the body without scripts, styles, templates and hidden elements."""
    from bs4 import BeautifulSoup, Comment

    from kiyaku.analyzer.load.front_matter import split_front_matter

    html = data.decode(text_encoding if text_encoding not in ("pdf", "docx") else "utf-8", errors="replace")
    front = split_front_matter(html.lstrip("\ufeff"))
    html = front[1] if front is not None else html  # metadata, not what the page shows
    soup = BeautifulSoup(html, "lxml")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(["script", "style", "noscript", "template", "head", "title"]):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        style = (tag.get("style") or "").replace(" ", "").lower()
        if tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style:
            tag.decompose()
    root = soup.body or soup
    return root.get_text("\n")


_GRAM = 8


def kept_share(visible: str, kept: str) -> float:
    """Share of the visible text's characters (spaces aside) that the kept text holds: a character counts
    as kept when an 8-character run through it occurs in the kept text, so list numbers the loader writes
    in and line breaks it moves change nothing, while a dropped sentence or cell counts in full."""
    v = re.sub(r"\s", "", visible)
    k = re.sub(r"\s", "", kept)
    if len(v) < _GRAM:
        return 1.0
    grams = {k[i:i + _GRAM] for i in range(len(k) - _GRAM + 1)}
    covered = bytearray(len(v))
    for i in range(len(v) - _GRAM + 1):
        if v[i:i + _GRAM] in grams:
            covered[i:i + _GRAM] = b"\x01" * _GRAM
    return sum(covered) / len(v)


def measure(root: Path) -> dict:
    from kiyaku.analyzer.errors import InputError
    from kiyaku.analyzer.load import load
    from kiyaku.analyzer.structure import parse

    rows = []
    for path in development_paths(root):
        file = root / "dev" / path
        if not file.exists():
            continue
        row: dict = {"path": path}
        rows.append(row)
        try:
            source = load(str(file))
        except InputError as err:
            row["decode_failure"] = str(err).split(": ", 1)[-1]
            continue
        doc = parse(source.text, source.headings)
        text = source.text
        units = doc.articles()
        labels = Counter(u.label for u in units)
        row["chars"] = len(text)
        row["front_matter_in_text"] = bool(re.match(r"\s*---\s*\n\s*\w+\s*:", text))
        row["units"] = len(units)
        row["duplicates"] = sorted(label for label, n in labels.items() if n > 1)
        biggest = max(units, key=lambda u: u.end - u.start, default=None)
        if biggest is not None and len(text) > DOMINANT_TEXT:
            share = (biggest.end - biggest.start) / len(text)
            if share > DOMINANT_SHARE:
                row["dominant"] = {"label": biggest.label, "share": round(share, 3)}
        row["single"] = len(text) > LONG and len(units) <= 1
        row["outside"] = outside_units(doc)
        if source.format == "html":
            visible = visible_html_text(file.read_bytes(), source.encoding)
            row["html_kept"] = round(kept_share(visible, text), 3)
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    html = [r for r in rows if "html_kept" in r]
    return {
        "documents": len(rows),
        "decode_failures": [r["path"] for r in rows if "decode_failure" in r],
        "duplicate_labels": {r["path"]: r["duplicates"] for r in rows if r.get("duplicates")},
        "dominant_unit": {r["path"]: r["dominant"] for r in rows if r.get("dominant")},
        "front_matter_in_text": [r["path"] for r in rows if r.get("front_matter_in_text")],
        "single_unit": [r["path"] for r in rows if r.get("single")],
        "outside_chars": sum(r.get("outside", 0) for r in rows),
        "outside_by_document": {r["path"]: r["outside"] for r in rows if r.get("outside")},
        "html_documents": len(html),
        "html_kept_share": round(sum(r["html_kept"] for r in html) / len(html), 3) if html else None,
        "html_kept": {r["path"]: r["html_kept"] for r in html},
        "html_losing": {r["path"]: r["html_kept"] for r in html if r["html_kept"] < HTML_KEPT},
    }


def report(s: dict) -> str:
    out = [f"development documents: {s['documents']}"]
    out.append(f"decode failures: {len(s['decode_failures'])}")
    out += [f"    {p}" for p in s["decode_failures"]]
    out.append(f"front matter left in the text: {len(s['front_matter_in_text'])}")
    out += [f"    {p}" for p in s["front_matter_in_text"]]
    out.append(f"documents with duplicate labels: {len(s['duplicate_labels'])}")
    out += [f"    {p}: {', '.join(v[:6])}{' …' if len(v) > 6 else ''}" for p, v in s["duplicate_labels"].items()]
    out.append(f"one unit > {DOMINANT_SHARE:.0%} of a text > {DOMINANT_TEXT}: {len(s['dominant_unit'])}")
    out += [f"    {p}: {v['label']} {v['share']:.0%}" for p, v in s["dominant_unit"].items()]
    out.append(f"documents > {LONG} chars in a single unit: {len(s['single_unit'])}")
    out += [f"    {p}" for p in s["single_unit"]]
    out.append(f"characters outside every unit: {s['outside_chars']} "
               f"(in {len(s['outside_by_document'])} documents)")
    out += [f"    {p}: {n}" for p, n in s["outside_by_document"].items()]
    out.append(f"HTML: {s['html_documents']} pages, mean kept share of visible text {s['html_kept_share']}, "
               f"pages keeping less than {HTML_KEPT:.0%}: {len(s['html_losing'])}")
    out += [f"    {p}: kept {v:.1%}" for p, v in s["html_losing"].items()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the extraction (manifest.json, dev/)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.dir / "manifest.json").exists():
        print(f"{args.dir}: no manifest.json (run corpora/real/extract.py first)", file=sys.stderr)
        return 2
    summary = measure(args.dir)
    print(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) if args.json else report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
