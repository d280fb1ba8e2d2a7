"""`tdi-split criteria`: official figures written into the user's own file, and nothing else.

The file keeps its comments, order, quotes and layout (only the figures' lines and the
``sources`` entry change); `--dry-run` writes nothing; a SIREN the vintage does not hold is an
error at its line, with the closest EPCIs, and nothing is written; `check` then compares the
figures with the vintage their ``sources`` names.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tdi_split.files import vintages
from tdi_split.files.yamlreader import parse_document

from ..helpers import REFERENCE, ROOT, Invoke

EXAMPLE = ROOT / "examples" / "finistere-insee.yaml"
NEWEST = vintages.years()[-1]

COMMENTED = """\
# A budget kept by hand: every comment of it must survive the edit.
schema: "tdi-split/1"      # quoted on purpose
title: 'Chef de projet'
period:
  months: 24   # two years
cost: {annual: 103800.00}
partners:
  # the EPCIs, in the order of the convention
  - id: qbo
    siren: '200068120'   # CA Quimper Bretagne Occidentale
    name: "Quimper Bretagne Occidentale"
    criteria:
      population: 1        # to be refreshed
      jobs: 10
  # Brest has no population yet
  - id: brest
    siren: "242900314"
    name: Brest métropole
    criteria: {jobs: 30, population: 2}   # inline comment after a flow mapping
  - {id: cci, name: CCI Finistère, criteria: {population: 5, jobs: 1}}   # no siren: left alone
key:
  population: 1   # weighted by population...
  jobs: 1         # ...and by jobs
sources:
  population: {source: typed by hand, year: 2019}   # to be replaced
  jobs: {source: URSSAF, year: 2022}
reference: ~
# a comment after everything
"""


def _copy(tmp_path: Path, source: Path = EXAMPLE, name: str = "budget.yaml") -> Path:
    target = tmp_path / name
    shutil.copyfile(source, target)
    return target


def _changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines removed and added between two texts."""
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff[2:] if line.startswith("-")]
    added = [line[1:] for line in diff[2:] if line.startswith("+")]
    return removed, added


def _figures(path: Path, criterion: str = "population") -> dict[str, Any]:
    data = parse_document(path.read_text(encoding="utf-8")).data
    return {p["siren"]: p.get("criteria", {}).get(criterion) for p in data["partners"] if "siren" in p}


