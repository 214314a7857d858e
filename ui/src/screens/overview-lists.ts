// The overview's table of lists: per kind the version in force (its own date, when it was
// imported, its rows) or that none is, with its status, so a superseded or retired list
// is never taken for the one in use; and a warning when the one in force is old.

import { h } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { listDateText, statusText, type ListAge } from "../list-versions";

export function listAgeTable(doc: Document, lang: Lang, ages: readonly ListAge[], warnDays: number): HTMLElement {
  const row = (a: ListAge): HTMLElement => {
    // What the officer sees first: the version in force, else the one imported last.
    const shown = a.latest ?? a.lastImported;
    const notes: string[] = [];
    if (a.latest && a.lastImported && a.lastImported.batch_id !== a.latest.batch_id && a.lastImported.status !== "in_force") {
      const sep = lang === "zh" ? "：" : ": ";
      notes.push(`${t(lang, "lists.col.batch")} ${a.lastImported.batch_id}${sep}${statusText(lang, a.lastImported.status)}`);
    }
    if (a.inForce > 1) notes.push(t(lang, "ov.listMore", { count: a.inForce }));
    if (a.old) notes.push(t(lang, "ov.listOld", { days: a.days, limit: warnDays }));
    return h(
      doc,
      "tr",
      { class: a.old ? "old" : shown ? "" : "missing", attrs: { "data-kind": a.kind, "data-status": shown?.status ?? "" } },
      h(doc, "td", {}, t(lang, `import.kind.${a.kind}`)),
      h(doc, "td", { class: "date" }, shown ? listDateText(lang, shown.list_date) : t(lang, "ov.listMissing")),
      h(doc, "td", { class: "muted" }, shown ? shown.imported_at.slice(0, 10) : ""),
      h(doc, "td", { class: "muted" }, shown ? t(lang, "ov.listRows", { rows: formatNumber(lang, shown.rows) }) : ""),
      h(doc, "td", {}, shown ? h(doc, "span", { class: `badge status-${shown.status}` }, statusText(lang, shown.status)) : ""),
      h(doc, "td", { class: a.old ? "warn" : "muted" }, notes.join(" · ")),
    );
  };
  const heads: Key[] = ["ov.col.list", "lists.col.date", "ov.col.imported", "lists.col.rows", "lists.col.status"];
  return h(
    doc,
    "table",
    { id: "ov-lists", class: "plain compact" },
    h(doc, "thead", {}, h(doc, "tr", {}, ...heads.map((k) => h(doc, "th", {}, t(lang, k))), h(doc, "th", {}))),
    h(doc, "tbody", {}, ...ages.map(row)),
  );
}
