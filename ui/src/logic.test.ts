import { describe, expect, it } from "vitest";
import type { Coverage, Gap, Outcome } from "./bindings";
import {
  barWidth,
  charDiff,
  coverageAxisFloor,
  daysBetween,
  facets,
  filterGaps,
  NO_FILTER,
  notFollowedUp,
  rateWidth,
  townshipCoverage,
} from "./logic";

function gap(over: Partial<Gap>): Gap {
  return {
    code: "resident_not_enrolled",
    id_number: null,
    id_masked: "441521********1234",
    name: "张三",
    birth_date: "1990-01-01",
    sex: "男",
    township: "可塘镇",
    village: "高田村",
    reason: "",
    reason_en: "",
    source_file: "household.xlsx",
    source_sheet: "Sheet1",
    source_row: 2,
    person_key: "p1",
    deadline: null,
    priority: "normal",
    route_type: "township",
    route_unit: "可塘镇",
    route_detail: "高田村",
    match_tier: "none",
    sources: [],
    phone: null,
    ...over,
  };
}

const gaps: Gap[] = [
  gap({ person_key: "a", name: "张三" }),
  gap({ person_key: "b", name: "李四", code: "newborn_not_enrolled", priority: "urgent", township: "梅陇镇", village: "新北村", id_masked: null }),
  gap({ person_key: "c", name: "王五", code: "student_not_enrolled", route_type: "school", route_unit: "可塘中学", id_masked: "441521********567X" }),
  gap({ person_key: "d", name: "赵六", code: "lapsed", village: "可塘社区" }),
];

describe("gap filters", () => {
  const none = new Map<string, Outcome>();
  it("keeps everything without a filter", () => {
    expect(filterGaps(gaps, none, NO_FILTER)).toEqual([0, 1, 2, 3]);
  });

  it("filters by code, place, unit and priority together", () => {
    expect(filterGaps(gaps, none, { ...NO_FILTER, code: "newborn_not_enrolled" })).toEqual([1]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, township: "可塘镇" })).toEqual([0, 2, 3]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, township: "可塘镇", village: "可塘社区" })).toEqual([3]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, unit: "可塘中学" })).toEqual([2]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, priority: "urgent" })).toEqual([1]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, priority: "urgent", township: "可塘镇" })).toEqual([]);
  });

  it("filters by follow-up status, 'none' meaning nothing recorded", () => {
    const outcomes = new Map<string, Outcome>([["c", "mobilised"]]);
    expect(filterGaps(gaps, outcomes, { ...NO_FILTER, status: "mobilised" })).toEqual([2]);
    expect(filterGaps(gaps, outcomes, { ...NO_FILTER, status: "none" })).toEqual([0, 1, 3]);
    expect(notFollowedUp(gaps, outcomes)).toBe(3);
  });

  it("searches names and masked IDs; a full ID finds its masked form", () => {
    expect(filterGaps(gaps, none, { ...NO_FILTER, search: " 李 " })).toEqual([1]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, search: "567x" })).toEqual([2]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, search: "44152119900101567X" })).toEqual([2]);
    expect(filterGaps(gaps, none, { ...NO_FILTER, search: "44152219900101567X" })).toEqual([]);
  });

  it("offers the villages of the chosen township and the schools and agencies", () => {
    expect(facets(gaps, "").townships).toEqual(["可塘镇", "梅陇镇"].sort((a, b) => a.localeCompare(b, "zh-CN")));
    expect(facets(gaps, "可塘镇").villages).toEqual(["可塘社区", "高田村"].sort((a, b) => a.localeCompare(b, "zh-CN")));
    expect(facets(gaps, "梅陇镇").villages).toEqual(["新北村"]);
    expect(facets(gaps, "").units).toEqual(["可塘中学"]);
  });

  // Speed is measured in benchmarks, never asserted as a time in a test: this checks the
  // filter over a county-sized list gives the right people.
  it("filters 100,000 gaps by code and search", () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      gap({ person_key: String(i), name: `人${i}`, code: i % 7 === 0 ? "lapsed" : "resident_not_enrolled" }),
    );
    const hits = filterGaps(many, none, { ...NO_FILTER, code: "lapsed", search: "人7" });
    const expected = many.filter((g) => g.code === "lapsed" && g.name.includes("人7"));
    expect(hits.map((i) => many[i]?.person_key)).toEqual(expected.map((g) => g.person_key));
  });
});

describe("differences", () => {
  it("marks the characters each side lacks", () => {
    const { left, right } = charDiff("林晓明", "林小明");
    expect(left).toEqual([
      { text: "林", same: true },
      { text: "晓", same: false },
      { text: "明", same: true },
    ]);
    expect(right.filter((s) => !s.same).map((s) => s.text)).toEqual(["小"]);
  });

  it("handles insertions, empty sides and equal texts", () => {
    expect(charDiff("陈国强", "陈国").left).toEqual([
      { text: "陈国", same: true },
      { text: "强", same: false },
    ]);
    expect(charDiff("", "abc").right).toEqual([{ text: "abc", same: false }]);
    expect(charDiff("1983-03-13", "1983-03-13").left).toEqual([{ text: "1983-03-13", same: true }]);
  });
});

describe("list ages", () => {
  it("counts days between dates", () => {
    expect(daysBetween("2026-01-01", "2026-06-30")).toBe(180);
    expect(daysBetween("2026-06-30T10:00:00", "2026-06-30")).toBe(0);
    expect(daysBetween("2026-07-01", "2026-06-30")).toBe(-1);
  });
});

describe("charts", () => {
  const cov = (township: string, village: string, rate: number): Coverage => ({
    township,
    village,
    residents: 100,
    enrolled: Math.round(rate * 100),
    rate,
  });

  it("picks the county and the townships, not villages", () => {
    const { county, townships } = townshipCoverage([
      cov("", "", 0.81),
      cov("可塘镇", "", 0.82),
      cov("可塘镇", "高田村", 0.86),
      cov("梅陇镇", "", 0.85),
    ]);
    expect(county?.rate).toBe(0.81);
    expect(townships.map((c) => c.township)).toEqual(["可塘镇", "梅陇镇"]);
  });

  it("starts the coverage axis at a round floor below the lowest rate", () => {
    expect(coverageAxisFloor([0.7952, 0.8554])).toBe(0.7);
    expect(coverageAxisFloor([0.99, 0.995])).toBe(0.9);
    expect(coverageAxisFloor([0.03])).toBe(0);
    expect(rateWidth(0.85, 0.7)).toBeCloseTo(50);
    expect(rateWidth(0.5, 0.7)).toBe(0);
    expect(barWidth(5, 10)).toBe(50);
    expect(barWidth(5, 0)).toBe(0);
  });
});
