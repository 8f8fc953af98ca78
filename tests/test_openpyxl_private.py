"""The one private part of openpyxl the reader relies on, pinned: `Worksheet._cells`, the cells a sheet's
file holds, keyed by (row, column). `pipeline/reading/sheets.py` `stored_cells` walks it (so that a sheet
with one formatted cell at XFD1048576 is not walked cell by cell), and `workbooks.py` tells a chart sheet
(no `_cells`) from a worksheet by it. If a new openpyxl changes it, these tests fail and say where to look."""
from __future__ import annotations

import time

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from pipeline.reading.sheets import stored_cells

RELIED_ON = ("openpyxl changed its private Worksheet._cells, which pipeline/reading/sheets.py (stored_cells) and "
             "pipeline/reading/workbooks.py (hasattr(sheet, '_cells'): a chart sheet has none) rely on; "
             f"openpyxl {openpyxl.__version__}")


@pytest.fixture
def saved(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Oogst"
    sheet["A1"], sheet["C1"], sheet["B3"] = "ID", "Thema", "D1-001"
    sheet["XFD1048576"].number_format = "0.00"  # formatted, far out, no value
    data = book.create_sheet("Cijfers")
    data.append(["x", 1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=1))
    book.create_chartsheet("Grafiek").add_chart(chart)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return openpyxl.load_workbook(path, data_only=True)


def test_a_worksheet_keeps_its_stored_cells_in_cells_by_row_and_column(saved):
    sheet = saved["Oogst"]
    cells = getattr(sheet, "_cells", None)
    assert isinstance(cells, dict), RELIED_ON
    assert set(cells) == {(1, 1), (1, 3), (3, 2), (1048576, 16384)}, RELIED_ON
    assert all(cells[(row, col)].row == row and cells[(row, col)].column == col for row, col in cells), RELIED_ON


def test_stored_cells_are_the_cells_the_file_holds_in_order_and_fast(saved):
    start = time.perf_counter()
    cells = stored_cells(saved["Oogst"])
    assert time.perf_counter() - start < 0.5  # iter_rows would walk 17 billion cells
    assert [c.coordinate for c in cells] == ["A1", "C1", "B3", "XFD1048576"]
    assert [c.value for c in cells] == ["ID", "Thema", "D1-001", None]


def test_a_chart_sheet_has_no_cells(saved):
    assert hasattr(saved["Oogst"], "_cells"), RELIED_ON
    assert not hasattr(saved["Grafiek"], "_cells"), RELIED_ON
