import { describe, expect, it } from "vitest";
import type { PersonHistory } from "../bindings";
import { historyLines, renderHistory } from "./person-history";

const history: PersonHistory = {
  name: "张三",
  id_masked: "441521********1234",
  flagged: [
    { analysis_id: 1, as_of: "2026-07-31", code: "lapsed", reason: "", reason_en: "", unit: "可塘镇" },
    { analysis_id: 2, as_of: "2026-08-31", code: "lapsed", reason: "", reason_en: "", unit: "可塘镇" },
  ],
  closed: [{ analysis_id: 3, as_of: "2026-09-30", code: "lapsed", closed_because: "enrolled" }],
  outcomes: [
    {
      outcome: "mobilised",
      outcome_date: "2026-08-06",
      officer: "李四",
      note: null,
      file: "可塘镇.xlsx",
      sheet: "高田村",
      row_number: 7,
      recorded_at: "2026-08-07T10:00:00+08:00",
    },
    { outcome: "enrolled", outcome_date: null, officer: null, note: null, file: null, sheet: null, row_number: null, recorded_at: "2026-09-02T09:00:00+08:00" },
  ],
  enrolments: [
    {
      scheme: "resident",
      status: "active",
      year: 2026,
      period_start: null,
      period_end: null,
      list_date: "2026-09-30",
      file: "参保登记2026年9月.xlsx",
      sheet: "Sheet1",
      row_number: 12,
    },
  ],
};

describe("a person's history", () => {
  it("lists each analysis, the closure, each outcome with where it came from, and the enrolment in force", () => {
    const lines = historyLines("zh", history);
    expect(lines).toEqual([
      "2026-07-31 分析：断保（可塘镇）",
      "2026-08-31 分析：断保（可塘镇）",
      "2026-09-30 分析：结案（已参保）",
      "2026-08-06 跟进：已动员待缴费 · 李四（可塘镇.xlsx 第 7 行）",
      "2026-09-02 跟进：已参保（手工录入）",
      "在用参保记录：2026 年度 居民医保 参保缴费（参保登记2026年9月.xlsx 第 12 行）",
    ]);
  });

  it("is complete in English and says when no enrolment is in force", () => {
    const el = document.createElement("div");
    renderHistory(el, "en", { ...history, enrolments: [] });
    const items = [...el.querySelectorAll("li")].map((li) => li.textContent ?? "");
    expect(items.at(-1)).toBe("No enrolment row in force for this person.");
    // Only the lists' own words (the township, the file) stay in Chinese.
    expect(items.join("\n")).not.toMatch(/分析|跟进|参保记录|结案/);
  });
});
