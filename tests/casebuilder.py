"""Builds tiny, valid input sets from plain Python data, so a test can change one thing and write them."""
from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import openpyxl

TOML = """\
[voordracht]
onderwerp = "Vaststellen Uitvoeringsplan opvang"
portefeuille = "Vreemdelingenbeleid"
portefeuillehouder = "Wethouder A. Jansen"
datum_college = 2021-03-02
behandeld_door = "Programmateam Opvang"
agendapunt = "7"
registratienummer = "2021-0042"

[kaders]
plaatsen = 100
max_verblijf_maanden = 12
budget = { 2021 = 1_000_000, 2022 = 1_200_000 }

[[werkdag]]
dag = 1
datum = 2021-01-12
thema = "Verkennen"

[[werkdag]]
dag = 2
datum = 2021-01-19
thema = "Uitwerken"

[[besluit]]
tekst = "in te stemmen met het Uitvoeringsplan opvang;"

[[besluit]]
tekst = "kennis te nemen van de reacties van de deelnemers."

[[besluit]]
tekst = "geheimhouding op te leggen op de vertrouwelijke bijlage (artikel 25 Gemeentewet)."

[[vervolgstap]]
datum = 2021-02-15
stap = "Concept naar deelnemers"

[[vervolgstap]]
datum = 2021-03-02
stap = "Besluit college van B&W"
toelichting = "Het college besluit over het plan."

[review]
verzonden = 2021-02-15
reactie_tot = 2021-02-26
contact = "opvang@example.org"
"""

HARVEST_HEADER = ["ID", "Dag", "Sessie", "Thema", "Inbreng", "Ingebracht door", "Soort", "Draagvlak",
                  "Binnen kaders", "Verwerking", "Onderdeel", "Samengevoegd met", "Toelichting",
                  "Interne notitie"]


def small_case() -> dict:
    """A complete, valid input set: every sheet as a list of rows, the header row first."""
    return {
        "voordracht.toml": TOML,
        "tekst/plan/01-inleiding.md": "# Inleiding\n\nDit plan regelt de *opvang*.\n\n- punt een\n- punt twee\n",
        "tekst/plan/02-opvang.md": "# Opvang\n\nKleine locaties met begeleiding.\n",
        "tekst/voordracht/achtergrond.md": "Het college wil een nieuwe aanpak.\n",
        "tekst/voordracht/onderbouwing.md": "De aanpak volgt uit de werkdagen.\n",
        "oogst/dag-1.xlsx": {"Oogst": [
            list(HARVEST_HEADER),
            ["D1-01", 1, "Ochtend", "Opvang", "Kleine locaties", "Stichting Noord", "idee", "consensus",
             "ja", "overgenomen", "opvang", None, None, "bellen"],
            ["D1-02", 1, None, "Opvang", "Ook kleine locaties", "Stichting Zuid", "voorstel", "consensus",
             "ja", "samengevoegd", None, "D1-01", None, None],
            ["D1-03", 1, None, "Geld", "Meer plaatsen", "Stichting Noord", "zorg", "minderheid",
             "nee", "vervolgagenda", None, None, "Buiten het kader van 100 plaatsen.", None],
        ]},
        "oogst/dag-2.xlsx": {"Oogst": [
            list(HARVEST_HEADER),
            ["D2-01", 2, None, "Begeleiding", "Een vaste begeleider", "Plenair", "voorstel", "breed",
             "ja", "deels overgenomen", "inleiding", None, "Alleen voor nieuwe bewoners.", None],
            ["D2-02", 2, None, "Begeleiding", "Wie betaalt dit?", "Stichting Zuid", "vraag", "verdeeld",
             "ja", "niet overgenomen", None, None, "Is al geregeld.", None],
        ]},
        "begroting.xlsx": {
            "Lasten": [["Post", "Categorie", "Onderdeel", "2021", "2022", "Toelichting"],
                       ["Huur", "Huisvesting", "opvang", 400_000, 500_000, None],
                       ["Begeleiders", "Begeleiding", None, 300_000, 350_000, "4 fte"],
                       ["Totaal", None, None, 700_000, 850_000, None]],
            "Dekking": [["Bron", "2021", "2022", "Toelichting"],
                        ["Gemeente", 500_000, 600_000, None],
                        ["Rijk", 200_000, 250_000, "Pilot"]],
            "Locaties": [["Locatie", "Stadsdeel", "Plaatsen", "Doelgroep", "Max. verblijf (maanden)"],
                         ["Kerkstraat 1", "Centrum", 60, None, 12],
                         ["Dijkweg 9", "Noord", 40, "Kwetsbaren", 6]],
        },
        "adviezen.xlsx": {
            "Juridisch": [["ID", "Onderwerp", "Advies", "Status", "Onderdeel", "Vertrouwelijk", "Adviseur"],
                          ["J-1", "Aanbesteding", "Geen bezwaar.", "akkoord", None, "nee", "mr. B. Smit"],
                          ["J-2", "Huurcontract", "Let op de opzegtermijn.", "akkoord onder voorwaarden",
                           "opvang", "ja", "mr. B. Smit"]],
            "Financieel": [["ID", "Onderwerp", "Advies", "Status", "Onderdeel", "Vertrouwelijk", "Adviseur"],
                           ["F-1", "Dekking", "Sluitend.", "akkoord", None, "nee", None]],
        },
        "deelnemers.xlsx": {"Deelnemers": [
            ["Naam", "Organisatie", "E-mail", "Naam vermelden", "Reviewexemplaar"],
            ["Anne de Vries", "Stichting Noord", "anne@example.org", "ja", "ja"],
            ["Piet Bakker", "Stichting Zuid", None, "nee", "ja"],
            ["Kees Mol", "Stichting Zuid", "kees@example.org", "ja", "nee"],
        ]},
    }


def write_case(case: dict, folder: Path) -> Path:
    """Writes `case` into `folder`; workbook cells that are `=SUM(...)` get their cached value too."""
    for rel, content in case.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, (str, bytes)):
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        else:
            _write_workbook(content, path)
    return folder


# Workbooks already written, by their sheets' repr (which tells 1, 1.0, True and "1" apart): most tests
# write the small case with at most one cell changed, and openpyxl takes some 7 ms a workbook.
_WRITTEN: dict[str, bytes] = {}
_REMEMBERED = 1024


def _write_workbook(sheets: dict, path: Path) -> None:
    key = repr(sheets)
    data = _WRITTEN.get(key)
    if data is None:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        written = io.BytesIO()
        book.save(written)
        data = written.getvalue()
        if len(_WRITTEN) < _REMEMBERED:
            _WRITTEN[key] = data
    path.write_bytes(data)


def with_cached_values(path: Path, values: dict[tuple[str, str], float]) -> None:
    """Adds cached values to formula cells, as Excel does on save ((sheet, cell) -> value)."""
    book = openpyxl.load_workbook(path)
    index = {title: n for n, title in enumerate(book.sheetnames, 1)}
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for (sheet, cell), value in values.items():
        name = f"xl/worksheets/sheet{index[sheet]}.xml"
        xml = parts[name].decode()
        xml = re.sub(rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", xml)
        parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def changed(case: dict, rel: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, value: object = None) -> dict:
    """A deep copy of `case` with one cell (row 1 = header row) of a sheet set to `value`."""
    new = copy.deepcopy(case)
    rows = new[rel][sheet]
    index = rows[0].index(column)
    rows[row - 1][index] = value
    return new
