import { beforeEach, describe, expect, it } from "vitest";
import type { Decision, ReviewItem } from "../bindings";
import { messages } from "../i18n";
import { Store, type AppState } from "../store";
import { renderReview, ReviewScreen } from "./review";
import { itemKey, ReviewQueue } from "./review-queue";
import type { Ctx } from "./screen";

const item: ReviewItem = {
  id: 1,
  person: {
    name: "林晓明",
    id_masked: null,
    birth_date: "2010-03-13",
    sex: "男",
    detail: "见于学籍名单",
    detail_en: "on the school roll",
    facts: [
      { field: "school", value: "海丰县实验中学" },
      { field: "grade", value: "初二" },
      { field: "class", value: "3班" },
    ],
    file: "school.xlsx",
    sheet: "学籍",
    row: 343,
  },
  candidate: {
    name: "林小明",
    id_masked: "441521********9930",
    birth_date: "2010-03-13",
    sex: "男",
    detail: "居民医保 参保缴费 2025年度",
    detail_en: "resident scheme, paid, for 2025",
    facts: [],
    file: "enrolment.xlsx",
    sheet: "参保记录",
    row: 473,
  },
  why: "出生日期相同，姓名读音相同",
  why_en: "The same birth date; the names sound the same",
};

/** Another question: a different person row and candidate row. */
function other(id: number, name: string, row: number): ReviewItem {
  return { ...item, id, person: { ...item.person, name, row }, candidate: { ...item.candidate, row: row + 1000 } };
}

