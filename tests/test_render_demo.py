"""`kiyaku demo`: the newcomer's first command runs the bundled corpus end to end, offline."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.nlp


def test_demo_runs_analysis_diff_and_notice(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kiyaku", "demo"], capture_output=True, text=True,
                         timeout=600, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "KIYAKU_CACHE_DIR": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    out = run.stdout
    first = out.index("1. 分析：corpora/gov-portal/terms.txt")
    second = out.index("2. 版の比較：corpora/medical-app/v2023.txt → corpora/medical-app/v2024.txt")
    third = out.index("3. 会員向けお知らせ案：corpora/gov-portal/terms.txt")
    assert first < second < third
    analysis = out[first:second]  # the physician's view: the summary, then findings most serious first
    assert analysis.index("要約") < analysis.index("指摘（重大な順）") < analysis.index("第23条第2項")
    assert "集計（分類 × 重大度）" in out[first:second]
    assert "生命保険会社" in out[second:third]  # the recipient the newer version adds
    assert "の留意点（会員向けお知らせ案）" in out[third:]
    assert "\x1b[" not in out  # piped: plain text
