import { describe, expect, it } from "vitest";
import { renderAudit } from "./audit";
import { importReport, renderHistory } from "./import";
import { findingKind, renderQuality } from "./quality";

describe("audit table", () => {
  it("names actions in words and times as YYYY-MM-DD HH:MM, newest first", () => {
    const el = document.createElement("table");
    renderAudit(el, "zh", [
      { id: 1, at: "2026-07-01T08:00:00", action: "import", detail: "household.xlsx", detail_en: "household.xlsx", rows: 1200, masked: null },
      { id: 2, at: "2026-07-02T09:30:15", action: "followup", detail: "手工录入跟进结果：已参保，1 人", detail_en: "Outcome recorded by hand: Enrolled, 1 person", rows: 1, masked: null },
      { id: 3, at: "2026-07-03T10:00:00", action: "something_new", detail: "", detail_en: "", rows: 0, masked: true },
    ]);
    const cells = [...el.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(cells[0]).toEqual(["2026-07-03 10:00", "其他操作", "", "0", "是"]);
    expect(cells[1]!.slice(0, 2)).toEqual(["2026-07-02 09:30", "登记跟进结果"]);
    expect(cells[2]!.slice(0, 2)).toEqual(["2026-07-01 08:00", "导入名单"]);
    expect(cells[2]![3]).toBe("1,200");
    expect(el.textContent).not.toMatch(/import|followup|something_new|T\d\d:/);
    expect(cells[1]![2]).toBe("手工录入跟进结果：已参保，1 人");
    renderAudit(el, "en", [{ id: 1, at: "2026-07-01T08:00:00", action: "export", detail: "", detail_en: "", rows: 3, masked: true }]);
    expect(el.querySelector("tbody td:nth-child(2)")?.textContent).toBe("Worklists exported");
  });

  it("shows each entry's detail in English in English mode, in Chinese in Chinese mode", () => {
    const el = document.createElement("table");
    const entry = { id: 4, at: "2026-07-04T11:00:00", action: "review", detail: "复核第 3 条：不是同一人", detail_en: "Reviewed item 3: not the same person", rows: 1, masked: null };
    renderAudit(el, "en", [entry]);
    expect(el.querySelector("tbody td:nth-child(3)")?.textContent).toBe("Reviewed item 3: not the same person");
    expect(el.querySelector("tbody")?.textContent).not.toMatch(/[\u4e00-\u9fff]/);
    renderAudit(el, "zh", [entry]);
    expect(el.querySelector("tbody td:nth-child(3)")?.textContent).toBe("复核第 3 条：不是同一人");
  });
});

describe("quality table", () => {
  it("names each finding's kind in words, never its code", () => {
    expect(findingKind("zh", "id_missing")).toBe("缺少身份证号");
    expect(findingKind("en", "id_missing")).toBe("ID number missing");
    expect(findingKind("zh", "brand_new_code")).toBe("其他问题");
    const el = document.createElement("table");
    renderQuality(el, "zh", [{ batch_id: 1, file: "/d/household.xlsx", sheet: "户籍", row: 1234, column: "C", code: "id_missing", message: "身份证号为空", message_en: "The ID number is empty" }]);
    expect([...el.querySelectorAll("th")].map((th) => th.textContent)).toHaveLength(6);
    expect(el.querySelector("tbody")?.textContent).not.toContain("id_missing");
    expect(el.querySelector("tbody")?.textContent).toContain("1,234");
  });

  it("shows each message in English in English mode, in Chinese in Chinese mode", () => {
    const el = document.createElement("table");
    const finding = { batch_id: 2, file: "/d/enrolment.xlsx", sheet: "Sheet1", row: 7, column: "C", code: "sex_unknown", message: "性别“未知”无法识别；请写成 男/女（或 1/2）", message_en: "Sex “未知” cannot be read; write male or female in Chinese (or 1/2)" };
    renderQuality(el, "en", [finding]);
    const message = () => el.querySelector("tbody td:nth-child(6)")?.textContent;
    expect(message()).toBe(finding.message_en);
    expect(el.querySelector("tbody td:nth-child(5)")?.textContent).toBe("Sex unreadable");
    renderQuality(el, "zh", [finding]);
    expect(message()).toBe(finding.message);
  });
});

describe("import history", () => {
  it("has column headings and shows when each list was imported as YYYY-MM-DD HH:MM", () => {
    const el = document.createElement("table");
    renderHistory(el, "zh", [{ batch_id: 7, kind: "household", file: "/d/household.xlsx", imported_at: "2026-07-31T14:05:09+00:00", rows_imported: 12000, rows_with_problems: 0 }]);
    const heads = [...el.querySelectorAll("thead th")].map((th) => th.textContent);
    expect(heads).toEqual(["批次", "名单类型", "文件", "导入时间", "行数", "有问题行", "状态"]);
    const cells = [...el.querySelectorAll("tbody td")].map((td) => td.textContent);
    expect(cells[3]).toMatch(/^2026-07-31 \d{2}:\d{2}$/);
    expect(cells[4]).toBe("12,000");
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
