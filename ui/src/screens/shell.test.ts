import { describe, expect, it } from "vitest";
import { checkedDate, progressFraction, progressText } from "./shell";

describe("progress", () => {
  it("computes a fraction only with a known total", () => {
    expect(progressFraction({ stage: "reading", file: null, done: 5, total: 10 })).toBe(0.5);
    expect(progressFraction({ stage: "reading", file: null, done: 5, total: null })).toBeNull();
    expect(progressFraction({ stage: "reading", file: null, done: 0, total: 0 })).toBeNull();
  });

  it("describes progress in both languages", () => {
    const u = { stage: "storing", file: "/x/household.xlsx", done: 1200, total: 5000 } as const;
    expect(progressText("zh", u)).toBe("写入 household.xlsx：1,200 / 5,000 行");
    expect(progressText("en", { ...u, total: null })).toBe("Storing household.xlsx: 1,200 rows");
  });
});

describe("date fields", () => {
  it("rewrites a typed date as YYYY-MM-DD and marks one that is not a date", () => {
    const input = document.createElement("input");
    input.value = "2026年7月31日";
    expect(checkedDate(input)).toBe("2026-07-31");
    expect(input.value).toBe("2026-07-31");
    expect(input.classList.contains("invalid")).toBe(false);
    input.value = "07/31/2026";
    expect(checkedDate(input)).toBeNull();
    expect(input.classList.contains("invalid")).toBe(true);
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });
});
