#!/usr/bin/env python3
"""Writes hostile .xlsx files for tdsync's tests into the folder given (made at test time, not
committed): python3 make_hostile.py OUTDIR. Only the standard library (zipfile, zlib).

- zip-bomb.xlsx            a sheet part that inflates to 512 MiB of spaces (about 0.5 MiB zipped),
                           its size declared honestly
- zip-bomb-lying.xlsx      the same, its headers declaring 10,000 bytes
- huge-shared-strings.xlsx 1,050,000 shared strings (more than tdsync reads)
- entities.xlsx            a sheet with a DOCTYPE declaring nested entities ("billion laughs")
- external-entity.xlsx     shared strings with a DOCTYPE naming an external entity (file:///etc/passwd)
- million-rows.xlsx        a header, one nomination, then empty rows numbered up to 1,048,576
- beyond-last-row.xlsx     a row numbered 2,000,000, past Excel's last
- old-excel.xls.xlsx       an Excel 97-2003 (OLE) file under an .xlsx name
"""
import os
import struct
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def package(path, sheet, shared=None, patch_sizes=None):
    """A minimal workbook whose sheet1.xml is `sheet` (bytes, or a generator of byte chunks)."""
    types = (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '</Types>')
    root = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else '')
            + '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", types), ("_rels/.rels", root), ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", rels)]:
            z.writestr(name, text)
        for name, content in [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)]:
            if content is None:
                continue
            with z.open(name, "w", force_zip64=False) as part:
                for chunk in ([content] if isinstance(content, bytes) else content):
                    part.write(chunk)
    if patch_sizes is not None:
        lie(path, "xl/worksheets/sheet1.xml", patch_sizes)


def lie(path, name, size):
    """Rewrites the uncompressed size of entry `name` in its local header and central directory."""
    data = bytearray(open(path, "rb").read())
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30:local + 30 + name_len] == encoded:
            struct.pack_into("<I", data, local + 22, size)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_len] == encoded:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    open(path, "wb").write(bytes(data))


def header_rows():
    return (f'<worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Năm</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>Danh hiệu</t></is></c><c r="D1" t="inlineStr"><is><t>Loại</t></is></c></row>')


def bomb():
    yield (HEAD + header_rows()).encode()
    spaces = b" " * (1 << 20)
    for _ in range(512):
        yield spaces
    yield b"</sheetData></worksheet>"


def main(out):
    os.makedirs(out, exist_ok=True)
    package(os.path.join(out, "zip-bomb.xlsx"), bomb())
    package(os.path.join(out, "zip-bomb-lying.xlsx"), bomb(), patch_sizes=10_000)

    def strings():
        yield (HEAD + f'<sst xmlns="{MAIN}" count="1050000" uniqueCount="1050000">').encode()
        block = b"".join(b"<si><t>x%d</t></si>" % i for i in range(1000))
        for _ in range(1050):
            yield block
        yield b"</sst>"
    sheet = (HEAD + header_rows() + '</sheetData></worksheet>').encode()
    package(os.path.join(out, "huge-shared-strings.xlsx"), sheet, shared=strings())

    laughs = '<!DOCTYPE worksheet [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10)) + ']>'
    entity_sheet = (HEAD + laughs + header_rows().replace("Họ và tên", "&lol9;") + '</sheetData></worksheet>').encode()
    package(os.path.join(out, "entities.xlsx"), entity_sheet)

    external = (HEAD + '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                f'<sst xmlns="{MAIN}"><si><t>&xxe;</t></si></sst>').encode()
    package(os.path.join(out, "external-entity.xlsx"), sheet, shared=external)

    def million():
        yield (HEAD + f'<worksheet xmlns="{MAIN}"><dimension ref="A1:C1048576"/>').encode()
        yield header_rows()[len(f'<worksheet xmlns="{MAIN}">'):].encode()
        yield ('<row r="2"><c r="A2" t="inlineStr"><is><t>Nguyễn Văn An</t></is></c><c r="B2"><v>2025</v></c>'
               '<c r="C2" t="inlineStr"><is><t>LDTT</t></is></c><c r="D2" t="inlineStr"><is><t>Cá nhân</t></is></c></row>').encode()
        for start in range(3, 1_048_577, 10_000):
            yield "".join(f'<row r="{n}"/>' for n in range(start, min(start + 10_000, 1_048_577))).encode()
        yield b"</sheetData></worksheet>"
    package(os.path.join(out, "million-rows.xlsx"), million())

    beyond = (HEAD + header_rows() + '<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>'
              '</sheetData></worksheet>').encode()
    package(os.path.join(out, "beyond-last-row.xlsx"), beyond)
    with open(os.path.join(out, "old-excel.xls.xlsx"), "wb") as file:
        file.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))


if __name__ == "__main__":
    main(sys.argv[1])
