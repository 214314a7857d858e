#!/usr/bin/env python3
"""Prints every cell of every sheet of the .xlsx files given, one line a cell, for diffing
two exports. The columns headed by the case code and the row token (random per export)
are printed as '*'. Standard library only: zipfile and ElementTree."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RANDOM_HEADERS = {"案件码", "行令牌（请勿修改）"}


def text_of(node):
    return "".join(t.text or "" for t in node.iter(f"{{{NS['m']}}}t"))


def dump(path):
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = [text_of(si) for si in root.findall("m:si", NS)]
        sheets = sorted(n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
        for name in sorted(sheets, key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1))):
            root = ET.fromstring(z.read(name))
            random_cols = set()
            for row in root.iter(f"{{{NS['m']}}}row"):
                for c in row.findall("m:c", NS):
                    ref, kind = c.get("r"), c.get("t")
                    v = c.find("m:v", NS)
                    if kind == "s" and v is not None:
                        value = shared[int(v.text)]
                    elif kind == "inlineStr":
                        value = text_of(c)
                    else:
                        value = v.text if v is not None else ""
                    col = re.match(r"[A-Z]+", ref).group(0)
                    if value in RANDOM_HEADERS:
                        random_cols.add(col)
                    elif col in random_cols:
                        value = "*"
                    print(f"{path.split('/')[-1]}\t{name}\t{ref}\t{value}")


for p in sys.argv[1:]:
    dump(p)
