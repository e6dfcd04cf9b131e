"""Inputs the 20 MB limit admits but that expand without bound are refused while they expand.

The shapes are those of ``bench/pathological.py`` (generated there, shared here): a PDF whose Flate
stream inflates to a gigabyte, a PDF page drawing millions of characters, a DOCX whose zip member lies
about its size, a DOCX whose list-number text is 100,000 characters long on 2,000 paragraphs, and an
HTML page whose CSS counter content is as long. Each is refused with one line naming the file, and
peak memory stays far below what the expansion would take (checked in the child process that loads it).
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pathological", ROOT / "bench" / "pathological.py")
shapes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shapes)

# Loads the file and prints the one-line error and the peak RSS in MB.
_CHILD = r"""
import resource, sys
from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load
try:
    source = load(sys.argv[1])
    print("loaded", len(source.text))
except InputError as err:
    print("refused", str(err))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _load_in_child(path: Path) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    verdict, rss = out.stdout.strip().rsplit("\n", 1)
    return verdict, int(rss)


@pytest.mark.parametrize("shape,scale,expect", [
    ("pdf_flate_bomb", 1.0, "inflates past the 256 MB limit"),   # 1 MB file, 1 GB inflated
    ("pdf_flate_bomb", 0.01, "draws more than 200,000 characters"),  # 10 MB of text operators on one page
    ("docx_lying_sizes", 0.05, "inflates past the size its header declares"),  # 100 MB behind a 100-byte header
    ("docx_numbering_bomb", 1.0, "extracted text passes the 20 M character limit"),  # 15 KB → 200 M characters
    ("css_counter_bomb", 1.0, "extracted text passes the 20 M character limit"),  # 350 KB → 200 M characters
])
def test_bombs_are_refused_while_expanding(tmp_path, shape, scale, expect):
    data, suffix, _ = getattr(shapes, shape)(scale)
    path = tmp_path / f"bomb{suffix}"
    path.write_bytes(data)
    verdict, rss = _load_in_child(path)
    assert verdict.startswith("refused") and expect in verdict and str(path) in verdict, verdict
    assert "\n" not in verdict
    assert rss < 700, f"peak RSS {rss} MB while refusing {shape}"


def test_many_pages_and_paragraphs_still_load(tmp_path):
    """The limits are far from ordinary documents: 2,000 one-word pages, 20,000 paragraphs."""
    for shape, scale in (("pdf_pages", 1.0), ("docx_paragraphs", 0.2)):
        data, suffix, _ = getattr(shapes, shape)(scale)
        path = tmp_path / f"big{suffix}"
        path.write_bytes(data)
        verdict, _ = _load_in_child(path)
        assert verdict.startswith("loaded"), (shape, verdict)
