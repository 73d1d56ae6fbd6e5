"""Curation test fixtures: the scoring database (data/curated without the held-out events)."""
from __future__ import annotations

import pytest

from tests.curation.score import build_scoring_db, index


@pytest.fixture(scope="session")
def scoring_db(tmp_path_factory):
    return build_scoring_db(tmp_path_factory.mktemp("scoring"), index()["holdout"])
