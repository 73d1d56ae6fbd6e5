"""Settings layer: paths and constants for the app. Imports only the standard library.

The database path comes from the MONITOR_DB environment variable (tests point it at a fixture DB).
Curator mode (the Curate page) is on only when MONITOR_CURATOR=1 (`make curate` sets it; `make run`
never does); it writes to MONITOR_CURATED_DIR (default data/curated).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "monitor.duckdb"
DEFAULT_CURATED = ROOT / "data" / "curated"
DEFAULT_IMPORTS = ROOT / "data" / "imports"
GEO_FILE = ROOT / "data" / "geo" / "countries.geojson"
QUERY_DIR = Path(__file__).resolve().parent / "queries"
SCHEMA_VERSION = "6"   # the table layout this dashboard reads (build_info.schema_version; etl/build.py)

# The countries the filter offers, in the order shown: China, then the five Central Asian states.
FILTER_COUNTRIES = ("CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB")
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
COUNTRY_NAMES = {
    "CHN": "China", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
    "TKM": "Turkmenistan", "UZB": "Uzbekistan", "CA5": "Central Asia (5)", "BRA": "Brazil",
}
EVENT_TYPE_LABELS = {
    "summit": "Summit", "ministerial_meeting": "Ministerial meeting",
    "strategic_dialogue": "Strategic dialogue", "bilateral_meeting": "Bilateral meeting",
    "visit": "Visit", "infrastructure": "Infrastructure milestone",
    "diplomatic_milestone": "Diplomatic milestone", "visa_regime": "Visa regime",
}

# Bounds on what one page sends to the browser, and on the work one query may do.
TABLE_PAGE_ROWS = 500          # rows per page of a data table (the download holds every row)
MAX_ROWS = 5_000               # table rows or chart marks any one element sends the browser
TIMELINE_MAX_EVENTS = 2_000    # above this the timeline draws counts per period, not one mark per event
PICKER_EVENTS = 500            # events an event picker offers (newest first; a title search finds others)
PLACE_EVENTS = 25              # events listed for one place on the map page
MAP_MAX_PLACES = 10_000        # places drawn (a dot, a label and maybe a circle each: under 50k features)
TRADE_EVENT_MARKS = 200        # events drawn as dashed rules on the trade chart
MIRROR_CHART_PAIRS = 40        # China- vs partner-reported pairs drawn as bars (the table lists more)
TOP_CHAPTERS = 10              # HS chapters ranked in the trade page's product view
TOP_PRODUCTS = 15              # HS6 products ranked there
TREND_CHAPTERS = 6             # chapters drawn over time there
BRIEF_EVENTS = 40              # events a brief lists (newest first; a note gives the total)
BRIEF_TRADE_FIGURES = 300      # annual China-reported figures a brief's trade chart draws
BRIEF_MIRROR_PAIRS = 12        # China- vs partner-reported pairs a brief draws and lists (the latest)
BRIEF_MAP_PLACES = 300         # places a brief's map draws (those with the most events)
QUERY_TIMEOUT_S = 20.0         # a query running longer is interrupted (the page says to narrow the filter)
DOWNLOAD_TIMEOUT_S = 120.0     # the same for the full query behind a CSV download


def db_path() -> Path:
    value = os.environ.get("MONITOR_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


def curator_mode() -> bool:
    """Whether the app serves the Curate page (the environment switch `make curate` sets)."""
    return os.environ.get("MONITOR_CURATOR", "") == "1"


def curated_dir() -> Path:
    value = os.environ.get("MONITOR_CURATED_DIR")
    return Path(value).expanduser().resolve() if value else DEFAULT_CURATED


def imports_dir() -> Path:
    value = os.environ.get("MONITOR_IMPORTS_DIR")
    return Path(value).expanduser().resolve() if value else DEFAULT_IMPORTS
