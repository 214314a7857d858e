//! The review queue: the first possible match with both records side by side (what the
//! person's list says — school, grade, class; agency; welfare category — beside the
//! register row of the year asked about), a differing field marked down to its characters,
//! and accept / reject / skip / undo (buttons or A / R / S / U, Ctrl+Z). Counted by person,
//! since one person can have several candidates.

import type { Decision, ReviewField, ReviewItem, ReviewSide } from "../bindings";
import { h } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { charDiff } from "../logic";
import { sexText, sourceLine } from "../vocabulary";
import { reviewPeople } from "./overview";
import { ReviewQueue } from "./review-queue";
import { byId, msgText, type Ctx, type Msg, type Screen } from "./screen";

/** The list fields shown beside the two records, in the engine's order. */
const FACT_FIELDS: readonly ReviewField[] = [
  "township",
  "village",
  "school",
  "grade",
  "class",
  "agency",
  "client_company",
  "welfare_category",
];

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
  const fact = (field: ReviewField) => (side: ReviewSide) => side.facts.find((f) => f.field === field)?.value ?? "";
  const shownFacts = FACT_FIELDS.filter((f) => fact(f)(item.person) || fact(f)(item.candidate));
  // How a row's two values are compared: a record's own fields always; a list's field only
  // when both sides have it (the register names no school); the descriptions never.
  type Compare = "always" | "both" | "never";
  const fields: [string, string, (s: ReviewSide) => string, Compare][] = [
    ["name", t(lang, "review.field.name"), (s) => s.name, "always"],
    ["id", t(lang, "review.field.id"), (s) => s.id_masked ?? "", "always"],
    ["birth", t(lang, "review.field.birth"), (s) => s.birth_date ?? "", "always"],
    ["sex", t(lang, "review.field.sex"), (s) => sexText(lang, s.sex), "always"],
    ["detail", t(lang, "review.field.detail"), (s) => (lang === "en" && s.detail_en) || s.detail, "never"],
    ...shownFacts.map((f): [string, string, (s: ReviewSide) => string, Compare] => [f, t(lang, `review.fact.${f}` as Key), fact(f), "both"]),
    ["source", t(lang, "review.field.source"), (s) => sourceLine(lang, s.file, s.sheet, s.row), "never"],
  ];
  const rows = fields.map(([name, label, get, compare]) => {
    const a = get(item.person);
    const b = get(item.candidate);
    const marked = a !== b && (compare === "always" || (compare === "both" && a !== "" && b !== ""));
    return h(
      doc,
      "tr",
      { class: marked ? "differs" : "", attrs: { "data-field": name } },
      h(doc, "th", {}, label),
      h(doc, "td", { class: "person" }, marked ? diffText(doc, a, b) : a),
      h(doc, "td", { class: "candidate" }, marked ? diffText(doc, b, a) : b),
    );
  });
  const head = h(doc, "tr", {}, h(doc, "th", {}), h(doc, "th", {}, t(lang, "review.person")), h(doc, "th", {}, t(lang, "review.candidate")));
  el.replaceChildren(
    h(doc, "p", { class: "why" }, h(doc, "strong", {}, t(lang, "review.why")), " ", (lang === "en" && item.why_en) || item.why),
    h(doc, "table", { id: "review-table", class: "plain compare" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, ...rows)),
  );
}

export class ReviewScreen implements Screen {
  private readonly count = byId<HTMLElement>("review-count");
  private readonly body = byId<HTMLElement>("review-body");
  private readonly accept = byId<HTMLButtonElement>("review-accept");
  private readonly reject = byId<HTMLButtonElement>("review-reject");
  private readonly skipButton = byId<HTMLButtonElement>("review-skip");
  private readonly undoButton = byId<HTMLButtonElement>("review-undo");
  private readonly msg = byId<HTMLElement>("review-msg");
  private readonly queue = new ReviewQueue();
  private message: Msg = null;

  constructor(private readonly ctx: Ctx) {
    this.accept.addEventListener("click", () => void this.decide("accept"));
    this.reject.addEventListener("click", () => void this.decide("reject"));
    this.skipButton.addEventListener("click", () => this.skip());
    this.undoButton.addEventListener("click", () => void this.undo());
  }

  /** The item shown: the first in the session's working order. */
  private current(): ReviewItem | null {
    return this.queue.order(this.ctx.store.state.review)[0] ?? null;
  }

  render(): void {
    const { lang, review } = this.ctx.store.state;
    this.count.textContent = t(lang, "review.count", {
      people: formatNumber(lang, reviewPeople(review)),
      count: formatNumber(lang, review.length),
    });
    renderReview(this.body, lang, this.current());
    this.msg.textContent = msgText(this.ctx, this.message);
    this.setBusy(this.ctx.store.state.busy);
  }

  setBusy(busy: boolean): void {
    const none = this.ctx.store.state.review.length === 0;
    this.accept.disabled = busy || none;
    this.reject.disabled = busy || none;
    this.skipButton.disabled = busy || this.ctx.store.state.review.length < 2;
    this.undoButton.disabled = busy || !this.queue.last();
  }

  key(event: KeyboardEvent): boolean {
    const k = event.key.toLowerCase();
    if (event.ctrlKey) {
      if (k !== "z") return false;
      void this.undo();
      return true;
    }
    if (k === "a" || k === "r") void this.decide(k === "a" ? "accept" : "reject");
    else if (k === "s") this.skip();
    else if (k === "u") void this.undo();
    else return false;
    return true;
  }

  private skip(): void {
    const item = this.current();
    if (!item || this.ctx.store.state.busy || this.ctx.store.state.review.length < 2) return;
    this.queue.skip(item);
    this.message = { key: "review.skipped", vars: { name: item.person.name } };
    this.render();
  }

  /** Runs `call`, then the analysis again; false when either failed. */
  private async callThenAnalyse(call: () => Promise<unknown>): Promise<boolean> {
    const { ctx } = this;
    const asOf = ctx.store.state.summary?.as_of ?? ctx.store.state.asOf;
    let failed = false;
    await ctx.act(async () => {
      try {
        await call();
      } catch (err) {
        failed = true;
        throw err;
      }
    });
    return !failed && (await ctx.analyze(asOf));
  }

  private decisionWords(decision: Decision): string {
    return t(this.ctx.store.state.lang, decision === "accept" ? "review.accepted" : "review.rejected");
  }

  private async decide(decision: Decision): Promise<void> {
    const item = this.current();
    if (!item || this.ctx.store.state.busy) return;
    const done = await this.callThenAnalyse(async () => {
      await this.ctx.api.reviewDecide(item.id, decision);
      this.queue.decide(item, decision);
    });
    if (done) {
      this.message = { key: "review.decided", vars: { name: item.person.name, decision: this.decisionWords(decision) } };
      this.render();
    }
  }

  /** Takes back this session's last decision; its item comes first again. */
  private async undo(): Promise<void> {
    const last = this.queue.last();
    if (!last || this.ctx.store.state.busy) return;
    const done = await this.callThenAnalyse(async () => {
      await this.ctx.api.reviewUndo(last.itemId);
      this.queue.undone();
    });
    if (done) {
      this.message = { key: "review.undone", vars: { name: last.name, decision: this.decisionWords(last.decision) } };
      this.render();
    }
  }
}
