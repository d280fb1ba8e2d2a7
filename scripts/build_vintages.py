"""Build the INSEE population vintages shipped in tdi_split/data/insee/ from the npm tarballs
of @etalab/decoupage-administratif (code MIT, data Licence Ouverte / Etalab 2.0).

    python scripts/build_vintages.py              # download, verify, write tdi_split/data/insee/
    python scripts/build_vintages.py --check      # rebuild in a temporary folder, compare, exit 1 if different
    python scripts/build_vintages.py --cache DIR  # keep the tarballs in DIR and reuse them

Run it from the repository's root; it needs `npm` (for `npm pack` and `npm view`).

Which year is which. A vintage is named by the INSEE reference year of its figures (the
"millésime": the populations are those of 1 January of that year). The package's EPCIs come
from the DGCL's list of EPCIs of year G (`build/epci.js` reads its `total_pop_mun`,
`total_pop_tot` and, for the member communes, `pmun_G`/`ptot_G` columns): populations in
force on 1 January G, that is INSEE's millésime G - 3. The package's `data/communes.json`
comes from another source (INSEE's file linked in the README), usually one millésime newer:
the communes and the EPCIs of one release are NOT of the same year, so the communes shipped
here are the EPCIs' member communes of the same list, never `communes.json`.

The script checks each year with the package's own data: the member communes' figures of
each vintage are compared with the `communes.json` of the releases whose README links a
known INSEE publication (COMMUNE_SOURCES); they must match (>= 99 %) the one of the same
year and differ (< 50 % equal) from every other. The counts are written to the manifest.

Reproducible: the tarballs' SHA-256 are pinned below (another tarball is refused), the
files are written sorted, with "\\n" line ends, gzip without a name or a time. The only input
that is not pinned is `npm view ... time` (the registry's publication dates).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import gzip
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zlib
from base64 import b64encode
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
PACKAGE_URL = "https://www.npmjs.com/package/@etalab/decoupage-administratif"
REPOSITORY_URL = "https://github.com/datagouv/decoupage-administratif"
OUT = Path(__file__).resolve().parent.parent / "tdi_split" / "data" / "insee"
COMMUNE_VINTAGES = 2
"""Communes are shipped for this many newest vintages only: about 0.55 MB each once gzipped,
so that the whole folder stays under 2 MB (the EPCIs of every vintage are about 60 kB each)."""
MATCH = 0.99
"""Share of member communes whose figures must equal those of the INSEE file of the same year."""
MISMATCH = 0.50
"""Share under which the figures of an INSEE file of another year must stay."""


@dataclass(frozen=True)
class Pin:
    """One vintage: the release its EPCIs come from, and why its year is what it is."""

    year: int
    """INSEE reference year (millésime) of the EPCIs' populations."""
    version: str
    """The release of the npm package."""
    dgcl_year: int
    """The DGCL list of EPCIs the release carries: populations in force on 1 January of it."""
    dgcl_evidence: str
    """Where the package says which DGCL list it carries."""
    external: str
    """A published figure that agrees, for a reader who wants a second source."""
    same_epci_in: tuple[str, ...] = ()
    """Later releases whose data/epci.json is byte-identical (checked)."""


PINS = (
    Pin(
        2018,
        "1.1.1",
        2021,
        "README of 2.3.1, 'Millésimes et versions de package': 2021 -> 1.1.1, and 'Pour les EPCI 2021 "
        "... @1.1.1/data/epci.json'; its own README links the DGCL file epcicom2021.xlsx",
        "fr.wikipedia.org, article Brest: 'métropole de 210 047 habitants (2018)' = Brest Métropole here",
    ),
    Pin(
        2019,
        "2.3.1",
        2022,
        "README of 2.3.1: 'Millésimes' table 2022 -> 2.3.1, DGCL file epcicom2022.xlsx",
        "no second source found: the check of the member communes against 1.1.1's communes.json (INSEE 2019) stands",
    ),
    Pin(
        2020,
        "3.1.1",
        2023,
        "README of 3.1.1: 'Millésimes' table 2023 -> 3.1.1, DGCL file epcicom2023.xlsx",
        "fr.wikipedia.org, article Brest: '139 456 habitants (2020)' = the member commune Brest (29019) here",
    ),
    Pin(
        2021,
        "4.1.0",
        2024,
        "README of 4.1.0: 'Millésimes' table 2024 -> 4.1.0 (its DGCL link still names epcicom2023.xlsx, but "
        "its figures are not 2020's: see the comparison with 3.1.1's communes)",
        "de.wikipedia.org, article Brest Métropole: 'Einwohner 211.920 (2021)', from collectivites-locales.gouv.fr "
        "(the DGCL) = Brest Métropole here",
    ),
    Pin(
        2022,
        "5.3.0",
        2025,
        "README of 5.3.0: 'Millésimes' table 2025 -> 5.3.0, DGCL file epcicom2025-2.xlsx",
        "press report of INSEE's release of 19 December 2024 (populations légales 2022, in force 1 January 2025):"
        " Brest 140 993, Brest Métropole 213 403 = the figures here",
        same_epci_in=("6.0.0",),
    ),
)


