"""The event record (dashboard/ui/record.py) under AppTest: the venue, each participant with the office
held on the event's day (from posts), and the number of documents signed."""
from __future__ import annotations

from apptools import assert_clean, open_page

from dashboard.ui.record import documents

CN_KG = "2025-11-19-cn-kg-fm-strategic-dialogue"


def markdowns(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_record_shows_the_venue_and_each_participants_office_that_day():
    at = open_page("timeline", {"event": CN_KG})
    assert_clean(at)
    text = "\n".join(markdowns(at))
    assert "· in person, Bishkek" in text
    assert "- Wang Yi — Minister of Foreign Affairs of China" in text
    assert "- Zheenbek Kulubaev — Minister of Foreign Affairs of Kyrgyzstan" in text


def test_documents_count_in_words():
    assert documents(24) == "24 documents"
    assert documents(1) == "1 document"
    assert documents(None) is None and documents(float("nan")) is None
