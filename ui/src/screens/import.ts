//! The import screen: choose files, preview each (kind, column roles, what it replaces),
//! import them as one job, then what was imported, the problems found, and the history of
//! every import with its version's status.

import type { ColumnMapping, ImportOptions, ImportSummary, ListKind, ListVersion, QualityFinding, BatchInfo, Role } from "../bindings";
import { formatTimestamp } from "../dates";
import { h } from "../dom";
import { baseName, formatError } from "../errors";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { statusText } from "../list-versions";
import { fillKindOptions, findingMessage, sourceLine } from "../vocabulary";
import { applyDecisionInput, checkDryRuns, importOptions, newDecision, renderDecisionSummary, renderSettled } from "./import-decision";
import { renderPreviews, type PreviewEntry } from "./import-preview";
import { byId, type Ctx, type Screen } from "./screen";

/** Findings listed right after an import only up to this many problem rows. */
const FINDINGS_AFTER_IMPORT = 5000;

/** What an import did: a one-sentence total, and one line per file (for a tooltip). */
export function importReport(lang: Lang, summaries: readonly ImportSummary[]): { text: string; detail: string } {
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

export function renderFindings(el: HTMLElement, lang: Lang, findings: readonly QualityFinding[], limit: number): void {
  const doc = el.ownerDocument;
  if (findings.length === 0) {
    el.replaceChildren(h(doc, "p", { class: "muted" }, t(lang, "imp.noFindings")));
    return;
  }
  const items = findings.slice(0, limit).map((f) =>
    h(
      doc,
      "li",
      {},
      h(
        doc,
        "a",
        { class: "finding-link", attrs: { href: "#", "data-batch": String(f.batch_id) } },
        sourceLine(lang, f.file, f.sheet, f.row) + (f.column ? ` · ${f.column}` : ""),
      ),
      " ",
      findingMessage(lang, f),
    ),
  );
  el.replaceChildren(
    h(doc, "h3", {}, t(lang, "imp.findings"), " ", h(doc, "span", { class: "muted" }, formatNumber(lang, findings.length))),
    h(doc, "ul", { class: "findings" }, ...items),
    findings.length > limit ? h(doc, "p", { class: "muted" }, t(lang, "imp.more", { count: formatNumber(lang, findings.length - limit) })) : "",
  );
}

const HISTORY_COLUMNS: readonly Key[] = [
  "lists.col.batch",
  "hist.col.kind",
  "lists.col.file",
  "hist.col.imported",
  "lists.col.rows",
  "hist.col.problems",
  "lists.col.status",
];

/** Every import, with its version's status (`versions`), so a superseded one never looks current. */
export function renderHistory(el: HTMLTableElement, lang: Lang, batches: readonly BatchInfo[], versions: readonly ListVersion[] = []): void {
  const doc = el.ownerDocument;
  const status = new Map(versions.map((v) => [v.batch_id, v.status]));
  const rows = batches.map((b) => {
    const s = status.get(b.batch_id);
    return h(
      doc,
      "tr",
      {},
      h(doc, "td", { class: "num" }, String(b.batch_id)),
      h(doc, "td", {}, t(lang, `import.kind.${b.kind}`)),
      h(doc, "td", {}, baseName(b.file)),
      h(doc, "td", { class: "muted" }, formatTimestamp(b.imported_at)),
      h(doc, "td", { class: "num" }, formatNumber(lang, b.rows_imported)),
      h(doc, "td", { class: "num warn" }, b.rows_with_problems ? formatNumber(lang, b.rows_with_problems) : ""),
      h(doc, "td", {}, s ? h(doc, "span", { class: `badge status-${s}` }, statusText(lang, s)) : ""),
    );
  });
  const head = h(doc, "thead", {}, h(doc, "tr", {}, ...HISTORY_COLUMNS.map((k) => h(doc, "th", {}, t(lang, k)))));
  el.replaceChildren(head, h(doc, "tbody", {}, ...rows));
}

export class ImportScreen implements Screen {
  private readonly kind = byId<HTMLSelectElement>("import-kind");
  private readonly pick = byId<HTMLButtonElement>("pick-import");
  private readonly start = byId<HTMLButtonElement>("import-start");
  private readonly status = byId<HTMLElement>("status");
  private readonly previewsEl = byId<HTMLElement>("import-previews");
  private readonly settled = byId<HTMLElement>("import-settled");
  private readonly decisions = byId<HTMLElement>("import-decisions");
  private readonly findingsEl = byId<HTMLElement>("import-findings");
  private readonly history = byId<HTMLTableElement>("import-history");
  private previews: PreviewEntry[] = [];
  private roles: string[] = [];
  private imported: ImportSummary[] | null = null;
  private findings: QualityFinding[] | null = null;

  constructor(
    private readonly ctx: Ctx,
    /** Opens the quality screen on one batch's findings. */
    private readonly showFindings: (batch: string) => void,
  ) {
    fillKindOptions(this.kind);
    this.pick.addEventListener("click", () => void this.pickFiles());
    this.start.addEventListener("click", () => void this.startImport());
    byId<HTMLButtonElement>("import-clear").addEventListener("click", () => {
      this.previews = [];
      this.imported = null;
      this.findings = null;
      this.render();
    });
    this.previewsEl.addEventListener("change", (e) => {
      const target = e.target;
      if (target instanceof HTMLSelectElement || target instanceof HTMLInputElement) void ctx.act(() => this.changePreview(target));
    });
    this.findingsEl.addEventListener("click", (e) => {
      const link = (e.target as HTMLElement).closest<HTMLElement>("a.finding-link");
      if (!link) return;
      e.preventDefault();
      this.showFindings(link.dataset.batch ?? "");
    });
  }

  render(): void {
    const { lang, versions, batches } = this.ctx.store.state;
    const report = this.imported ? importReport(lang, this.imported) : null;
    this.status.textContent = report?.text ?? "";
    this.status.title = report?.detail ?? "";
    renderPreviews(this.previewsEl, lang, this.previews, this.roles, versions);
    renderSettled(this.settled, lang, this.imported, versions);
    renderDecisionSummary(this.decisions, lang, this.previews, versions);
    if (this.findings) renderFindings(this.findingsEl, lang, this.findings, 50);
    else this.findingsEl.replaceChildren();
    renderHistory(this.history, lang, batches, versions);
    this.setBusy(this.ctx.store.state.busy);
  }

  setBusy(busy: boolean): void {
    this.pick.disabled = busy;
    this.kind.disabled = busy;
    this.start.disabled = busy || this.previews.length === 0 || this.previews.some((p) => !p.preview);
  }

  private async previewEntry(entry: PreviewEntry): Promise<void> {
    try {
      entry.preview = await this.ctx.api.previewFile(entry.path, entry.kind, entry.mapping);
      entry.error = null;
    } catch (err) {
      entry.preview = null;
      entry.error = formatError(this.ctx.store.state.lang, err);
    }
  }

  private async pickFiles(): Promise<void> {
    const { ctx } = this;
    if (ctx.store.state.busy) return;
    await ctx.act(async () => {
      const paths = await ctx.api.pickFiles(t(ctx.store.state.lang, "import.dialogTitle"));
      if (paths.length === 0) return;
      if (this.roles.length === 0) this.roles = await ctx.api.columnRoles();
      const forced = (this.kind.value || null) as ListKind | null;
      const known = new Set(this.previews.map((p) => p.path));
      const added = paths
        .filter((p) => !known.has(p))
        .map((path): PreviewEntry => ({ path, kind: forced, mapping: [], preview: null, error: null, decision: newDecision() }));
      this.previews.push(...added);
      this.imported = null;
      this.findings = null;
      await Promise.all(added.map((e) => this.previewEntry(e)));
      document.body.dataset.previews = String(this.previews.length);
      this.render();
      await this.checkDecisions(added);
    });
  }

  /** The dry runs that say what each import will replace, as one job. */
  private checkDecisions(entries: PreviewEntry[]): Promise<void> {
    const { ctx } = this;
    const dryRun = async (e: PreviewEntry) => (await ctx.api.importFiles([e.path], null, [importOptions(e, true)], ctx.onProgress))[0] ?? null;
    return checkDryRuns(entries, ctx.store.state.versions, dryRun, (job) => ctx.runJob(job), () => this.render());
  }

  private async changePreview(target: HTMLSelectElement | HTMLInputElement): Promise<void> {
    const entry = this.previews[Number(target.dataset.file)];
    if (!entry) return;
    if (target.classList.contains("p-kind")) {
      entry.kind = (target.value || null) as ListKind | null;
    } else if (target.classList.contains("p-role")) {
      const column = target.dataset.column ?? "";
      entry.mapping = entry.mapping.filter((m) => m.column !== column && m.role !== target.value);
      if (target.value) entry.mapping.push({ role: target.value as Role, column } satisfies ColumnMapping);
    } else if (!applyDecisionInput(entry.decision, target)) return;
    entry.decision.checking = true;
    this.render();
    await this.previewEntry(entry);
    await this.checkDecisions([entry]);
  }

  private async startImport(): Promise<void> {
    const { ctx } = this;
    const entries = this.previews.filter((p) => p.preview);
    if (entries.length === 0) return;
    await ctx.runJob(async () => {
      const options: ImportOptions[] = entries.map((e) => importOptions(e, false));
      this.imported = null;
      try {
        this.imported = await ctx.api.importFiles(entries.map((e) => e.path), null, options, ctx.onProgress);
        this.previews = [];
        // quality_findings is slow on lists where most rows have problems (an engine issue);
        // past a few thousand, the Quality screen lists them on request instead.
        const problems = this.imported.reduce((n, s) => n + s.rows_with_problems, 0);
        if (problems <= FINDINGS_AFTER_IMPORT) {
          const findings: QualityFinding[] = [];
          for (const s of this.imported) findings.push(...(await ctx.api.qualityFindings(s.batch_id)));
          this.findings = findings;
        }
      } finally {
        ctx.store.set({ batches: await ctx.api.batches(), versions: await ctx.api.listVersions() });
      }
    });
  }
}
