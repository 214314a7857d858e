// Builds the screen's parts from engine data. Pure DOM construction, no IPC, so it is
// unit-tested under happy-dom.
//
// Data from spreadsheets (names, reasons, file names) is always set with `textContent`
// or text nodes, never parsed as HTML.

import type { AnalysisSummary, Gap, ImportSummary, ListKind, ProgressUpdate } from "./bindings";
import { baseName } from "./errors";
import { formatNumber, formatPercent, t, type Key, type Lang } from "./i18n";

// Exhaustive: a list kind added to the engine fails to compile here until listed.
const LIST_KIND_ORDER: Record<ListKind, number> = {
  household: 0,
  enrolment: 1,
  birth: 2,
  school: 3,
  welfare: 4,
  roster: 5,
  death: 6,
  exclusion: 7,
};

/** Every list kind, in the order the kind menu shows them. */
export const LIST_KINDS: readonly ListKind[] = (Object.keys(LIST_KIND_ORDER) as ListKind[]).sort(
  (a, b) => LIST_KIND_ORDER[a] - LIST_KIND_ORDER[b],
);

/** Adds one `<option>` per list kind after the "detect" option, labelled via i18n. */
export function fillKindOptions(select: HTMLSelectElement): void {
  const doc = select.ownerDocument;
  for (const kind of LIST_KINDS) {
    const option = doc.createElement("option");
    option.value = kind;
    option.dataset.i18n = `import.kind.${kind}`;
    select.append(option);
  }
}

/** The gap table's columns, in order. */
export const COLUMNS: readonly Key[] = [
  "col.code",
  "col.name",
  "col.id",
  "col.birth",
  "col.township",
  "col.village",
  "col.reason",
  "col.source",
];

export function gapLabel(lang: Lang, code: Gap["code"]): string {
  return t(lang, `gap.${code}`);
}

/** The gap's reason in the UI's language: the engine writes both; an analysis stored
 * before it kept the English one has only the Chinese. */
export function reasonText(lang: Lang, gap: Pick<Gap, "reason" | "reason_en">): string {
  return lang === "en" && gap.reason_en ? gap.reason_en : gap.reason;
}