@dataclass(frozen=True)
class CommuneSource:
    """A release whose data/communes.json carries the populations of an INSEE publication its README links."""

    version: str
    year: int
    insee_url: str


COMMUNE_SOURCES = (
    CommuneSource("1.1.1", 2019, "https://www.insee.fr/fr/statistiques/6011070?sommaire=6011075"),
    CommuneSource("3.1.1", 2020, "https://www.insee.fr/fr/statistiques/6683035?sommaire=6683037"),
    CommuneSource("4.1.0", 2022, "https://www.insee.fr/fr/statistiques/8290591?sommaire=8290669"),
    CommuneSource("5.3.0", 2023, "https://www.insee.fr/fr/statistiques/8680726?sommaire=8681011"),
)


TARBALL_SHA256 = {
    "1.1.1": "db6e7c433ee675de314aa19bfc4faf796451342960ed2c1b42fda0f458a97e23",
    "2.3.1": "d7f2a6915af27a719eeb6eb6581d9a645849b5b23e5c97fa5aa2931eb3552d1f",
    "3.1.1": "225079c8cd185379fd494993e99fe712523e2f16e4a1170d8391a76a304e7073",
    "4.1.0": "318f0cfc0c1f9d8113b272bf3cefb8f207f23f73026ee5932215f5d80d7a0f2a",
    "5.3.0": "149cd9096f70915c02e5d39ef6045f0900d94c782ee9f1c1941703092fe72636",
    "6.0.0": "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a",
}
"""The SHA-256 of every tarball read, as first downloaded on 2026-12-01: any other tarball is refused."""


class BuildError(Exception):
    """The inputs are not what the pins say: nothing is written."""


@dataclass(frozen=True)
class Tarball:
    """A downloaded release: its file, its hashes and its members."""

    version: str
    path: Path
    sha256: str
    integrity: str
    data_mtime: str
    """The newest modification time of the data files in the tarball (UTC date), as packed."""

    def read(self, member: str) -> bytes:
        """The bytes of ``package/MEMBER``."""
        with tarfile.open(self.path, "r:gz") as archive:
            stream = archive.extractfile(f"package/{member}")
            if stream is None:
                raise BuildError(f"{self.path.name}: package/{member} is not a file")
            return stream.read()


def _npm(*args: str) -> str:
    try:
        done = subprocess.run(["npm", *args], check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BuildError("npm is needed (npm pack, npm view)") from error
    except subprocess.CalledProcessError as error:
        raise BuildError(f"npm {' '.join(args)} failed:\n{error.stderr}") from error
    return done.stdout


def _fetch(version: str, cache: Path) -> Tarball:
    """The tarball of ``version``, from ``cache`` or `npm pack`, checked against its pinned SHA-256."""
    name = f"etalab-decoupage-administratif-{version}.tgz"
    path = cache / name
    if not path.is_file():
        packed = json.loads(_npm("pack", f"{PACKAGE}@{version}", "--json", "--pack-destination", str(cache)))
        if packed[0]["filename"] != name:
            raise BuildError(f"npm pack wrote {packed[0]['filename']}, not {name}")
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    pinned = TARBALL_SHA256[version]
    if sha256 != pinned:
        raise BuildError(f"{name}: SHA-256 {sha256}, pinned {pinned}: the registry serves another tarball")
    integrity = "sha512-" + b64encode(hashlib.sha512(data).digest()).decode("ascii")
    registry = json.loads(_npm("view", f"{PACKAGE}@{version}", "dist.integrity", "--json"))
    if registry != integrity:
        raise BuildError(f"{name}: its sha512 {integrity} is not the registry's integrity {registry}")
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("package/package.json").read())  # type: ignore[union-attr]
        times = [m.mtime for m in archive.getmembers() if m.name.startswith("package/data/")]
    if manifest["name"] != PACKAGE or manifest["version"] != version:
        raise BuildError(f"{name} holds {manifest['name']}@{manifest['version']}")
    newest = datetime.fromtimestamp(max(times), UTC).date().isoformat()
    return Tarball(version, path, sha256, integrity, newest)


