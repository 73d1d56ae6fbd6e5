"""propose on the labelled articles: recall >= 80%, precision >= 60%, every duplicate flagged."""
from __future__ import annotations

from tests.curation.score import index, report, score


def test_labelled_set_is_large_and_bilingual():
    names = list(index()["articles"])
    assert len(names) >= 15
    assert any("_ru_" in n for n in names) and any("_en_" in n for n in names)


def test_propose_meets_the_aims(scoring_db):
    result = score(scoring_db)
    print("\n" + report(result))
    assert result.recall >= 0.80
    assert result.precision >= 0.60
    assert result.duplicates and result.duplicates_flagged == result.duplicates
    assert result.false_duplicates == 0
