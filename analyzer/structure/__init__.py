"""Structure: a text → its tree of 前文・章・条・項・号・附則・別表 with exact offsets (``parse``).

``tree`` builds the tree; ``headings`` finds the article and division headings, ``paragraphs`` splits
an article's body, and ``numbering`` reads the numerals and marks the others share (the loaders too).
"""

from kiyaku.analyzer.structure.tree import parse

__all__ = ["parse"]