@pytest.mark.parametrize("kind", ["municipale", "totale"])
@pytest.mark.parametrize("year", vintages.years())
def test_the_example_gets_the_figures_of_every_vintage_and_back(
    invoke: Invoke, tmp_path: Path, year: int, kind: str
) -> None:
    """Every EPCI of the example gets the figure of the vintage asked; asking for the example's own
    vintage again gives back the example, byte for byte (its comments included)."""
    path = _copy(tmp_path)
    result = invoke("criteria", "population", str(path), "--vintage", str(year), "--kind", kind)
    assert result.exit_code == 0, result.output
    vintage = vintages.load(year)
    expected = {s: (e.municipal if kind == "municipale" else e.total) for s, e in vintage.epcis.items()}
    figures = _figures(path)
    assert len(figures) == 10
    assert figures == {siren: expected[siren] for siren in figures}
    assert invoke("check", str(path), "--strict").exit_code == 0
    back = invoke("criteria", "population", str(path), "--vintage", str(NEWEST), "--kind", "municipale")
    assert back.exit_code == 0, back.output
    assert path.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_holds_the_newest_vintage_and_nothing_changes(invoke: Invoke, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.stat().st_mtime_ns
    result = invoke("criteria", "population", str(path), "--vintage", str(NEWEST), "--kind", "municipale")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "already has INSEE's population municipale, millésime 2022 (in force in 2025) as population" in (
        result.stderr
    )
    assert path.stat().st_mtime_ns == before
    newest = vintages.load(NEWEST).epcis
    assert _figures(EXAMPLE) == {siren: newest[siren].municipal for siren in _figures(EXAMPLE)}


def test_a_commented_file_keeps_every_comment_its_order_and_quotes(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "commented.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale", "--force")
    assert result.exit_code == 0, result.output
    new = path.read_text(encoding="utf-8")
    removed, added = _changed_lines(COMMENTED, new)
    epcis = vintages.load(2022).epcis
    assert removed == [
        "      population: 1        # to be refreshed",
        "    criteria: {jobs: 30, population: 2}   # inline comment after a flow mapping",
        "  population: {source: typed by hand, year: 2019}   # to be replaced",
    ]
    source = (
        "INSEE, population municipale légale, millésime 2022 (en vigueur au 1er janvier 2025), "
        "via @etalab/decoupage-administratif 5.3.0"
    )
    assert added == [
        f"      population: {epcis['200068120'].municipal}".ljust(27) + "# to be refreshed",  # its column kept
        f"    criteria: {{jobs: 30, population: {epcis['242900314'].municipal}}} # inline comment after a flow mapping",
        f"  population: {{source: '{source}', year: 2022, dataset: insee-populations-legales, kind: municipale}}"
        " # to be replaced",
    ]
    comments = [line[line.index("#") :] for line in COMMENTED.splitlines() if "#" in line]
    assert all(comment in new for comment in comments)
    assert "reference: ~" in new  # what the round trip would rewrite stays as written
    assert result.stderr.splitlines()[0] == "left as they were (no siren): cci"
    assert invoke("check", str(path), "--strict").exit_code == 0


def test_figures_are_added_where_a_partner_or_the_file_has_none(invoke: Invoke, tmp_path: Path) -> None:
    """A partner without `criteria`, a `criteria` without the criterion, a file without `sources`:
    the new lines take the file's own indentation (here 4 spaces, dashes at the margin)."""
    text = (
        "schema: tdi-split/1\ntitle: t\nperiod:\n    months: 12\ncost:\n    annual: 1000\npartners:\n"
        "-   id: a\n    siren: '200068120'\n    name: A\n    kind: epci   # a comment\n"
        "-   id: b\n    siren: '242900314'\n    name: B\n    criteria:\n        jobs: 3\n"
        "key:\n    population: 1\nrounding: largest-remainder\n...\n"
    )
    path = tmp_path / "four.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("criteria", "population", str(path), "--vintage", "2021", "--kind", "totale")
    assert result.exit_code == 0, result.output
    epcis = vintages.load(2021).epcis
    removed, added = _changed_lines(text, path.read_text(encoding="utf-8"))
    assert removed == []
    assert added[:2] == [
        f"    criteria: {{population: {epcis['200068120'].total}}}",
        f"        population: {epcis['242900314'].total}",
    ]
    assert added[2:4] == ["sources:", "    population:"]
    assert added[5:] == ["        dataset: insee-populations-legales", "        year: 2021", "        kind: totale"]
    assert path.read_text(encoding="utf-8").endswith("rounding: largest-remainder\n...\n")


def test_tabs_inside_lines_are_edited_and_kept_where_nothing_changes(invoke: Invoke, tmp_path: Path) -> None:
    """YAML allows a tab between a key and its value or before a comment, and `check` reads it;
    the round-trip editor's scanner refused it with a message of its own (no line, no fix)."""
    text = COMMENTED.replace('    siren: "242900314"\n', '    siren: "242900314"\t# tab before a comment\n').replace(
        "      jobs: 10\n", "      jobs:\t10\n"
    )
    path = tmp_path / "tabs.yaml"
    path.write_text(text, encoding="utf-8")
    assert invoke("check", str(path)).exit_code == 0
    dry = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale", "--dry-run")
    assert "\\x09" not in dry.stdout  # a tab is shown as a tab, so that `patch` applies the diff
    if shutil.which("patch") is not None:
        patched = tmp_path / "patched.yaml"
        patched.write_text(text, encoding="utf-8")
        subprocess.run(["patch", "-s", str(patched)], input=dry.stdout.encode(), check=True)
    result = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale", "--force")
    assert result.exit_code == 0, result.output
    written = path.read_text(encoding="utf-8")
    assert '    siren: "242900314"\t# tab before a comment\n' in written
    assert "      jobs:\t10\n" in written
    assert _figures(path) == {"200068120": 102574, "242900314": 213403}


def test_a_layout_the_editor_cannot_keep_is_said(invoke: Invoke, tmp_path: Path) -> None:
    """Partners as a flow sequence over several lines: the editor lays the sequence out its own
    way (the data checked all the same) and says so; a usual file gets no such note."""
    note = "note: the layout of other lines could not be kept"
    path = tmp_path / "commented.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    args = ["population", "--vintage", "2022", "--kind", "municipale", "--force"]
    usual = invoke("criteria", args[0], str(path), *args[1:])
    assert usual.exit_code == 0, usual.output
    assert note not in usual.stderr
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 30000}\npartners: [\n"
        '  {id: qbo, name: QBO, siren: "200068120", criteria: {population: 10}},   # one\n'
        '  {id: brest, name: Brest,\n   siren: "242900314",\n   criteria: {population: 20}}\n]\n'
        "key: {population: 1}\n",
        encoding="utf-8",
    )
    relaid = invoke("criteria", args[0], str(flow), *args[1:])
    assert relaid.exit_code == 0, relaid.output
    assert note in relaid.stderr
    assert _figures(flow) == {"200068120": 102574, "242900314": 213403}
    assert "# one" in flow.read_text(encoding="utf-8")
    bare = tmp_path / "bare.yaml"  # the same without its comment: laid out anew all the same, and said
    bare.write_text(flow.read_text(encoding="utf-8").replace("   # one", ""), encoding="utf-8")
    bare.write_text(bare.read_text(encoding="utf-8").replace("102574", "1").replace("213403", "2"), encoding="utf-8")
    relaid = invoke("criteria", args[0], str(bare), *args[1:])
    assert relaid.exit_code == 0, relaid.output
    assert note in relaid.stderr


