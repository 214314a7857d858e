import { describe, expect, it } from "vitest";
import type { AnalysisSummary, ReviewItem } from "../bindings";
import { gap, overviewData as data } from "../screen-test-data";
import { gapPeople, nextSteps, renderOverview, renderSummary, reviewPeople } from "./overview";

const summary: AnalysisSummary = {
  analysis_id: 1,
  as_of: "2026-06-30",
  coverage_year: 2026,
  residents: 1200,
  enrolled_residents: 1158,
  coverage_rate: 0.965,
  gaps_total: 1407,
  gaps_by_code: [
    { code: "lapsed", count: 10 },
    { code: "resident_not_enrolled", count: 1397 },
  ],
  review_pending: 0,
};

describe("overview", () => {
  it("shows the county rate, a bar per township, the funnel and old lists", () => {
    const el = document.createElement("div");
    renderOverview(el, "zh", data);
    expect(el.querySelector("#ov-county-rate")?.textContent).toBe("81.29%");
    expect(el.querySelector("#ov-coverage h3")?.textContent).toBe("海丰县参保率");
    const bars = [...el.querySelectorAll("#ov-townships .bar")].map((b) => b.getAttribute("data-label"));
    expect(bars).toEqual(["可塘镇"]);
    expect([...el.querySelectorAll("#ov-codes .bar")]).toHaveLength(1);
    expect(el.querySelector(".funnel-contacted .value")?.textContent).toBe("3");
    expect(el.querySelector("#ov-lists tr.old")?.textContent).toContain("180");
    expect(el.querySelector("#ov-lists tr.missing")?.textContent).toContain("未导入");
    // A list out of force says so; it is never shown as the one in use.
    const household = el.querySelector("#ov-lists tr[data-kind=household]")!;
    expect(household.textContent).toContain("使用中");
    expect(household.textContent).toContain("批次 4：已被替换");
    const welfare = el.querySelector("#ov-lists tr[data-kind=welfare]")!;
    expect(welfare.getAttribute("data-status")).toBe("retired");
    expect(welfare.textContent).toContain("已停用");
    expect(welfare.textContent).not.toContain("使用中");
  });

  it("lists the next steps, the review counted by person", () => {
    expect(nextSteps("zh", data)).toEqual([
      "导入户籍人口和参保记录",
      "2 人的疑似匹配待复核",
      "70 人未跟进：导出工作清单发给乡镇、学校和单位",
      "1 份名单已过期，请更新",
      "2 行数据有问题，请发回更正",
    ]);
    expect(nextSteps("en", { ...data, report: null, ages: [], qualityRows: 0, reviewPeople: 0 })).toEqual([
      "Import the household register and the enrolment records",
    ]);
  });
});

describe("summary", () => {
  it("counts gaps as gaps and names the people they concern, with one thousands separator", () => {
    const p = document.createElement("p");
    renderSummary(p, "zh", summary, 1406, 0);
    expect(p.querySelector("#gap-count")?.textContent).toBe("1,407");
    expect(p.querySelector<HTMLElement>("#gap-count")?.dataset.count).toBe("1407");
    expect(p.textContent).toContain("缺口 1,407 项（涉及 1,406 人）");
    expect(p.textContent).toContain("参保率 96.50%");
    expect(p.textContent).toContain("断保 10，户籍居民未参保 1,397");
    expect(p.textContent).not.toContain("待核实");
    renderSummary(p, "zh", summary, 1406, 3);
    expect(p.textContent).toContain("另有 3 人的疑似匹配待核实");
    renderSummary(p, "en", summary, 1406, 0);
    expect(p.textContent).toContain("coverage 96.50%");
    expect(p.textContent).toContain("1,407 gaps (1,406 people)");
  });

  it("explains what to do when there is no analysis", () => {
    const p = document.createElement("p");
    renderSummary(p, "zh", null, 0, 0);
    expect(p.querySelector("#gap-count")).toBeNull();
    expect(p.textContent).toContain("尚无分析结果");
  });
});

describe("counting people", () => {
  it("counts a person with two gaps once", () => {
    expect(gapPeople([gap, { ...gap, code: "lapsed" }, { ...gap, person_key: "k2" }])).toBe(2);
  });

  it("counts a person with two candidates in review once", () => {
    const side = { name: "林晓明", id_masked: null, birth_date: "1983-03-13", sex: "男", detail: "", detail_en: "", facts: [], file: "h.xlsx", sheet: "", row: 1 };
    const item = (id: number, candidate: string): ReviewItem => ({ id, person: side, candidate: { ...side, name: candidate }, why: "", why_en: "" });
    expect(reviewPeople([item(1, "林小明"), item(2, "林晓铭"), { ...item(3, "x"), person: { ...side, name: "陈" } }])).toBe(2);
  });
});
