import { describe, expect, it } from "vitest";
import type { CaseChanges, Changes } from "../bindings";
import { changesCard, closedByReason } from "./case-changes";

const changes: Changes = {
  previous_analysis: 1,
  new_gaps: 1,
  still_open: 68,
  closed_enrolled: 1,
  closed_deceased: 0,
  closed_excluded: 0,
  closed_settled: 0,
  moved_to_review: 0,
  closed_not_listed: 2,
};

const cases: CaseChanges = {
  new_cases: [{ name: "王五", id_masked: "441521********0011", code: "welfare_not_enrolled", closed_because: null }],
  closed_cases: [
    { name: "张三", id_masked: "441521********1234", code: "lapsed", closed_because: "not_listed" },
    { name: "李四", id_masked: null, code: "resident_not_enrolled", closed_because: "enrolled" },
    { name: "赵六", id_masked: "441521********5678", code: "lapsed", closed_because: "not_listed" },
  ],
};

describe("since the last analysis", () => {
  it("counts the closed cases by why, in the overview's order", () => {
    expect(closedByReason(cases.closed_cases)).toEqual([
      ["enrolled", 1],
      ["not_listed", 2],
    ]);
  });

  it("adds up to the gaps screen and names the people, IDs masked, in both languages", () => {
    const card = changesCard(document, "zh", { changes, cases, gapRows: 70, gapPeople: 69 });
    expect(card.querySelector("#ov-changes")!.textContent).toBe("缺口名单 70 条（69 人）：新增 1 人，仍未解决 68 人；已关闭 3 人");
    expect([...card.querySelectorAll("#ov-closed-reasons li")].map((l) => l.textContent)).toEqual(["已参保 1", "已不在名单上 2"]);
    expect(card.querySelector("#ov-new-cases")!.textContent).toBe("王五 441521********0011 · 困难人员未参保");
    expect([...card.querySelectorAll("#ov-closed-cases li")].map((l) => l.textContent)).toContain("张三 441521********1234 · 已不在名单上");
    const en = changesCard(document, "en", { changes, cases, gapRows: 70, gapPeople: 69 });
    expect(en.querySelector("#ov-closed-reasons")!.textContent).toBe("Enrolled 1No longer on any list 2");
  });

  it("says the first analysis has nothing to compare with", () => {
    const card = changesCard(document, "zh", { changes: { ...changes, previous_analysis: null }, cases: null, gapRows: 73, gapPeople: 72 });
    expect(card.querySelector("#ov-changes")!.textContent).toBe("这是第一次分析。");
  });
});