def test_an_edit_that_would_lose_a_comment_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    """Subsidies indented, partners at the margin (``- id:`` under ``partners:``), and a document
    end ``...`` with a comment after it: the editor writes the file anew and the comment is lost.
    Nothing is written, and the message says which comment."""
    sirens = (("qbo", "200068120"), ("brest", "242900314"))
    partners = "".join(f"- id: {pid}\n  name: {pid}\n  siren: '{siren}'\n" for pid, siren in sirens)
    text = (
        "---\nschema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 30000}\n"
        "subsidies:\n  - id: etat\n    name: État\n    rate: 50 %\n"
        f"partners:\n{partners}key: {{population: 1}}\n...\n# end\n"
    )
    refused = _refused(invoke, tmp_path / "markers.yaml", text, "2022", "municipale")
    assert "cannot keep every comment of this file ('# end' would be lost): nothing written" in refused


def _refused(invoke: Invoke, path: Path, text: str, vintage: str, kind: str) -> str:
    """`criteria --force` on ``text`` written at ``path``: refused (exit 1), the file as it was;
    what it said."""
    path.write_text(text, encoding="utf-8")
    result = invoke("criteria", "population", str(path), "--vintage", vintage, "--kind", kind, "--force")
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == text
    return str(result.stderr)


def test_crlf_and_byte_order_mark_are_kept(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    text = "\ufeff" + EXAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    assert invoke("criteria", "population", str(path), "--vintage", "2020", "--kind", "municipale").exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") == text.count("\n")


@pytest.mark.parametrize("final_newline", [True, False])
def test_dry_run_prints_a_diff_that_patch_applies_and_writes_nothing(
    invoke: Invoke, tmp_path: Path, final_newline: bool
) -> None:
    """Also for a file whose last line has no line end: the diff marks it, or `patch` refuses
    the diff (and a reader sees the old and new lines run together)."""
    path = _copy(tmp_path)
    if not final_newline:
        path.write_bytes(path.read_bytes().rstrip(b"\n"))
    original = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    result = invoke("criteria", "population", str(path), "--vintage", "2019", "--kind", "totale", "--dry-run")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original
    assert path.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.yaml"]  # no temporary file left
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("+    criteria:")) == 10
    assert "dry run" in result.stderr
    assert "not written: 10 of 10 figures of population would change" in result.stderr
    assert ("\\ No newline at end of file\n" in result.stdout) is not final_newline
    if shutil.which("patch") is None:
        pytest.skip("no patch program")
    patched = tmp_path / "patched.yaml"
    shutil.copyfile(path, patched)
    subprocess.run(["patch", "-s", str(patched)], input=result.stdout.encode(), check=True)
    assert invoke("criteria", "population", str(path), "--vintage", "2019", "--kind", "totale").exit_code == 0
    assert patched.read_bytes() == path.read_bytes()


