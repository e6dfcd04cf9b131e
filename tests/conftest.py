"""Shared fixtures. The GiNZA model is loaded once per session, and only by tests marked ``nlp``."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ginza():
    """The ja_ginza pipeline (loaded once, through kiyaku.analyzer.nlp so the engine shares it)."""
    from kiyaku.analyzer.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def ruleset():
    from kiyaku.analyzer.engine.rulepack import load_ruleset

    return load_ruleset()
