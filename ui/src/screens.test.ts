import { describe, expect, it } from "vitest";
import type { Gap, Report, ReviewItem } from "./bindings";
import { messages } from "./i18n";
import { version } from "./list-test-data";
import {
  GAP_COLUMNS,
  gapRowEl,
  maskIdLike,
  nextSteps,
  OUTCOMES,
  renderDetail,
  renderOverview,
  renderReview,
  roleLabel,
  type OverviewData,
} from "./screens";

const gap: Gap = {
  code: "newborn_not_enrolled",
  id_number: null,
  id_masked: "441521********1234",
  name: "<b>张三</b>",
  birth_date: "2026-03-01",
  sex: "男",
  township: "可塘镇",
  village: "高田村",
  reason: "出生 121 天未参保",
  reason_en: "Born 121 days ago, not enrolled",
  source_file: "/data/birth.xlsx",
  source_sheet: "Sheet1",
  source_row: 7,
  person_key: "k1",
  deadline: "2026-05-30",
  priority: "urgent",
  route_type: "township",
  route_unit: "可塘镇",
  route_detail: "高田村",
  match_tier: "name_birth",
  sources: [
    { kind: "birth", file: "/data/birth.xlsx", sheet: "Sheet1", row: 7 },
    { kind: "household", file: "household.xlsx", sheet: "户籍", row: 12 },
  ],
  phone: "138****1234",
};

const report: Report = {
  summary: {
    analysis_id: 1,
    as_of: "2026-06-30",
    coverage_year: 2026,
    residents: 326,
    enrolled_residents: 265,
    coverage_rate: 265 / 326,
    gaps_total: 73,
    gaps_by_code: [{ code: "lapsed", count: 25 }, { code: "welfare_not_enrolled", count: 0 }],
    review_pending: 2,
  },
  coverage: [
    { township: "", village: "", residents: 326, enrolled: 265, rate: 265 / 326 },
    { township: "可塘镇", village: "", residents: 74, enrolled: 61, rate: 61 / 74 },
    { township: "可塘镇", village: "高田村", residents: 44, enrolled: 38, rate: 38 / 44 },
  ],
  gaps_by_unit: [],
  changes: {
    previous_analysis: null,
    new_gaps: 73,
    still_open: 0,
    closed_enrolled: 0,
    closed_deceased: 0,
    closed_excluded: 0,
    closed_settled: 0,
    moved_to_review: 0,
    closed_not_listed: 0,
  },
  funnel: { flagged: 72, contacted: 3, mobilised: 1, enrolled: 0 },
};

const data: OverviewData = {
  report,
  county: "海丰县",
  ages: [
    {
      kind: "household",
      latest: version({ batch_id: 1, kind: "household", list_date: "2026-01", imported_at: "2026-01-01T00:00:00" }),
      inForce: 1,
      lastImported: version({ batch_id: 4, kind: "household", list_date: "2025-12", status: "superseded", superseded_by: 1 }),
      days: 180,
      old: true,
    },
    { kind: "enrolment", latest: null, inForce: 0, lastImported: null, days: 0, old: false },
    { kind: "welfare", latest: null, inForce: 0, lastImported: version({ batch_id: 3, status: "retired" }), days: 0, old: false },
  ],
  warnDays: 90,
  notFollowedUp: 70,
  qualityRows: 2,
  caseChanges: null,
  gapRows: 73,
  gapPeople: 72,
};

describe("gap rows", () => {
  it("has one cell per column, masked ID, data as text", () => {
    const row = gapRowEl(document, "zh", gap, 5, "mobilised", true);
    const cells = [...row.querySelectorAll(".c")].map((c) => c.textContent);
    expect(cells).toHaveLength(GAP_COLUMNS.length);
    expect(cells).toContain("441521********1234");
    expect(cells).toContain("已动员待缴费");
    expect(cells).toContain("紧急");
    expect(row.querySelector("b")).toBeNull();
    expect(row.dataset.index).toBe("5");
    expect(row.classList.contains("selected")).toBe(true);
  });
});