def _reference_with_sirens(tmp_path: Path) -> Path:
    """config/partners.yaml (illustrative figures) with the SIRENs of the example added."""
    text = REFERENCE.read_text(encoding="utf-8")
    for partner in parse_document(EXAMPLE.read_text(encoding="utf-8")).data["partners"]:
        text = text.replace(f"  - id: {partner['id']}\n", f'  - id: {partner["id"]}\n    siren: "{partner["siren"]}"\n')
    path = tmp_path / "reference.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_effect_on_every_share_is_shown(invoke: Invoke, tmp_path: Path) -> None:
    path = _reference_with_sirens(tmp_path)
    result = invoke(
        "criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale", "--force", "--locale", "fr"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Partenaire", "population", "Part", "sur", "la", "période", "Écart"]
    qbo = next(line for line in lines if line.startswith("Quimper"))
    assert re.sub(r"\s+", " ", qbo.replace("\u202f", " ").replace("\u00a0", " ")) == (
        "Quimper Bretagne Occidentale 100 208 -> 102 574 23 187,00 € -> 22 860,94 € −326,06 €"
    )
    assert lines[-1].split()[0] == "Total"
    assert "127" in lines[-1]
    assert len(lines) == 12  # a header, the ten partners, the total
    assert result.stderr.startswith(f"wrote {path}: 10 of 10 figures of population changed to INSEE's population")


def test_figures_from_elsewhere_are_replaced_only_with_force(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "commented.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: population holds figures from 'typed by hand', not official ones: --force writes them "
        "(--dry-run shows the change)\n"
    )
    assert path.read_text(encoding="utf-8") == COMMENTED
    dry = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale", "--dry-run")
    assert "writing it needs --force: population holds figures from 'typed by hand'" in dry.stderr
    dry = invoke(
        "criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale", "--dry-run", "--force"
    )
    assert "needs --force" not in dry.stderr  # it was given
    assert "--force given: population holds figures from 'typed by hand'" in dry.stderr
    assert path.read_text(encoding="utf-8") == COMMENTED


def test_figures_that_break_the_file_s_expect_are_written_only_with_force(invoke: Invoke, tmp_path: Path) -> None:
    """The reference's `expect` pins the voted share of QBO: official figures give another one.
    Writing them silently would leave a file that `check` refuses; the command says which
    expectation breaks (its line), writes only with --force, and then lists what to update."""
    path = _copy(tmp_path, REFERENCE)
    text = path.read_text(encoding="utf-8")
    for partner, siren in {"qbo": "200068120", "brest-metropole": "242900314"}.items():
        text = text.replace(f"  - id: {partner}\n", f'  - id: {partner}\n    siren: "{siren}"\n', 1)
    assert text.count("siren:") == 2
    path.write_text(text, encoding="utf-8")
    args = ["criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale"]
    refused = invoke(*args)
    assert refused.exit_code == 1
    assert (
        "the new figures break the file's `expect`: expect.qbo: expected 11593.50 for qbo in year 1" in refused.stderr
    )
    assert path.read_text(encoding="utf-8") == text
    written = invoke(*args, "--force")
    assert written.exit_code == 0, written.output
    line = path.read_text(encoding="utf-8").splitlines().index("expect:") + 2  # `qbo:` under it, in the file written
    assert f"{path}:{line}:" in written.stderr
    assert "error TDI301: expect.qbo" in written.stderr
    assert invoke("check", str(path)).exit_code == 1  # as the command said


def test_each_expect_entry_that_breaks_is_counted_even_if_another_failed_before(invoke: Invoke, tmp_path: Path) -> None:
    """QBO's `total` was already off by a cent, its `annual` held: refreshing to another
    vintage breaks the annual one, which still needs --force (entries were matched by partner)."""
    path = _copy(tmp_path)
    data = json.loads(invoke("compute", str(path), "--format", "json").stdout)
    qbo = next(p for p in data["partners"] if p["id"] == "qbo")
    total = Decimal(qbo["total"]) + Decimal("0.01")
    path.write_text(
        path.read_text(encoding="utf-8") + f"expect:\n  qbo: {{annual: {qbo['years'][0]}, total: {total}}}\n",
        encoding="utf-8",
    )
    assert invoke("check", str(path)).exit_code == 1  # the total, already
    refused = invoke("criteria", "population", str(path), "--vintage", "2021", "--kind", "totale")
    assert refused.exit_code == 1
    assert f"break the file's `expect`: expect.qbo: expected {qbo['years'][0]} for qbo in year 1" in refused.stderr


def test_a_partner_outside_the_key_whose_siren_is_no_epci_is_left_alone(invoke: Invoke, tmp_path: Path) -> None:
    """A Région paying a fixed amount has a SIREN (for the SCDL export) that no EPCI list
    holds: it needs no population, so it does not stop the others' refresh. The same SIREN on
    a keyed partner is still an error."""
    region = '  - {id: region, name: Région Bretagne, siren: "233500016", fixed: 20000.00}\n'
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("partners:\n", "partners:\n" + region, 1)
    path.write_text(text, encoding="utf-8")
    args = ["criteria", "population", str(path), "--vintage", "2021", "--kind", "municipale"]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "left as they were (outside the key, their SIREN no EPCI of millésime 2021): region" in result.stderr
    assert re.search(r"Région Bretagne +not an EPCI +40,000\.00 -> 40,000\.00", result.stdout), result.stdout
    assert "region" not in [p for p, v in _figures(path).items() if v is not None]
    keyed = path.read_text(encoding="utf-8").replace("fixed: 20000.00", "criteria: {population: 1}")
    path.write_text(keyed, encoding="utf-8")
    refused = invoke(*args)
    assert refused.exit_code == 1
    assert "error TDI309: partners[0].siren: no EPCI of INSEE millésime 2021 has SIREN 233500016" in refused.stderr


def _with_siren(tmp_path: Path, old: str, new: str) -> tuple[Path, str, int, int]:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert f'"{old}"' in text
    text = text.replace(f'"{old}"', f'"{new}"')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new in row)
    return path, text, line, text.splitlines()[line - 1].index('"') + 1


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (  # CC Pleyben-Châteaulin-Porzay given the SIREN of an EPCI dissolved before 2022 (CA d'Agen)
            "200067247",
            "200035459",
            "SIREN 200035459 is CA d'Agen in INSEE millésime 2018 but no EPCI of INSEE millésime 2022 "
            "(created, merged or dissolved since); closest: CA Agglomération d'Agen (200096956), "
            "CC Pleyben-Châteaulin-Porzay (200067247)",
        ),
        (  # QBO given the SIREN of the commune of Quimper
            "200068120",
            "212902324",
            "SIREN 212902324 is the commune of Quimper (INSEE 29232), not an EPCI; its EPCI in INSEE millésime "
            "2022 is CA Quimper Bretagne Occidentale (200068120)",
        ),
        (  # a valid SIREN that is no EPCI: the closest by the partner's name
            "242900744",
            "123456782",
            "no EPCI of INSEE millésime 2022 has SIREN 123456782; closest: CC Poher Communauté (242900744)",
        ),
    ],
    ids=["dissolved", "commune", "unknown"],
)
def test_a_siren_that_is_no_epci_is_an_error_at_its_line(
    invoke: Invoke, tmp_path: Path, old: str, new: str, says: str
) -> None:
    path, text, line, column = _with_siren(tmp_path, old, new)
    result = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "municipale")
    assert result.exit_code == 1
    assert result.stdout == ""
    (message,) = result.stderr.splitlines()
    index = next(i for i, p in enumerate(parse_document(text).data["partners"]) if p["siren"] == new)
    assert message.startswith(f"{path}:{line}:{column}: error TDI309: partners[{index}].siren: {says}")
    assert path.read_text(encoding="utf-8") == text  # nothing written


