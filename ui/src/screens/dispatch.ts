//! Each unit's latest worklist on the worklists screen: when it went out, when it is due
//! back, how far it came back (sent → partly returned → all returned, overdue marked) and
//! its funnel (answered, mobilised, enrolled). The engine decides all of it
//! (`enrolgap::dispatch`); this only lays it out.

import type { UnitDispatch } from "../bindings";
import { h } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";

const COLUMNS: readonly Key[] = [
  "dispatch.unit",
  "dispatch.sentOn",
  "dispatch.returnBy",
  "dispatch.status",
  "dispatch.sent",
  "dispatch.contacted",
  "dispatch.mobilised",
  "dispatch.enrolled",
];

/** The status as the officer reads it: overdue wins over "sent" and "partly returned". */
export function dispatchStatus(lang: Lang, unit: Pick<UnitDispatch, "status" | "overdue">): string {
  const status = t(lang, `dispatch.status.${unit.status}`);
  return unit.overdue ? `${t(lang, "dispatch.overdue")} · ${status}` : status;
}

/** The table of units (`#wl-dispatch`), overdue rows marked with class `overdue`. */
export function renderDispatch(el: HTMLElement, lang: Lang, units: readonly UnitDispatch[]): void {
  const doc = el.ownerDocument;
  if (units.length === 0) {
    el.replaceChildren(h(doc, "p", { class: "muted" }, t(lang, "dispatch.none")));
    return;
  }
  const n = (value: number) => h(doc, "td", { class: "num" }, formatNumber(lang, value));
  const rows = units.map((u) =>
    h(
      doc,
      "tr",
      { class: u.overdue ? "overdue" : "", attrs: { "data-unit": u.unit, "data-status": u.status } },
      h(doc, "td", {}, u.unit),
      h(doc, "td", { class: "nowrap" }, u.sent_on),
      h(doc, "td", { class: "nowrap" }, u.return_by),
      h(doc, "td", { class: "nowrap status" }, dispatchStatus(lang, u)),
      n(u.sent),
      n(u.contacted),
      n(u.mobilised),
      n(u.enrolled),
    ),
  );
  el.replaceChildren(
    h(
      doc,
      "table",
      { class: "plain dispatch" },
      h(doc, "thead", {}, h(doc, "tr", {}, ...COLUMNS.map((k) => h(doc, "th", {}, t(lang, k))))),
      h(doc, "tbody", {}, ...rows),
    ),
  );
}
