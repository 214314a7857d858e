//! The review queue: the first possible match with both records side by side, a differing
//! field marked down to its characters, and accept / reject (buttons or A / R). Counted by
//! person, since one person can have several candidates.

import type { Decision, ReviewItem, ReviewSide } from "../bindings";
import { h } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { charDiff } from "../logic";
import { sourceLine } from "../vocabulary";
import { reviewPeople } from "./overview";
import { byId, msgText, type Ctx, type Msg, type Screen } from "./screen";

/** Text with the characters missing on the other side wrapped in `<mark>`. */
function diffText(doc: Document, mine: string, theirs: string): HTMLElement {
  const { left } = charDiff(mine, theirs);
  return h(doc, "span", {}, ...left.map((seg) => (seg.same ? seg.text : h(doc, "mark", {}, seg.text))));
}

/** The two records side by side; a differing field's row is marked, its characters too. */
export function renderReview(el: HTMLElement, lang: Lang, item: ReviewItem | null): void {
  const doc = el.ownerDocument;
  if (!item) {
    el.replaceChildren(h(doc, "p", { class: "muted", id: "review-none" }, t(lang, "review.none")));
    return;
  }
  const fields: [Key, (s: ReviewSide) => string][] = [
    ["review.field.name", (s) => s.name],
    ["review.field.id", (s) => s.id_masked ?? ""],
    ["review.field.birth", (s) => s.birth_date ?? ""],
    ["review.field.sex", (s) => s.sex ?? ""],
    ["review.field.detail", (s) => s.detail],
    ["review.field.source", (s) => sourceLine(lang, s.file, s.sheet, s.row)],
  ];
  const rows = fields.map(([key, get]) => {
    const a = get(item.person);
    const b = get(item.candidate);
    const marked = a !== b && key !== "review.field.source";
    return h(
      doc,
      "tr",
      { class: marked ? "differs" : "", attrs: { "data-field": key.replace("review.field.", "") } },
      h(doc, "th", {}, t(lang, key)),
      h(doc, "td", { class: "person" }, marked ? diffText(doc, a, b) : a),
      h(doc, "td", { class: "candidate" }, marked ? diffText(doc, b, a) : b),
    );
  });
  const head = h(doc, "tr", {}, h(doc, "th", {}), h(doc, "th", {}, t(lang, "review.person")), h(doc, "th", {}, t(lang, "review.candidate")));
  el.replaceChildren(
    h(doc, "p", { class: "why" }, h(doc, "strong", {}, t(lang, "review.why")), " ", item.why),
    h(doc, "table", { id: "review-table", class: "plain compare" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, ...rows)),
  );
}

export class ReviewScreen implements Screen {
  private readonly count = byId<HTMLElement>("review-count");
  private readonly body = byId<HTMLElement>("review-body");
  private readonly accept = byId<HTMLButtonElement>("review-accept");
  private readonly reject = byId<HTMLButtonElement>("review-reject");
  private readonly msg = byId<HTMLElement>("review-msg");
  private message: Msg = null;

  constructor(private readonly ctx: Ctx) {
    this.accept.addEventListener("click", () => void this.decide("accept"));
    this.reject.addEventListener("click", () => void this.decide("reject"));
  }

  render(): void {
    const { lang, review } = this.ctx.store.state;
    this.count.textContent = t(lang, "review.count", {
      people: formatNumber(lang, reviewPeople(review)),
      count: formatNumber(lang, review.length),
    });
    renderReview(this.body, lang, review[0] ?? null);
    this.msg.textContent = msgText(this.ctx, this.message);
    this.setBusy(this.ctx.store.state.busy);
  }

  setBusy(busy: boolean): void {
    const none = this.ctx.store.state.review.length === 0;
    this.accept.disabled = busy || none;
    this.reject.disabled = busy || none;
  }

  key(event: KeyboardEvent): boolean {
    const k = event.key.toLowerCase();
    if (k !== "a" && k !== "r") return false;
    void this.decide(k === "a" ? "accept" : "reject");
    return true;
  }

  private async decide(decision: Decision): Promise<void> {
    const { ctx } = this;
    const item = ctx.store.state.review[0];
    if (!item || ctx.store.state.busy) return;
    const asOf = ctx.store.state.summary?.as_of ?? ctx.store.state.asOf;
    let failed = false;
    await ctx.act(async () => {
      try {
        await ctx.api.reviewDecide(item.id, decision);
      } catch (err) {
        failed = true;
        throw err;
      }
    });
    if (failed) return;
    if (await ctx.analyze(asOf)) {
      const lang = ctx.store.state.lang;
      this.message = {
        key: "review.decided",
        vars: { name: item.person.name, decision: t(lang, decision === "accept" ? "review.accepted" : "review.rejected") },
      };
      this.render();
    }
  }
}
