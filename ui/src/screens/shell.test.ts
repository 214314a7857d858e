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

  it("counts an analysis in gaps stored, not rows", () => {
    const a = { stage: "analysing", file: null, done: 2048, total: null } as const;
    expect(progressText("zh", a)).toBe("分析：已找到缺口 2,048 人");
    expect(progressText("en", a)).toBe("Analysing: 2,048 gaps found");
    expect(progressText("en", { ...a, done: 166237, total: 166237 })).toBe("Analysing: 166,237 / 166,237 gaps");
    expect(progressText("zh", { ...a, done: 0 })).toBe("分析…");
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
