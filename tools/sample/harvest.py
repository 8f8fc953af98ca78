"""The harvest: compact item records from the harvest_dayN modules, turned into rows of sheet `Oogst`.

A data file lists sessions, each with items made by `I(...)`:

    I(org, soort, spec, inbreng, toelichting=None, d="consensus", k="ja", key=None, note=None)

`spec` says what was done with the item: `ov:beg` (overgenomen in chapter `beg`), `do:opv`
(deels overgenomen), `sv:KEY` (samengevoegd with the item that carries `key=KEY`), `va`
(vervolgagenda) or `no` (niet overgenomen). `d` is the Draagvlak, `k` Binnen kaders, `note` the
Interne notitie. IDs (D1-001, ...) are given in order of appearance.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import CHAPTERS, DAYS, DRAAGVLAK, JA_NEE, SOORT, VERWERKING
from .organisations import ORGS

COLUMNS = ("ID", "Dag", "Sessie", "Thema", "Inbreng", "Ingebracht door", "Soort", "Draagvlak",
           "Binnen kaders", "Verwerking", "Onderdeel", "Samengevoegd met", "Toelichting", "Interne notitie")

OUTCOMES = {"ov": "overgenomen", "do": "deels overgenomen", "sv": "samengevoegd",
            "va": "vervolgagenda", "no": "niet overgenomen"}


@dataclass(frozen=True)
class Item:
    org: str
    soort: str
    spec: str
    text: str
    why: str | None = None
    d: str = "consensus"
    k: str = "ja"
    key: str | None = None
    note: str | None = None


def I(org, soort, spec, text, why=None, *, d="consensus", k="ja", key=None, note=None) -> Item:
    return Item(org, soort, spec, text, why, d, k, key, note)


def session(name: str, theme: str, *items: Item) -> tuple[str, str, tuple[Item, ...]]:
    return name, theme, items


def rows_for(days: dict[int, list]) -> dict[int, list[tuple]]:
    """Per day, the rows of sheet Oogst in column order (COLUMNS)."""
    keyed: dict[str, str] = {}
    numbered: list[tuple[int, str, str, str, Item]] = []
    for day, sessions in days.items():
        n = 0
        for name, theme, items in sessions:
            for item in items:
                n += 1
                ident = f"D{day}-{n:03d}"
                if item.key is not None:
                    assert item.key not in keyed, f"sleutel {item.key} dubbel"
                    keyed[item.key] = ident
                numbered.append((day, ident, name, theme, item))
    out: dict[int, list[tuple]] = {day: [] for day in days}
    for day, ident, name, theme, item in numbered:
        kind, _, arg = item.spec.partition(":")
        outcome = OUTCOMES[kind]
        chapter = CHAPTERS[arg] if kind in ("ov", "do") else None
        merged = keyed[arg] if kind == "sv" else None
        out[day].append((ident, day, name, theme, item.text, ORGS[item.org], item.soort, item.d, item.k,
                         outcome, chapter, merged, item.why, item.note))
    return out


def validate(rows: list[tuple]) -> None:
    """The rules of PRODUCT.md for the harvest, and the shape the sample promises."""
    by_id = {r[0]: r for r in rows}
    assert len(by_id) == len(rows), "dubbele ID"
    for r in rows:
        ident, day, _, theme, text, org, soort, d, k, outcome, chapter, merged, why, _ = r
        where = f"{ident}: "
        assert day in DAYS and theme and text and org, where
        assert soort in SOORT and d in DRAAGVLAK and k in JA_NEE and outcome in VERWERKING, where
        assert (chapter is not None) == (outcome in ("overgenomen", "deels overgenomen")), where + "Onderdeel"
        assert (merged is not None) == (outcome == "samengevoegd"), where + "Samengevoegd met"
        if merged is not None:
            assert merged != ident and by_id[merged][9] != "samengevoegd", where + "doel samengevoegd"
        needs_why = outcome in ("deels overgenomen", "vervolgagenda", "niet overgenomen")
        assert needs_why == (why is not None), where + "Toelichting"
        if k == "nee":
            assert outcome in ("vervolgagenda", "niet overgenomen"), where + "buiten kaders"
        assert len(text) < 300 and text.rstrip()[-1] in ".?!", where + "inbreng"
    texts = [r[4] for r in rows]
    assert len(set(texts)) == len(texts), "dubbele inbreng"
    n = len(rows)
    outcomes = Counter(r[9] for r in rows)
    support = Counter(r[7] for r in rows)
    assert 160 <= n <= 220, n
    assert 0.82 <= support["consensus"] / n <= 0.88, support
    assert 5 <= support["minderheid"] <= 8, support
    assert 8 <= sum(r[8] == "nee" for r in rows) <= 15
    assert 12 <= outcomes["samengevoegd"] <= 20, outcomes
    assert 5 <= outcomes["niet overgenomen"] <= 10, outcomes
    assert 12 <= sum(r[13] is not None for r in rows) <= 18


def summary(rows: list[tuple]) -> str:
    n = len(rows)
    lines = [f"oogst: {n} items"]
    lines.append("  per dag: " + ", ".join(f"{d}: {c}" for d, c in sorted(Counter(r[1] for r in rows).items())))
    lines.append("  per verwerking: " + ", ".join(f"{o}: {c}" for o, c in Counter(r[9] for r in rows).most_common()))
    lines.append("  per draagvlak: " + ", ".join(f"{o}: {c}" for o, c in Counter(r[7] for r in rows).most_common()))
    lines.append(f"  consensus: {sum(r[7] == 'consensus' for r in rows) / n:.1%}; buiten kaders: "
                 f"{sum(r[8] == 'nee' for r in rows)}; interne notities: {sum(r[13] is not None for r in rows)}")
    lines.append("  per organisatie: " + ", ".join(f"{o}: {c}" for o, c in Counter(r[5] for r in rows).most_common()))
    return "\n".join(lines)
