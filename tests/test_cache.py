"""The per-article cache: content-addressed, atomic, and harmless when broken."""
from kiyaku.analyzer.cache import ArticleCache, cache_dir, cache_key


def test_key_depends_on_text_and_rules_version():
    assert cache_key("第1条 本規約は…", "v1") == cache_key("第1条 本規約は…", "v1")
    assert cache_key("第1条 本規約は…", "v1") != cache_key("第1条 本規約は…。", "v1")
    assert cache_key("第1条 本規約は…", "v1") != cache_key("第1条 本規約は…", "v2")


def test_round_trip_and_miss(tmp_path):
    cache = ArticleCache(tmp_path)
    key = cache_key("当社は一切の責任を負いません。", "v1")
    assert cache.get(key) is None
    value = [{"rule": "liability.total-exemption", "start": 0, "end": 15, "data": ["個人情報"]}]
    cache.put(key, value)
    assert cache.get(key) == value
    assert not list(tmp_path.rglob("*.tmp"))


def test_disabled_cache_neither_reads_nor_writes(tmp_path):
    ArticleCache(tmp_path).put("ab" * 32, [1])
    off = ArticleCache(tmp_path, enabled=False)
    assert off.get("ab" * 32) is None
    off.put("cd" * 32, [2])
    assert not list(tmp_path.rglob("cd*.json"))


def test_corrupt_entry_is_a_miss(tmp_path):
    cache = ArticleCache(tmp_path)
    key = "ef" * 32
    cache.put(key, [1])
    next(tmp_path.rglob(f"{key}.json")).write_text("{not json", "utf-8")
    assert cache.get(key) is None


def test_unwritable_directory_does_not_fail(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    ArticleCache(blocker / "sub").put("ab" * 32, [1])  # parent is a file: silently skipped


def test_env_moves_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
