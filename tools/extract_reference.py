"""Rebuild the statistical tables of data/ from the raw files in ../shared/reference/raw/."""

# Run by a maintainer when the reference snapshot changes, not by the build or CI:
#   python -m venv /tmp/x && /tmp/x/bin/pip install pandas pyreadr
#   /tmp/x/bin/python tools/extract_reference.py
# Curated tables (statements, timelines, plans) are edited by hand in data/; this script
# only regenerates countries.csv, refugees.csv, conflict_deaths.csv and macro_wb.csv.

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "reference" / "raw"
DATA = ROOT / "data"

# Hosts for which every origin is kept (the diaspora matrix and Afghanistan's neighbours);
# for all other hosts only Afghan refugees are kept.
HOSTS = ["AZE", "TUR", "KAZ", "UZB", "TJK", "TKM", "IRN", "PAK", "DEU", "AUT"]
CONFLICT = ["AFG", "AZE", "IRN", "PAK", "TJK", "TKM", "UZB", "KAZ", "TUR"]
MID_YEAR = 2022  # the latest year of the Nov 2022 release is a mid-year figure
OWID_TYPES = {
    "One-sided violence": "one-sided",
    "Non-state": "non-state",
    "Intrastate": "intrastate",
    "Interstate": "interstate",
}


def refugees() -> pd.DataFrame:
    """UNHCR refugees and asylum-seekers by origin, asylum country and year."""
    import pyreadr  # only the maintainer's extraction needs it

    raw = pyreadr.read_r(str(RAW / "unhcrdatapackage" / "end_year_population_totals.RData"))
    frame = next(iter(raw.values()))
    frame = frame[frame["Year"] >= 2010]
    keep = frame["CountryAsylumCode"].isin(HOSTS) | (frame["CountryOriginCode"] == "AFG")
    frame = frame[keep & ((frame["REF"] > 0) | (frame["ASY"] > 0))]
    out = pd.DataFrame(
        {
            "year": frame["Year"].astype(int),
            "origin": frame["CountryOriginCode"],
            "asylum": frame["CountryAsylumCode"],
            "refugees": frame["REF"].astype(int),
            "asylum_seekers": frame["ASY"].astype(int),
            "is_mid_year": frame["Year"].astype(int) == MID_YEAR,
            "source_id": "unhcr_popstats_2022",
        }
    )
    # The earlier series for Afghans in Iran and Pakistan comes from the HDX extract.
    hdx = pd.read_csv(RAW / "unhcr-hdx-fixture" / "HDX_EndYearPopulationTotals.csv")
    early_afghans = (hdx["ISO3CoO"] == "AFG") & hdx["ISO3CoA"].isin(["IRN", "PAK"])
    hdx = hdx[early_afghans & (hdx["Year"] < 2010)]
    hdx = hdx[(hdx["REF"] > 0) | (hdx["ASY"] > 0)]
    early = pd.DataFrame(
        {
            "year": hdx["Year"].astype(int),
            "origin": hdx["ISO3CoO"],
            "asylum": hdx["ISO3CoA"],
            "refugees": hdx["REF"].astype(int),
            "asylum_seekers": hdx["ASY"].astype(int),
            "is_mid_year": False,
            "source_id": "unhcr_hdx_2020",
        }
    )
    out = pd.concat([early, out], ignore_index=True)
    return out.sort_values(["origin", "asylum", "year"]).reset_index(drop=True)


