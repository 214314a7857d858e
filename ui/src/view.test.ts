import { describe, expect, it } from "vitest";
import type { AnalysisSummary, Gap } from "./bindings";
import { COLUMNS, gapRow, importReport, progressFraction, progressText, reasonText, renderGapTable, renderSummary } from "./view";

const gap: Gap = {
  code: "resident_not_enrolled",
  id_number: "440101199001011234",
  id_masked: "440101********1234",
  name: "张三",
  birth_date: "1990-01-01",
  sex: "男",
  township: "城关镇",
  village: "东村",
  reason: "户籍在册，2026 年度无参保记录",
  reason_en: "On the household list; no valid enrolment for 2026",
  source_file: "/data/household.xlsx",
  source_sheet: "Sheet1",
  source_row: 12,
  person_key: "440101199001011234",
  deadline: null,
  priority: "normal",
  route_type: "township",
  route_unit: "城关镇",
  route_detail: "东村",
  match_tier: "none",
  sources: [{ kind: "household", file: "household.xlsx", sheet: "Sheet1", row: 12 }],
  phone: "13800138000",
};

const summary: AnalysisSummary = {
  analysis_id: 1,
  as_of: "2026-06-30",
  coverage_year: 2026,
  residents: 1200,
  enrolled_residents: 1158,
  coverage_rate: 0.965,
  gaps_total: 42,
  gaps_by_code: [
    { code: "lapsed", count: 10 },
    { code: "resident_not_enrolled", count: 32 },
  ],
  review_pending: 0,
};

describe("gap rows", () => {
  it("renders one cell per column, masked ID only", () => {
    const tr = gapRow(document, "zh", gap);
    const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent);
    expect(cells).toHaveLength(COLUMNS.length);
    expect(cells).toEqual([
      "户籍居民未参保",
      "张三",
      "440101********1234",
      "1990-01-01",
      "城关镇",
      "东村",
      "户籍在册，2026 年度无参保记录",
      "household.xlsxSheet1 · 第 12 行",
    ]);
    expect(tr.querySelector("td.source")?.getAttribute("title")).toBe("household.xlsx · Sheet1 · 第 12 行");
    expect(tr.textContent).not.toContain("440101199001011234");
    expect(tr.textContent).not.toContain("13800138000");
  });

  it("shows HTML in the data as text, never as markup", () => {
    const evil = "<img src=x onerror=alert(1)>";
    const tr = gapRow(document, "en", { ...gap, name: evil, reason: `<b>${evil}</b>`, village: "<script>x</script>" });
    expect(tr.querySelector("img")).toBeNull();
    expect(tr.querySelector("b")).toBeNull();
    expect(tr.querySelector("script")).toBeNull();
    expect(tr.querySelector("td.name")?.textContent).toBe(evil);
    expect(tr.querySelector("td.name")?.innerHTML).toBe("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("renders a header and a body row per gap", () => {
    const table = document.createElement("table");
    renderGapTable(table, "en", [gap, { ...gap, code: "lapsed", id_masked: null }]);
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toContain("ID number");
    expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
    expect(table.querySelector("tbody tr:nth-child(2) td.code")?.textContent).toBe("Lapsed");
    renderGapTable(table, "en", []);
    expect(table.querySelectorAll("tbody tr")).toHaveLength(0);
  });
});

describe("summary", () => {
  it("puts only the number in #gap-count", () => {
    const p = document.createElement("p");
    renderSummary(p, "zh", summary);
    expect(p.querySelector("#gap-count")?.textContent).toBe("42");
    expect(p.textContent).toContain("参保率 96.50%");
    expect(p.textContent).toContain("断保 10，户籍居民未参保 32");
    expect(p.textContent).not.toContain("待核实");
    renderSummary(p, "zh", { ...summary, review_pending: 3 });
    expect(p.textContent).toContain("另有 3 条疑似匹配待核实");
    renderSummary(p, "en", summary);
    expect(p.textContent).toContain("coverage 96.50%");
    expect(p.querySelector("#gap-count")?.textContent).toBe("42");
  });

  it("explains what to do when there is no analysis", () => {
    const p = document.createElement("p");
    renderSummary(p, "zh", null);
    expect(p.querySelector("#gap-count")).toBeNull();
    expect(p.textContent).toContain("尚无分析结果");
  });
});

describe("progress and import report", () => {
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

  it("summarises an import", () => {
    const text = importReport("zh", [
      {
        batch_id: 1,
        file: "/d/household.xlsx",
        kind: "household",
        sheets: ["Sheet1"],
        rows_read: 10,
        rows_imported: 9,
        rows_with_problems: 1,
        replaced_batch: null,
        used_saved_mapping: false,
        list_date: "2026-07",
        list_date_label: "2026年7月",
        list_date_source: "title",
        source_unit: null,
        settled: { scope: { dimension: "county", units: [] }, replacements: [], events: null, older_than: null },
        dry_run: false,
      },
    ]);
    expect(text.text).toBe("已导入 1 个文件，共 9 行（其中有问题 1 行）。");
    expect(text.detail).toBe("household.xlsx（户籍人口，读取 10 行，导入 9 行，有问题 1 行）");
  });
});

describe("kind menu", () => {
  it("offers every list kind, each with a label in both languages", async () => {
    const { messages } = await import("./i18n");
    const { LIST_KINDS, fillKindOptions } = await import("./view");
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

describe("reasons per language", () => {
  it("shows the English reason in English and the Chinese one in Chinese", () => {
    expect(reasonText("en", gap)).toBe("On the household list; no valid enrolment for 2026");
    expect(reasonText("zh", gap)).toBe("户籍在册，2026 年度无参保记录");
  });
  it("falls back to the Chinese reason for an analysis stored without an English one", () => {
    expect(reasonText("en", { ...gap, reason_en: "" })).toBe(gap.reason);
  });
});
