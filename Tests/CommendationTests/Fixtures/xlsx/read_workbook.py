#!/usr/bin/env python3
"""Reads an .xlsx workbook with openpyxl and prints what tdsync's tests check, as JSON:
per sheet its name, frozen pane, merged ranges, column widths, and per cell its shown text
(dates dd/mm/yyyy, whole numbers without .0, formulas as written), openpyxl's data type and
whether it is a date. Usage: python3 read_workbook.py FILE.xlsx"""
import datetime
import json
import sys

import openpyxl


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


workbook = openpyxl.load_workbook(sys.argv[1])
sheets = []
for sheet in workbook.worksheets:
    sheets.append({
        "name": sheet.title,
        "freeze": sheet.freeze_panes,
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
        "rows": [[{"v": text(c.value), "t": c.data_type, "date": bool(getattr(c, "is_date", False))} for c in row] for row in sheet.iter_rows()],
    })
json.dump(sheets, sys.stdout, ensure_ascii=False)