def test_a_commune_is_told_as_the_vintage_asked_knows_it(invoke: Invoke, tmp_path: Path) -> None:
    """Saint-Sylvain (Calvados) changed EPCI between the 2021 and 2022 lists, and Haut Valromey
    was merged away after 2021: with --vintage 2021 the message names the EPCI of 2021, and
    knows the commune, whichever vintage is the newest."""
    path = tmp_path / "communes.yaml"
    path.write_text(
        "schema: tdi-split/1\ntitle: communes\nperiod: {months: 12}\ncost: {annual: 30000}\npartners:\n"
        '  - {id: ss, name: Saint-Sylvain, siren: "211406590", criteria: {population: 10}}\n'
        '  - {id: hv, name: Haut Valromey, siren: "200053676", criteria: {population: 10}}\n'
        "key: {population: 1}\n",
        encoding="utf-8",
    )
    communes = vintages.load(2021).communes()
    assert {c.siren: c.epci_siren for c in communes.values() if c.siren == "211406590"} == {"211406590": "200066710"}
    result = invoke("criteria", "population", str(path), "--vintage", "2021", "--kind", "municipale")
    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    assert first.endswith(
        "SIREN 211406590 is the commune of Saint-Sylvain (INSEE 14659), not an EPCI; its EPCI in INSEE millésime "
        "2021 is CC Cingal-Suisse Normande (200066710)"
    )
    assert "SIREN 200053676 is the commune of Haut Valromey (INSEE 01187), not an EPCI" in second


