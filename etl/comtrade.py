"""ETL layer: recognise UN Comtrade exports in the imports folder and turn them into trade rows.

Two formats are known by their exact header: the current Comtrade Plus export (47 columns) and the
legacy comtrade.un.org bulk CSV (22 columns). Anything else is refused with a reason.
Imports only the standard library and the ETL's own modules.
"""
from __future__ import annotations

import calendar
import hashlib
import re
from datetime import date
from pathlib import Path

from .csvfile import CsvData, Problem, display_path, read_csv
from .rules import (ANNUAL_PERIOD_PATTERN, COMTRADE_MIN_YEAR, HS_CLASSIFICATION_PATTERN, HS_CODE_PATTERN, MAX_YEAR,
                    MONTHLY_PERIOD_PATTERN, full)
from .tables import MAX_USD
from .validate import NUMBER_RE, Row

PLUS_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
    "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
    "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,"
    "isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,"
    "grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,"
    "isAggregate"
).split(",")
LEGACY_HEADER = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
    "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Commodity,"
    "Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag"
).split(",")

# Column names of each format for the fields the trade table needs.
FIELDS = {
    "comtrade-plus-47": dict(freq="freqCode", year="refYear", period="period", reporter="reporterCode",
                             partner="partnerCode", flow="flowCode", classification="classificationCode",
                             commodity="cmdCode", description="cmdDesc", value="primaryValue"),
    "comtrade-legacy-22": dict(freq=None, year="Year", period="Period", reporter="Reporter Code",
                               partner="Partner Code", flow="Trade Flow Code",
                               classification="Classification", commodity="Commodity Code",
                               description="Commodity", value="Trade Value (US$)"),
}
FLOW_CODES = {"M": "import", "X": "export", "1": "import", "2": "export"}
HS_CODE_RE = full(HS_CODE_PATTERN)
HS_CLASSIFICATIONS = full(HS_CLASSIFICATION_PATTERN)
ANNUAL_PERIOD_RE, MONTHLY_PERIOD_RE = full(ANNUAL_PERIOD_PATTERN), full(MONTHLY_PERIOD_PATTERN)
# In a Comtrade Plus export, breakdown rows (by second partner, customs procedure, transport mode)
# would double count against the totals that the trade table holds.
PLUS_TOTAL_ONLY = {"partner2Code": ("0", ""), "customsCode": ("C00", ""), "motCode": ("0", "")}
IGNORED_FILES = {"README.md", ".gitkeep"}


def recognise(header: list[str]) -> str | None:
    if header == PLUS_HEADER:
        return "comtrade-plus-47"
    if header == LEGACY_HEADER:
        return "comtrade-legacy-22"
    return None


def describe_mismatch(header: list[str]) -> str:
    """Say how a header differs from the nearest known Comtrade header."""
    for name, known in (("Comtrade Plus (47 columns)", PLUS_HEADER), ("legacy Comtrade (22 columns)", LEGACY_HEADER)):
        if len(set(header) & set(known)) >= len(known) // 2:
            missing = [c for c in known if c not in header]
            extra = [c for c in header if c not in known]
            if missing or extra:
                parts = []
                if missing:
                    parts.append("missing " + ", ".join(missing[:5]))
                if extra:
                    parts.append("unexpected " + ", ".join(extra[:5]))
                return f"header is close to the {name} export but {'; '.join(parts)}"
            return f"header has the {name} columns but in a different order"
    return ("not a recognised UN Comtrade export: the header matches neither the Comtrade Plus "
            "47-column nor the legacy 22-column format")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "file"


def import_source_id(path: Path) -> str:
    """The source id an import file's rows cite: comtrade-<file name as a slug>."""
    return "comtrade-" + slug(path.stem)


def import_source(path: Path, fmt: str, rows: int, digest: str) -> Row:
    """The sources row of one loaded import file (both validation paths write it here)."""
    return {
        "source_id": import_source_id(path), "publisher": "UN Comtrade", "title": f"Analyst import: {path.name}",
        "published_date": None, "date_precision": None, "url": None, "language": "en", "kind": "dataset",
        "reprinted_in": None, "notes": f"{fmt} export loaded from data/imports; {rows} rows; sha256 {digest[:16]}",
    }


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(freq: str | None, year_text: str, period_text: str) -> tuple[tuple[date, date] | None, str | None, str]:
    """(start, end) of a Comtrade period, or a reason; third item names the column at fault."""
    if freq not in (None, "A", "M"):
        return None, f"unknown frequency '{freq}'; expected A (annual) or M (monthly)", "freqCode"
    if ANNUAL_PERIOD_RE.match(period_text) and freq in (None, "A"):
        year = int(period_text)
        if COMTRADE_MIN_YEAR <= year <= MAX_YEAR:
            return (date(year, 1, 1), date(year, 12, 31)), None, ""
    if MONTHLY_PERIOD_RE.match(period_text) and freq in (None, "M"):
        year, month = int(period_text[:4]), int(period_text[4:])
        if COMTRADE_MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
            return (date(year, month, 1), month_end(year, month)), None, ""
    return None, f"impossible period '{period_text[:20]}'", "period"


