// The overview's "since the last analysis": how many cases are new, still open and
// closed (by why: enrolled, died, excluded, settled, off every list, moved to review),
// with the people themselves (IDs masked). The counts add up to the gaps screen's.

import type { CaseChange, CaseChanges, Changes, ClosedBecause } from "../bindings";
import { h } from "../dom";
import { formatNumber, t, type Lang } from "../i18n";
import { CLOSED_REASONS, closedText } from "../list-versions";
import { gapLabel } from "../vocabulary";

/** People listed per group before "N more". */
const SHOWN = 8;

export interface ChangesData {
  changes: Changes;
  cases: CaseChanges | null;
  /** The gaps screen's rows and the people in them. */
  gapRows: number;
  gapPeople: number;
}

/** "no longer on any list" → "No longer on any list" (Chinese has no case). */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Closed cases counted by why, in the overview's order, only the reasons that occur. */
export function closedByReason(cases: readonly CaseChange[]): [ClosedBecause, number][] {
  const counts = new Map<ClosedBecause, number>();
  for (const c of cases) if (c.closed_because) counts.set(c.closed_because, (counts.get(c.closed_because) ?? 0) + 1);
  return CLOSED_REASONS.filter((r) => counts.has(r)).map((r) => [r, counts.get(r)!]);
}

function people(doc: Document, lang: Lang, id: string, list: readonly CaseChange[], why: (c: CaseChange) => string): HTMLElement {
  const items = list
    .slice(0, SHOWN)
    .map((c) => h(doc, "li", {}, c.name, " ", h(doc, "span", { class: "muted id" }, c.id_masked ?? ""), " · ", why(c)));
  if (list.length > SHOWN) items.push(h(doc, "li", { class: "muted" }, t(lang, "chg.more", { count: list.length - SHOWN })));
  return h(doc, "ul", { id, class: "cases" }, ...items);
}

/** The card's content; the first analysis has nothing to compare with. */
export function changesCard(doc: Document, lang: Lang, data: ChangesData): HTMLElement {
  const body: (HTMLElement | null)[] = [h(doc, "h3", {}, t(lang, "ov.changes"))];
  const cases = data.cases;
  if (data.changes.previous_analysis === null || !cases) {
    body.push(h(doc, "p", { id: "ov-changes", class: "muted" }, t(lang, "ov.noPrevious")));
    return h(doc, "section", { id: "ov-changes-card", class: "card" }, ...body);
  }
  const reasons = closedByReason(cases.closed_cases);
  body.push(
    h(
      doc,
      "p",
      { id: "ov-changes" },
      t(lang, "chg.summary", {
        rows: formatNumber(lang, data.gapRows),
        people: formatNumber(lang, data.gapPeople),
        new: formatNumber(lang, cases.new_cases.length),
        open: formatNumber(lang, data.changes.still_open),
        closed: formatNumber(lang, cases.closed_cases.length),
      }),
    ),
    h(
      doc,
      "ul",
      { id: "ov-closed-reasons", class: "reasons" },
      ...reasons.map(([r, n]) => h(doc, "li", { attrs: { "data-reason": r } }, `${capitalised(closedText(lang, r))} `, h(doc, "strong", {}, formatNumber(lang, n)))),
    ),
  );
  if (cases.new_cases.length > 0) {
    body.push(
      h(doc, "h4", {}, `${t(lang, "chg.new")} ${formatNumber(lang, cases.new_cases.length)}`),
      people(doc, lang, "ov-new-cases", cases.new_cases, (c) => gapLabel(lang, c.code)),
    );
  }
  if (cases.closed_cases.length > 0) {
    body.push(
      h(doc, "h4", {}, `${t(lang, "chg.closed")} ${formatNumber(lang, cases.closed_cases.length)}`),
      people(doc, lang, "ov-closed-cases", cases.closed_cases, (c) => (c.closed_because ? closedText(lang, c.closed_because) : "")),
    );
  }
  return h(doc, "section", { id: "ov-changes-card", class: "card" }, ...body);
}
