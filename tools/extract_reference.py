"""Rebuild the statistical tables of data/ from the raw files of the reference snapshot."""

# Run by a maintainer when the reference snapshot changes, not by the build or CI:
#   python -m venv /tmp/x && /tmp/x/bin/pip install pandas pyreadr
#   AZAF_REFERENCE=/path/to/shared/reference /tmp/x/bin/python tools/extract_reference.py
# AZAF_REFERENCE defaults to ../shared/reference beside the checkout. A second run on the same
# inputs writes byte-identical files (tests/test_data_package.py checks the written tables).
# Curated tables (statements, timelines, plans) are edited by hand in data/; this script
# only regenerates countries.csv, refugees.csv, refugees_mid_year.csv, conflict_deaths.csv
# and macro_wb.csv.

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("AZAF_REFERENCE", ROOT.parent / "shared" / "reference"))
RAW = REFERENCE / "raw"
ADDENDUM = REFERENCE / "addendum-2026-12"
UNHCR_RAW = ADDENDUM / "unhcr_ucdp" / "raw"
WDI_RAW = ADDENDUM / "macro_funding" / "raw" / "datasets-world-development-indicators"
# Raw extracts that are not in the reference snapshot travel with the project (see PROVENANCE).
OWN_RAW = ROOT / "tools" / "raw"
DATA = ROOT / "data"

# Hosts for which every origin is kept (the diaspora matrix and Afghanistan's neighbours);
# for all other hosts only Afghans are kept.
HOSTS = ["AZE", "TUR", "KAZ", "UZB", "TJK", "TKM", "IRN", "PAK", "DEU", "AUT"]
ORIGINS = ["AFG"]
CONFLICT = ["AFG", "AZE", "IRN", "PAK", "TJK", "TKM", "UZB", "KAZ", "TUR"]
# The November 2022 release ends with a mid-year 2022 figure; the 2025.12 release replaces
# it with the end-2022 stock, so the older release is used up to 2021 only.
OLD_RELEASE_LAST_YEAR = 2021
NEW_RELEASE = "unhcr_refugees_rpkg_2025.12.1_population_extract.csv"
MID_YEAR_RELEASE = "unhcr_refugees_rpkg_2025.6.0_population_extract.csv"
OWID_TYPES = {
    "One-sided violence": "one-sided",
    "Non-state": "non-state",
    "Intrastate": "intrastate",
    "Interstate": "interstate",
}
# UCDP country-year columns (best estimates) and the type names of data/conflict_deaths.csv.
# State-based deaths (intrastate plus interstate) are not stored: they are the sum of two rows.
UCDP_CY_TYPES = {
    "cumulative_total_deaths_in_orgvio_best_cy": "all",
    "sb_intrastate_deaths_best_cy": "intrastate",
    "sb_interstate_deaths_best_cy": "interstate",
    "ns_total_deaths_best_cy": "non-state",
    "os_total_deaths_best_cy": "one-sided",
}
UCDP_CY_NAMES = {
    "Afghanistan": "AFG",
    "Azerbaijan": "AZE",
    "Iran": "IRN",
    "Pakistan": "PAK",
    "Tajikistan": "TJK",
    "Turkmenistan": "TKM",
    "Uzbekistan": "UZB",
    "Kazakhstan": "KAZ",
    "Turkey": "TUR",
}
WDI = {
    "ny.gdp.mktp.cd": ("gdp_current_usd", "USD"),
    "ny.gdp.mktp.kd.zg": ("gdp_growth", "percent"),
    "sp.pop.totl": ("population", "people"),
    "pa.nus.fcrf": ("exchange_rate", "local currency per USD, period average"),
}
WDI_VINTAGE = "WDI 2026-07-01"
# Codes used by the curated tables (trade, corridor, ACLED) beyond the statistical ones; WLD is
# the World Bank's code for the world as a whole.
CURATED_CODES = {"AZE", "AFG", "CHN", "IRN", "PAK", "TKM", "KAZ", "UZB", "TJK", "TUR", "GEO"}
WORLD = ("WLD", "World", "wb_wdi_2026_07")


def _kept(origin: pd.Series, asylum: pd.Series) -> pd.Series:
    return asylum.isin(HOSTS) | origin.isin(ORIGINS)


def _unhcr_release(name: str, source_id: str, mid_year: bool) -> pd.DataFrame:
    """Rows of one extract of UNHCR's `refugees` R package, in the project's layout."""
    frame = pd.read_csv(UNHCR_RAW / name, keep_default_na=False, na_values=[""])
    frame = frame[_kept(frame["coo_iso"], frame["coa_iso"])]
    frame = frame[(frame["refugees"] > 0) | (frame["asylum_seekers"] > 0)]
    return pd.DataFrame(
        {
            "year": frame["year"].astype(int),
            "origin": frame["coo_iso"],
            "asylum": frame["coa_iso"],
            "refugees": frame["refugees"].astype(int),
            "asylum_seekers": frame["asylum_seekers"].astype(int),
            "other_in_need": frame["oip"].astype(int).astype("string"),
            "is_mid_year": mid_year,
            "source_id": source_id,
        }
    )


