"""A minimal Streamlit client: one real browser session on a running server, without a browser.

It speaks the protocol the app's JavaScript speaks: a WebSocket to /_stcore/stream, a BackMsg asking
to run a page (with the URL's query string), and ForwardMsgs back until the run has finished. What
the page drew is summarised (exceptions, alerts, metrics, headings, text) for assertions. Much
lighter than Chromium, so many sessions can run against one server while the database is rebuilt.
Test-side only: imports websockets and Streamlit's protobuf messages.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus.Name
ALERT_ERROR = 1   # streamlit.proto.Alert.Format.ERROR


@dataclass
class Render:
    """What one run of a page drew."""

    page: str
    status: str = ""
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)     # headings, markdown and captions, in order

    def problems(self) -> list[str]:
        out = [f"exception: {e}" for e in self.exceptions] + [f"st.error: {e}" for e in self.errors]
        if self.status != "FINISHED_SUCCESSFULLY":
            out.append(f"the run ended with {self.status or 'no script_finished message'}")
        return out


def render(base_url: str, page: str, query: str = "", timeout: float = 60.0) -> Render:
    """Open a new session, run `page` (its url_path, e.g. "overview") with `query`, return what it drew.

    A first request may end early for a rerun (the app routes it through app.py); the server then
    runs the page again in the same session, so this reads until a run finishes successfully."""
    result = Render(page)
    url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(ws.recv(timeout=timeout))
            kind = fm.WhichOneof("type")
            if kind == "new_session":      # a run starts: forget what an earlier, interrupted run drew
                result = Render(page)
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                _record(result, fm.delta.new_element)
            elif kind == "page_not_found":
                result.errors.append(f"page not found: {fm.page_not_found.page_name}")
            elif kind == "script_finished":
                result.status = FINISHED(fm.script_finished)
                if result.status != "FINISHED_EARLY_FOR_RERUN":
                    return result


def _record(result: Render, element) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert":
        (result.errors if element.alert.format == ALERT_ERROR else result.warnings).append(element.alert.body)
    elif kind == "metric":
        result.metrics[element.metric.label] = element.metric.body
    elif kind == "heading":
        result.texts.append(element.heading.body)
    elif kind == "markdown":
        result.texts.append(element.markdown.body)
