"""The INSEE vintages shipped in tdi_split/data/insee/ (files/vintages.py): every file is the one
its manifest names, the counts hold, the EPCIs of Finistère are there with their figures, and
unknown years, SIRENs and names get a clear answer."""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import io
import json
import sys
import time
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tdi_split.files import vintages
from tdi_split.files.vintages import Epci, closest, find_by_siren, load, years

from .helpers import ROOT

FOLDER = resources.files("tdi_split").joinpath("data/insee")
MANIFEST: dict[str, Any] = json.loads(FOLDER.joinpath("vintages.json").read_bytes())
ENTRIES = MANIFEST["vintages"]
NEWEST = max(entry["year"] for entry in ENTRIES)

FINISTERE = {
    # SIREN: name in the DGCL list of 2025 (INSEE 2022); the ten of config/partners.yaml first
    "242900314": "Brest Métropole",
    "200068120": "CA Quimper Bretagne Occidentale",
    "242900835": "CA Morlaix Communauté",
    "242900801": "CA du Pays de Landerneau-Daoulas",
    "242900751": "CC du Pays de Landivisiau",
    "200067072": "CC Haut-Léon Communauté",
    "200067247": "CC Pleyben-Châteaulin-Porzay",
    "200066868": "CC Presqu'île de Crozon-Aulne maritime",
    "242900561": "CC de Haute Cornouaille",
    "242900744": "CC Poher Communauté",  # 7 of its 11 communes are in Finistère, 4 in Côtes-d'Armor
    "242900694": "CA Quimperlé Communauté",
    "242900769": "CA Concarneau Cornouaille Agglomération",
    "242900074": "CC du Pays d'Iroise",
    "242900553": "CC du Pays des Abers",
    "242900702": "CC du Pays Bigouden Sud",
    "242900660": "CC du Pays Fouesnantais",
    "242900793": "CC Communauté Lesneven Côte des Légendes",
    "242900710": "CC du Haut Pays Bigouden",
    "242900645": "CC Douarnenez Communauté",
    "242900629": "CC Cap Sizun - Pointe du Raz",
    "200067197": "CC Monts d'Arrée Communauté",
}


def _files(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return list(entry["files"].values())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["year"]))
def test_every_file_is_the_one_the_manifest_names(entry: dict[str, Any]) -> None:
    for file in _files(entry):
        data = FOLDER.joinpath(file["name"]).read_bytes()
        assert len(data) == file["bytes"]
        assert hashlib.sha256(data).hexdigest() == file["sha256"], file["name"]
        if file["name"].endswith(".gz"):
            assert hashlib.sha256(gzip.decompress(data)).hexdigest() == file["content_sha256"]


def test_the_folder_holds_the_manifest_its_files_and_the_licence_only() -> None:
    named = {file["name"] for entry in ENTRIES for file in _files(entry)}
    shipped = {path.name for path in FOLDER.iterdir() if path.is_file()}
    assert shipped == named | {"vintages.json", "LICENCE.md"}
    assert sum(FOLDER.joinpath(name).read_bytes().__len__() for name in shipped) < 2_000_000


def test_the_manifest_says_where_each_vintage_comes_from() -> None:
    for entry in ENTRIES:
        assert entry["package"] == "@etalab/decoupage-administratif"
        assert entry["in_force"] == entry["year"] + 3
        assert len(entry["tarball_sha256"]) == 64
        assert entry["integrity"].startswith("sha512-")
        assert entry["tarball"] == f"etalab-decoupage-administratif-{entry['version']}.tgz"
        assert entry["published"]
        checks = entry["year_established"]["checked_against_insee_communes"]
        same_year = [c for c in checks if c["insee_year"] == entry["year"]]
        assert all(c["members_equal"] < c["members_compared"] / 2 for c in checks if c not in same_year)
        assert all(c["members_equal"] >= 0.99 * c["members_compared"] for c in same_year)


