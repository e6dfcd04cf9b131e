"""`kiyaku demo`: the bundled sample corpus end to end, with no arguments and no network.

1. the analysis of the main sample (corpora/gov-portal/), 2. the diff of a version pair
(corpora/medical-app/v2023.txt → v2024.txt), 3. the member notice for the main sample.
It is the first thing a newcomer runs, so each part gets a short heading saying what it shows.
"""
from __future__ import annotations

import sys
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

import yaml
from rich.console import Console
from rich.markdown import Markdown
from rich.rule import Rule
from rich.text import Text

MAIN_FAMILY = "gov-portal"
PAIR_FAMILY, PAIR_OLD, PAIR_NEW = "medical-app", "v2023.txt", "v2024.txt"


def main_sample(family_dir: Path) -> Path:
    """The document the family's gold file annotates (else its first text file)."""
    gold = family_dir / "gold.yaml"
    if gold.is_file():
        name = (yaml.safe_load(gold.read_text(encoding="utf-8")) or {}).get("document")
        if name and (family_dir / name).is_file():
            return family_dir / name
    return sorted(family_dir.glob("*.txt"))[0]


def heading(console: Console, number: int, title: str, what: str) -> None:
    console.print()
    console.print(Rule(Text(f"{number}. {title}", style="bold cyan"), align="left", style="cyan"))
    console.print(Text(what, style="dim"))
    console.print()


def run_demo() -> int:
    from kiyaku.analyzer.pipeline import analyze
    from kiyaku.reports.compare.diff import diff
    from kiyaku.reports.render.diff import render_text as render_diff_text
    from kiyaku.reports.render.notice import render_notice
    from kiyaku.reports.render.text import render_text

    console = Console(highlight=False, emoji=False)
    tty = sys.stdout.isatty()
    with ExitStack() as stack:
        corpus = stack.enter_context(as_file(files("kiyaku.corpora")))
        sample = main_sample(corpus / MAIN_FAMILY)
        old_path, new_path = corpus / PAIR_FAMILY / PAIR_OLD, corpus / PAIR_FAMILY / PAIR_NEW

        def analysed(path: Path):
            analysis = analyze(str(path))
            analysis.source.path = path.relative_to(corpus.parent).as_posix()  # show corpora/…, not site-packages
            return analysis

        console.print(Text("kiyaku demo — 利用規約のリスク注記を、同梱のサンプルで一通り試します", style="bold"))

        current = analysed(sample)
        heading(console, 1, f"分析：{current.source.path}",
                "要約と、重大な順のリスク条項を示します（kiyaku analyze FILE）。")
        console.file.write(render_text([current]))

        old, new = analysed(old_path), analysed(new_path)
        heading(console, 2, f"版の比較：{old.source.path} → {new.source.path}",
                "新しく加わったリスク、なくなったリスク、重さの変わったリスクを示します（kiyaku diff OLD NEW）。")
        console.file.write(render_diff_text(diff(old, new), color=tty))

        heading(console, 3, f"会員向けお知らせ案：{current.source.path}",
                "平易な日本語の下書きです（kiyaku notice FILE、--since OLD で変更点を先頭に）。")
        notice = render_notice(current, fmt="md")
        if tty:
            console.print(Markdown(notice))
        else:
            console.file.write(notice)

    console.print()
    console.print(Rule("次に試すこと", align="left", style="cyan"))
    for line in (
        "kiyaku analyze 規約.txt --format html -o report.html   # 本文に注記を付けたHTML（絞り込み・提供先マップ付き）",
        "kiyaku analyze *.txt --format csv -o findings.csv      # 複数文書を1つの表に（Excelで開けます）",
        "kiyaku notice 規約.txt --format docx -o notice.docx    # お知らせ案をWordで編集",
    ):
        console.print(Text(line), soft_wrap=True)
    console.file.flush()
    return 0
