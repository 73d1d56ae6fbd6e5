"""Data page: its tables hold exactly the query's rows, and each download is the whole expected
CSV text (header and rows) with a file name carrying the filter slug."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from apptools import assert_clean, captions, download_of, open_page

from dashboard import db, queries, settings
from dashboard.filters import Filters
from tests.csvtext import to_csv

# Kyrgyzstan, mid-2024 to mid-2025: two events, four trade figures (both reporters, three kinds of
# period), three places, sources in three scripts, one of them reprinted in another.
F = Filters(countries=("KGZ",), start=date(2024, 7, 1), end=date(2025, 6, 30))
URL = {"countries": "KGZ", "start": "2024-07-01", "end": "2025-06-30"}
SLUG = "KGZ_2024-07-01_2025-06-30"

EVENTS_CSV = """\
event_id,start_date,end_date,date_precision,title,event_type,countries,place_id,place_name,lat,lon,people,summary,source_ids
2025-04-wang-yi-central-asia-visits,2025-04-01,2025-04-30,month,"Wang Yi's visits to Kazakhstan, Uzbekistan and Kyrgyzstan",visit,CHN|KAZ|KGZ|UZB,,,,,Bakhtiyor Saidov|Wang Yi,Meetings with the foreign ministers of three Central Asian states.,mfa-cn-20250425
2024-12-27-cku-construction-launch,2024-12-27,2024-12-27,day,Construction of the China–Kyrgyzstan–Uzbekistan railway launched,infrastructure,CHN|KGZ|UZB,jalal_abad,Jalal-Abad,40.9333,73.0,Sadyr Japarov,Launch ceremony in the Jalal-Abad region.,kabar-202412
"""

TRADE_CSV = """\
trade_id,reporter_iso3,partner_iso3,period_start,period_end,period_label,period_kind,flow,commodity_code,value_usd,yoy_pct,is_lower_bound,confidence,source_id,notes
t02,CHN,KGZ,2024-01-01,2024-12-31,2024,year,total,TOTAL,22700000000.0,14.6,False,main,gacc-2025,
t04,KGZ,CHN,2024-01-01,2024-12-31,2024,year,total,TOTAL,6100000000.5,15.1,False,low,stat-kg-2025,
t07,CHN,KGZ,2025-01-01,2025-09-30,2025 Jan–Sep,ytd,export,TOTAL,15200000000.0,,False,main,gacc-2025,year to date
t05,CHN,KGZ,2025-01-01,2025-06-30,2025 H1,half_year,total,TOTAL,10900000000.0,-3.2,False,main,gacc-2025,half-year figure
"""

# The events' sources (kabar-202412, mfa-cn-20250425) and globaltimes-20251120, which the latter reprints.
EVENT_SOURCES_CSV = """\
source_id,publisher,title,published_date,date_precision,url,language,kind,reprinted_in,notes
globaltimes-20251120,Global Times,"China, Kyrgyzstan vow deeper cooperation on connectivity, security",2025-11-20,day,,en,news,,
kabar-202412,Кабар,Начато строительство железной дороги Китай — Кыргызстан — Узбекистан,2024-12-01,month,,ru,news,,Day of publication not shown.
mfa-cn-20250425,中华人民共和国外交部,王毅同哈萨克斯坦副总理兼外长努尔特莱乌举行第二次中哈外长战略对话,2025-04-25,day,,zh,official,globaltimes-20251120,
"""

PLACES_CSV = """\
place_id,name,name_local,country_iso3,kind,lat,lon,source_id,notes
bishkek,Bishkek,Бишкек,KGZ,capital,42.8747,74.6122,osm-coords,
jalal_abad,Jalal-Abad,Жалал-Абад,KGZ,railway_node,40.9333,73.0,osm-coords,
torugart,Torugart Pass,Торугарт,KGZ,border_crossing,40.5925,75.4272,osm-coords,"On the border line, 3,752 m above sea level"
"""


# ---------------------------------------------------------------- the CSV text itself

def test_events_csv_is_the_whole_expected_text(con):
    assert to_csv(db.query(con, queries.events(F))) == EVENTS_CSV


def test_trade_csv_is_the_whole_expected_text(con):
    assert to_csv(db.query(con, queries.trade_rows(F))) == TRADE_CSV


def test_sources_csv_is_the_whole_expected_text(con):
    assert to_csv(db.query(con, queries.sources_for(("kabar-202412", "mfa-cn-20250425")))) == EVENT_SOURCES_CSV


def test_places_csv_is_the_whole_expected_text(con):
    assert to_csv(db.query(con, queries.places_rows(F))) == PLACES_CSV


def test_empty_result_gives_a_header_only_csv(con):
    nothing = Filters(start=date(1990, 1, 1), end=date(1990, 12, 31))
    assert to_csv(db.query(con, queries.events(nothing))) == EVENTS_CSV.splitlines(keepends=True)[0]


def test_csv_neutralises_spreadsheet_formulas_but_keeps_numbers():
    df = pd.DataFrame({
        "text": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "plain", None],
        "number": [-1.5, 2.0, -3.0, 0.0, 1.0, 2.0, 3.0],
        "day": pd.to_datetime(["2025-01-02"] * 7),
    })
    assert to_csv(df) == (
        "text,number,day\n"
        "\"'=HYPERLINK(\"\"http://x\"\")\",-1.5,2025-01-02\n"
        "'+1,2.0,2025-01-02\n"
        "'-2,-3.0,2025-01-02\n"
        "'@SUM(A1),0.0,2025-01-02\n"
        "'\tx,1.0,2025-01-02\n"
        "plain,2.0,2025-01-02\n"
        ",3.0,2025-01-02\n"
    )


# ---------------------------------------------------------------- the page

def test_data_page_tables_hold_exactly_the_query_rows(con):
    at = open_page("data", URL)
    assert_clean(at)
    tables = {df.value.columns[0]: df.value for df in at.dataframe}
    assert list(tables["event_id"]["event_id"]) == list(db.query(con, queries.events(F))["event_id"])
    assert list(tables["trade_id"]["trade_id"]) == list(db.query(con, queries.trade_rows(F))["trade_id"]) \
        == ["t02", "t04", "t07", "t05"]
    assert list(tables["place_id"]["place_id"]) == list(db.query(con, queries.places_rows(F))["place_id"])
    assert [len(t) for t in tables.values()] == [2, 4, 3]
    assert [c.split(" — ")[0] for c in captions(at) if c.endswith(" rows — filtered to: " + F.describe())] \
        == ["Events: 2 rows", "Trade figures: 4 rows", "Places: 3 rows"]


def test_data_page_downloads_are_the_expected_files(download_files):
    at = open_page("data", URL)
    assert_clean(at)
    assert download_of(at, "Download events", download_files) == (f"events_{SLUG}.csv", EVENTS_CSV)
    assert download_of(at, "Download trade", download_files) == (f"trade_{SLUG}.csv", TRADE_CSV)
    assert download_of(at, "Download places", download_files) == (f"places_{SLUG}.csv", PLACES_CSV)
    name, text = download_of(at, "Download their 3 sources", download_files)
    assert (name, text) == (f"events_sources_{SLUG}.csv", EVENT_SOURCES_CSV)


def test_data_page_shows_a_page_of_rows_but_downloads_all(monkeypatch, download_files):
    monkeypatch.setattr(settings, "TABLE_PAGE_ROWS", 1)
    at = open_page("data", URL)
    assert_clean(at)
    assert [len(df.value) for df in at.dataframe] == [1, 1, 1]
    assert "Showing the first 1 of 4 rows; the download holds all of them." in captions(at)
    assert download_of(at, "Download trade", download_files)[1] == TRADE_CSV


def test_data_page_with_nothing_to_download():
    at = open_page("data", {"start": "1990-01-01", "end": "1990-12-31"})
    assert_clean(at)
    assert len(at.dataframe) == 1              # only places: the date range does not narrow them
    # the places' CSV, Parquet and sources; the citations of all sources; the sidebar's brief
    assert sorted(b.label for b in at.download_button) == sorted([
        "HTML", "PDF", "Download places (CSV)", "Get places as Parquet", "Download their 1 sources (CSV)",
        "Download their citations (BibTeX)", "Download their citations (CSL-JSON)"])


@pytest.mark.parametrize("filters, slug", [
    (Filters(), "all-countries"),
    (F, SLUG),
    (Filters(("KGZ", "KAZ")), "KGZ-KAZ"),
    (Filters(start=date(2025, 1, 1)), "all-countries_2025-01-01_latest"),
    (Filters(end=date(2025, 1, 1)), "all-countries_start_2025-01-01"),
    (Filters(event_types=("summit", "visit")), "all-countries_summit-visit"),
])
def test_download_file_names_carry_the_filter_slug(filters, slug):
    assert filters.slug() == slug