def load_import(path: Path, area_by_m49: dict[str, str]) -> tuple[dict | None, list[Problem]]:
    """Return {'path': shown path, 'source': row, 'trade': rows, 'commodities': {code: description}} or problems."""
    data, problems = read_csv(path, fallback_encoding="latin-1")  # Comtrade's web exports are Latin-1
    if data is None:
        return None, problems
    fmt = recognise(data.header)
    if fmt is None:
        return None, [Problem(data.path, 1, "-", describe_mismatch(data.header))]
    if not data.records:
        return None, [Problem(data.path, 2, "-", "no data rows: the file holds only a header")]
    return _rows(path, data, fmt, area_by_m49)


def _rows(path: Path, data: CsvData, fmt: str, area_by_m49: dict[str, str]):
    f = FIELDS[fmt]
    idx = {name: i for i, name in enumerate(data.header)}
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    source_id = import_source_id(path)
    problems: list[Problem] = []
    trade: list[Row] = []
    commodities: dict[str, str] = {}
    seen: dict[tuple, int] = {}

    def bad(line, column, reason):
        problems.append(Problem(data.path, line, column, reason))

    for line, fields in data.records:
        get = lambda name: fields[idx[name]].strip()  # noqa: E731
        ok = True
        if fmt == "comtrade-plus-47":
            for column, allowed in PLUS_TOTAL_ONLY.items():
                if get(column) not in allowed:
                    bad(line, column, f"breakdown row ({column}={get(column)[:10]}); export totals only "
                                      f"({column} {allowed[0]}) so that values are not counted twice")
                    ok = False
        freq = get(f["freq"]) if f["freq"] else None
        period, reason, column = parse_period(freq, get(f["year"]), get(f["period"]))
        if reason:
            bad(line, column or f["period"], reason)
            ok = False
        elif get(f["year"]) != str(period[0].year):
            bad(line, f["year"], f"year '{get(f['year'])[:10]}' does not match period '{get(f['period'])[:10]}'")
            ok = False
        codes = {}
        for role in ("reporter", "partner"):
            code = get(f[role]).lstrip("0") or "0"
            if code not in area_by_m49:
                bad(line, f[role], f"unknown country code '{get(f[role])[:10]}': not in countries.csv "
                                   "(filter the export to China and the five Central Asian states)")
                ok = False
            codes[role] = area_by_m49.get(code)
        flow = FLOW_CODES.get(get(f["flow"]))
        if flow is None:
            bad(line, f["flow"], f"unknown trade flow '{get(f['flow'])[:10]}'; expected import or export "
                                 "(M/X, or 1/2 in the legacy format)")
            ok = False
        if not HS_CLASSIFICATIONS.match(get(f["classification"])):
            bad(line, f["classification"], f"classification '{get(f['classification'])[:10]}' is not HS")
            ok = False
        commodity = get(f["commodity"])
        if commodity.upper() == "TOTAL":
            commodity = "TOTAL"
        elif not HS_CODE_RE.match(commodity):
            bad(line, f["commodity"], f"'{commodity[:20]}' is not an HS code (2, 4 or 6 digits) or TOTAL")
            ok = False
        value_text = get(f["value"])
        if not NUMBER_RE.match(value_text):
            bad(line, f["value"], f"'{value_text[:20]}' is not a number")
            ok = False
        elif float(value_text) < 0:
            bad(line, f["value"], f"negative value {value_text[:30]}: trade values are never negative")
            ok = False
        elif not float(value_text) <= MAX_USD:
            bad(line, f["value"], f"{value_text[:30]} is out of range: no trade figure exceeds US$ {MAX_USD:g}")
            ok = False
        if not ok:
            continue
        key = (codes["reporter"], codes["partner"], period, flow, commodity)
        if key in seen:
            bad(line, f["commodity"], f"duplicate row for the same reporter, partner, period, flow and "
                                      f"commodity (first at line {seen[key]})")
            continue
        seen[key] = line
        description = get(f["description"])
        if description and commodity not in commodities:
            commodities[commodity] = description
        trade.append({
            "_line": line, "trade_id": f"{source_id}-{line}", "reporter_iso3": codes["reporter"],
            "partner_iso3": codes["partner"], "period_start": period[0], "period_end": period[1],
            "flow": flow, "commodity_code": commodity, "value_usd": float(value_text), "yoy_pct": None,
            "is_lower_bound": False, "confidence": "main", "source_id": source_id, "notes": None,
        })
    if problems:
        return None, problems
    source = import_source(path, fmt, len(trade), digest)
    return {"path": data.path, "source": source, "trade": trade, "commodities": commodities}, []


def load_imports(imports_dir: Path, area_by_m49: dict[str, str]) -> tuple[list[dict], list[Problem]]:
    if not imports_dir.exists():
        return [], []
    loaded, problems = [], []
    for path in sorted(imports_dir.iterdir()):
        if path.name in IGNORED_FILES or path.name.startswith("."):
            continue
        if not path.is_file():
            if path.suffix.lower() == ".csv":
                problems.append(Problem(display_path(path), 0, "-",
                                        "not a regular file (a folder, a broken link or a device)"))
            continue
        if path.suffix.lower() != ".csv":
            problems.append(Problem(display_path(path), 0, "-",
                                    "not a CSV file: data/imports takes UN Comtrade CSV exports only"))
            continue
        result, file_problems = load_import(path, area_by_m49)
        problems.extend(file_problems)
        if result:
            loaded.append(result)
    ids = [r["source"]["source_id"] for r in loaded]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(display_path(imports_dir), 0, "-",
                                f"two import files map to the same source id '{dup}'; rename one"))
    return loaded, problems