def _build_script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_vintages", ROOT / "scripts" / "build_vintages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_vintages", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_manifest_is_what_the_build_script_pins(monkeypatch: pytest.MonkeyPatch) -> None:
    script = _build_script(monkeypatch)
    assert [(e["year"], e["version"]) for e in ENTRIES] == [(p.year, p.version) for p in script.PINS]
    for entry in ENTRIES:
        assert entry["tarball_sha256"] == script.TARBALL_SHA256[entry["version"]]
    assert FOLDER.joinpath("LICENCE.md").read_text(encoding="utf-8") == script._licence(ENTRIES)


def test_years_are_the_manifests_newest_last() -> None:
    assert years() == sorted(entry["year"] for entry in ENTRIES)
    assert years()[-1] == NEWEST
    assert years() == list(range(2018, NEWEST + 1))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["year"]))
def test_counts(entry: dict[str, Any]) -> None:
    vintage = load(entry["year"])
    assert vintage.version == entry["version"]
    assert len(vintage.epcis) == entry["counts"]["epcis"]
    assert 1200 <= len(vintage.epcis) <= 1300
    assert all(len(siren) == 9 and siren.isdigit() for siren in vintage.epcis)
    assert all(0 < e.municipal <= e.total for e in vintage.epcis.values())
    assert 66_000_000 < sum(e.municipal for e in vintage.epcis.values()) < 70_000_000
    assert vintage.has_communes == ("communes" in entry["files"])


@pytest.mark.parametrize("year", [e["year"] for e in ENTRIES if "communes" in e["files"]])
def test_communes_add_up_to_their_epcis(year: int) -> None:
    vintage = load(year)
    communes = vintage.communes()
    assert len(communes) == next(e for e in ENTRIES if e["year"] == year)["counts"]["communes"]
    assert 34_000 < len(communes) < 36_000
    municipal: dict[str, int] = {}
    total: dict[str, int] = {}
    for commune in communes.values():
        municipal[commune.epci_siren] = municipal.get(commune.epci_siren, 0) + commune.municipal
        total[commune.epci_siren] = total.get(commune.epci_siren, 0) + commune.total
    assert municipal == {siren: e.municipal for siren, e in vintage.epcis.items()}
    assert total == {siren: e.total for siren, e in vintage.epcis.items()}
    assert communes["29019"].name == "Brest"
    assert communes["29019"].epci_siren == "242900314"


def test_the_communes_are_read_only_when_asked() -> None:
    vintages._communes.cache_clear()
    load(NEWEST)
    assert vintages._communes.cache_info().currsize == 0
    load(NEWEST).communes()
    assert vintages._communes.cache_info().currsize == 1


def test_older_vintages_say_their_communes_are_not_shipped() -> None:
    oldest = load(years()[0])
    assert not oldest.has_communes
    with pytest.raises(LookupError, match=rf"the communes of {oldest.year} are not shipped"):
        oldest.communes()


def test_the_epcis_of_finistere_are_in_the_newest_vintage() -> None:
    vintage = load(NEWEST)
    assert {siren: vintage.epcis[siren].name for siren in FINISTERE} == FINISTERE
    in_29 = {c.epci_siren for c in vintage.communes().values() if c.code.startswith("29")}
    assert in_29 == set(FINISTERE)
    brest, qbo = vintage.epcis["242900314"], vintage.epcis["200068120"]
    assert 200_000 < brest.municipal < brest.total < 230_000
    assert 95_000 < qbo.municipal < qbo.total < 110_000
    for siren in FINISTERE:
        epci = vintage.epcis[siren]
        assert 5_000 < epci.municipal <= epci.total < 1.06 * epci.municipal