def test_check_warns_on_each_unofficial_figure_at_its_line(invoke: Invoke, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    epcis = {year: vintages.load(year).epcis for year in vintages.years()}
    qbo, poher = epcis[2022]["200068120"], epcis[2022]["242900744"]
    text = text.replace(f"{{population: {qbo.municipal}}}", f"{{population: {qbo.municipal + 7}}}")
    text = text.replace(f"{{population: {poher.municipal}}}", f"{{population: {poher.total}}}")
    path.write_text(text, encoding="utf-8")
    rows = text.splitlines()
    qbo_line = next(i for i, row in enumerate(rows, 1) if f"population: {qbo.municipal + 7}" in row)
    poher_line = next(i for i, row in enumerate(rows, 1) if f"population: {poher.total}" in row)
    column = rows[qbo_line - 1].index("{population:") + len("{population: ") + 1
    result = invoke("check", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:{qbo_line}:{column}: warning TDI307: partners[1].criteria.population: {qbo.municipal + 7} is not "
        f"the official figure: INSEE millésime 2022 gives {qbo.municipal} (population municipale of CA Quimper "
        "Bretagne Occidentale, SIREN 200068120)",
        f"{path}:{poher_line}:{column}: warning TDI307: partners[9].criteria.population: {poher.total} is not "
        f"the official figure: INSEE millésime 2022 gives {poher.municipal} (population municipale of CC Poher "
        f"Communauté, SIREN 242900744); {poher.total} is its population totale",
        "1 file checked: 1 valid, 0 invalid; 0 errors, 2 warnings",
    ]
    strict = invoke("check", str(path), "--strict", "--format", "json")
    assert strict.exit_code == 1
    problems = json.loads(strict.stdout)["files"][0]["problems"]
    assert [(p["code"], p["severity"], p["line"]) for p in problems] == [
        ("TDI307", "error", qbo_line),
        ("TDI307", "error", poher_line),
    ]


def test_check_names_a_figure_of_another_vintage_and_population(invoke: Invoke, tmp_path: Path) -> None:
    """Brest's 216,077 is its population totale of millésime 2021: named so, not merely wrong."""
    totale_2021 = vintages.load(2021).epcis["242900314"].total
    path = tmp_path / "mixed.yaml"
    path.write_text(
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 30000}\npartners:\n"
        f'  - {{id: brest, name: Brest, siren: "242900314", criteria: {{population: {totale_2021}}}}}\n'
        "key: {population: 1}\nsources:\n"
        "  population: {source: INSEE, dataset: insee-populations-legales, year: 2022, kind: municipale}\n",
        encoding="utf-8",
    )
    result = invoke("check", str(path))
    assert f"; {totale_2021} is its population totale of INSEE millésime 2021" in result.stdout + result.stderr


