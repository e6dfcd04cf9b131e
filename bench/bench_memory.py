"""Memory of a corpus run: peak RSS of `kiyaku analyze DIR/* --no-cache` at a small and a large corpus.

    python bench/bench_memory.py                  # 30 and 300 documents, jsonl and csv
    python bench/bench_memory.py --sizes 30 300 1000 --formats jsonl

The corpus is made of variants of the bundled documents (text ones get a distinct closing line, so no
two are the same text; PDF and DOCX are copied) in a temporary directory. Each run is one fresh
`kiyaku` process; its process tree (the parent and its pool workers) is sampled from /proc every
50 ms. Flat memory means the peaks at the large size are those at the small one, give or take noise:
nothing grows with the number of documents.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from kiyaku.analyzer.load import load

KINDS = {".txt", ".md", ".html", ".pdf", ".docx"}


def corpus_documents() -> list[Path]:
    root = Path(str(files("kiyaku.corpora")))
    return [p for p in sorted(root.glob("*/*")) if p.suffix in KINDS and p.name != "source.txt" and p.parent.name != "real"]


def make_corpus(directory: Path, count: int) -> list[Path]:
    """``count`` documents, cycling through the corpus; text variants differ in their last line."""
    originals = corpus_documents()
    out = []
    for i in range(count):
        original = originals[i % len(originals)]
        target = directory / f"{i:04d}-{original.parent.name}{original.suffix}"
        if original.suffix in (".pdf", ".docx"):
            shutil.copyfile(original, target)
        elif original.suffix == ".html":  # the marker in the page's own encoding (a UTF-16 page is copied)
            encoding = load(str(original)).encoding.replace("utf-8-sig", "utf-8")
            marker = f"<p>（管理番号 {i}）</p></body>".encode(encoding)
            target.write_bytes(original.read_bytes().replace(b"</body>", marker, 1))
        else:  # re-encoded as UTF-8: the loader has already proved it reads every original encoding
            target.write_text(load(str(original)).text + f"\n（管理番号 {i}）\n", encoding="utf-8")
        out.append(target)
    return out


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def measure(command: list[str], env: dict) -> dict:
    """Run ``command``; peak RSS of the whole tree, of the parent alone and of the largest worker (MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree = parent = worker = 0
    while proc.poll() is None:
        kids = children(proc.pid)
        own = rss_kb(proc.pid)
        per_kid = [rss_kb(k) for k in kids]
        tree, parent = max(tree, own + sum(per_kid)), max(parent, own)
        worker = max([worker, *per_kid])
        time.sleep(0.05)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        sys.exit(f"kiyaku failed ({proc.returncode}): {err}")
    return {"tree": tree / 1024, "parent": parent / 1024, "worker": worker / 1024, "seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv"])
    args = parser.parse_args()
    kiyaku = str(Path(sys.executable).with_name("kiyaku"))
    with tempfile.TemporaryDirectory() as tmp:
        docs = make_corpus(Path(tmp), max(args.sizes))
        env = {**os.environ, "KIYAKU_CACHE_DIR": str(Path(tmp) / "unused-cache")}
        print(f"{'format':6} {'docs':>5} {'tree MB':>8} {'parent MB':>10} {'worker MB':>10} {'seconds':>8}")
        for fmt in args.formats:
            for size in args.sizes:
                out = Path(tmp) / f"out.{fmt}"
                command = [kiyaku, "analyze", *map(str, docs[:size]), "--format", fmt, "--no-cache", "-o", str(out)]
                m = measure(command, env)
                print(f"{fmt:6} {size:5d} {m['tree']:8.0f} {m['parent']:10.0f} {m['worker']:10.0f} {m['seconds']:8.1f}")


if __name__ == "__main__":
    main()
