"""The diff gate on real histories: `kiyaku diff` over every consecutive pair of the development documents.

    python corpora/real/extract.py --git-dir /work/.mirror/tanjoin+terms-of-service/repo   # once
    python bench/diff_real.py                   # all pairs, the gate at --fail-on medium
    python bench/diff_real.py --fail-on high --show all --json out.json

Only the development half is read (`dev-history/`, listed in `manifest.json`); the reserved half is never
opened. Each pair runs through the CLI's own entry point in this process (`kiyaku diff OLD NEW --format json
--fail-on LEVEL`), so the exit code is the one a CI job sees. Prints the crashes (exit 2, internal errors),
the time per pair, the article and risk status counts, and the gate's decisions: every failing pair with
the added and escalated risks that made it fail. The hand judgement of those decisions is in
`bench/diff_real_judged.md`.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REAL = Path(os.environ.get("KIYAKU_REAL_DIR", Path.home() / ".cache" / "kiyaku-real"))


def cli_main():
    from kiyaku.cli import main

    return main


def pairs(root: Path) -> list[tuple[str, Path, Path]]:
    """(collection path, old file, new file) for consecutive versions of every development document."""
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for doc in manifest["documents"]:
        if doc["split"] != "dev" or len(doc.get("versions", [])) < 2:
            continue
        files = [root / v["file"] for v in doc["versions"]]
        out += [(doc["path"], a, b) for a, b in zip(files, files[1:])]
    return out


def version(path: Path) -> str:
    return path.name.split("_")[0]  # NN, the version's index in the document's history


def place(f: dict) -> str:
    where = f.get("article") or "（条なし）"
    if f.get("paragraph"):
        where += f"第{f['paragraph']}項"
    if f.get("item"):
        where += f"第{f['item']}号"
    return where


def run_pair(main, old: Path, new: Path, fail_on: str, out_dir: str) -> tuple[int, dict | None, str, float]:
    target = os.path.join(out_dir, "diff.json")
    if os.path.exists(target):
        os.remove(target)
    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err):
        code = main(["diff", str(old), str(new), "--format", "json", "--fail-on", fail_on, "-o", target])
    took = time.perf_counter() - start
    data = json.loads(Path(target).read_text(encoding="utf-8")) if code in (0, 1) else None
    return code, data, err.getvalue().strip(), took


def reasons(data: dict) -> list[str]:
    """What made the gate fail: the added risks and the escalations, one line each."""
    risks = data["risks"]
    lines = [f"+ {f['severity']:<6} {f['category']:<20} {place(f)}" for f in risks["added"]]
    for c in risks["changed"]:
        if c.get("direction") == "higher":
            a, b = c["after"], c["before"]
            lines.append(f"↑ {a['severity']:<6} {a['category']:<20} {place(a)} (was {b['severity']} at {place(b)})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", type=Path, default=REAL, help=f"the extracted corpus (default {REAL})")
    parser.add_argument("--fail-on", default="medium", choices=["low", "medium", "high"])
    parser.add_argument("--show", default="failed", choices=["failed", "all"], help="which pairs to list")
    parser.add_argument("--json", type=Path, help="also write every pair's decision and reasons here")
    args = parser.parse_args()
    if not (args.real / "manifest.json").exists():
        print(f"diff_real: {args.real}/manifest.json is missing; run corpora/real/extract.py first", file=sys.stderr)
        return 2
    main_ = cli_main()
    todo = pairs(args.real)
    crashes, times, records = [], [], []
    articles, risks, summary_disagrees = Counter(), Counter(), 0
    with tempfile.TemporaryDirectory() as out_dir:
        for path, old, new in todo:
            code, data, err, took = run_pair(main_, old, new, args.fail_on, out_dir)
            times.append(took)
            name = f"{path} v{version(old)}→v{version(new)}"
            if data is None:
                crashes.append(f"{name}: exit {code}: {err}")
                continue
            articles.update(row["status"] for row in data["articles"])
            for kind, found in data["risks"].items():
                risks[kind] += len(found)
            escalated = sum(1 for c in data["risks"]["changed"] if c.get("direction") == "higher")
            risks["escalated"] += escalated
            worst = data["summary"].get("max_new_severity", data["summary"].get("max_added_severity"))
            rank = {"low": 1, "medium": 2, "high": 3}
            summary_fails = worst is not None and rank[worst] >= rank[args.fail_on]
            summary_disagrees += summary_fails != (code == 1)
            records.append({"pair": name, "path": path, "old": version(old), "new": version(new),
                            "decision": "fail" if code == 1 else "pass", "reasons": reasons(data),
                            "summary": data["summary"]})

    failed = [r for r in records if r["decision"] == "fail"]
    print(f"kiyaku diff over {len(todo)} consecutive pairs of {len({p for p, _, _ in todo})} development histories "
          f"(--fail-on {args.fail_on})")
    print(f"crashes: {len(crashes)}")
    for line in crashes:
        print(f"  {line}")
    if times:
        print(f"time: total {sum(times):.1f} s, median {statistics.median(times):.2f} s, max {max(times):.2f} s per pair")
    print("articles: " + ", ".join(f"{k} {v}" for k, v in sorted(articles.items())))
    print("risks: " + ", ".join(f"{k} {risks[k]}" for k in ("added", "removed", "changed", "escalated", "moved")))
    print(f"gate: {len(failed)} of {len(records)} pairs fail; summary disagrees with the exit code on {summary_disagrees}")
    for r in records if args.show == "all" else failed:
        print(f"  [{r['decision']}] {r['pair']}")
        for line in r["reasons"]:
            print(f"      {line}")
    if args.json:
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