describe("detail panel", () => {
  it("shows reason, match tier, every source row and the outcome form", () => {
    const el = document.createElement("div");
    renderDetail(el, "zh", gap, undefined, "2026-07-01");
    expect(el.textContent).toContain("出生 121 天未参保");
    expect(el.querySelector(".tier")?.textContent).toBe("姓名 + 出生日期一致（缺少有效身份证号）");
    const sources = [...el.querySelectorAll(".sources li")].map((li) => li.textContent);
    expect(sources).toEqual(["新生儿名单 birth.xlsx · Sheet1 · 第 7 行", "户籍人口 household.xlsx · 户籍 · 第 12 行"]);
    const select = el.querySelector<HTMLSelectElement>("#d-outcome")!;
    expect(select.options).toHaveLength(OUTCOMES.length);
    expect(el.querySelector<HTMLInputElement>("#d-date")!.value).toBe("2026-07-01");
    expect(el.querySelector("b")).toBeNull();
  });

  it("says what to do with nothing selected", () => {
    const el = document.createElement("div");
    renderDetail(el, "en", null, undefined, "2026-07-01");
    expect(el.textContent).toBe("Click a row for details");
  });
});

describe("review", () => {
  const item: ReviewItem = {
    id: 1,
    person: { name: "林晓明", id_masked: null, birth_date: "1983-03-13", sex: "男", detail: "附城镇联河村", file: "household.xlsx", sheet: "户籍人口", row: 343 },
    candidate: { name: "林小明", id_masked: "441521********9930", birth_date: "1983-03-13", sex: "男", detail: "居民医保", file: "enrolment.xlsx", sheet: "参保记录", row: 473 },
    why: "出生日期相同，姓名读音相同",
  };

  it("puts both records side by side and highlights what differs", () => {
    const el = document.createElement("div");
    renderReview(el, "zh", item);
    const name = el.querySelector("tr[data-field=name]")!;
    expect(name.classList.contains("differs")).toBe(true);
    expect([...name.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["晓", "小"]);
    expect(el.querySelector("tr[data-field=birth]")!.classList.contains("differs")).toBe(false);
    expect(el.querySelector("tr[data-field=birth] mark")).toBeNull();
    expect(el.textContent).toContain("出生日期相同，姓名读音相同");
  });

  it("says when nothing waits", () => {
    const el = document.createElement("div");
    renderReview(el, "zh", null);
    expect(el.textContent).toBe(messages.zh["review.none"]);
  });
});

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

  it("lists the next steps", () => {
    expect(nextSteps("zh", data)).toEqual([
      "导入户籍人口和参保记录",
      "2 条疑似匹配待复核",
      "70 人未跟进：导出工作清单发给乡镇、学校和单位",
      "1 份名单已过期，请更新",
      "2 行数据有问题，请发回更正",
    ]);
    expect(nextSteps("en", { ...data, report: null, ages: [], qualityRows: 0 })).toEqual([
      "Import the household register and the enrolment records",
    ]);
  });
});

describe("roles", () => {
  it("names the column roles in both languages, unknown ones as they are", () => {
    expect(roleLabel("zh", "id_number")).toBe("身份证号");
    expect(roleLabel("en", "id_number")).toBe("ID number");
    expect(roleLabel("en", "shoe_size")).toBe("shoe_size");
  });

  it("masks ID-like cells in the preview", () => {
    expect(maskIdLike("44152119800101000X")).toBe("441521********000X");
    expect(maskIdLike("441521800101000")).toBe("441521*****1000");
    expect(maskIdLike("张三")).toBe("张三");
    expect(maskIdLike("13800138000")).toBe("138****8000");
    expect(maskIdLike("0660-1234567")).toBe("0660-1234567");
  });
});
