"""Bench (not a test): each page's view computed the naive way, pandas reading the CSVs and
filtering in memory, for comparison with the app's DuckDB queries in the same run.

    .venv/bin/python bench/naive.py --data DIR [--runs 3]

DIR holds curated/ and imports/ (the files the database was built from). The filter is the
widest one (all countries, all dates) with the start date nudged, as in bench/apptiming.py.
Prints one JSON line {page: median seconds}.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import pandas as pd

CENTRAL_ASIA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
M49 = {156: "CHN", 398: "KAZ", 417: "KGZ", 762: "TJK", 795: "TKM", 860: "UZB"}


def events_in_filter(data: Path, start: str) -> pd.DataFrame:
    events = pd.read_csv(data / "curated" / "events.csv", parse_dates=["start_date", "end_date"])
    links = pd.read_csv(data / "curated" / "event_countries.csv")
    matching = links[links["country_iso3"].isin(CENTRAL_ASIA + ["CHN"])]["event_id"].unique()
    return events[(events["end_date"] >= start) & events["event_id"].isin(matching)]


def comtrade(data: Path) -> pd.DataFrame:
    frames = [pd.read_csv(p, usecols=["freqCode", "period", "reporterCode", "partnerCode", "flowCode",
                                      "cmdCode", "primaryValue"], dtype={"period": str, "cmdCode": str})
              for p in sorted((data / "imports").glob("*.csv"))]
    return pd.concat(frames) if frames else pd.DataFrame()


def overview(data: Path, start: str):
    events = events_in_filter(data, start)
    trade = comtrade(data)
    return len(events), events.sort_values("start_date").tail(1), trade[trade["cmdCode"] == "TOTAL"].tail(1)


def map_view(data: Path, start: str):
    events = events_in_filter(data, start)
    places = pd.read_csv(data / "curated" / "places.csv")
    return places.merge(events.groupby("place_id").size().rename("events").reset_index(), how="left")


def timeline(data: Path, start: str):
    events = events_in_filter(data, start)
    return events.groupby([events["start_date"].dt.to_period("M"), "event_type"]).size()


def trade(data: Path, start: str):
    rows = comtrade(data)
    china = rows[(rows["reporterCode"] == 156) & (rows["cmdCode"] == "TOTAL") & (rows["freqCode"] == "A")
                 & (rows["period"] >= start[:4])]
    series = china.groupby(["partnerCode", "period", "flowCode"])["primaryValue"].sum()
    products = rows[(rows["cmdCode"] != "TOTAL") & (rows["freqCode"] == "A")]
    top = products.groupby(products["cmdCode"].str[:2])["primaryValue"].sum().nlargest(10)
    return series, top


def data_view(data: Path, start: str):
    events = events_in_filter(data, start)
    rows = comtrade(data)
    return events.head(500), len(events), rows.head(500), len(rows)


def sources(data: Path, start: str):
    """Every source with the events and trade figures resting on it (an import file is the source
    of its rows), as the sources page lists them."""
    src = pd.read_csv(data / "curated" / "sources.csv")
    events = pd.read_csv(data / "curated" / "event_sources.csv").groupby("source_id").size().rename("events")
    curated = pd.read_csv(data / "curated" / "trade.csv", usecols=["source_id"]).groupby("source_id").size()
    files = {p.name: len(pd.read_csv(p, usecols=["period"])) for p in sorted((data / "imports").glob("*.csv"))}
    trade = pd.concat([curated, pd.Series(files)]).rename("trade_figures")
    return src.merge(events.reset_index(), how="left").merge(trade.rename_axis("source_id").reset_index(), how="left")


VIEWS = {"overview": overview, "map": map_view, "timeline": timeline, "trade": trade, "data": data_view,
         "sources": sources}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = {}
    for name, view in VIEWS.items():
        times = []
        for i in range(args.runs):
            start = f"2010-01-{1 + i:02d}"
            t = time.perf_counter()
            view(args.data, start)
            times.append(time.perf_counter() - t)
        out[name] = round(statistics.median(times), 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