function cell(doc: Document, text: string, className?: string): HTMLTableCellElement {
  const td = doc.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** "file · sheet · row N" */
export function sourceText(lang: Lang, gap: Gap): string {
  const parts = [baseName(gap.source_file)];
  if (gap.source_sheet) parts.push(gap.source_sheet);
  parts.push(t(lang, "source.row", { row: gap.source_row }));
  return parts.join(" · ");
}

/** The source as two lines, file over "sheet · row N"; the whole text as tooltip. */
function sourceCell(doc: Document, lang: Lang, gap: Gap): HTMLTableCellElement {
  const td = doc.createElement("td");
  td.className = "source";
  td.title = sourceText(lang, gap);
  const file = doc.createElement("span");
  file.textContent = baseName(gap.source_file);
  const where = doc.createElement("span");
  where.textContent = [gap.source_sheet, t(lang, "source.row", { row: gap.source_row })]
    .filter(Boolean)
    .join(" · ");
  td.append(file, where);
  return td;
}

/** One table row for a gap. The ID number shown is always the masked one. */
export function gapRow(doc: Document, lang: Lang, gap: Gap): HTMLTableRowElement {
  const tr = doc.createElement("tr");
  tr.className = `gap gap-${gap.code}`;
  const code = cell(doc, gapLabel(lang, gap.code), "code");
  code.title = gap.code;
  tr.append(
    code,
    cell(doc, gap.name, "name"),
    cell(doc, gap.id_masked ?? "", "id"),
    cell(doc, gap.birth_date ?? "", "birth"),
    cell(doc, gap.township ?? "", "township"),
    cell(doc, gap.village ?? "", "village"),
    cell(doc, reasonText(lang, gap), "reason"),
    sourceCell(doc, lang, gap),
  );
  return tr;
}

/** Replaces the table's header and body with `gaps`. */
export function renderGapTable(table: HTMLTableElement, lang: Lang, gaps: readonly Gap[]): void {
  const doc = table.ownerDocument;
  const head = doc.createElement("thead");
  const headRow = doc.createElement("tr");
  for (const key of COLUMNS) {
    const th = doc.createElement("th");
    th.textContent = t(lang, key);
    th.className = key.replace("col.", "");
    headRow.append(th);
  }
  head.append(headRow);
  const body = doc.createElement("tbody");
  const rows = doc.createDocumentFragment();
  for (const gap of gaps) rows.append(gapRow(doc, lang, gap));
  body.append(rows);
  table.replaceChildren(head, body);
}

/**
 * Fills `el` with the summary sentence. The gap total goes in `<span id="gap-count">`,
 * whose text is only the number.
 */
export function renderSummary(el: HTMLElement, lang: Lang, summary: AnalysisSummary | null): void {
  const doc = el.ownerDocument;
  if (!summary) {
    el.replaceChildren(doc.createTextNode(t(lang, "summary.none")));
    return;
  }
  const line = t(lang, "summary.line", {
    asOf: summary.as_of,
    year: summary.coverage_year,
    residents: formatNumber(lang, summary.residents),
    enrolled: formatNumber(lang, summary.enrolled_residents),
    rate: formatPercent(summary.coverage_rate),
  });
  const count = doc.createElement("strong");
  count.id = "gap-count";
  count.textContent = String(summary.gaps_total);
  const parts = summary.gaps_by_code
    .filter((c) => c.count > 0)
    .map((c) => `${gapLabel(lang, c.code)} ${formatNumber(lang, c.count)}`)
    .join(t(lang, "summary.sep"));
  const tail =
    " " +
    t(lang, "summary.people") +
    (parts ? t(lang, "summary.byCode", { parts }) : "");
  const review =
    summary.review_pending > 0
      ? (lang === "zh" ? "" : " ") +
        t(lang, "summary.review", { count: formatNumber(lang, summary.review_pending) })
      : "";
  el.replaceChildren(doc.createTextNode(`${line} `), count, doc.createTextNode(tail + review));
}

/** Progress as a fraction 0..1, or null when the total is unknown. */
export function progressFraction(update: ProgressUpdate): number | null {
  if (update.total === null || update.total <= 0) return null;
  return Math.min(1, Math.max(0, Number(update.done) / Number(update.total)));
}

/** "读取 household.xlsx：120 / 500 行" */
export function progressText(lang: Lang, update: ProgressUpdate): string {
  const stage = t(lang, `stage.${update.stage}`);
  const file = update.file ? ` ${baseName(update.file)}` : "";
  const rows =
    update.total === null
      ? t(lang, "progress.rowsOpen", { done: formatNumber(lang, Number(update.done)) })
      : t(lang, "progress.rows", {
          done: formatNumber(lang, Number(update.done)),
          total: formatNumber(lang, Number(update.total)),
        });
  return `${stage}${file}${lang === "zh" ? "：" : ": "}${rows}`;
}

/** What an import did: a one-sentence total, and one line per file (for a tooltip). */
export function importReport(
  lang: Lang,
  summaries: readonly ImportSummary[],
): { text: string; detail: string } {
  if (summaries.length === 0) return { text: t(lang, "import.none"), detail: "" };
  const sum = (f: (s: ImportSummary) => number) => summaries.reduce((n, s) => n + f(s), 0);
  const text = t(lang, "import.done", {
    count: summaries.length,
    imported: formatNumber(lang, sum((s) => s.rows_imported)),
    problems: formatNumber(lang, sum((s) => s.rows_with_problems)),
  });
  const detail = summaries
    .map((s) =>
      t(lang, "import.file", {
        file: baseName(s.file),
        kind: t(lang, `import.kind.${s.kind}`),
        read: formatNumber(lang, s.rows_read),
        imported: formatNumber(lang, s.rows_imported),
        problems: formatNumber(lang, s.rows_with_problems),
      }),
    )
    .join("\n");
  return { text, detail };
}
