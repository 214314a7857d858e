// What an import will replace, shown on its preview card before the officer confirms: the
// decision of a dry run (the same sentence as the command line's, with its counts), a
// menu to change it (by scope, add beside, replace a chosen version) and, for a register
// that names no year, the year. After the import, the same lines say what it did.

import type { ImportOptions, ImportPreview, ImportSummary, ListKind, ListVersion, ReplaceMode } from "../bindings";
import { h } from "../dom";
import { baseName, formatError, isEngineError } from "../errors";
import { t, type Lang } from "../i18n";
import { decisionLines, listDateText, modeValue, parseMode } from "../list-versions";

/** The officer's choices for one file and what the dry run said of them. */
export interface Decision {
  mode: ReplaceMode;
  /** The contribution year of a register that names none. */
  year: number | null;
  /** The list's own date as the officer gives it (2026-08), over what the file says. */
  listDate: string | null;
  /** The dry run's summary, when one ran and worked. */
  dryRun: ImportSummary | null;
  /** Why the dry run failed (an engine error), if it did. */
  dryRunError: unknown;
  checking: boolean;
}

export function newDecision(): Decision {
  return { mode: { mode: "by_scope" }, year: null, listDate: null, dryRun: null, dryRunError: null, checking: false };
}

/** The entry a decision belongs to: its kind as chosen or detected, and the preview. */
export interface DecisionEntry {
  kind: ListKind | null;
  mapping: ImportOptions["mapping"];
  preview: ImportPreview | null;
  decision: Decision;
}

export function entryKind(entry: DecisionEntry): ListKind | null {
  return entry.kind ?? entry.preview?.kind ?? null;
}

function inForceOf(kind: ListKind | null, versions: readonly ListVersion[]): ListVersion[] {
  return versions.filter((v) => v.kind === kind && v.status === "in_force");
}

/** A register none of whose sheets has a year or period column: its year must come from a name, or the officer. */
function registerWithoutYearColumn(p: ImportPreview, kind: ListKind | null): boolean {
  const dated = new Set(["year", "period_start", "period_end"]);
  return kind === "enrolment" && p.sheets.every((s) => !s.columns.some((c) => c.role !== null && dated.has(c.role)));
}

/**
 * Whether the preview needs a dry run to say what the import does: there is something of
 * its kind in force to replace, the officer chose otherwise than the default, or the year
 * must be found. Otherwise it is the first list of its kind and replaces nothing.
 */
export function needsDryRun(entry: DecisionEntry, versions: readonly ListVersion[]): boolean {
  const p = entry.preview;
  if (!p) return false;
  const kind = entryKind(entry);
  return (
    inForceOf(kind, versions).length > 0 ||
    entry.decision.mode.mode !== "by_scope" ||
    entry.decision.year !== null ||
    entry.decision.listDate !== null ||
    registerWithoutYearColumn(p, kind)
  );
}

/** The options to import `entry` with (`dryRun` to only see what it would do). */
export function importOptions(entry: DecisionEntry, dryRun: boolean): ImportOptions {
  return {
    kind: entry.kind,
    replace: false,
    mapping: entry.mapping,
    replace_mode: entry.decision.mode,
    year: entry.decision.year,
    list_date: entry.decision.listDate,
    dry_run: dryRun,
  };
}

/**
 * Runs the dry runs `entries` need (see [`needsDryRun`]) one after the other as one job
 * (`asJob`: progress shown, cancellable), keeping each result or error on its decision;
 * `render` shows "checking…" first and the decisions after.
 */
export async function checkDryRuns<E extends DecisionEntry>(
  entries: readonly E[],
  versions: readonly ListVersion[],
  dryRun: (entry: E) => Promise<ImportSummary | null>,
  asJob: (job: () => Promise<void>) => Promise<boolean>,
  render: () => void,
): Promise<void> {
  const due = entries.filter((e) => needsDryRun(e, versions));
  for (const e of entries) Object.assign(e.decision, { dryRun: null, dryRunError: null, checking: due.includes(e) });
  render();
  if (due.length === 0) return;
  await asJob(async () => {
    for (const e of due) {
      try {
        e.decision.dryRun = await dryRun(e);
      } catch (err) {
        e.decision.dryRunError = err;
      }
      e.decision.checking = false;
    }
  });
  // A job already running refused this one: nothing was checked.
  for (const e of due) e.decision.checking = false;
  render();
}

/** Applies a change of the mode menu or the year field; false when `target` is neither. */
export function applyDecisionInput(decision: Decision, target: HTMLInputElement | HTMLSelectElement): boolean {
  if (target.classList.contains("p-mode")) {
    decision.mode = parseMode(target.value);
    return true;
  }
  if (target.classList.contains("p-listdate")) {
    decision.listDate = target.value.trim() || null;
    return true;
  }
  if (target.classList.contains("p-year")) {
    const year = Number(target.value);
    decision.year = target.value.trim() && Number.isInteger(year) ? year : null;
    return true;
  }
  return false;
}

function needsYear(d: Decision): boolean {
  return d.year !== null || (isEngineError(d.dryRunError) && d.dryRunError.kind === "year_needed");
}

