import { describe, expect, it } from "vitest";
import type { ImportPreview, Role } from "../bindings";
import { summary, version } from "../list-test-data";
import {
  applyDecisionInput,
  checkDryRuns,
  decisionBlock,
  importOptions,
  needsDryRun,
  newDecision,
  renderDecisionSummary,
  type DecisionEntry,
} from "./import-decision";

function preview(kind: ImportPreview["kind"], roles: (Role | null)[]): ImportPreview {
  return {
    file: "x.xlsx",
    kind,
    sheets: [{ name: "Sheet1", header_row: 1, columns: roles.map((role, i) => ({ letter: "ABCDEF"[i]!, title: role ?? "备注", role })), sample: [] }],
    uses_saved_mapping: false,
    already_imported: null,
  };
}

function entry(p: ImportPreview): DecisionEntry {
  return { kind: null, mapping: [], preview: p, decision: newDecision() };
}

const july = version({ batch_id: 5, list_date: "2026-07", file: "/d/welfare-07.xlsx" });

describe("import decision", () => {
  it("runs a dry run only when something is in force to replace, a choice was made, or the year must be found", () => {
    const welfare = entry(preview("welfare", ["name", "id_number"]));
    expect(needsDryRun(welfare, [])).toBe(false);
    expect(needsDryRun(welfare, [july])).toBe(true);
    expect(needsDryRun(welfare, [{ ...july, status: "superseded" }])).toBe(false);
    const register = entry(preview("enrolment", ["name", "id_number", "enrol_status"]));
    expect(needsDryRun(register, [])).toBe(true);
    expect(needsDryRun(entry(preview("enrolment", ["name", "id_number", "year"])), [])).toBe(false);
    welfare.decision.mode = { mode: "adds" };
    expect(needsDryRun(welfare, [])).toBe(true);
  });

  it("shows the dry run's replacement line and a menu to change it", () => {
    const e = entry(preview("welfare", ["name", "id_number"]));
    e.decision.dryRun = summary({
      settled: {
        scope: { dimension: "county", units: [] },
        replacements: [{ batch_id: 5, file: "welfare-07.xlsx", list_date: "2026-07", whole: true, parts: [], rows_replaced: 578, people_left: 30, people_joined: 0 }],
        events: null,
        older_than: null,
      },
    });
    const block = decisionBlock(document, "zh", e, 0, [july])!;
    expect([...block.querySelectorAll(".dec-lines li")].map((l) => l.textContent)).toEqual([
      "名单日期 2026年8月（取自标题），范围 全县，本次 548 行",
      "替换 2026年7月 民政困难人员（批次 5，578 行）→ 本次 548 行：减少 30 人，新增 0 人",
    ]);
    const menu = block.querySelector<HTMLSelectElement>("select.p-mode")!;
    expect([...menu.options].map((o) => [o.value, o.textContent])).toEqual([
      ["by_scope", "按范围自动判断（默认）"],
      ["adds", "与使用中的名单并用，不替换"],
      ["replaces:5", "替换批次 5（2026年7月，welfare-07.xlsx）"],
    ]);
    expect(menu.value).toBe("by_scope");
    expect(block.querySelector(".p-year")).toBeNull();
  });

  it("asks for the year when the register names none, and passes the choices to the import", () => {
    const e = entry(preview("enrolment", ["name", "id_number"]));
    e.decision.dryRunError = { kind: "year_needed", file: "参保名单.xlsx" };
    const block = decisionBlock(document, "zh", e, 2, [])!;
    expect(block.querySelector(".error-text")!.textContent).toContain("没有缴费年度");
    const year = block.querySelector<HTMLInputElement>("input.p-year")!;
    expect(year.dataset.file).toBe("2");
    year.value = "2026";
    expect(applyDecisionInput(e.decision, year)).toBe(true);
    const mode = document.createElement("select");
    mode.className = "p-mode";
    mode.append(Object.assign(document.createElement("option"), { value: "replaces:5" }));
    mode.value = "replaces:5";
    applyDecisionInput(e.decision, mode);
    expect(importOptions(e, true)).toEqual({
      kind: null,
      replace: false,
      mapping: [],
      replace_mode: { mode: "replaces", batches: [5] },
      year: 2026,
      list_date: null,
      dry_run: true,
    });
    const other = document.createElement("select");
    other.className = "p-role";
    expect(applyDecisionInput(e.decision, other)).toBe(false);
  });

  it("lets the officer give the list's own date once a dry run read one", () => {
    const e = entry(preview("welfare", ["name", "id_number"]));
    e.decision.dryRun = summary({});
    const block = decisionBlock(document, "zh", e, 0, [july])!;
    const date = block.querySelector<HTMLInputElement>("input.p-listdate")!;
    expect(date.value).toBe("2026-08");
    date.value = "2026-09";
    expect(applyDecisionInput(e.decision, date)).toBe(true);
    expect(importOptions(e, false).list_date).toBe("2026-09");
    expect(needsDryRun({ ...e, decision: { ...e.decision } }, [])).toBe(true);
    expect(decisionBlock(document, "zh", entry(preview("household", ["name"])), 0, [])!.querySelector("input.p-listdate")).toBeNull();
  });

  it("says a first list replaces nothing, without a dry run", () => {
    const block = decisionBlock(document, "en", entry(preview("household", ["name", "id_number"])), 0, [])!;
    expect(block.textContent).toBe("The first list of this kind: replaces nothing");
    expect(block.querySelector("select")).toBeNull();
  });
});