def refugees() -> pd.DataFrame:
    """UNHCR refugees and asylum-seekers by origin, asylum country and year (end-year stocks)."""
    import pyreadr  # only the maintainer's extraction needs it

    raw = pyreadr.read_r(str(RAW / "unhcrdatapackage" / "end_year_population_totals.RData"))
    frame = next(iter(raw.values()))
    frame = frame[frame["Year"].between(2010, OLD_RELEASE_LAST_YEAR)]
    keep = _kept(frame["CountryOriginCode"], frame["CountryAsylumCode"])
    frame = frame[keep & ((frame["REF"] > 0) | (frame["ASY"] > 0))]
    old = pd.DataFrame(
        {
            "year": frame["Year"].astype(int),
            "origin": frame["CountryOriginCode"],
            "asylum": frame["CountryAsylumCode"],
            "refugees": frame["REF"].astype(int),
            "asylum_seekers": frame["ASY"].astype(int),
            "other_in_need": pd.NA,
            "is_mid_year": False,
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
            "other_in_need": pd.NA,
            "is_mid_year": False,
            "source_id": "unhcr_hdx_2020",
        }
    )
    new = _unhcr_release(NEW_RELEASE, "unhcr_refugees_2025_12", mid_year=False)
    out = pd.concat([early, old, new], ignore_index=True)
    return out.sort_values(["origin", "asylum", "year"]).reset_index(drop=True)


def refugees_mid_year() -> pd.DataFrame:
    """UNHCR's mid-2025 stocks (Mid-Year Trends 2025), kept apart from the end-year series."""
    frame = _unhcr_release(MID_YEAR_RELEASE, "unhcr_refugees_2025_06", mid_year=True)
    frame = frame[frame["year"] == 2025].drop(columns="is_mid_year")
    frame.insert(1, "as_of", "2025-06-30")
    return frame.sort_values(["origin", "asylum"]).reset_index(drop=True)


def conflict_deaths() -> pd.DataFrame:
    """UCDP deaths by country, year and type: two OWID exports and UCDP's country-year 25.1."""
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
    cy = pd.read_csv(
        OWN_RAW / "ucdp-organizedviolencecy-25.1" / "organizedviolencecy_v25_1_subset.csv"
    )
    cy = cy.assign(iso3=cy["country_cy"].map(UCDP_CY_NAMES), year=cy["year_cy"])
    cy = cy.melt(
        id_vars=["iso3", "year"],
        value_vars=list(UCDP_CY_TYPES),
        var_name="type",
        value_name="deaths",
    ).replace({"type": UCDP_CY_TYPES})
    cy["release"] = "UCDP Organized Violence Country-Year 25.1"
    cy["source_id"] = "ucdp_orgvio_cy_251"
    columns = ["iso3", "year", "type", "deaths", "release", "source_id"]
    out = pd.concat([cic, ged[columns], cy[columns]])
    out = out[out["iso3"].isin(CONFLICT)]
    out["deaths"] = out["deaths"].astype(int)
    return out[columns].sort_values(["iso3", "release", "type", "year"]).reset_index(drop=True)


def _wdi_number(value: float, indicator: str) -> str:
    """Counts and US dollars as whole numbers; rates with the precision the WDI gives them."""
    if indicator in ("gdp_current_usd", "population"):
        return str(int(round(value)))
    return repr(float(value))


def macro_wb() -> pd.DataFrame:
    """World Bank WDI by country, year and indicator; each country's series from one vintage.

    Afghanistan and Azerbaijan come from the July 2026 WDI mirror (GDP, growth, population,
    exchange rate); the neighbours' GDP from the October 2024 vintage, the only one held.
    """
    frames = []
    for code, (indicator, unit) in WDI.items():
        frame = pd.read_csv(WDI_RAW / f"{code}_AFG_AZE.csv").dropna(subset=["Value"])
        frames.append(
            frame.assign(
                indicator=indicator, unit=unit, vintage=WDI_VINTAGE, source_id="wb_wdi_2026_07"
            )
        )
    new = pd.concat(frames, ignore_index=True)
    gdp = pd.read_csv(RAW / "datasets-gdp" / "gdp_subset.csv")
    gdp = gdp[~gdp["Country Code"].isin(new["Country Code"])]
    gdp = gdp.assign(
        indicator="gdp_current_usd",
        unit="USD",
        vintage="WDI 2024-10-21",
        source_id="wb_wdi_gdp_2024_10",
    )
    out = pd.concat([gdp, new], ignore_index=True)
    out = out.rename(columns={"Country Code": "iso3", "Year": "year", "Value": "value"})
    out = out[out["year"] >= 1990].copy()
    out["value"] = [_wdi_number(v, i) for v, i in zip(out["value"], out["indicator"], strict=True)]
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
    # Codes that first appear in the 2025 release take that release's names.
    new = pd.read_csv(UNHCR_RAW / NEW_RELEASE, keep_default_na=False, na_values=[""])
    for side in ("coo", "coa"):
        pairs = new[[f"{side}_iso", f"{side}_name"]].drop_duplicates(f"{side}_iso")
        for code, name in zip(pairs[f"{side}_iso"], pairs[f"{side}_name"], strict=True):
            names.setdefault(code, (name, "unhcr_refugees_2025_12"))
    wb = pd.read_csv(RAW / "datasets-gdp" / "gdp_subset.csv").drop_duplicates("Country Code")
    for code, name in zip(wb["Country Code"], wb["Country Name"], strict=True):
        names.setdefault(code, (name, "wb_wdi_gdp_2024_10"))
    names.setdefault(WORLD[0], WORLD[1:])
    rows = [(code, *names[code]) for code in sorted(codes | {WORLD[0]})]
    return pd.DataFrame(rows, columns=["iso3", "name", "source_id"])


def main() -> int:
    """Write the five tables."""
    tables = {
        "refugees": refugees(),
        "refugees_mid_year": refugees_mid_year(),
        "conflict_deaths": conflict_deaths(),
        "macro_wb": macro_wb(),
    }
    codes: set[str] = set()
    for frame in tables.values():
        for column in ("origin", "asylum", "iso3"):
            if column in frame:
                codes |= set(frame[column])
    codes |= CURATED_CODES
    tables["countries"] = countries(codes)
    for name, frame in tables.items():
        frame.to_csv(DATA / f"{name}.csv", index=False, lineterminator="\n")
        print(f"data/{name}.csv: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
