"""Helpers for the AppTest suites: open a page of the app and read what it drew.

Test-side only: imports streamlit's testing API, pyarrow (to decode chart data) and pandas.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = ("overview", "map", "timeline", "trade", "data", "sources")
FILTERED_PAGES = PAGES[:-1]            # the sources page lists every source, whatever the filter
TITLES = {
    "overview": "China–Central Asia Monitor", "map": "Map", "timeline": "Timeline",
    "trade": "Trade with China", "data": "Data", "sources": "Sources and method",
}


def open_page(page: str = "overview", query: dict[str, str] | None = None) -> AppTest:
    """Run the app as a browser opening /<page>?<query> would, and return the finished AppTest.

    The page's url_path equals its file name, so switch_page() before the first run selects it.
    """
    at = AppTest.from_file(APP, default_timeout=30)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def problems(at: AppTest) -> list[str]:
    """Uncaught exceptions and st.error boxes (app.py turns a page's exception into st.error)."""
    return ([f"exception: {e.message}\n{''.join(e.stack_trace)}" for e in at.exception]
            + [f"st.error: {e.value}" for e in at.error])


def assert_clean(at: AppTest) -> None:
    assert problems(at) == [], "\n".join(problems(at))


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def download_of(at: AppTest, label_start: str, download_files) -> tuple[str, str]:
    """(file name, text) the download button whose label starts with `label_start` gives when
    clicked: its stored bytes, or what its callable returns (a lazy download runs its query only
    now). `download_files` is the conftest fixture of that name."""
    [button] = [b for b in at.download_button if b.label.startswith(label_start)]
    file_id = button.proto.deferred_file_id or PurePosixPath(button.proto.url).stem
    name, data = download_files[file_id]
    if callable(data):
        data = data()
    return name, data.decode("utf-8") if isinstance(data, bytes) else data


def metric(at: AppTest, label: str) -> str:
    [value] = [m.value for m in at.metric if m.label == label]
    return value


def deck_spec(at: AppTest) -> dict:
    """The pydeck spec of the page's only map, with its layers by id."""
    [chart] = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def layers_by_id(spec: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in spec["layers"]}


@dataclass
class VegaChart:
    spec: dict
    datasets: dict[str, pd.DataFrame]

    def views(self) -> list[dict]:
        """The chart's views: its layers, or the chart itself when it has none."""
        return self.spec.get("layer", [self.spec])

    def data_of(self, view: dict) -> pd.DataFrame:
        """A view's data: its own, or the chart's when its layers share one."""
        return self.datasets[view.get("data", self.spec.get("data"))["name"]]


def event_charts(at: AppTest) -> list[VegaChart]:
    """The Altair charts of events: every chart but the timeline's partnership bands."""
    return [c for c in vega_charts(at) if not any("in_force" in df for df in c.datasets.values())]


def partnership_charts(at: AppTest) -> list[VegaChart]:
    """The timeline's partnership bands."""
    return [c for c in vega_charts(at) if any("in_force" in df for df in c.datasets.values())]


def vega_charts(at: AppTest) -> list[VegaChart]:
    """Every Altair chart on the page, with the data Streamlit sends the browser (Arrow IPC)."""
    out = []
    for element in at.get("vega_lite_chart"):
        datasets = {ds.name: pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
                    for ds in element.proto.datasets}
        out.append(VegaChart(json.loads(element.proto.spec), datasets))
    return out