describe("dry runs", () => {
  it("runs those needed as one job and keeps each result or error; none when nothing is in force", async () => {
    const first = entry(preview("household", ["name", "id_number"]));
    const over = entry(preview("welfare", ["name", "id_number"]));
    const refused = entry(preview("welfare", ["name", "id_number"]));
    const ran: DecisionEntry[] = [];
    let jobs = 0;
    let renders = 0;
    await checkDryRuns(
      [first, over, refused],
      [july],
      async (e) => {
        ran.push(e);
        if (e === refused) throw { kind: "already_imported", file: "w.xlsx", batch: 5, imported_at: "2026-07-05" };
        return summary({});
      },
      async (job) => {
        jobs++;
        await job();
        return true;
      },
      () => void renders++,
    );
    expect(ran).toEqual([over, refused]);
    expect(jobs).toBe(1);
    expect(renders).toBe(2);
    expect(over.decision.dryRun?.batch_id).toBe(9);
    expect(refused.decision.dryRunError).toMatchObject({ kind: "already_imported" });
    expect([first, over, refused].map((e) => e.decision.checking)).toEqual([false, false, false]);
    let asked = 0;
    await checkDryRuns([first], [], async () => summary({}), async () => {
      asked++;
      return true;
    }, () => {});
    expect(asked).toBe(0);
  });
});

describe("decision summary", () => {
  it("lists every file's decision above the cards, and hides when there is none", () => {
    const over = { ...entry(preview("welfare", ["name", "id_number"])), path: "/d/民政困难人员2026年8月.xlsx" };
    over.decision.dryRun = summary({
      settled: {
        scope: { dimension: "county", units: [] },
        replacements: [{ batch_id: 5, file: "w.xlsx", list_date: "2026-07", whole: true, parts: [], rows_replaced: 24, people_left: 8, people_joined: 3 }],
        events: null,
        older_than: null,
      },
    });
    const first = { ...entry(preview("household", ["name", "id_number"])), path: "/d/户籍人口202608.xlsx" };
    const el = document.createElement("section");
    renderDecisionSummary(el, "zh", [over, first], [july]);
    expect(el.hidden).toBe(false);
    expect([...el.querySelectorAll("li")].map((l) => l.textContent)).toEqual([
      "民政困难人员2026年8月.xlsx 替换 2026年7月 民政困难人员（批次 5，24 行）→ 本次 548 行：减少 8 人，新增 3 人",
      "户籍人口202608.xlsx 首次导入此类名单，不替换任何名单",
    ]);
    renderDecisionSummary(el, "zh", [], [july]);
    expect(el.hidden).toBe(true);
  });
});
