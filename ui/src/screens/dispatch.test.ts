import { describe, expect, it } from "vitest";
import type { UnitDispatch } from "../bindings";
import { dispatchStatus, renderDispatch } from "./dispatch";

const unit = (over: Partial<UnitDispatch>): UnitDispatch => ({
  route_type: "township",
  unit: "可塘镇",
  export_id: 3,
  sent_on: "2026-07-31",
  return_by: "2026-08-14",
  status: "sent",
  overdue: false,
  sent: 1234,
  contacted: 0,
  mobilised: 0,
  enrolled: 0,
  returned_files: 0,
  last_returned_at: null,
  ...over,
});

describe("dispatch per unit", () => {
  it("shows each unit's dates, status and funnel, overdue rows marked", () => {
    const el = document.createElement("div");
    renderDispatch(el, "zh", [
      unit({}),
      unit({ unit: "梅陇镇", status: "partly_returned", overdue: true, contacted: 5, mobilised: 2 }),
      unit({ unit: "公平镇", status: "completed", contacted: 1234, mobilised: 1000, enrolled: 40 }),
    ]);
    const rows = [...el.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.getAttribute("data-unit"))).toEqual(["可塘镇", "梅陇镇", "公平镇"]);
    expect(rows[0]?.textContent).toContain("2026-08-14");
    expect(rows[0]?.textContent).toContain("1,234");
    expect(rows[1]?.classList.contains("overdue")).toBe(true);
    expect(rows[1]?.querySelector(".status")?.textContent).toBe("已逾期 · 部分反馈");
    expect(rows[2]?.querySelector(".status")?.textContent).toBe("已全部反馈");
    expect(el.querySelectorAll("thead th")).toHaveLength(8);
  });

  it("says so when nothing was sent, in either language", () => {
    const el = document.createElement("div");
    renderDispatch(el, "en", []);
    expect(el.textContent).toBe("No worklist has been sent yet.");
    expect(dispatchStatus("en", { status: "sent", overdue: true })).toBe("Overdue · Sent, nothing back");
  });
});