def test_check_warns_on_mixed_vintages(invoke: Invoke, tmp_path: Path) -> None:
    """Two figures left from older vintages: each is a TDI307 naming its vintage, and the
    `sources` entry a TDI308 saying which partners have which vintage."""
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    newest, old = vintages.load(2022).epcis, vintages.load(2021).epcis
    for siren in ("200068120", "242900835"):
        text = text.replace(f"{{population: {newest[siren].municipal}}}", f"{{population: {old[siren].municipal}}}")
    path.write_text(text, encoding="utf-8")
    year_line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "year: 2022")
    result = invoke("check", str(path), "--format", "json")
    assert result.exit_code == 0
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [p["code"] for p in problems] == ["TDI307", "TDI307", "TDI308"]
    assert problems[0]["message"].endswith(f"; {old['200068120'].municipal} is its figure of INSEE millésime 2021")
    mixed = problems[2]
    assert (mixed["severity"], mixed["line"], mixed["column"], mixed["path"]) == (
        "warning",
        year_line,
        11,
        "sources.population.year",
    )
    assert mixed["message"] == (
        "the figures of 'population' mix vintages: INSEE millésime 2022 for 8 partners (brest-metropole, "
        "landerneau-daoulas, landivisiau, haut-leon, pleyben-chateaulin-porzay...); INSEE millésime 2021 for qbo, "
        "morlaix-communaute (`tdi-split criteria population FILE --vintage 2022 --kind municipale` refreshes them)"
    )


def test_check_warns_when_the_key_mixes_vintages(invoke: Invoke, tmp_path: Path) -> None:
    """Two criteria of the key from two vintages (municipale 2022, totale 2019): TDI303 at the older."""
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace("  population: 1 ", "  population: 1\n  totale: 1 ")
    path.write_text(text, encoding="utf-8")
    assert invoke("criteria", "totale", str(path), "--vintage", "2019", "--kind", "totale").exit_code == 0
    result = invoke("check", str(path), "--format", "json")
    assert result.exit_code == 0
    (problem,) = json.loads(result.stdout)["files"][0]["problems"]
    assert (problem["code"], problem["path"]) == ("TDI303", "sources.totale.year")
    assert problem["message"] == "the criteria's figures come from different years (population 2022, totale 2019)"


def test_check_says_when_a_vintage_is_not_shipped(invoke: Invoke, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("    year: 2022\n", "    year: 2015\n"), encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 0
    assert "warning TDI310: sources.population.year: INSEE millésime 2015 is not shipped with this version of " in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--vintage", "2025", "--kind", "municipale"], "the populations in force in 2025 are millésime 2022"),
        (["--vintage", "2022", "--kind", "municipal"], "'municipal' is not one of 'municipale', 'totale'"),
        (["--kind", "municipale"], "Missing option '--vintage'"),
        (["--vintage", "2022"], "Missing option '--kind'"),
    ],
)
def test_usage_errors_exit_2(invoke: Invoke, args: list[str], says: str) -> None:
    result = invoke("criteria", "population", str(EXAMPLE), *args)
    assert result.exit_code == 2
    assert says in result.stderr


