#!/usr/bin/env python3
"""Makes the .xlsx fixtures of tdsync's import tests with programs other than tdsync.

Run from this folder:  python3 make_fixtures.py
Needs openpyxl (Debian: python3-openpyxl) and LibreOffice Calc (Debian: libreoffice-calc-nogui,
for `soffice --headless --convert-to xlsx`). The workbooks are committed; rerun this only to
change them, and update the tests' expectations.

- nominations-openpyxl.xlsx   openpyxl: shared strings; sheet "Đề nghị" with a two-row header
  (cells merged down, "Khen thưởng đề nghị" and "Quyết định" merged across their columns),
  numbers stored as numbers and as text, a text id with a leading zero, dates as real dates
  (serials) and as dd/mm/yyyy text, a decomposed (NFD) name, a bad title, a duplicate, a bad
  date, styled empty cells far below and to the right; sheet "Cán bộ" with people's years
  (a boolean cell, a bad rating).
- nominations-libreoffice.xlsx  the same workbook written again by LibreOffice Calc.
- dates-1904.xlsx             openpyxl, the 1904 date system: a decision date as a serial.
- inline-strings.xlsx         written by Python's zipfile as some exporters do: inline strings
  (one of rich-text runs), a formula's cached text, no shared strings, no styles part, cells
  without references, a dimension that claims 1,048,576 rows.
"""
import datetime
import os
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))


def nominations_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đề nghị"
    bold = Font(bold=True)
    top = ["Mã hồ sơ", "Họ và tên", "Cá nhân/Tập thể", "Năm", "Khen thưởng đề nghị", None, "Tỉnh",
           "Tóm tắt thành tích", "Quyết định", None, None]
    sub = [None, None, None, None, "Danh hiệu", "Hình thức khen thưởng", None, None,
           "Kết quả xét duyệt", "Số quyết định", "Ngày quyết định"]
    ws.append(top)
    ws.append(sub)
    for column in "ABCDGH":
        ws.merge_cells(f"{column}1:{column}2")
    ws.merge_cells("E1:F1")
    ws.merge_cells("I1:K1")
    for row in ws.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = [
        # row 3: a number year, a title code, a real date
        ["xl-001", "Nguyễn Thị Hồng Nhung", "Cá nhân", 2025, "CSTDCS", None, "dn",
         "Hoàn thành xuất sắc nhiệm vụ năm 2025", "Đã duyệt", "125/QĐ-UBND", datetime.date(2025, 12, 1)],
        # row 4: the year stored as text, an award form, a province by name, a date as text
        ["xl-002", "Phòng Quản lý công thương", "Tập thể", "2025", None, "BK_BO", "Đà Nẵng",
         None, "Đã duyệt", "7/QĐ-BCT", "05/03/2025"],
        # row 5: an id with a leading zero, a decomposed name, a title by its name
        ["0123", unicodedata.normalize("NFD", "Trần Văn Bình"), "Cá nhân", 2025, "Lao động tiên tiến", None, "hn",
         "Sáng kiến “Số hóa hồ sơ”", None, None, None],
        # row 6: a title the catalog does not have
        ["xl-004", "Lê Văn Cường", "Cá nhân", 2025, "XYZ", None, "dn", None, None, None, None],
        # row 7: row 3 again, the nominee in other case, without an id
        [None, "nguyễn thị hồng nhung", "Cá nhân", 2025, "CSTDCS", None, "dn", None, None, None, None],
        # row 8: a date that does not exist
        ["xl-006", "Phạm Thị Dung", "Cá nhân", 2025, "LDTT", None, "dn", None, "Đã duyệt", "9/QĐ-UBND", "31/04/2025"],
    ]
    for values in rows:
        ws.append(values)
    ws["K3"].number_format = "dd/mm/yyyy"
    ws["A5"].number_format = "@"
    # Empty but styled cells far below and to the right: openpyxl writes them, with a dimension to Z40.
    grey = PatternFill("solid", fgColor="DDDDDD")
    ws["Z40"].fill = grey
    ws["C30"].fill = grey
    ws.column_dimensions["B"].width = 28

    people = wb.create_sheet("Cán bộ")
    people.append(["Mã cán bộ", "Họ và tên", "Năm", "Tỉnh", "Xếp loại", "Danh hiệu", "Trực tiếp lao động", "Kỷ luật"])
    people.append([1001, "Nguyễn Thị Hồng Nhung", 2025, "dn", "Hoàn thành xuất sắc nhiệm vụ", "LDTT; CSTDCS", True, False])
    people.append(["p-002", "Trần Văn Bình", "2025", "hn", "Hoàn thành tốt nhiệm vụ", None, "Có", "Không"])
    people.append(["p-003", "Lê Văn Cường", 2025, "dn", "Giỏi", None, None, None])
    wb.save(path)


def dates_1904_workbook(path):
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Đề nghị"
    ws.append(["Mã hồ sơ", "Họ và tên", "Cá nhân/Tập thể", "Năm", "Danh hiệu", "Tỉnh", "Kết quả xét duyệt",
               "Số quyết định", "Ngày quyết định"])
    ws.append(["mac-001", "Võ Minh Em", "Cá nhân", 2025, "LDTT", "dn", "Đã duyệt", "3/QĐ-UBND", datetime.date(2025, 12, 1)])
    ws["I2"].number_format = "d/m/yyyy"
    wb.save(path)


def inline_strings_workbook(path):
    def t(text):
        return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:F1048576"/><sheetData>'
        '<row r="1">' + t("Mã hồ sơ") + t("Họ và tên") + t("Loại") + t("Năm") + t("Danh hiệu") + t("Tỉnh") + '</row>'
        '<row r="2">' + t("in-001")
        + '<c t="inlineStr"><is><r><t xml:space="preserve">Đặng </t></r><r><rPr><b/></rPr><t>Văn Phong</t></r></is></c>'
        + t("Cá nhân") + '<c><v>2025</v></c>' + '<c t="str"><f>"LD"&amp;"TT"</f><v>LDTT</v></c>' + t("dn") + '</row>'
        '<row r="3">' + t("in-002") + t("Hoàng Thị Giang") + t("Cá nhân") + t("2025") + t("CSTDCS") + t("Hà Nội") + '</row>'
        '<row r="9"><c r="A9" t="inlineStr"><is><t>   </t></is></c></row>'
        '</sheetData></worksheet>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    )
    root = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", types), ("_rels/.rels", root), ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", rels), ("xl/worksheets/sheet1.xml", sheet)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def libreoffice_copy(source, target):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is missing: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(source, os.path.join(tmp, "in.xlsx"))
        out = os.path.join(tmp, "out")
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", out, os.path.join(tmp, "in.xlsx")],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(out, "in.xlsx"), target)


if __name__ == "__main__":
    nominations_workbook(os.path.join(HERE, "nominations-openpyxl.xlsx"))
    libreoffice_copy(os.path.join(HERE, "nominations-openpyxl.xlsx"), os.path.join(HERE, "nominations-libreoffice.xlsx"))
    dates_1904_workbook(os.path.join(HERE, "dates-1904.xlsx"))
    inline_strings_workbook(os.path.join(HERE, "inline-strings.xlsx"))
    print("made", ", ".join(sorted(f for f in os.listdir(HERE) if f.endswith(".xlsx"))))
