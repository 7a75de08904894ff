#!/usr/bin/env python3
"""Writes a large nominations workbook with openpyxl (write-only mode, which writes inline
strings) and the same rows as a CSV file, for the bounded-memory test:
python3 make_large.py OUT.xlsx OUT.csv ROWS. Every row is a valid nomination of Đà Nẵng
(scope dn) with a distinct nominee and a long achievements text."""
import csv
import sys

import openpyxl

out, out_csv, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
header = ["Mã hồ sơ", "Họ và tên", "Cá nhân/Tập thể", "Năm", "Danh hiệu", "Tỉnh", "Đơn vị", "Tóm tắt thành tích"]
rows = ([f"lg-{n:06d}", f"Nguyễn Văn Thành {n}", "Cá nhân", 2025, "LDTT", "dn", f"dn-dv-{n % 97}",
         f"Hoàn thành xuất sắc nhiệm vụ năm 2025, sáng kiến số {n} được công nhận cấp cơ sở"] for n in range(count))
workbook = openpyxl.Workbook(write_only=True)
sheet = workbook.create_sheet("Đề nghị")
sheet.append(header)
with open(out_csv, "w", newline="", encoding="utf-8") as file:
    writer = csv.writer(file)
    writer.writerow(header)
    for row in rows:
        sheet.append(row)
        writer.writerow(row)
workbook.save(out)
