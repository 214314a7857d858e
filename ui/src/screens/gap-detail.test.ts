import { describe, expect, it } from "vitest";
import { gap } from "../screen-test-data";
import { OUTCOMES } from "../vocabulary";
import { checkOutcome, readOutcome, renderBatchBar, renderDetail } from "./gap-detail";

describe("detail panel", () => {
  it("shows reason, match tier, every source row and the outcome form", () => {
    const el = document.createElement("div");
    renderDetail(el, "zh", { gap, outcome: undefined, officer: "", today: "2026-07-01" });
    expect(el.textContent).toContain("出生 121 天未参保");
    expect(el.querySelector(".tier")?.textContent).toBe("姓名 + 出生日期一致（缺少有效身份证号）");
    const sources = [...el.querySelectorAll(".sources li")].map((li) => li.textContent);
    expect(sources).toEqual(["新生儿名单 birth.xlsx · Sheet1 · 第 7 行", "户籍人口 household.xlsx · 户籍 · 第 12 行"]);
    expect(el.querySelector<HTMLInputElement>("#d-date")!.value).toBe("2026-07-01");
    expect(el.querySelector<HTMLInputElement>("#d-date")!.type).toBe("text");
    expect(el.querySelector("b")).toBeNull();
  });

  it("preselects no outcome, even for a person who has one, and keeps the officer typed before", () => {
    const el = document.createElement("div");
    renderDetail(el, "zh", { gap, outcome: "mobilised", officer: "李明", today: "2026-07-01" });
    const select = el.querySelector<HTMLSelectElement>("#d-outcome")!;
    expect(select.options).toHaveLength(OUTCOMES.length + 1);
    expect(select.value).toBe("");
    expect(select.options[0]!.textContent).toBe("（请选择）");
    expect(el.querySelector<HTMLInputElement>("#d-officer")!.value).toBe("李明");
    expect(readOutcome(el, "d")).toEqual({ outcome: "", date: "2026-07-01", officer: "李明", note: "" });
  });

  it("says what to do with nothing selected", () => {
    const el = document.createElement("div");
    renderDetail(el, "en", { gap: null, outcome: undefined, officer: "", today: "2026-07-01" });
    expect(el.textContent).toBe("Click a row for details");
  });
});

describe("saving an outcome", () => {
  it("refuses without an outcome, and a date not written YYYY-MM-DD", () => {
    expect(checkOutcome({ outcome: "", date: "2026-07-01", officer: "", note: "" })).toEqual({ error: "detail.needOutcome" });
    expect(checkOutcome({ outcome: "enrolled", date: "07/31/2026", officer: "", note: "" })).toEqual({ error: "date.invalid" });
    expect(checkOutcome({ outcome: "enrolled", date: "2026-02-30", officer: "", note: "" })).toEqual({ error: "date.invalid" });
  });

  it("accepts an outcome with a date written another common way, or no date", () => {
    expect(checkOutcome({ outcome: "enrolled", date: "2026/7/31", officer: "", note: "" })).toEqual({ error: null, date: "2026-07-31" });
    expect(checkOutcome({ outcome: "refused", date: " ", officer: "", note: "" })).toEqual({ error: null, date: null });
  });
});

describe("batch bar", () => {
  it("is hidden with nothing picked, and says how many are picked, with its own empty outcome menu", () => {
    const el = document.createElement("form");
    renderBatchBar(el, "zh", 0, "", "2026-07-01");
    expect(el.hidden).toBe(true);
    renderBatchBar(el, "zh", 1234, "李明", "2026-07-01");
    expect(el.hidden).toBe(false);
    expect(el.querySelector("#b-count")?.textContent).toBe("已选 1,234 人");
    expect(el.querySelector<HTMLSelectElement>("#b-outcome")!.value).toBe("");
    expect(el.querySelector<HTMLInputElement>("#b-officer")!.value).toBe("李明");
  });
});
