import { describe, expect, it } from "vitest";
import type { ListVersion } from "../bindings";
import { version } from "../list-test-data";
import { ListsScreen, type ListsApi } from "./lists";

const july = version({
  batch_id: 9,
  list_date: "2026-07",
  rows: 548,
  replaced: [
    { batch_id: 5, file: "welfare.xlsx", list_date: "2026-06", whole: true, parts: [], rows_replaced: 578, people_left: 30, people_joined: 0 },
  ],
});
const june = version({ batch_id: 5, list_date: "2026-06", status: "superseded", superseded_by: 9 });
const household = version({ batch_id: 1, kind: "household", file: "household.xlsx", list_date: "2026-06", rows: 341 });

/** A fake of the app's commands that keeps its versions and records every call. */
function fakeApi(start: ListVersion[]): ListsApi & { calls: string[]; versions: ListVersion[] } {
  const fake = {
    calls: [] as string[],
    versions: start,
    async listVersions() {
      return fake.versions;
    },
    async retireList(batch: number) {
      fake.calls.push(`retire ${batch}`);
      fake.versions = fake.versions.map((v) => (v.batch_id === batch ? { ...v, status: "retired" as const } : v));
    },
    async restoreList(batch: number) {
      fake.calls.push(`restore ${batch}`);
      fake.versions = fake.versions.map((v) => (v.batch_id === batch ? { ...v, status: "in_force" as const, superseded_by: null } : v));
      return fake.versions.filter((v) => v.status === "in_force" && v.batch_id !== batch && v.kind === "welfare").map((v) => v.batch_id);
    },
    async setListDate(batch: number, date: string) {
      if (!/^\d{4}(-\d{2}){0,2}$/.test(date)) throw { kind: "invalid_argument", message: `“${date}”不是名单日期` };
      fake.calls.push(`date ${batch} ${date}`);
    },
  };
  return fake;
}

async function screen(start: ListVersion[], confirm = true) {
  const root = document.createElement("div");
  const api = fakeApi(start);
  const errors: unknown[] = [];
  let changed = 0;
  const lists = new ListsScreen(root, api, {
    lang: () => "zh",
    busy: () => false,
    act: async (job) => {
      try {
        await job();
      } catch (err) {
        errors.push(err);
      }
    },
    confirm: () => confirm,
    changed: async () => void changed++,
  });
  await lists.load();
  return { root, api, errors, changed: () => changed };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("lists screen", () => {
  it("shows per kind the versions in force, then the superseded ones, with dates, scope and what each replaced", async () => {
    const { root } = await screen([june, july, household]);
    expect([...root.querySelectorAll(".lists-kind")].map((c) => c.getAttribute("data-kind"))).toEqual(["household", "welfare"]);
    const rows = [...root.querySelectorAll(".lists-kind[data-kind=welfare] tr.version")];
    expect(rows.map((r) => [r.getAttribute("data-batch"), r.getAttribute("data-status")])).toEqual([
      ["9", "in_force"],
      ["5", "superseded"],
    ]);
    expect(rows[0]!.querySelector(".date")!.textContent).toContain("2026年7月 · 取自标题");
    expect(rows[0]!.querySelector(".scope")!.textContent).toBe("全县");
    expect(rows[0]!.querySelector(".changes")!.textContent).toBe("替换了批次 5（578 行）：减少 30 人，新增 0 人");
    expect(rows[1]!.querySelector(".state")!.textContent).toBe("已被替换 → 批次 9");
    expect(rows[1]!.classList.contains("history")).toBe(true);
    // In force can be retired; superseded can be restored.
    expect(rows[0]!.querySelector("button.l-retire")).not.toBeNull();
    expect(rows[0]!.querySelector("button.l-restore")).toBeNull();
    expect(rows[1]!.querySelector("button.l-retire")).toBeNull();
    expect(rows[1]!.querySelector("button.l-restore")).not.toBeNull();
  });

  it("names the parts a newer version replaced while the rest is in force", async () => {
    const partly = version({ batch_id: 3, kind: "enrolment", parts_replaced: ["居民医保 2026年度"] });
    const gone = version({ batch_id: 4, kind: "enrolment", status: "superseded", superseded_by: 16, parts_replaced: ["居民医保 2026年度"] });
    const { root } = await screen([partly, gone]);
    expect(root.querySelector("tr[data-batch='3'] .state")!.textContent).toBe("使用中居民医保 2026年度已被新版本替换");
    expect(root.querySelector("tr[data-batch='3'] button.l-restore")).not.toBeNull();
    expect(root.querySelector("tr[data-batch='4'] .state")!.textContent).toBe("已被替换 → 批次 16");
  });

  it("retires a version after confirmation and tells the app", async () => {
    const { root, api, changed } = await screen([june, july]);
    root.querySelector<HTMLButtonElement>("tr[data-batch='9'] button.l-retire")!.click();
    await settle();
    await settle();
    expect(api.calls).toEqual(["retire 9"]);
    expect(root.querySelector("tr[data-batch='9']")!.getAttribute("data-status")).toBe("retired");
    expect(root.querySelector("#lists-msg")!.textContent).toBe("批次 9 已停用，下次分析起不再使用。");
    expect(changed()).toBe(1);
  });

  it("does nothing when the officer does not confirm", async () => {
    const { root, api } = await screen([july], false);
    root.querySelector<HTMLButtonElement>("button.l-retire")!.click();
    await settle();
    expect(api.calls).toEqual([]);
  });

  it("restores a superseded version and warns of the other one in force", async () => {
    const { root, api } = await screen([june, july]);
    root.querySelector<HTMLButtonElement>("tr[data-batch='5'] button.l-restore")!.click();
    await settle();
    await settle();
    expect(api.calls).toEqual(["restore 5"]);
    expect(root.querySelector("#lists-msg")!.textContent).toContain("同类名单批次 9 也在使用中");
  });

  it("saves an edited list date, and shows the engine's refusal of a wrong one", async () => {
    const { root, api, errors } = await screen([july]);
    const input = root.querySelector<HTMLInputElement>("input.l-date")!;
    expect(input.value).toBe("2026-07");
    input.value = "2026-08";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    await settle();
    expect(api.calls).toEqual(["date 9 2026-08"]);
    expect(root.querySelector("#lists-msg")!.textContent).toBe("批次 9 的名单日期已改为 2026年8月。");
    const again = root.querySelector<HTMLInputElement>("input.l-date")!;
    again.value = "八月";
    again.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    await settle();
    expect(errors).toHaveLength(1);
    expect(root.querySelector("#lists-msg")!.textContent).toBe("");
  });

  it("says when nothing was imported", async () => {
    const { root } = await screen([]);
    expect(root.querySelector("#lists-none")!.textContent).toBe("还没有导入任何名单。");
  });
});