def test_the_figures_of_2022_are_insees() -> None:
    """Brest Métropole 213,403 in INSEE's release of December 2024 (millésime 2022, in force 2025)."""
    vintage = load(2022)
    assert vintage.in_force == 2025
    assert vintage.epcis["242900314"] == Epci("242900314", "Brest Métropole", 213_403, 217_444)
    assert vintage.epcis["200068120"] == Epci("200068120", "CA Quimper Bretagne Occidentale", 102_574, 105_707)
    assert vintage.communes()["29019"].municipal == 140_993
    assert load(2021).epcis["242900314"].municipal == 211_920
    assert "millésime 2022 (en vigueur au 1er janvier 2025)" in vintage.source


def test_the_epci_file_is_plain_sorted_csv() -> None:
    text = FOLDER.joinpath(f"epci-{NEWEST}.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["siren", "nom", "population_municipale", "population_totale"]
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    assert "\r" not in text


def test_an_unknown_year_names_the_years_shipped() -> None:
    shipped = ", ".join(map(str, years()))
    with pytest.raises(ValueError, match=f"no INSEE vintage 2017 .* the vintages are {shipped}$"):
        load(2017)


def test_load_is_cached_and_quick() -> None:
    load.cache_clear()
    start = time.perf_counter()
    vintage = load(NEWEST)
    elapsed = time.perf_counter() - start
    assert load(NEWEST) is vintage
    assert elapsed < 0.25  # about 2 ms on a laptop: the bound only catches a change of kind


def test_find_by_siren() -> None:
    vintage = load(NEWEST)
    assert find_by_siren(vintage, "242 900 314") == vintage.epcis["242900314"]
    assert find_by_siren(vintage, "000000000") is None


def test_a_dissolved_epci_is_none_and_its_successor_is_closest() -> None:
    """CA d'Agen (200035459) of 2018 became CA Agglomération d'Agen (200096956)."""
    assert load(2018).epcis["200035459"].name == "CA d'Agen"
    newest = load(NEWEST)
    assert find_by_siren(newest, "200035459") is None
    assert closest(newest, "200035459")[0].siren == "200096956"


def test_a_mistyped_siren_gets_the_siren_one_slip_away() -> None:
    vintage = load(NEWEST)
    assert [e.siren for e in closest(vintage, "242900315")] == ["242900314"]
    assert [e.siren for e in closest(vintage, "242900341")] == ["242900314"]
    assert closest(vintage, "000000000") == []


@pytest.mark.parametrize(
    ("text", "siren"),
    [
        ("Quimper", "200068120"),
        ("quimperle communaute", "242900694"),
        ("Haut Leon", "200067072"),
        ("BREST", "242900314"),
        ("Communauté de communes du Pays des Abers", "242900553"),
        ("Douarnenz", "242900645"),
        ("Landerneau Daoulas", "242900801"),
        ("Lesneven", "242900793"),
        ("Concarneau Cornouaille", "242900769"),
    ],
)
def test_closest_names_ignore_accents_case_and_legal_form(text: str, siren: str) -> None:
    found = closest(load(NEWEST), text)
    assert found
    assert found[0].siren == siren


def test_closest_gives_at_most_n_and_nothing_for_nonsense() -> None:
    vintage = load(NEWEST)
    assert len(closest(vintage, "Pays", n=2)) == 2
    assert closest(vintage, "xyzzy") == []
    assert closest(vintage, "  ") == []
    assert [e.siren for e in closest(vintage, "Brest")] == ["242900314"]


def test_the_module_reads_package_data_only() -> None:
    source = Path(vintages.__file__).read_text(encoding="utf-8")
    assert "importlib import resources" in source
    assert "open(" not in source


def test_the_package_metadata_names_the_data_licence() -> None:
    """The INSEE/DGCL figures are Licence Ouverte 2.0 (SPDX etalab-2.0), the code MIT: a package
    index and a licence scanner read it from the metadata, with the file that says the origin."""
    from importlib.metadata import metadata

    meta = metadata("tdi-split")
    assert meta["License-Expression"] == "MIT AND etalab-2.0"
    assert "tdi_split/data/insee/LICENCE.md" in (meta.get_all("License-File") or [])
