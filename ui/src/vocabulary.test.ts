import { describe, expect, it } from "vitest";
import { messages } from "./i18n";
import { fillKindOptions, LIST_KINDS, PRIORITIES, priorityLabel, reasonText } from "./vocabulary";

describe("kind menu", () => {
  it("offers every list kind, each with a label in both languages", () => {
    const select = document.createElement("select");
    fillKindOptions(select);
    expect([...select.options].map((o) => o.value)).toEqual([...LIST_KINDS]);
    expect(LIST_KINDS[0]).toBe("household");
    for (const option of select.options) {
      const key = option.dataset.i18n as keyof typeof messages.zh;
      expect(messages.zh[key]).toBeTruthy();
      expect(messages.en[key]).toBeTruthy();
    }
  });
});

describe("priorities", () => {
  it("uses the worklist's words (紧急 / 高 / 一般), most pressing first", () => {
    expect(PRIORITIES.map((p) => priorityLabel("zh", p))).toEqual(["紧急", "高", "一般"]);
    expect(PRIORITIES.map((p) => priorityLabel("en", p))).toEqual(["Urgent", "High", "Normal"]);
  });
});

describe("reasons per language", () => {
  const gap = { reason: "户籍在册，2026年度无有效参保记录", reason_en: "On the household list; no valid enrolment for 2026" };
  it("shows the English reason in English and the Chinese one in Chinese", () => {
    expect(reasonText("en", gap)).toBe(gap.reason_en);
    expect(reasonText("zh", gap)).toBe(gap.reason);
  });
  it("falls back to the Chinese reason for an analysis stored without an English one", () => {
    expect(reasonText("en", { ...gap, reason_en: "" })).toBe(gap.reason);
  });
});
