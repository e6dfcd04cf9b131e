"""Extract the real development corpus from a fetched `tanjoin/terms-of-service` git directory.

The collection has no licence: its text never enters this repository. This script copies the documents
(and every historical version of those with a history) into a local cache folder, the two halves of the
split apart:

    OUT/dev/<path>                      the development half: use freely
    OUT/dev-history/<path>/NN_<date>_<sha>.<ext>   every committed version, oldest first
    OUT/reserved/...                    the reserved half: never opened, annotated, run or tuned on
    OUT/manifest.json                   path, split, sha256 and versions of every document

The split is `sha256(path in the collection, UTF-8)`: a first hex digit 0-7 is development, 8-f reserved.
The reserved half is written only with --include-reserved (for the hidden measurement, not for us).

    python corpora/real/extract.py --git-dir /work/.mirror/tanjoin+terms-of-service/repo
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

EXTENSIONS = (".md", ".txt", ".html", ".htm", ".pdf")
DEFAULT_OUT = Path(os.environ.get("KIYAKU_REAL_DIR", Path.home() / ".cache" / "kiyaku-real"))


def is_reserved(path: str) -> bool:
    """True for the reserved half of the collection: never to be opened for development."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[0] not in "01234567"


def git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True).stdout


def documents(git_dir: Path) -> list[str]:
    names = git(git_dir, "ls-tree", "-r", "-z", "--name-only", "HEAD").decode("utf-8").split("\0")
    return sorted(n for n in names if n.lower().endswith(EXTENSIONS))


def versions(git_dir: Path, path: str) -> list[tuple[str, str, str]]:
    """(commit, date, path in that commit) of every commit that changed `path`, oldest first.

    Renames are followed (``git log --follow``): many documents were moved into per-company folders or
    renamed (.txt → .md), and their earlier versions are part of their history.
    """
    log = git(git_dir, "-c", "core.quotepath=off", "log", "--follow", "--name-only", "--format=\x1e%H %ad",
              "--date=short", "--", path).decode("utf-8")
    out = []
    for record in log.split("\x1e"):
        header, _, names = record.partition("\n")
        files = [n for n in names.splitlines() if n.strip()]
        if header.strip() and files:
            commit, date = header.split()
            out.append((commit, date, files[-1]))
    return list(reversed(out))


def extract(git_dir: Path, out: Path, include_reserved: bool = False) -> dict:
    head = git(git_dir, "rev-parse", "HEAD").decode().strip()
    manifest = {"collection": "tanjoin/terms-of-service", "commit": head, "documents": []}
    paths = documents(git_dir)
    head_paths = set(paths)
    for path in paths:
        reserved = is_reserved(path)
        entry = {"path": path, "split": "reserved" if reserved else "dev"}
        if reserved and not include_reserved:
            manifest["documents"].append(entry)
            continue
        half = "reserved" if reserved else "dev"
        data = git(git_dir, "show", f"HEAD:{path}")
        target = out / half / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        kept, previous = [], None
        for n, (commit, date, old_path) in enumerate(versions(git_dir, path)):
            # A rename followed back onto a document of the other half is not this document's history.
            if old_path != path and old_path in head_paths and is_reserved(old_path) != reserved:
                continue
            try:
                blob = git(git_dir, "show", f"{commit}:{old_path}")
            except subprocess.CalledProcessError:  # deleted in that commit
                continue
            if blob != previous:  # a pure rename gives the same text again: not a version
                kept.append((n, commit, date, old_path, blob))
            previous = blob
        if len(kept) > 1:
            entry["versions"] = []
            vdir = out / f"{half}-history" / path
            vdir.mkdir(parents=True, exist_ok=True)
            for n, commit, date, old_path, blob in kept:
                name = f"{n:02d}_{date}_{commit[:8]}{Path(old_path).suffix}"
                (vdir / name).write_bytes(blob)
                entry["versions"].append({"file": f"{half}-history/{path}/{name}", "commit": commit,
                                          "path": old_path, "date": date, "sha256": hashlib.sha256(blob).hexdigest()})
        manifest["documents"].append(entry)
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-dir", type=Path, required=True, help="the fetched bare git directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"cache folder (default {DEFAULT_OUT})")
    parser.add_argument("--include-reserved", action="store_true",
                        help="also write the reserved half (only for the hidden measurement)")
    args = parser.parse_args()
    manifest = extract(args.git_dir, args.out, args.include_reserved)
    docs = manifest["documents"]
    dev = [d for d in docs if d["split"] == "dev"]
    print(f"{len(docs)} documents at {manifest['commit'][:12]}: {len(dev)} development, "
          f"{len(docs) - len(dev)} reserved; {sum(1 for d in dev if d.get('versions'))} development "
          f"documents with a history; written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