def test_equal_and_odd_criteria_are_refused(invoke: Invoke) -> None:
    for criterion, says in (("equal", "`equal` is built in"), ("pop ulation", "letters, digits")):
        result = invoke("criteria", criterion, str(EXAMPLE), "--vintage", "2022", "--kind", "totale")
        assert result.exit_code == 2
        assert says in result.stderr


def test_overlays_ledgers_and_links_are_not_edited(invoke: Invoke, tmp_path: Path) -> None:
    overlay = ROOT / "examples" / "scenarios" / "morlaix-se-retire.yaml"
    result = invoke("criteria", "population", str(overlay), "--vintage", "2022", "--kind", "totale")
    assert result.exit_code == 1
    assert "is a scenario overlay: run criteria on its base, ../../config/partners.yaml" in result.stderr
    ledger = ROOT / "examples" / "convention" / "ledger.yaml"
    result = invoke("criteria", "population", str(ledger), "--vintage", "2022", "--kind", "totale")
    assert result.exit_code == 1
    assert "is a ledger" in result.stderr
    target = _copy(tmp_path)
    link = tmp_path / "link.yaml"
    os.symlink(target, link)
    result = invoke("criteria", "population", str(link), "--vintage", "2019", "--kind", "totale")
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
    assert target.read_bytes() == EXAMPLE.read_bytes()


def test_an_invalid_file_is_reported_and_not_edited(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("months: 24", "months: 0")
    path.write_text(text, encoding="utf-8")
    result = invoke("criteria", "population", str(path), "--vintage", "2019", "--kind", "totale")
    assert result.exit_code == 1
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error TDI002: period.months", result.stderr)
    assert path.read_text(encoding="utf-8") == text


def test_a_shared_node_is_refused_rather_than_changed_twice(invoke: Invoke, tmp_path: Path) -> None:
    """Two partners sharing one `criteria` mapping through a YAML alias: setting one figure would set
    the other's too, so nothing is written."""
    text = (
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1000}\npartners:\n"
        "  - {id: a, name: A, siren: '200068120', criteria: &c {population: 3}}\n"
        "  - {id: b, name: B, siren: '242900314', criteria: *c}\n"
        "key: {population: 1}\n"
    )
    assert "YAML alias" in _refused(invoke, tmp_path / "alias.yaml", text, "2022", "totale")


def test_the_diff_shows_a_comment_s_bidi_override_escaped(invoke: Invoke, tmp_path: Path) -> None:
    """A comment is never validated as a label is: the diff shows what would act on a terminal escaped."""
    path = tmp_path / "evil.yaml"
    path.write_text(
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1}\npartners:\n"
        '  - {id: a, name: A, siren: "200068120", criteria: {population: 1}}  # \u202e evil\n'
        "key: {population: 1}\n",
        encoding="utf-8",
    )
    result = invoke("criteria", "population", str(path), "--vintage", "2022", "--kind", "totale", "--dry-run")
    assert result.exit_code == 0
    assert "\u202e" not in result.stdout
    assert "# \\u202e evil" in result.stdout


def test_the_readme_run_on_the_reference_is_real(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's `criteria ... budget.yaml --force` block: the reference budget with the
    SIRENs of the example added, refreshed from the newest vintage, prints what the block shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(\$ tdi-split criteria population budget\.yaml[^\n]*)\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    sirens = {partner["id"]: partner["siren"] for partner in example["partners"] if "siren" in partner}
    text = REFERENCE.read_text(encoding="utf-8")
    for partner, siren in sirens.items():
        text = text.replace(f"  - id: {partner}\n", f'  - id: {partner}\n    siren: "{siren}"\n', 1)
    assert text.count("siren:") == 10
    (tmp_path / "budget.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(*block[1].split()[2:])  # after "$ tdi-split"
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines() == block[2].splitlines()  # stdout and stderr as a terminal shows them
