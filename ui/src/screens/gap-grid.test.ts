import { describe, expect, it } from "vitest";
import type { Gap } from "../bindings";
import { gap } from "../screen-test-data";
import { byUrgency, columnDefinitions, GRID_COLUMNS, gridRow } from "./gap-grid";

const row = (over: Partial<Gap>, index: number) => gridRow("zh", { ...gap, ...over }, index, undefined, false);

describe("gap grid rows", () => {
  it("holds words, not codes, and only the masked ID", () => {
    const r = gridRow("zh", gap, 5, "mobilised", true);
    expect(r.code).toBe("新生儿未参保");
    expect(r.priority).toBe("紧急");
    expect(r.status).toBe("已动员待缴费");
    expect(r.id).toBe("441521********1234");
    expect(Object.values(r)).not.toContain(gap.id_number);
    expect(r.selected).toBe(true);
    expect(gridRow("en", { ...gap, priority: "high" }, 0, undefined, false).status).toBe("Not followed up");
  });

  it("uses the paper's priority words", () => {
    expect(row({ priority: "high" }, 0).priority).toBe("高");
    expect(row({ priority: "normal" }, 0).priority).toBe("一般");
  });

  it("orders urgent first, then the nearest deadline, no deadline last", () => {
    const rows = [
      row({ priority: "normal", deadline: "2026-01-01", name: "甲" }, 0),
      row({ priority: "high", deadline: null, name: "乙" }, 1),
      row({ priority: "high", deadline: "2026-09-01", name: "丙" }, 2),
      row({ priority: "urgent", deadline: "2026-08-01", name: "丁" }, 3),
      row({ priority: "high", deadline: "2026-08-15", name: "戊" }, 4),
    ];
    expect(rows.sort(byUrgency).map((r) => r.index)).toEqual([3, 4, 2, 1, 0]);
  });
});

describe("gap grid columns", () => {
  it("has a pick column, then every column with a filter, sort and a heading in the language", () => {
    const cols = columnDefinitions("en", new Set(["birth"]));
    expect(cols.map((c) => c.field)).toEqual(["selected", ...GRID_COLUMNS.map(([f]) => f)]);
    const byField = new Map(cols.map((c) => [c.field, c]));
    expect(byField.get("reason")!.title).toBe("Reason");
    expect(byField.get("reason")!.cssClass).toBe("c-reason");
    expect(byField.get("reason")!.tooltip).toBe(true);
    expect(byField.get("birth")!.visible).toBe(false);
    expect(byField.get("name")!.frozen).toBe(true);
    for (const [field] of GRID_COLUMNS) {
      expect(byField.get(field)!.headerFilter, field).toBeTruthy();
      expect(byField.get(field)!.headerSort, field).not.toBe(false);
    }
    expect(byField.get("priority")!.headerFilterParams).toMatchObject({ values: ["Urgent", "High", "Normal"] });
  });
});