describe("review", () => {
  it("puts both records side by side and highlights what differs", () => {
    const el = document.createElement("div");
    renderReview(el, "zh", item);
    const name = el.querySelector("tr[data-field=name]")!;
    expect(name.classList.contains("differs")).toBe(true);
    expect([...name.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["晓", "小"]);
    expect(el.querySelector("tr[data-field=birth]")!.classList.contains("differs")).toBe(false);
    expect(el.querySelector("tr[data-field=birth] mark")).toBeNull();
    expect(el.textContent).toContain("出生日期相同，姓名读音相同");
    expect(el.querySelector("tr[data-field=detail] td.candidate")!.textContent).toBe("居民医保 参保缴费 2025年度");
  });

  it("shows the school roll's school, grade and class on the list side", () => {
    const el = document.createElement("div");
    renderReview(el, "zh", item);
    const row = (field: string) => {
      const tr = el.querySelector(`tr[data-field=${field}]`)!;
      return [tr.querySelector("th")!.textContent, tr.querySelector("td.person")!.textContent, tr.querySelector("td.candidate")!.textContent];
    };
    expect(row("school")).toEqual(["学校", "海丰县实验中学", ""]);
    expect(row("grade")).toEqual(["年级", "初二", ""]);
    expect(row("class")).toEqual(["班级", "3班", ""]);
    // Only one side has a school: nothing to mark as different.
    expect(el.querySelector("tr[data-field=school]")!.classList.contains("differs")).toBe(false);
    expect(el.querySelector("tr[data-field=agency]")).toBeNull();
    // The person's missing ID is a difference, though: the record's own fields always compare.
    expect(el.querySelector("tr[data-field=id]")!.classList.contains("differs")).toBe(true);
  });

  it("marks a list field both sides give and disagree on", () => {
    const el = document.createElement("div");
    const township = (value: string) => [{ field: "township" as const, value }];
    renderReview(el, "zh", { ...item, person: { ...item.person, facts: township("附城镇") }, candidate: { ...item.candidate, facts: township("城东镇") } });
    expect(el.querySelector("tr[data-field=township]")!.classList.contains("differs")).toBe(true);
    expect(el.querySelector("tr[data-field=township] th")!.textContent).toBe("乡镇");
  });

  it("speaks English in English mode: the why, the details and the labels", () => {
    const el = document.createElement("div");
    renderReview(el, "en", item);
    expect(el.querySelector(".why")!.textContent).toBe("Why The same birth date; the names sound the same");
    expect(el.querySelector("tr[data-field=detail] td.person")!.textContent).toBe("on the school roll");
    expect(el.querySelector("tr[data-field=detail] td.candidate")!.textContent).toBe("resident scheme, paid, for 2025");
    expect(el.querySelector("tr[data-field=class] th")!.textContent).toBe("Class");
    expect(el.querySelector("tr[data-field=sex] td.person")!.textContent).toBe("Male");
  });

  it("shows the sex as the lists write it in Chinese mode", () => {
    const el = document.createElement("div");
    renderReview(el, "zh", item);
    expect(el.querySelector("tr[data-field=sex] td.person")!.textContent).toBe("男");
  });

  it("says when nothing waits", () => {
    const el = document.createElement("div");
    renderReview(el, "zh", null);
    expect(el.textContent).toBe(messages.zh["review.none"]);
  });
});

describe("review queue order", () => {
  const a = other(1, "甲", 1);
  const b = other(2, "乙", 2);
  const c = other(3, "丙", 3);

  it("sends a skipped item to the end and keeps it pending", () => {
    const queue = new ReviewQueue();
    queue.skip(a);
    expect(queue.order([a, b, c]).map((i) => i.person.name)).toEqual(["乙", "丙", "甲"]);
    queue.skip(b);
    expect(queue.order([a, b, c]).map((i) => i.person.name)).toEqual(["丙", "甲", "乙"]);
    // After an analysis the numbers change; the same rows are the same question.
    const renumbered = [a, b, c].map((i) => ({ ...i, id: i.id + 10 }));
    expect(queue.order(renumbered).map((i) => i.person.name)).toEqual(["丙", "甲", "乙"]);
    expect(itemKey(a)).not.toContain("441521");
  });

  it("undoes the last decision first and brings its item to the front", () => {
    const queue = new ReviewQueue();
    queue.decide(a, "accept");
    queue.decide(b, "reject");
    expect(queue.last()).toMatchObject({ itemId: 2, name: "乙", decision: "reject" });
    expect(queue.undone()?.itemId).toBe(2);
    expect(queue.order([a, b, c].slice(1)).map((i) => i.person.name)).toEqual(["乙", "丙"]);
    expect(queue.undone()?.itemId).toBe(1);
    expect(queue.last()).toBeUndefined();
  });
});

describe("review screen", () => {
  const a = other(1, "甲", 1);
  const b = other(2, "乙", 2);
  let calls: string[];
  let decided: Set<string>;
  let all: ReviewItem[];
  let store: Store<AppState>;
  let screen: ReviewScreen;

  const press = (key: string, ctrlKey = false) => screen.key(new KeyboardEvent("keydown", { key, ctrlKey }));
  const shown = () => document.querySelector("#review-body tr[data-field=name] td.person")?.textContent;
  const settle = () => new Promise((r) => setTimeout(r, 0));

  beforeEach(() => {
    document.body.innerHTML = ["count", "body", "msg"].map((id) => `<div id="review-${id}"></div>`).join("") +
      ["accept", "reject", "skip", "undo"].map((id) => `<button id="review-${id}"></button>`).join("");
    calls = [];
    decided = new Set();
    all = [a, b];
    store = new Store({ lang: "zh", review: all, busy: false, summary: null, asOf: "2025-08-31" } as unknown as AppState);
    // Like the engine: a decided pair leaves the queue at the next analysis, an undone one returns.
    const pending = () => all.filter((i) => !decided.has(itemKey(i)));
    const api = {
      async reviewDecide(id: number, decision: Decision) {
        calls.push(`decide ${id} ${decision}`);
        decided.add(itemKey(all.find((i) => i.id === id)!));
      },
      async reviewUndo(id: number) {
        calls.push(`undo ${id}`);
        decided.delete(itemKey(all.find((i) => i.id === id)!));
        return "accept";
      },
    };
    const ctx = {
      store,
      api,
      act: async (job: () => Promise<void>) => job(),
      analyze: async () => {
        store.set({ review: pending() });
        return true;
      },
    } as unknown as Ctx;
    screen = new ReviewScreen(ctx);
    screen.render();
  });

  it("skips with S, decides with A and undoes with U or Ctrl+Z, each shown on screen", async () => {
    expect(shown()).toBe("甲");
    expect(press("s")).toBe(true);
    expect(shown()).toBe("乙");
    expect(document.getElementById("review-msg")!.textContent).toBe("已跳过：甲，排到最后，仍待复核。");
    expect(calls).toEqual([]);

    expect(press("a")).toBe(true);
    await settle();
    expect(calls).toEqual(["decide 2 accept"]);
    expect(shown()).toBe("甲");
    expect((document.getElementById("review-undo") as HTMLButtonElement).disabled).toBe(false);

    expect(press("z", true)).toBe(true);
    await settle();
    expect(calls).toEqual(["decide 2 accept", "undo 2"]);
    expect(shown()).toBe("乙");
    expect(document.getElementById("review-msg")!.textContent).toBe("已撤销：乙，是同一人。已重新分析，该条回到最前。");
    expect((document.getElementById("review-undo") as HTMLButtonElement).disabled).toBe(true);

    press("u");
    await settle();
    expect(calls).toHaveLength(2);
    expect(press("c", true)).toBe(false);
  });
});
