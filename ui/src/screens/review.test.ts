import { describe, expect, it } from "vitest";
import type { ReviewItem } from "../bindings";
import { messages } from "../i18n";
import { renderReview } from "./review";

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
