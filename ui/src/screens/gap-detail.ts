//! A gap's detail panel and the outcome form, for one person or for the rows picked in the
//! table. Nothing is preselected: the outcome menu starts empty and saving without one is
//! refused with a message (Enter in 经办人 once saved "mobilised" for someone nobody had
//! called). The officer's name is kept for the session, the date is checked as YYYY-MM-DD.

import type { Gap, Outcome } from "../bindings";
import { isIsoDate, normaliseDate } from "../dates";
import { h } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { gapLabel, OUTCOMES, outcomeLabel, priorityLabel, reasonText, sexText, sourceLine } from "../vocabulary";

/** What the form was filled with; `outcome` "" when none was chosen. */
export interface OutcomeInput {
  outcome: Outcome | "";
  date: string;
  officer: string;
  note: string;
}

/** Why the form cannot be saved (a message key), or null when it can; the date normalised. */
export function checkOutcome(input: OutcomeInput): { error: Key } | { error: null; date: string | null } {
  if (!input.outcome) return { error: "detail.needOutcome" };
  const typed = input.date.trim();
  if (!typed) return { error: null, date: null };
  const date = normaliseDate(typed);
  if (!date || !isIsoDate(date)) return { error: "date.invalid" };
  return { error: null, date };
}

/** The outcome form's fields (ids `<prefix>-outcome`, `-date`, `-officer`, `-note`). */
export function outcomeFields(doc: Document, lang: Lang, prefix: string, officer: string, date: string): HTMLElement[] {
  const select = h(doc, "select", { id: `${prefix}-outcome`, attrs: { required: "" } });
  select.append(h(doc, "option", { attrs: { value: "" } }, t(lang, "detail.chooseOutcome")));
  for (const o of OUTCOMES) select.append(h(doc, "option", { attrs: { value: o } }, t(lang, `outcome.${o}`)));
  select.value = "";
  const dateInput = h(doc, "input", {
    id: `${prefix}-date`,
    class: "date",
    attrs: { type: "text", inputmode: "numeric", placeholder: "YYYY-MM-DD", maxlength: "10", autocomplete: "off" },
  });
  dateInput.value = date;
  const officerInput = h(doc, "input", { id: `${prefix}-officer`, attrs: { type: "text", autocomplete: "off" } });
  officerInput.value = officer;
  const note = h(doc, "input", { id: `${prefix}-note`, attrs: { type: "text", autocomplete: "off" } });
  const label = (key: Key, input: HTMLElement) => h(doc, "label", {}, h(doc, "span", {}, t(lang, key)), input);
  return [
    label("col.status", select),
    label("detail.outcomeDate", dateInput),
    label("detail.officer", officerInput),
    label("detail.note", note),
  ];
}

/** Reads the form's fields back. */
export function readOutcome(root: ParentNode, prefix: string): OutcomeInput {
  const value = (name: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${prefix}-${name}`)?.value ?? "";
  return { outcome: value("outcome") as Outcome | "", date: value("date"), officer: value("officer"), note: value("note") };
}

export interface DetailData {
  gap: Gap | null;
  outcome: Outcome | undefined;
  /** The officer's name as last typed this session. */
  officer: string;
  today: string;
}

/** The detail panel of one gap, with the outcome form (ids `d-*`). */
export function renderDetail(el: HTMLElement, lang: Lang, data: DetailData): void {
  const doc = el.ownerDocument;
  const gap = data.gap;
  if (!gap) {
    el.replaceChildren(h(doc, "p", { class: "muted" }, t(lang, "detail.pick")));
    return;
  }
  const dl = h(doc, "dl", {});
  const item = (key: Key, value: string | Node, cls = "") => {
    dl.append(h(doc, "dt", {}, t(lang, key)), h(doc, "dd", { class: cls }, value));
  };
  item("col.code", gapLabel(lang, gap.code));
  item("detail.reason", reasonText(lang, gap), "reason");
  item("detail.tier", t(lang, `tier.${gap.match_tier}`), "tier");
  item("col.priority", priorityLabel(lang, gap.priority));
  if (gap.deadline) item("detail.deadline", gap.deadline);
  item("detail.route", [t(lang, `route.${gap.route_type}`), gap.route_unit, gap.route_detail].filter(Boolean).join(" · "));
  if (gap.phone) item("detail.phone", gap.phone);
  item("col.status", outcomeLabel(lang, data.outcome), "status");
  const sources = gap.sources.map((s) =>
    h(doc, "li", { attrs: { "data-kind": s.kind } }, h(doc, "strong", {}, t(lang, `import.kind.${s.kind}`)), " ", sourceLine(lang, s.file, s.sheet, s.row)),
  );
  item("detail.sources", h(doc, "ul", { class: "sources" }, ...sources));
  const form = h(
    doc,
    "form",
    { id: "d-form", class: "form", attrs: { novalidate: "" } },
    h(doc, "h4", {}, t(lang, "detail.outcome")),
    ...outcomeFields(doc, lang, "d", data.officer, data.today),
    h(doc, "button", { id: "d-save", class: "primary", attrs: { type: "submit" } }, t(lang, "detail.save")),
    h(doc, "span", { id: "d-msg", class: "status", attrs: { "aria-live": "polite" } }),
  );
  el.replaceChildren(
    h(doc, "h3", { id: "d-name" }, gap.name, " ", h(doc, "span", { class: "muted id" }, gap.id_masked ?? "")),
    h(doc, "p", { class: "muted" }, [gap.birth_date, sexText(lang, gap.sex), gap.township, gap.village].filter(Boolean).join(" · ")),
    dl,
    form,
    h(doc, "button", { id: "d-history-btn", class: "link", attrs: { type: "button" } }, t(lang, "history.show")),
    h(doc, "div", { id: "d-history" }),
  );
}

/** The bar above the table while rows are picked: how many, and one outcome for all. */
export function renderBatchBar(el: HTMLElement, lang: Lang, picked: number, officer: string, today: string): void {
  const doc = el.ownerDocument;
  el.hidden = picked === 0;
  if (picked === 0) {
    el.replaceChildren();
    return;
  }
  el.replaceChildren(
    h(doc, "strong", { id: "b-count", attrs: { "data-count": String(picked) } }, t(lang, "batch.picked", { count: formatNumber(lang, picked) })),
    ...outcomeFields(doc, lang, "b", officer, today),
    h(doc, "button", { id: "b-save", class: "primary", attrs: { type: "submit" } }, t(lang, "batch.save")),
    h(doc, "button", { id: "b-clear", class: "link", attrs: { type: "button" } }, t(lang, "batch.clear")),
    h(doc, "span", { id: "b-msg", class: "status", attrs: { "aria-live": "polite" } }),
  );
}
