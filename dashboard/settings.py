"""Settings layer: paths and constants for the app. Imports only the standard library.

The database path comes from the MONITOR_DB environment variable (tests point it at a fixture DB).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "monitor.duckdb"
GEO_FILE = ROOT / "data" / "geo" / "countries.geojson"
QUERY_DIR = Path(__file__).resolve().parent / "queries"

# The countries the filter offers, in the order shown: China, then the five Central Asian states.
FILTER_COUNTRIES = ("CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB")
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
COUNTRY_NAMES = {
    "CHN": "China", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
    "TKM": "Turkmenistan", "UZB": "Uzbekistan", "CA5": "Central Asia (5)",
}
EVENT_TYPE_LABELS = {
    "summit": "Summit", "ministerial_meeting": "Ministerial meeting",
    "strategic_dialogue": "Strategic dialogue", "bilateral_meeting": "Bilateral meeting",
    "visit": "Visit", "infrastructure": "Infrastructure milestone",
    "diplomatic_milestone": "Diplomatic milestone",
}

# Bounds on what one page sends to the browser.
TABLE_PAGE_ROWS = 500
QUERY_TIMEOUT_S = 20.0


def db_path() -> Path:
    value = os.environ.get("MONITOR_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB
