"""Byte-identical output: the same documents and rule packs give the same bytes in separate processes,
whatever the cache holds (an empty cache directory, a warm one, or --no-cache) and whatever the hash
seed (so no set or dict order of ours leaks into the output). Each run is a fresh `kiyaku` process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

pytestmark = pytest.mark.nlp

CORPUS = Path(str(files("kiyaku.corpora")))
# Disclosures with several recipients and kinds of data (lists whose order must hold), an HTML and a DOCX.
DOCUMENTS = [CORPUS / "medical-app" / "v2024.txt", CORPUS / "fitness-wearable" / "terms.html",
             CORPUS / "docx-association" / "terms.docx"]
# A user's own rule pack, as `--rules DIR` would load it.
USER_RULE = (Path(__file__).parent / "data" / "user-rule.yaml").read_text(encoding="utf-8")


def kiyaku(*args: str, cache: Path, seed: int) -> bytes:
    env = {**os.environ, "KIYAKU_CACHE_DIR": str(cache), "PYTHONHASHSEED": str(seed)}
    run = subprocess.run([sys.executable, "-m", "kiyaku", *args], capture_output=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert run.stderr == b""
    return run.stdout


def cache_entries(cache: Path) -> set[Path]:
    return set(cache.rglob("*.json"))


def test_same_bytes_across_processes_cache_states_and_hash_seeds(tmp_path):
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "no-refund.yaml").write_text(USER_RULE, "utf-8")
    cache = tmp_path / "cache"
    corpus = ["analyze", *map(str, DOCUMENTS), "--format", "jsonl", "--rules", str(pack)]
    single = ["analyze", str(DOCUMENTS[0]), "--format", "json", "--rules", str(pack)]

    cold = kiyaku(*corpus, cache=cache, seed=0)  # empty cache directory: fills it
    filled = cache_entries(cache)
    assert filled
    warm = kiyaku(*corpus, cache=cache, seed=1)
    assert cache_entries(cache) == filled  # every article came from the cache: nothing new was written
    uncached = kiyaku(*corpus, "--no-cache", cache=tmp_path / "unused", seed=2)
    assert cold == warm == uncached
    assert not (tmp_path / "unused").exists()

    one_warm = kiyaku(*single, cache=cache, seed=3)
    one_uncached = kiyaku(*single, "--no-cache", cache=tmp_path / "unused", seed=4)
    assert one_warm == one_uncached
    assert json.loads(one_warm) == json.loads(cold.splitlines()[0])  # the same analysis in both formats
    assert len(cold.splitlines()) == len(DOCUMENTS)