def conflict_deaths() -> pd.DataFrame:
    """UCDP deaths by country, year and type, from the two OWID exports."""
    folder = RAW / "owid-countries-in-conflict"
    total = pd.read_csv(folder / "countries-in-conflict-data-all.csv")
    total.columns = ["entity", "iso3", "year", "deaths"]
    total["type"] = "all"
    by_type = pd.read_csv(folder / "countries-in-conflict-data-by-type.csv")
    by_type = by_type.rename(columns={"Entity": "entity", "Code": "iso3", "Year": "year"})
    by_type = by_type.melt(
        id_vars=["entity", "iso3", "year"], var_name="type", value_name="deaths"
    ).replace({"type": OWID_TYPES})
    cic = pd.concat([total, by_type], ignore_index=True)
    cic["release"] = "UCDP via OWID, export to 2022"
    cic["source_id"] = "ucdp_owid_cic"
    ged = pd.read_csv(
        RAW
        / "owid-datasets"
        / "Conflict_deaths_____UCDP_Georeferenced_Event_Data__2019_"
        / "Conflict deaths – UCDP Georeferenced Event Data (2019).csv"
    )
    names = total.drop_duplicates("entity").set_index("entity")["iso3"]
    ged = ged.assign(iso3=ged["Entity"].map(names), type="all")
    ged = ged.rename(columns={"Year": "year", "Direct conflict deaths": "deaths"})
    ged["release"] = "UCDP GED 19.1"
    ged["source_id"] = "ucdp_ged191_owid"
    out = pd.concat([cic, ged[["iso3", "year", "type", "deaths", "release", "source_id"]]])
    out = out[out["iso3"].isin(CONFLICT)]
    out["deaths"] = out["deaths"].astype(int)
    columns = ["iso3", "year", "type", "deaths", "release", "source_id"]
    return out[columns].sort_values(["iso3", "release", "type", "year"]).reset_index(drop=True)


def macro_wb() -> pd.DataFrame:
    """World Bank GDP (current USD) and population, one row per country, year, indicator."""
    gdp = pd.read_csv(RAW / "datasets-gdp" / "gdp_subset.csv")
    gdp = gdp.assign(
        indicator="gdp_current_usd",
        unit="USD",
        vintage="WDI 2024-10-21",
        source_id="wb_wdi_gdp_2024_10",
    )
    pop = pd.read_csv(RAW / "datasets-population" / "population_subset.csv")
    pop = pop.assign(
        indicator="population",
        unit="people",
        vintage="WDI 2026-03-06",
        source_id="wb_wdi_pop_2026_03",
    )
    out = pd.concat([gdp, pop], ignore_index=True)
    out = out.rename(columns={"Country Code": "iso3", "Year": "year", "Value": "value"})
    out = out[out["year"] >= 1990]
    out["value"] = out["value"].round(0).astype("int64")
    columns = ["iso3", "year", "indicator", "value", "unit", "vintage", "source_id"]
    return out[columns].sort_values(["iso3", "indicator", "year"]).reset_index(drop=True)


def countries(codes: set[str]) -> pd.DataFrame:
    """Names for every code the tables use: UNHCR's names, else the World Bank's."""
    import pyreadr

    rdata = RAW / "unhcrdatapackage" / "end_year_population_totals.RData"
    raw = next(iter(pyreadr.read_r(str(rdata)).values()))
    names: dict[str, tuple[str, str]] = {}
    for side in ("Origin", "Asylum"):
        code_col, name_col = f"Country{side}Code", f"Country{side}Name"
        pairs = raw[[code_col, name_col]].drop_duplicates(code_col)
        for code, name in zip(pairs[code_col], pairs[name_col], strict=True):
            names[code] = (name, "unhcr_popstats_2022")
    wb = pd.read_csv(RAW / "datasets-gdp" / "gdp_subset.csv").drop_duplicates("Country Code")
    for code, name in zip(wb["Country Code"], wb["Country Name"], strict=True):
        names.setdefault(code, (name, "wb_wdi_gdp_2024_10"))
    rows = [(code, *names[code]) for code in sorted(codes)]
    return pd.DataFrame(rows, columns=["iso3", "name", "source_id"])


def main() -> int:
    """Write the four tables."""
    tables = {"refugees": refugees(), "conflict_deaths": conflict_deaths(), "macro_wb": macro_wb()}
    codes: set[str] = set()
    for frame in tables.values():
        for column in ("origin", "asylum", "iso3"):
            if column in frame:
                codes |= set(frame[column])
    # Countries named by the curated trade tables must have a name too.
    codes |= {"AZE", "AFG", "CHN", "IRN", "PAK", "TKM", "KAZ", "UZB", "TJK", "TUR", "GEO"}
    tables["countries"] = countries(codes)
    for name, frame in tables.items():
        frame.to_csv(DATA / f"{name}.csv", index=False, lineterminator="\n")
        print(f"data/{name}.csv: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
