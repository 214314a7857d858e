"""The same job as enrolgap's, the way an analyst would write it in pandas: read the
household list and the enrolment register (and the death and exclusion lists when the
county has them), normalise IDs minimally, find the living, not excluded residents with no
active enrolment for 2026 by a plain ID join, write them to an xlsx.

    pandas_job.py xlsx|csv DATA_DIR OUT.xlsx

Prints one JSON line per step: {"step", "seconds", "rows"}. Peak memory is measured from
outside (/usr/bin/time -v), for the whole process.
"""
import json
import os
import sys
import time

import pandas as pd

fmt, data, out = sys.argv[1:4]


def step(name, start, rows):
    print(json.dumps({"step": name, "seconds": round(time.perf_counter() - start, 3), "rows": int(rows)}), flush=True)


t = time.perf_counter()
if fmt == "xlsx":
    # Two title rows above the header, as the file arrives.
    household = pd.read_excel(f"{data}/household.xlsx", engine="calamine", header=2, dtype=str)
else:
    household = pd.read_csv(f"{data}/household.csv", encoding="gbk", skiprows=2, dtype=str)
step(f"read household.{fmt}", t, len(household))

t = time.perf_counter()
if fmt == "xlsx":
    enrolment = pd.read_excel(f"{data}/enrolment.xlsx", engine="calamine", dtype=str)
else:
    enrolment = pd.read_csv(f"{data}/enrolment.csv", encoding="gbk", dtype=str)
step(f"read enrolment.{fmt}", t, len(enrolment))

def read(name, **kw):
    if fmt == "xlsx":
        return pd.read_excel(f"{data}/{name}.xlsx", engine="calamine", dtype=str, **kw)
    return pd.read_csv(f"{data}/{name}.csv", encoding="gbk", dtype=str, **kw)


# The people who need no gap: on the death list or the exclusion list, by ID.
settled = set()
for name in ("death", "exclusion"):
    if os.path.exists(f"{data}/{name}.{fmt}"):
        t = time.perf_counter()
        listed = read(name)
        settled.update(listed["身份证号"].dropna().str.strip().str.upper())
        step(f"read {name}.{fmt}", t, len(listed))

t = time.perf_counter()
# Minimal normalisation: trim, upper-case x; drop the totals row (no ID).
household = household[household["公民身份号码"].notna()].copy()
household["id"] = household["公民身份号码"].str.strip().str.upper()
enrolment["id"] = enrolment["证件号码"].str.strip().str.upper()
alive = household[(household["人员状态"] != "死亡") & ~household["id"].isin(settled)]
year = pd.to_numeric(enrolment["缴费年度"], errors="coerce")
active = enrolment[(enrolment["参保状态"] == "参保缴费") & (year == 2026)]
merged = alive.merge(active[["id"]].drop_duplicates(), on="id", how="left", indicator=True)
gaps = merged[merged["_merge"] == "left_only"]
step("analyse (merge)", t, len(household))

t = time.perf_counter()
gaps[["id", "姓名", "出生日期", "性别", "乡镇(街道)", "村(社区)"]].to_excel(out, engine="xlsxwriter", index=False)
step("write gaps.xlsx", t, len(gaps))
