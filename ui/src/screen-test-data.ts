//! Shared test data for the screens' unit tests: one gap, one report, the overview's data.

import type { Gap, Report } from "./bindings";
import { version } from "./list-test-data";
import type { OverviewData } from "./screens/overview";

export const gap: Gap = {
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

export const report: Report = {
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

export const overviewData: OverviewData = {
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
  reviewPeople: 2,
};