def _csv(rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _gzip(data: bytes) -> bytes:
    """Gzip without a file name and with time 0, so that the same content gives the same bytes
    (with the same zlib: `--check` compares the content when only the compression differs)."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as stream:
        stream.write(data)
    return out.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _communes_json(tarball: Tarball) -> dict[str, int]:
    rows = json.loads(tarball.read("data/communes.json"))
    return {
        row["code"]: row["population"] for row in rows if row.get("type") == "commune-actuelle" and "population" in row
    }


def _matches(epcis: list[dict[str, Any]], communes: dict[str, int]) -> tuple[int, int]:
    members = [m for e in epcis for m in e["membres"] if m["code"] in communes]
    return sum(1 for m in members if m["populationMunicipale"] == communes[m["code"]]), len(members)


def _check_epcis(version: str, epcis: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for epci in epcis:
        if not re.fullmatch(r"\d{9}", epci["code"]) or epci["code"] in seen:
            raise BuildError(f"{version}: EPCI code {epci['code']!r} is not a new SIREN")
        seen.add(epci["code"])
        for key in ("populationMunicipale", "populationTotale"):
            if not isinstance(epci[key], int) or epci[key] < 0:
                raise BuildError(f"{version}: {epci['code']} has {key} {epci[key]!r}")
            if sum(m[key] for m in epci["membres"]) != epci[key]:
                raise BuildError(f"{version}: {epci['code']}'s {key} is not the sum of its members'")
        if not epci["populationMunicipale"] <= epci["populationTotale"]:
            raise BuildError(f"{version}: {epci['code']} has more municipal than total population")
        for member in epci["membres"]:
            if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", member["code"]) or not re.fullmatch(r"\d{9}", member["siren"]):
                raise BuildError(f"{version}: member {member!r} of {epci['code']}")


def _epci_rows(epcis: list[dict[str, Any]]) -> Iterator[list[object]]:
    yield ["siren", "nom", "population_municipale", "population_totale"]
    for e in sorted(epcis, key=lambda e: str(e["code"])):
        yield [e["code"], e["nom"], e["populationMunicipale"], e["populationTotale"]]


def _commune_rows(epcis: list[dict[str, Any]]) -> tuple[list[list[object]], int]:
    members = sorted(
        (m["code"], m["siren"], m["nom"], m["populationMunicipale"], m["populationTotale"], e["code"])
        for e in epcis
        for m in e["membres"]
    )
    codes = [m[0] for m in members]
    if len(set(codes)) != len(codes):
        raise BuildError("a commune is a member of two EPCIs")
    header: list[object] = ["code", "siren", "nom", "population_municipale", "population_totale", "epci_siren"]
    return [header, *map(list, members)], len(members)


def _file_entry(name: str, data: bytes, content: bytes | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "bytes": len(data), "sha256": _sha256(data)}
    if content is not None:
        entry["content_sha256"] = _sha256(content)
    return entry


def build(out: Path, cache: Path) -> None:
    """Download, verify and write every file of the folder ``out`` (which must exist, empty)."""
    times = json.loads(_npm("view", PACKAGE, "time", "--json"))
    tarballs = {v: _fetch(v, cache) for v in TARBALL_SHA256}
    insee: list[tuple[CommuneSource, dict[str, int]]] = []
    for source in COMMUNE_SOURCES:
        readme = tarballs[source.version].read("README.md").decode("utf-8")
        if f"[Population légale]({source.insee_url})" not in readme:
            raise BuildError(f"the README of {source.version} does not link {source.insee_url} as its population")
        insee.append((source, _communes_json(tarballs[source.version])))

    with_communes = {p.year for p in sorted(PINS, key=lambda p: p.year)[-COMMUNE_VINTAGES:]}
    entries = []
    for pin in sorted(PINS, key=lambda p: p.year):
        if pin.year != pin.dgcl_year - 3:
            raise BuildError(f"{pin.version}: a DGCL list of {pin.dgcl_year} carries INSEE's {pin.dgcl_year - 3}")
        tarball = tarballs[pin.version]
        raw = tarball.read("data/epci.json")
        epcis = json.loads(raw)
        _check_epcis(pin.version, epcis)
        identical = []
        for other in pin.same_epci_in:
            if tarballs[other].read("data/epci.json") != raw:
                raise BuildError(f"data/epci.json of {other} is not that of {pin.version}")
            identical.append({"version": other, "tarball_sha256": tarballs[other].sha256})
        comparisons = []
        for source, figures in insee:
            equal, compared = _matches(epcis, figures)
            share = equal / compared if compared else 0.0
            if (source.year == pin.year and share < MATCH) or (source.year != pin.year and share >= MISMATCH):
                raise BuildError(
                    f"{pin.version}: {equal}/{compared} member communes have the figures of INSEE {source.year}"
                    f" ({source.version}'s communes.json): its year is not {pin.year}"
                )
            comparisons.append(
                {
                    "insee_year": source.year,
                    "communes_json_of": source.version,
                    "insee_page": source.insee_url,
                    "members_equal": equal,
                    "members_compared": compared,
                }
            )

        epci_data = _csv(_epci_rows(epcis))
        files: dict[str, Any] = {"epcis": _file_entry(f"epci-{pin.year}.csv", epci_data)}
        (out / f"epci-{pin.year}.csv").write_bytes(epci_data)
        rows, n_communes = _commune_rows(epcis)
        counts = {"epcis": len(epcis), "communes": n_communes}
        if pin.year in with_communes:
            content = _csv(rows)
            packed = _gzip(content)
            files["communes"] = _file_entry(f"communes-{pin.year}.csv.gz", packed, content)
            (out / f"communes-{pin.year}.csv.gz").write_bytes(packed)
        entries.append(
            {
                "year": pin.year,
                "in_force": pin.dgcl_year,
                "package": PACKAGE,
                "version": pin.version,
                "tarball": tarball.path.name,
                "tarball_sha256": tarball.sha256,
                "integrity": tarball.integrity,
                "published": times.get(pin.version, ""),
                "data_files_dated": tarball.data_mtime,
                "source_file": "data/epci.json",
                "source_sha256": _sha256(raw),
                "same_epci_json_in": identical,
                "year_established": {
                    "rule": f"DGCL list of EPCIs {pin.dgcl_year}: populations in force on 1 January {pin.dgcl_year},"
                    f" INSEE reference year {pin.dgcl_year} - 3 = {pin.year}",
                    "package_says": pin.dgcl_evidence,
                    "checked_against_insee_communes": comparisons,
                    "also_published": pin.external,
                },
                "counts": counts,
                "files": files,
            }
        )
    manifest = {
        "dataset": "INSEE, populations légales des EPCI à fiscalité propre et de leurs communes membres",
        "publisher": "INSEE (populations), DGCL (EPCI lists), Etalab / data.gouv.fr (npm package)",
        "package_url": PACKAGE_URL,
        "licence": {"data": "Licence Ouverte / Open Licence 2.0 (Etalab)", "package_code": "MIT"},
        "built_by": "scripts/build_vintages.py",
        "note": "year = INSEE reference year (millésime); in_force = year the figures are the legal populations"
        " (1 January); communes = the EPCIs' member communes (the few communes outside any EPCI are absent)",
        "vintages": entries,
    }
    (out / "vintages.json").write_bytes((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    (out / "LICENCE.md").write_bytes(_licence(entries).encode("utf-8"))


def _licence(entries: list[dict[str, Any]]) -> str:
    table = "\n".join(
        f"| {e['year']} | {e['in_force']} | {e['version']} | {e['counts']['epcis']} | "
        f"{e['counts']['communes'] if 'communes' in e['files'] else '-'} | `{e['tarball_sha256']}` |"
        for e in entries
    )
    same = "".join(
        f"\n- {other['version']} ships the same `data/epci.json` as {e['version']} (checked): its EPCIs are those"
        f" of {e['year']}."
        for e in entries
        for other in e["same_epci_json_in"]
    )
    return f"""# INSEE populations shipped with tdi-split: origin and licence

The files of this folder are derived from the npm package
[`{PACKAGE}`]({PACKAGE_URL}) by Etalab / data.gouv.fr ([source]({REPOSITORY_URL})),
which packages official data:

- the legal populations (populations légales) of **INSEE**, Institut national de la statistique
  et des études économiques, <https://www.insee.fr>;
- the lists of EPCI à fiscalité propre and their member communes of the **DGCL**, Direction
  générale des collectivités locales, <https://www.collectivites-locales.gouv.fr>.

**Data**: [Licence Ouverte / Open Licence 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence)
(Etalab). Source: INSEE and DGCL, via `{PACKAGE}`; derived files: only the SIREN, name,
municipal and total populations (and for communes the INSEE code and EPCI) are kept,
unchanged, sorted, as CSV. **The package's code**: MIT. Nothing of its code is copied here.

## Vintages

A vintage is named by the INSEE reference year of its figures (millésime: the population on
1 January of that year); the figures are the legal populations from 1 January of the year
"in force" (three years later). See `vintages.json` for how each year was established.

- The EPCIs of a release come from the DGCL's list of year G, whose figures are INSEE's G - 3.
- Its `data/communes.json` comes from another INSEE file, usually one millésime newer: it is not
  used, so that the communes of a vintage are the members of its EPCIs, of the same year.{same}

| Year | In force | Package version | EPCIs | Communes | Tarball SHA-256 |
|------|----------|-----------------|-------|----------|-----------------|
{table}

- `epci-YEAR.csv`: `siren;nom;population_municipale;population_totale`, sorted by SIREN.
- `communes-YEAR.csv.gz` (the {COMMUNE_VINTAGES} newest vintages only, for size), the member communes of the
  same DGCL list, sorted by INSEE code:
  `code;siren;nom;population_municipale;population_totale;epci_siren`.
- `vintages.json`: for each vintage the package version, tarball, SHA-256, npm integrity,
  publication date, counts, files and their SHA-256.

## Rebuild

    python scripts/build_vintages.py           # needs npm; rewrites this folder
    python scripts/build_vintages.py --check   # rebuilds elsewhere and compares
"""


def _comparable(manifest: bytes) -> Any:
    """The manifest without what only the compressor decides (a gzip's bytes), for `--check`."""
    data = json.loads(manifest)
    for entry in data["vintages"]:
        communes = entry["files"].get("communes")
        if communes:
            communes.pop("sha256")
            communes.pop("bytes")
    return data


def check(shipped: Path, rebuilt: Path) -> list[str]:
    """The differences between the shipped folder and a rebuild."""
    differences = []
    names = sorted({p.name for p in shipped.iterdir()} | {p.name for p in rebuilt.iterdir()})
    for name in names:
        a, b = shipped / name, rebuilt / name
        if not a.exists() or not b.exists():
            differences.append(f"{name}: only in the {'rebuild' if b.exists() else 'shipped folder'}")
        elif filecmp.cmp(a, b, shallow=False):
            continue
        elif name.endswith(".gz") and gzip.decompress(a.read_bytes()) == gzip.decompress(b.read_bytes()):
            print(f"{name}: same content, compressed differently by this zlib ({zlib.ZLIB_RUNTIME_VERSION})")
        elif name == "vintages.json" and _comparable(a.read_bytes()) == _comparable(b.read_bytes()):
            print(f"{name}: same but for the gzip files' bytes")
        else:
            differences.append(f"{name}: differs")
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    parser.add_argument("--cache", type=Path, help="a folder to keep the tarballs in")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        cache = args.cache or Path(temp) / "tarballs"
        cache.mkdir(parents=True, exist_ok=True)
        target = Path(temp) / "insee"
        target.mkdir()
        try:
            build(target, cache)
        except BuildError as error:
            print(f"build_vintages: {error}", file=sys.stderr)
            return 2
        if args.check:
            differences = check(OUT, target)
            for line in differences:
                print(line)
            print("the shipped vintages are the rebuild's" if not differences else "the shipped vintages differ")
            return 1 if differences else 0
        if OUT.exists():
            shutil.rmtree(OUT)
        shutil.copytree(target, OUT)
        for path in sorted(OUT.iterdir()):
            print(f"{path.stat().st_size:>9}  {path.relative_to(OUT.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
