#!/usr/bin/env python3
"""Writes a large nominations workbook with openpyxl (write-only mode, shared strings) for the
bounded-memory test: python3 make_large.py OUT.xlsx ROWS. Every row is a valid nomination of
Đà Nẵng (scope dn) with a distinct nominee and a long achievements text."""
import sys

import openpyxl

out, count = sys.argv[1], int(sys.argv[2])
workbook = openpyxl.Workbook(write_only=True)
sheet = workbook.create_sheet("Đề nghị")
sheet.append(["Mã hồ sơ", "Họ và tên", "Cá nhân/Tập thể", "Năm", "Danh hiệu", "Tỉnh", "Đơn vị", "Tóm tắt thành tích"])
for n in range(count):
    sheet.append([f"lg-{n:06d}", f"Nguyễn Văn Thành {n}", "Cá nhân", 2025, "LDTT", "dn", f"dn-dv-{n % 97}",
                  f"Hoàn thành xuất sắc nhiệm vụ năm 2025, sáng kiến số {n} được công nhận cấp cơ sở"])
workbook.save(out)
