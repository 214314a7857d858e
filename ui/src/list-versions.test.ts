import { describe, expect, it } from "vitest";
import type { ReplaceMode } from "./bindings";
import {
  canRestore,
  decisionLines,
  listAges,
  listDateText,
  modeValue,
  parseMode,
  scopeText,
  versionsByKind,
} from "./list-versions";
import { summary, version } from "./list-test-data";

describe("list dates and scopes in words", () => {
  it("writes a month as 2026年7月, a year as 2026年度 and a day as YYYY-MM-DD", () => {
    expect(listDateText("zh", "2026-07")).toBe("2026年7月");
    expect(listDateText("en", "2026-07")).toBe("2026-07");
    expect(listDateText("zh", "2026")).toBe("2026年度");
    expect(listDateText("zh", "2026-08-31")).toBe("2026-08-31");
    expect(listDateText("zh", null)).toBe("（无日期）");
    expect(listDateText("en", null)).toBe("(no date)");
  });

  it("names a register's schemes and years, a county and events", () => {
    const register = { dimension: "scheme_year" as const, units: ["employee|2026", "resident|*"] };
    expect(scopeText("zh", register)).toBe("职工医保 2026年度、居民医保（各年度）");
    expect(scopeText("en", register)).toBe("employee scheme 2026, resident scheme (all years)");
    const years = { dimension: "scheme_year" as const, units: ["employee|2024", "employee|2025", "employee|2026", "resident|2022", "resident|2024"] };
    expect(scopeText("zh", years)).toBe("职工医保 2024–2026年度、居民医保 2022、2024年度");
    expect(scopeText("en", years)).toBe("employee scheme 2024–2026, resident scheme 2022, 2024");
    expect(scopeText("zh", { dimension: "county", units: [] })).toBe("全县");
    expect(scopeText("en", { dimension: "events", units: [] })).toBe("events, added up");
    expect(scopeText("zh", { dimension: "school", units: ["海丰县实验中学", ""] })).toBe("海丰县实验中学、（未填）");
  });
});

describe("what an import replaces", () => {
  const replacement = {
    batch_id: 5,
    file: "welfare.xlsx",
    list_date: "2026-07",
    whole: true,
    parts: [],
    rows_replaced: 578,
    people_left: 30,
    people_joined: 0,
  };

  it("says it as the command line does, with the counts", () => {
    const s = summary({ settled: { scope: { dimension: "county", units: [] }, replacements: [replacement], events: null, older_than: null } });
    expect(decisionLines("zh", s, 1)).toEqual([
      "名单日期 2026年8月（取自标题），范围 全县，本次 548 行",
      "替换 2026年7月 民政困难人员（批次 5，578 行）→ 本次 548 行：减少 30 人，新增 0 人",
    ]);
    expect(decisionLines("en", s, 1)[1]).toBe(
      "Replaces 2026-07 Welfare recipients (batch 5, 578 rows) → this list 548 rows: 30 people left, 0 joined",
    );
  });

  it("names the part of a version it replaces", () => {
    const part = { ...replacement, whole: false, parts: ["海城镇中心小学"], rows_replaced: 40 };
    const s = summary({ kind: "school", settled: { scope: { dimension: "school", units: ["海城镇中心小学"] }, replacements: [part], events: null, older_than: null } });
    expect(decisionLines("zh", s, 1)[1]).toBe(
      "替换 2026年7月 学籍名单（批次 5中海城镇中心小学的部分，40 行）→ 本次 548 行：减少 30 人，新增 0 人",
    );
  });

  it("says when it adds events, stays history, is the first or replaces nothing", () => {
    const events = summary({ kind: "death", settled: { scope: { dimension: "events", units: [] }, replacements: [], events: { new_events: 3, known_events: 2 }, older_than: null } });
    expect(decisionLines("zh", events, 1)[1]).toBe("新增 3 条记录；2 条已在使用中的名单里，按同一条计");
    const older = summary({ settled: { scope: { dimension: "county", units: [] }, replacements: [], events: null, older_than: 7 } });
    expect(decisionLines("zh", older, 1)[1]).toBe("本名单（2026年8月）早于使用中的批次 7，将作为历史版本保存，不参与比对");
    expect(decisionLines("zh", summary({}), 0)[1]).toBe("首次导入此类名单，不替换任何名单");
    expect(decisionLines("zh", summary({}), 2)[1]).toBe("不替换任何名单：与使用中的民政困难人员并用");
  });

  it("turns a replace mode into a menu value and back", () => {
    const modes: ReplaceMode[] = [{ mode: "by_scope" }, { mode: "adds" }, { mode: "replaces", batches: [5, 7] }];
    for (const mode of modes) {
      expect(parseMode(modeValue(mode))).toEqual(mode);
    }
    expect(parseMode("nonsense")).toEqual({ mode: "by_scope" });
  });
});

describe("versions by kind", () => {
  it("lists the versions in force first, then history, newest first, kinds in menu order", () => {
    const groups = versionsByKind(
      ["household", "welfare"],
      [
        version({ batch_id: 5, list_date: "2026-06", status: "superseded", superseded_by: 9 }),
        version({ batch_id: 9, list_date: "2026-07" }),
        version({ batch_id: 2, list_date: "2026-05", status: "retired" }),
        version({ batch_id: 1, kind: "household" }),
      ],
    );
    expect(groups.map((g) => g.kind)).toEqual(["household", "welfare"]);
    expect(groups[1]!.inForce.map((v) => v.batch_id)).toEqual([9]);
    expect(groups[1]!.history.map((v) => v.batch_id)).toEqual([5, 2]);
  });

  it("restores what is out of force, or in force without a part", () => {
    expect(canRestore(version({ status: "superseded" }))).toBe(true);
    expect(canRestore(version({ status: "in_force" }))).toBe(false);
    expect(canRestore(version({ status: "in_force", parts_replaced: ["海城镇"] }))).toBe(true);
  });
});

describe("list ages", () => {
  it("ages the newest version in force by its own date and shows a later superseded import", () => {
    const ages = listAges(
      ["welfare", "household", "enrolment"],
      [
        version({ batch_id: 9, list_date: "2026-03", imported_at: "2026-06-01T08:00:00" }),
        version({ batch_id: 10, list_date: "2026-02", status: "superseded", imported_at: "2026-06-20T08:00:00" }),
        version({ batch_id: 1, kind: "household", list_date: "2026", imported_at: "2026-06-01T08:00:00", status: "retired" }),
      ],
      "2026-06-30",
      90,
    );
    expect(ages.map((a) => [a.kind, a.latest?.batch_id ?? null, a.lastImported?.batch_id ?? null, a.days, a.old])).toEqual([
      ["welfare", 9, 10, 121, true],
      ["household", null, 1, 0, false],
      ["enrolment", null, null, 0, false],
    ]);
  });
});