/** The decision block of preview card `index`. */
export function decisionBlock(
  doc: Document,
  lang: Lang,
  entry: DecisionEntry,
  index: number,
  versions: readonly ListVersion[],
): HTMLElement | null {
  if (!entry.preview) return null;
  const d = entry.decision;
  const kind = entryKind(entry);
  const inForce = inForceOf(kind, versions);
  const lines: string[] = [];
  if (d.checking) lines.push(t(lang, "dec.checking"));
  else if (d.dryRun) lines.push(...decisionLines(lang, d.dryRun, inForce.length));
  else if (!needsDryRun(entry, versions)) lines.push(t(lang, "dec.first"));
  const controls: HTMLElement[] = [];
  if (inForce.length > 0) {
    const select = h(doc, "select", { class: "p-mode", attrs: { "data-file": String(index), "aria-label": t(lang, "dec.mode") } });
    const options: [string, string][] = [
      ["by_scope", t(lang, "dec.mode.by_scope")],
      ["adds", t(lang, "dec.mode.adds")],
      ...inForce.map(
        (v) =>
          [
            `replaces:${v.batch_id}`,
            t(lang, "dec.mode.replaces", { batch: v.batch_id, date: listDateText(lang, v.list_date), file: baseName(v.file) }),
          ] as [string, string],
      ),
    ];
    for (const [value, label] of options) select.append(h(doc, "option", { attrs: { value } }, label));
    select.value = modeValue(d.mode);
    controls.push(h(doc, "label", {}, h(doc, "span", {}, t(lang, "dec.mode")), " ", select));
  }
  // The list's own date, once a dry run read it: the officer may know better than the file.
  if (d.dryRun || d.listDate !== null) {
    const date = h(doc, "input", {
      class: "p-listdate",
      title: t(lang, "lists.dateHint"),
      attrs: { type: "text", size: "10", "data-file": String(index), "aria-label": t(lang, "lists.col.date") },
    });
    date.value = d.listDate ?? d.dryRun?.list_date ?? "";
    controls.push(h(doc, "label", {}, h(doc, "span", {}, t(lang, "lists.col.date")), " ", date));
  }
  if (needsYear(d)) {
    const year = h(doc, "input", {
      class: "p-year",
      title: t(lang, "dec.yearHint"),
      attrs: { type: "number", min: "1990", max: "2100", "data-file": String(index), "aria-label": t(lang, "dec.year") },
    });
    year.value = d.year === null ? "" : String(d.year);
    controls.push(
      h(doc, "label", {}, h(doc, "span", {}, t(lang, "dec.year")), " ", year, " ", h(doc, "span", { class: "muted" }, t(lang, "dec.yearHint"))),
    );
  }
  const error = d.dryRunError && !d.checking ? h(doc, "p", { class: "error-text" }, formatError(lang, d.dryRunError)) : null;
  return h(
    doc,
    "div",
    { class: "p-decision", attrs: { "data-file": String(index), "data-checked": String(!d.checking) } },
    h(doc, "ul", { class: "dec-lines" }, ...lines.map((l) => h(doc, "li", {}, l))),
    error,
    controls.length ? h(doc, "div", { class: "dec-controls" }, ...controls) : null,
  );
}

/** What one file's import will do, without its date-and-scope heading. */
function outcomeLines(lang: Lang, entry: DecisionEntry, versions: readonly ListVersion[]): string[] {
  const d = entry.decision;
  if (d.checking) return [t(lang, "dec.checking")];
  if (d.dryRunError) return [formatError(lang, d.dryRunError)];
  if (d.dryRun) return decisionLines(lang, d.dryRun, inForceOf(entryKind(entry), versions).length).slice(1);
  return needsDryRun(entry, versions) ? [] : [t(lang, "dec.first")];
}

/** Above the cards, every file's decision in one place: what the officer confirms. */
export function renderDecisionSummary(
  el: HTMLElement,
  lang: Lang,
  entries: readonly (DecisionEntry & { path: string })[],
  versions: readonly ListVersion[],
): void {
  const doc = el.ownerDocument;
  const shown = entries.filter((e) => e.preview);
  el.hidden = shown.length === 0;
  el.replaceChildren(
    h(doc, "h3", {}, t(lang, "dec.summary")),
    h(
      doc,
      "ul",
      { class: "dec-summary" },
      ...shown.map((e) =>
        h(
          doc,
          "li",
          {},
          h(doc, "strong", {}, baseName(e.path)),
          " ",
          ...outcomeLines(lang, e, versions).flatMap((line, i) => (i ? [h(doc, "br"), line] : [line])),
        ),
      ),
    ),
  );
}

/** After an import: what each file did, in the decision's words. */
export function renderSettled(
  el: HTMLElement,
  lang: Lang,
  imported: readonly ImportSummary[] | null,
  versions: readonly ListVersion[],
): void {
  const doc = el.ownerDocument;
  el.replaceChildren(
    ...(imported ?? []).map((s) => {
      const others = versions.filter((v) => v.kind === s.kind && v.status === "in_force" && v.batch_id !== s.batch_id);
      const before = others.length + s.settled.replacements.filter((r) => r.whole).length;
      return h(
        doc,
        "div",
        { class: "settled", attrs: { "data-batch": String(s.batch_id) } },
        h(doc, "strong", {}, baseName(s.file)),
        h(doc, "ul", { class: "dec-lines" }, ...decisionLines(lang, s, before).map((l) => h(doc, "li", {}, l))),
      );
    }),
  );
}
