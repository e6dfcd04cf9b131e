"""Speed benchmark: kiyaku against the naive full-GiNZA pipeline, on the same text, in one run.

    python bench/bench_speed.py            # the whole bundled corpus (one version of each document)
    python bench/bench_speed.py FILE...    # your own documents

Prints kiyaku's throughput, the naive `nlp.pipe` throughput over every paragraph with the full
ja_ginza pipeline, their ratio, the cold time of `kiyaku analyze` on the document nearest 12,000
characters (a fresh process, no cache), and peak RSS. Both throughputs are measured in this one
process with the model already loaded, one after the other, so machine noise hits both alike.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from kiyaku.analyzer.load import load
from kiyaku.analyzer.pipeline import analyze_source

# The earlier version of a pair repeats most of its text: keep one version of each document.
OLDER_VERSIONS = re.compile(r"(v2023|v1)\.")


def corpus_paths() -> list[Path]:
    root = Path(str(files("kiyaku.corpora")))
    docs = [p for p in sorted(root.glob("*/*")) if p.suffix in {".txt", ".md", ".html", ".pdf", ".docx"}]
    return [p for p in docs if p.name != "source.txt" and not OLDER_VERSIONS.search(p.name)]


def paragraphs(text: str) -> list[str]:
    """What a naive user would feed nlp.pipe: every non-blank line (Sudachi refuses huge inputs)."""
    return [line for line in text.splitlines() if line.strip()]


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def cold_run(path: Path, runs: int = 3) -> float:
    """Median wall time of `kiyaku analyze PATH` in a fresh process with an empty cache."""
    times = []
    kiyaku = Path(sys.executable).with_name("kiyaku")
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "KIYAKU_CACHE_DIR": cache}
            start = time.perf_counter()
            subprocess.run(
                [str(kiyaku), "analyze", str(path), "--format", "json", "-o", os.devnull],
                check=True, env=env, stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.paths or corpus_paths()
    sources = [load(str(p)) for p in paths]
    chars = sum(len(s.text) for s in sources)
    print(f"documents: {len(sources)}, characters: {chars:,}")

    # First, while this process is small: a child's peak RSS as the kernel reports it includes the
    # parent's pages at fork, so measuring after the model is loaded here would report this process.
    target = min(zip(paths, sources), key=lambda ps: abs(len(ps[1].text) - 12_000))
    cold = cold_run(target[0])
    print(f"cold `kiyaku analyze` on {target[0].name} ({len(target[1].text):,} chars): {cold:.2f} s (median of 3)")
    print(f"peak RSS (kiyaku analyze process): {peak_rss_mb(resource.RUSAGE_CHILDREN):,.0f} MB")

    import spacy

    naive_nlp = spacy.load("ja_ginza")  # the naive baseline: the whole pipeline, as installed
    analyze_source(sources[0], cache=False, thorough=True)  # warm-up: kiyaku's lazy loads, rule compilation

    start = time.perf_counter()
    findings = sum(len(analyze_source(s, cache=False).findings) for s in sources)
    fast = time.perf_counter() - start

    start = time.perf_counter()
    for s in sources:
        for _ in naive_nlp.pipe(paragraphs(s.text), batch_size=64):
            pass
    naive = time.perf_counter() - start

    print(f"kiyaku:          {chars / fast:10,.0f} chars/s  ({fast:.2f} s, {findings} findings)")
    print(f"naive ja_ginza:  {chars / naive:10,.0f} chars/s  ({naive:.2f} s, nlp.pipe over every paragraph)")
    print(f"ratio:           {naive / fast:10.1f} x")
    print(f"peak RSS (this process): {peak_rss_mb(resource.RUSAGE_SELF):,.0f} MB")



if __name__ == "__main__":
    main()
