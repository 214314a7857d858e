// Wires the screens to the app's commands.
//
// One long job at a time (import, analysis): while it runs, the buttons that start jobs are
// disabled and the progress bar with 取消 (cancel) shows; the rest of the app stays usable.
// Whatever is on screen is kept in `state` so a language switch re-renders it.

import "./style.css";
import { api } from "./api";
import type {
  AnalysisSummary,
  AuditEntry,
  BatchInfo,
  CaseChanges,
  ColumnMapping,
  Decision,
  ExportSummary,
  FollowupSummary,
  Freshness,
  Gap,
  ImportOptions,
  ImportSummary,
  ListKind,
  Outcome,
  ProgressUpdate,
  QualityFinding,
  Report,
  ReviewItem,
  Role,
  Settings,
  SplitBy,
} from "./bindings";
import { h, setOptions } from "./dom";
import { baseName, formatError, needsPassphrase } from "./errors";
import { formatNumber, loadLang, saveLang, t, type Key, type Lang } from "./i18n";
import {
  facets,
  filterGaps,
  NO_FILTER,
  notFollowedUp,
  revealRow,
  virtualWindow,
  type GapFilter,
} from "./logic";
import {
  GAP_CODES,
  gapHead,
  gapRowEl,
  OUTCOMES,
  funnelBars,
  renderAudit,
  renderDetail,
  renderFindings,
  renderHistory,
  renderOverview,
  renderPreviews,
  renderQuality,
  renderReview,
  type PreviewEntry,
} from "./screens";
import {
  fillKindOptions,
  gapLabel,
  importReport,
  LIST_KINDS,
  progressFraction,
  progressText,
  renderSummary,
} from "./view";
import { listAges } from "./list-versions";
import { ListsScreen } from "./screens/lists";
import { applyDecisionInput, checkDryRuns, importOptions, newDecision, renderDecisionSummary, renderSettled } from "./screens/import-decision";
import { renderStaleBanner } from "./stale-banner";

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const SCREENS = ["overview", "import", "lists", "gaps", "review", "worklists", "quality", "settings", "audit"] as const;
type Screen = (typeof SCREENS)[number];
const ROW_HEIGHT = 32;
/** Findings listed right after an import only up to this many problem rows. */
const FINDINGS_AFTER_IMPORT = 5000;

const el = {
  langToggle: $<HTMLButtonElement>("lang-toggle"),
  asOf: $<HTMLInputElement>("as-of"),
  analyze: $<HTMLButtonElement>("analyze"),
  progress: $<HTMLElement>("progress"),
  progressBar: $<HTMLProgressElement>("progress-bar"),
  progressText: $<HTMLElement>("progress-text"),
  cancel: $<HTMLButtonElement>("cancel"),
  errorBox: $<HTMLElement>("error-box"),
  error: $<HTMLElement>("error"),
  errorDismiss: $<HTMLButtonElement>("error-dismiss"),
  unlockBox: $<HTMLFormElement>("unlock-box"),
  passphrase: $<HTMLInputElement>("passphrase"),
  notice: $<HTMLElement>("notice"),
  stale: { box: $<HTMLElement>("stale-banner"), text: $<HTMLElement>("stale-text"), button: $<HTMLButtonElement>("stale-analyze") },
  settled: $<HTMLElement>("import-settled"),
  decisions: $<HTMLElement>("import-decisions"),
  summary: $<HTMLElement>("summary"),
  overview: $<HTMLElement>("overview"),
  dbPath: $<HTMLElement>("db-path"),
  navGapsCount: $<HTMLElement>("nav-gaps-count"),
  navReviewCount: $<HTMLElement>("nav-review-count"),
  // import
  kind: $<HTMLSelectElement>("import-kind"),
  pickImport: $<HTMLButtonElement>("pick-import"),
  importStart: $<HTMLButtonElement>("import-start"),
  importClear: $<HTMLButtonElement>("import-clear"),
  status: $<HTMLElement>("status"),
  previews: $<HTMLElement>("import-previews"),
  findings: $<HTMLElement>("import-findings"),
  history: $<HTMLTableElement>("import-history"),
  // gaps
  fCode: $<HTMLSelectElement>("f-code"),
  fTownship: $<HTMLSelectElement>("f-township"),
  fVillage: $<HTMLSelectElement>("f-village"),
  fUnit: $<HTMLSelectElement>("f-unit"),
  fPriority: $<HTMLSelectElement>("f-priority"),
  fStatus: $<HTMLSelectElement>("f-status"),
  fSearch: $<HTMLInputElement>("f-search"),
  fClear: $<HTMLButtonElement>("f-clear"),
  gapsShown: $<HTMLElement>("gaps-shown"),
  gapsHead: $<HTMLElement>("gaps-head"),
  gapsViewport: $<HTMLElement>("gaps-viewport"),
  gapsSpacer: $<HTMLElement>("gaps-spacer"),
  gapsRows: $<HTMLElement>("gaps-rows"),
  gapsEmpty: $<HTMLElement>("gaps-empty"),
  detail: $<HTMLElement>("gap-detail"),
  // review
  reviewCount: $<HTMLElement>("review-count"),
  reviewBody: $<HTMLElement>("review-body"),
  reviewAccept: $<HTMLButtonElement>("review-accept"),
  reviewReject: $<HTMLButtonElement>("review-reject"),
  reviewMsg: $<HTMLElement>("review-msg"),
  // worklists
  wlCodes: $<HTMLElement>("wl-codes"),
  wlSplit: $<HTMLSelectElement>("wl-split"),
  wlMasked: $<HTMLInputElement>("wl-masked"),
  wlUnmasked: $<HTMLInputElement>("wl-unmasked"),
  wlReason: $<HTMLInputElement>("wl-reason"),
  wlExport: $<HTMLButtonElement>("wl-export"),
  wlOpen: $<HTMLButtonElement>("wl-open"),
  wlResult: $<HTMLElement>("wl-result"),
  wlFollowup: $<HTMLButtonElement>("wl-followup"),
  wlFollowupResult: $<HTMLElement>("wl-followup-result"),
  wlFunnel: $<HTMLElement>("wl-funnel"),
  // quality
  qBatch: $<HTMLSelectElement>("q-batch"),
  qExport: $<HTMLButtonElement>("q-export"),
  qCount: $<HTMLElement>("q-count"),
  qMsg: $<HTMLElement>("q-msg"),
  qTable: $<HTMLTableElement>("q-table"),
  // settings
  setForm: $<HTMLFormElement>("set-form"),
  setAsOf: $<HTMLInputElement>("set-as-of"),
  setCounty: $<HTMLInputElement>("set-county"),
  setNewborn: $<HTMLInputElement>("set-newborn"),
  setWorker: $<HTMLInputElement>("set-worker"),
  setListAge: $<HTMLInputElement>("set-list-age"),
  setLang: $<HTMLSelectElement>("set-lang"),
  setMsg: $<HTMLElement>("set-msg"),
  setDb: $<HTMLElement>("set-db"),
  setBackup: $<HTMLButtonElement>("set-backup"),
  setRestore: $<HTMLButtonElement>("set-restore"),
  setDataMsg: $<HTMLElement>("set-data-msg"),
  // audit
  auditVerify: $<HTMLButtonElement>("audit-verify"),
  auditResult: $<HTMLElement>("audit-result"),
  auditTable: $<HTMLTableElement>("audit-table"),
};

/** A message shown on one screen, re-phrased on a language switch. */
type Msg = { key: Key; vars?: Record<string, string | number> } | null;

const state = {
  lang: loadLang(safeStorage()) as Lang,
  screen: "overview" as Screen,
  busy: false,
  progress: null as ProgressUpdate | null,
  error: null as unknown,
  hasError: false,
  dbPath: null as string | null,
  summary: null as AnalysisSummary | null,
  report: null as Report | null,
  gaps: [] as Gap[],
  outcomes: new Map<string, Outcome>(),
  filter: { ...NO_FILTER } as GapFilter,
  filtered: [] as number[],
  selected: null as number | null, // index into gaps
  review: [] as ReviewItem[],
  reviewMsg: null as Msg,
  batches: [] as BatchInfo[],
  settings: null as Settings | null,
  roles: [] as string[],
  previews: [] as PreviewEntry[],
  imported: null as ImportSummary[] | null,
  importFindings: null as QualityFinding[] | null,
  quality: [] as QualityFinding[],
  qualityBatch: "" as string,
  qualityMsg: null as Msg,
  qualityTotal: 0,
  audit: [] as AuditEntry[],
  auditResult: null as Msg,
  exported: null as ExportSummary | null,
  followups: null as FollowupSummary[] | null,
  setMsg: null as Msg,
  setDataMsg: null as Msg,
  detailMsg: null as Msg,
  freshness: null as Freshness | null,
  caseChanges: null as CaseChanges | null,
};

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const msg = (m: Msg): string => (m ? t(state.lang, m.key, m.vars) : "");

const lists = new ListsScreen($<HTMLElement>("lists"), api, {
  lang: () => state.lang,
  busy: () => state.busy,
  act,
  confirm: (text) => window.confirm(text),
  changed: refreshFreshness,
});

// ---- rendering ----------------------------------------------------------------------

function renderStatic(): void {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    node.textContent = t(state.lang, node.dataset.i18n as Key);
  }
  for (const node of document.querySelectorAll<HTMLElement>("[data-i18n-aria]")) {
    node.setAttribute("aria-label", t(state.lang, node.dataset.i18nAria as Key));
  }
  for (const node of document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) {
    node.placeholder = t(state.lang, node.dataset.i18nPlaceholder as Key);
  }
  el.setLang.value = state.lang;
}

function renderNav(): void {
  for (const s of SCREENS) {
    const button = $<HTMLButtonElement>(`nav-${s}`);
    const active = s === state.screen;
    button.classList.toggle("active", active);
    if (active) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
    $<HTMLElement>(`screen-${s}`).hidden = !active;
  }
  document.body.dataset.screen = state.screen;
  el.navGapsCount.textContent = state.summary ? formatNumber(state.lang, state.summary.gaps_total) : "";
  el.navReviewCount.textContent = state.review.length ? String(state.review.length) : "";
}

function renderProgress(): void {
  el.progress.hidden = !state.busy;
  const update = state.progress;
  if (!update) {
    el.progressBar.removeAttribute("value");
    el.progressText.textContent = "";
    return;
  }
  const fraction = progressFraction(update);
  if (fraction === null) el.progressBar.removeAttribute("value");
  else el.progressBar.value = fraction;
  el.progressText.textContent = progressText(state.lang, update);
}

function renderMessages(): void {
  el.errorBox.hidden = !state.hasError;
  el.error.textContent = state.hasError ? formatError(state.lang, state.error) : "";
  const locked = state.hasError && needsPassphrase(state.error);
  el.unlockBox.hidden = !locked;
  el.summary.hidden = locked;
  el.dbPath.textContent = state.dbPath ? t(state.lang, "footer.db", { path: state.dbPath }) : "";
  el.setDb.textContent = state.dbPath ?? "";
}

function overviewData() {
  const asOf = state.summary?.as_of ?? el.asOf.value;
  const warnDays = state.settings?.list_age_warning_days ?? 90;
  return {
    report: state.report,
    county: state.settings?.county ?? "",
    ages: listAges(LIST_KINDS, lists.versions, asOf, warnDays),
    warnDays,
    notFollowedUp: notFollowedUp(state.gaps, state.outcomes),
    qualityRows: state.batches.reduce((n, b) => n + b.rows_with_problems, 0),
    caseChanges: state.caseChanges,
    gapRows: state.gaps.length,
    gapPeople: new Set(state.gaps.map((g) => g.person_key)).size,
  };
}

function renderOverviewScreen(): void {
  renderSummary(el.summary, state.lang, state.summary);
  renderOverview(el.overview, state.lang, overviewData());
}

function renderImportScreen(): void {
  const report = state.imported ? importReport(state.lang, state.imported) : null;
  el.status.textContent = report?.text ?? "";
  el.status.title = report?.detail ?? "";
  renderPreviews(el.previews, state.lang, state.previews, state.roles, lists.versions);
  renderSettled(el.settled, state.lang, state.imported, lists.versions);
  renderDecisionSummary(el.decisions, state.lang, state.previews, lists.versions);
  if (state.importFindings) renderFindings(el.findings, state.lang, state.importFindings, 50);
  else el.findings.replaceChildren();
  renderHistory(el.history, state.lang, state.batches, lists.versions);
  el.importStart.disabled = state.busy || state.previews.length === 0 || state.previews.some((p) => !p.preview);
}

// ---- gaps: filters and the virtual table ---------------------------------------------

function renderFilters(): void {
  const L = state.lang;
  const f = state.filter;
  const all: [string, string] = ["", `${t(L, "gaps.filter.code")}：${t(L, "gaps.filter.all")}`];
  const allOf = (key: Key): [string, string] => ["", `${t(L, key)}${L === "zh" ? "：" : ": "}${t(L, "gaps.filter.all")}`];
  void all;
  const fc = facets(state.gaps, f.township);
  setOptions(el.fCode, [allOf("gaps.filter.code"), ...GAP_CODES.map((c) => [c, gapLabel(L, c)] as [string, string])], f.code);
  setOptions(el.fTownship, [allOf("gaps.filter.township"), ...fc.townships.map((v) => [v, v] as [string, string])], f.township);
  setOptions(el.fVillage, [allOf("gaps.filter.village"), ...fc.villages.map((v) => [v, v] as [string, string])], f.village);
  setOptions(el.fUnit, [allOf("gaps.filter.unit"), ...fc.units.map((v) => [v, v] as [string, string])], f.unit);
  setOptions(
    el.fPriority,
    [allOf("gaps.filter.priority"), ...(["urgent", "high", "normal"] as const).map((p) => [p, t(L, `priority.${p}`)] as [string, string])],
    f.priority,
  );
  setOptions(
    el.fStatus,
    [allOf("gaps.filter.status"), ["none", t(L, "status.none")], ...OUTCOMES.map((o) => [o, t(L, `outcome.${o}`)] as [string, string])],
    f.status,
  );
  el.fSearch.value = f.search;
}

function applyFilter(): void {
  state.filtered = filterGaps(state.gaps, state.outcomes, state.filter);
  el.gapsViewport.scrollTop = 0;
  renderGapRows();
}

let renderedWindow = "";

function renderGapRows(force = true): void {
  const n = state.filtered.length;
  const vh = el.gapsViewport.clientHeight || 400;
  const win = virtualWindow(el.gapsViewport.scrollTop, vh, ROW_HEIGHT, n);
  const key = `${win.start}:${win.end}`;
  if (!force && key === renderedWindow) return;
  renderedWindow = key;
  el.gapsSpacer.style.height = `${win.total}px`;
  el.gapsRows.style.transform = `translateY(${win.offset}px)`;
  const doc = document;
  const rows: HTMLElement[] = [];
  for (let i = win.start; i < win.end; i++) {
    const index = state.filtered[i]!;
    const gap = state.gaps[index]!;
    const row = gapRowEl(doc, state.lang, gap, index, state.outcomes.get(gap.person_key), index === state.selected);
    row.style.height = `${ROW_HEIGHT}px`;
    rows.push(row);
  }
  el.gapsRows.replaceChildren(...rows);
  el.gapsShown.textContent = t(state.lang, "gaps.shown", {
    shown: formatNumber(state.lang, n),
    total: formatNumber(state.lang, state.gaps.length),
  });
  el.gapsShown.dataset.count = String(n);
  el.gapsEmpty.hidden = n > 0 || !state.summary;
  el.gapsEmpty.textContent = state.summary ? t(state.lang, "gaps.none") : "";
}

function renderGapsScreen(): void {
  gapHead(el.gapsHead, state.lang);
  renderFilters();
  renderGapRows();
  renderDetailPanel();
}

function renderDetailPanel(): void {
  const gap = state.selected === null ? null : (state.gaps[state.selected] ?? null);
  renderDetail(el.detail, state.lang, gap, gap ? state.outcomes.get(gap.person_key) : undefined, today());
  const form = document.getElementById("d-form") as HTMLFormElement | null;
  form?.addEventListener("submit", (e) => void saveOutcome(e));
  const m = document.getElementById("d-msg");
  if (m) m.textContent = msg(state.detailMsg);
}

function selectRow(position: number): void {
  const n = state.filtered.length;
  if (n === 0) return;
  const p = Math.max(0, Math.min(n - 1, position));
  const changed = state.selected !== state.filtered[p];
  state.selected = state.filtered[p]!;
  state.detailMsg = null;
  if (changed) el.detail.scrollTop = 0;
  el.gapsViewport.scrollTop = revealRow(p, el.gapsViewport.scrollTop, el.gapsViewport.clientHeight, ROW_HEIGHT);
  renderGapRows();
  renderDetailPanel();
}

function selectedPosition(): number {
  return state.selected === null ? -1 : state.filtered.indexOf(state.selected);
}

// ---- review ---------------------------------------------------------------------------

function renderReviewScreen(): void {
  const item = state.review[0] ?? null;
  el.reviewCount.textContent = t(state.lang, "review.count", { count: state.review.length });
  renderReview(el.reviewBody, state.lang, item);
  el.reviewAccept.disabled = !item || state.busy;
  el.reviewReject.disabled = !item || state.busy;
  el.reviewMsg.textContent = msg(state.reviewMsg);
}

// ---- worklists ------------------------------------------------------------------------

function renderWorklistsScreen(): void {
  const L = state.lang;
  const checked = new Set(
    [...el.wlCodes.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value),
  );
  const first = el.wlCodes.childElementCount === 0;
  const counts = new Map(state.summary?.gaps_by_code.map((c) => [c.code, c.count]) ?? []);
  el.wlCodes.replaceChildren(
    ...GAP_CODES.map((code) => {
      const box = h(document, "input", { id: `wl-code-${code}`, attrs: { type: "checkbox", value: code } });
      box.checked = first || checked.has(code);
      return h(
        document,
        "label",
        {},
        box,
        ` ${gapLabel(L, code)} `,
        h(document, "span", { class: "muted" }, formatNumber(L, counts.get(code) ?? 0)),
      );
    }),
  );
  const split = el.wlSplit.value;
  setOptions(
    el.wlSplit,
    [
      ["", t(L, "wl.split.natural")],
      ...(["township", "village", "school", "agency"] as const).map((s) => [s, t(L, `wl.split.${s}`)] as [string, string]),
    ],
    split,
  );
  el.wlReason.disabled = !el.wlUnmasked.checked;
  const ex = state.exported;
  el.wlOpen.hidden = !ex;
  el.wlResult.replaceChildren();
  if (ex) {
    el.wlResult.append(
      h(
        document,
        "p",
        { id: "wl-done" },
        t(L, "wl.done", {
          files: ex.files.length,
          rows: formatNumber(L, ex.rows),
          masked: t(L, ex.masked ? "wl.doneMasked" : "wl.doneUnmasked"),
          dir: ex.dir,
        }),
      ),
      h(
        document,
        "ul",
        { id: "wl-files", class: "files" },
        ...ex.files.map((f) => h(document, "li", {}, `${baseName(f.file)} · ${formatNumber(L, f.rows)}`)),
      ),
    );
  }
  el.wlFollowupResult.replaceChildren(
    ...(state.followups ?? []).map((s) =>
      h(
        document,
        "div",
        { class: "followup" },
        h(
          document,
          "p",
          {},
          t(L, "wl.followupDone", {
            file: baseName(s.file),
            read: formatNumber(L, s.rows_read),
            applied: formatNumber(L, s.applied),
            updated: formatNumber(L, s.updated),
            unchanged: formatNumber(L, s.unchanged),
            problems: s.problems.length,
          }),
        ),
        h(
          document,
          "ul",
          { class: "problems" },
          ...s.problems.map((p) =>
            // Row 0: the whole sheet (no token or case-code column, not a worklist).
            h(document, "li", {}, t(L, p.row === 0 ? "wl.sheetProblem" : "wl.problem", { sheet: p.sheet, row: p.row, message: p.message })),
          ),
        ),
      ),
    ),
  );
  el.wlFunnel.replaceChildren(state.report ? funnelBars(document, L, state.report.funnel) : document.createTextNode(""));
  el.wlExport.disabled = state.busy || !state.summary;
}

// ---- quality, settings, audit ---------------------------------------------------------

function renderQualityScreen(): void {
  const L = state.lang;
  setOptions(
    el.qBatch,
    [
      ["", t(L, "q.all")],
      ...state.batches.map(
        (b) => [String(b.batch_id), `${t(L, `import.kind.${b.kind}`)} · ${baseName(b.file)} (${b.rows_with_problems})`] as [string, string],
      ),
    ],
    state.qualityBatch,
  );
  renderQuality(el.qTable, L, state.quality);
  el.qCount.textContent = state.quality.length
    ? t(L, "q.count", { count: formatNumber(L, state.quality.length) })
    : t(L, "q.none");
  el.qMsg.textContent = msg(state.qualityMsg);
  el.qExport.disabled = state.quality.length === 0;
}

function renderSettingsScreen(): void {
  const s = state.settings;
  if (s && document.activeElement?.closest("#set-form") === null) {
    el.setCounty.value = s.county;
    el.setNewborn.value = String(s.newborn_grace_days);
    el.setWorker.value = String(s.worker_grace_days);
    el.setListAge.value = String(s.list_age_warning_days);
  }
  el.setAsOf.value = el.asOf.value;
  el.setMsg.textContent = msg(state.setMsg);
  el.setDataMsg.textContent = msg(state.setDataMsg);
}

function renderAuditScreen(): void {
  renderAudit(el.auditTable, state.lang, state.audit);
  if (state.audit.length === 0) el.auditTable.replaceChildren(h(document, "caption", {}, t(state.lang, "audit.none")));
  el.auditResult.textContent = msg(state.auditResult);
  el.auditResult.className = state.auditResult?.key === "audit.broken" ? "warn" : "ok";
}

function renderScreen(): void {
  switch (state.screen) {
    case "overview":
      return renderOverviewScreen();
    case "import":
      return renderImportScreen();
    case "lists":
      return lists.render();
    case "gaps":
      return renderGapsScreen();
    case "review":
      return renderReviewScreen();
    case "worklists":
      return renderWorklistsScreen();
    case "quality":
      return renderQualityScreen();
    case "settings":
      return renderSettingsScreen();
    case "audit":
      return renderAuditScreen();
  }
}

function renderBusy(): void {
  for (const b of [el.pickImport, el.analyze, el.kind, el.asOf, el.wlExport, el.wlFollowup, el.setRestore]) {
    b.disabled = state.busy;
  }
  el.importStart.disabled = state.busy || state.previews.length === 0 || state.previews.some((p) => !p.preview);
  el.reviewAccept.disabled = state.busy || state.review.length === 0;
  el.reviewReject.disabled = state.busy || state.review.length === 0;
  el.cancel.disabled = false;
  document.body.dataset.busy = String(state.busy);
  renderStaleBanner(el.stale, state.lang, state.freshness, state.busy);
  renderProgress();
}

function renderAll(): void {
  renderStatic();
  renderNav();
  renderMessages();
  renderScreen();
  renderBusy();
}

// ---- actions --------------------------------------------------------------------------

function showError(err: unknown): void {
  state.error = err;
  state.hasError = true;
  renderMessages();
}

function clearError(): void {
  state.error = null;
  state.hasError = false;
  renderMessages();
}

function onProgress(update: ProgressUpdate): void {
  state.progress = update;
  const seen = Number(document.body.dataset.progressUpdates ?? "0");
  document.body.dataset.progressUpdates = String(seen + 1);
  renderProgress();
}

/** Runs `job` as the one long job: busy flag, progress, errors shown. */
async function runJob(job: () => Promise<void>): Promise<boolean> {
  if (state.busy) return false;
  clearError();
  state.busy = true;
  state.progress = null;
  renderBusy();
  let ok = true;
  try {
    await job();
  } catch (err) {
    ok = false;
    showError(err);
  } finally {
    state.busy = false;
    state.progress = null;
    await refreshFreshness().catch(showError);
    renderBusy();
    renderScreen();
  }
  return ok;
}

/** Short actions (no progress): errors shown, nothing else blocked. */
async function act(job: () => Promise<void>): Promise<void> {
  clearError();
  try {
    await job();
    await refreshFreshness();
  } catch (err) {
    showError(err);
  }
}

/** Whether the latest analysis is out of date: the banner on every screen. */
async function refreshFreshness(): Promise<void> {
  state.freshness = await api.freshness();
  renderStaleBanner(el.stale, state.lang, state.freshness, state.busy);
}

function go(screen: Screen): void {
  state.screen = screen;
  renderNav();
  renderScreen();
  if (screen === "audit") void act(loadAudit);
  if (screen === "quality") void act(loadQuality);
  if (screen === "lists") void act(() => lists.load());
  if (screen === "gaps") requestAnimationFrame(() => renderGapRows());
}

async function refreshResults(): Promise<void> {
  const [summary, batches, settings] = await Promise.all([api.latestSummary(), api.batches(), api.settingsLoad()]);
  state.summary = summary;
  state.batches = batches;
  state.settings = settings;
  [state.freshness, state.caseChanges] = await Promise.all([api.freshness(), api.caseChanges(), lists.load()]);
  if (summary) {
    const [report, gaps, outcomes, review] = await Promise.all([
      api.report(),
      api.latestGaps(),
      api.latestOutcomes(),
      api.reviewPending(),
    ]);
    state.report = report;
    state.gaps = gaps;
    state.outcomes = new Map(Object.entries(outcomes));
    state.review = review;
  } else {
    state.report = null;
    state.gaps = [];
    state.outcomes = new Map();
    state.review = [];
  }
  if (state.selected !== null && state.selected >= state.gaps.length) state.selected = null;
  state.filtered = filterGaps(state.gaps, state.outcomes, state.filter);
  document.body.dataset.analysis = String(summary?.analysis_id ?? 0);
  renderNav();
  renderScreen();
}

// import

async function previewEntry(entry: PreviewEntry): Promise<void> {
  try {
    entry.preview = await api.previewFile(entry.path, entry.kind, entry.mapping);
    entry.error = null;
  } catch (err) {
    entry.preview = null;
    entry.error = formatError(state.lang, err);
  }
}

async function pickForImport(): Promise<void> {
  if (state.busy) return;
  await act(async () => {
    const paths = await api.pickFiles(t(state.lang, "import.dialogTitle"));
    if (paths.length === 0) return;
    if (state.roles.length === 0) state.roles = await api.columnRoles();
    const forced = (el.kind.value || null) as ListKind | null;
    const known = new Set(state.previews.map((p) => p.path));
    const added = paths
      .filter((p) => !known.has(p))
      .map((path): PreviewEntry => ({ path, kind: forced, mapping: [], preview: null, error: null, decision: newDecision() }));
    state.previews.push(...added);
    state.imported = null;
    state.importFindings = null;
    await Promise.all(added.map(previewEntry));
    document.body.dataset.previews = String(state.previews.length);
    renderImportScreen();
    await checkDecisions(added);
  });
}

/** The dry runs that say what each import will replace, as one job. */
function checkDecisions(entries: PreviewEntry[]): Promise<void> {
  const dryRun = async (e: PreviewEntry) => (await api.importFiles([e.path], null, [importOptions(e, true)], onProgress))[0] ?? null;
  return checkDryRuns(entries, lists.versions, dryRun, runJob, renderImportScreen);
}

async function changePreview(target: HTMLSelectElement | HTMLInputElement): Promise<void> {
  const entry = state.previews[Number(target.dataset.file)];
  if (!entry) return;
  if (target.classList.contains("p-kind")) {
    entry.kind = (target.value || null) as ListKind | null;
  } else if (target.classList.contains("p-role")) {
    const column = target.dataset.column ?? "";
    entry.mapping = entry.mapping.filter((m) => m.column !== column && m.role !== target.value);
    // The select's options are the engine's roles (api.columnRoles).
    if (target.value) entry.mapping.push({ role: target.value as Role, column } satisfies ColumnMapping);
  } else if (!applyDecisionInput(entry.decision, target)) return;
  entry.decision.checking = true;
  renderImportScreen();
  await previewEntry(entry);
  await checkDecisions([entry]);
}

async function startImport(): Promise<void> {
  const entries = state.previews.filter((p) => p.preview);
  if (entries.length === 0) return;
  await runJob(async () => {
    const options: ImportOptions[] = entries.map((e) => importOptions(e, false));
    state.imported = null;
    try {
      state.imported = await api.importFiles(
        entries.map((e) => e.path),
        null,
        options,
        onProgress,
      );
      state.previews = [];
      // quality_findings is slow on lists where most rows have problems (an engine issue);
      // past a few thousand, the Quality screen lists them on request instead.
      const problems = state.imported.reduce((n, s) => n + s.rows_with_problems, 0);
      if (problems <= FINDINGS_AFTER_IMPORT) {
        const findings: QualityFinding[] = [];
        for (const s of state.imported) findings.push(...(await api.qualityFindings(s.batch_id)));
        state.importFindings = findings;
      }
    } finally {
      state.batches = await api.batches();
      await lists.load();
    }
  });
}

// analysis

async function analyze(asOf = el.asOf.value): Promise<boolean> {
  return runJob(async () => {
    await api.analyze(asOf, onProgress);
    await refreshResults();
  });
}

// gaps

async function saveOutcome(event: Event): Promise<void> {
  event.preventDefault();
  const gap = state.selected === null ? null : state.gaps[state.selected];
  if (!gap) return;
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.value ?? "";
  await act(async () => {
    await api.recordOutcome(gap.person_key, value("d-outcome") as Outcome, value("d-date") || null, value("d-officer") || null, value("d-note") || null);
    state.outcomes = new Map(Object.entries(await api.latestOutcomes()));
    state.report = await api.report();
    state.filtered = filterGaps(state.gaps, state.outcomes, state.filter);
    state.detailMsg = { key: "detail.saved" };
    renderGapRows();
    renderDetailPanel();
    renderNav();
  });
}

// review

async function decide(decision: Decision): Promise<void> {
  const item = state.review[0];
  if (!item || state.busy) return;
  const asOf = state.summary?.as_of ?? el.asOf.value;
  await act(async () => {
    await api.reviewDecide(item.id, decision);
  });
  if (state.hasError) return;
  const ok = await analyze(asOf);
  if (ok) {
    state.reviewMsg = {
      key: "review.decided",
      vars: { name: item.person.name, decision: t(state.lang, decision === "accept" ? "review.accepted" : "review.rejected") },
    };
    renderReviewScreen();
  }
}

// worklists

async function exportWorklists(): Promise<void> {
  const codes = [...el.wlCodes.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value) as Gap["code"][];
  const unmasked = el.wlUnmasked.checked;
  const reason = el.wlReason.value.trim();
  if (unmasked && !reason) {
    showError({ kind: "invalid_argument", message: t(state.lang, "wl.reasonNeeded") });
    el.wlReason.focus();
    return;
  }
  await act(async () => {
    const dir = await api.pickFolder(t(state.lang, "wl.folderTitle"));
    if (!dir) return;
    state.exported = await api.exportWorklists(dir, {
      split_by: (el.wlSplit.value || null) as SplitBy | null,
      codes: codes.length === GAP_CODES.length ? [] : codes,
      unmasked_reason: unmasked ? reason : null,
      unit: null,
      only_not_followed_up: false,
      only_urgent: false,
      detail_sheet: false,
      target_rate: null,
    });
    renderWorklistsScreen();
  });
}

async function importFollowup(): Promise<void> {
  await act(async () => {
    const paths = await api.pickFollowup(t(state.lang, "wl.followupTitle"));
    if (paths.length === 0) return;
    state.followups = await api.importFollowup(paths);
    await refreshResults();
  });
}

// quality

async function loadQuality(): Promise<void> {
  state.quality = await api.qualityFindings(state.qualityBatch ? Number(state.qualityBatch) : null);
  renderQualityScreen();
}

async function exportQuality(): Promise<void> {
  await act(async () => {
    const batch = state.qualityBatch ? Number(state.qualityBatch) : null;
    const b = state.batches.find((x) => x.batch_id === batch);
    const stem = b ? baseName(b.file).replace(/\.[^.]+$/, "") : "全部名单";
    const file = await api.saveQuality(batch, t(state.lang, "q.saveTitle"), `${stem}-数据问题更正清单.xlsx`);
    if (file) state.qualityMsg = { key: "q.saved", vars: { file } };
    renderQualityScreen();
  });
}

// settings

async function saveSettings(event: Event): Promise<void> {
  event.preventDefault();
  await act(async () => {
    const pairs: [string, string][] = [
      ["county", el.setCounty.value.trim()],
      ["newborn_grace_days", el.setNewborn.value],
      ["worker_grace_days", el.setWorker.value],
      ["list_age_warning_days", el.setListAge.value],
    ];
    for (const [key, value] of pairs) state.settings = await api.settingsSet(key, value);
    if (el.setAsOf.value) el.asOf.value = el.setAsOf.value;
    if (el.setLang.value !== state.lang) setLang(el.setLang.value === "en" ? "en" : "zh");
    state.setMsg = { key: "set.saved" };
    renderSettingsScreen();
  });
}

async function backup(): Promise<void> {
  await act(async () => {
    const stamp = today().replaceAll("-", "");
    const file = await api.backupDb(t(state.lang, "set.backupTitle"), `enrolgap-备份-${stamp}.sqlite3`);
    if (file) state.setDataMsg = { key: "set.backedUp", vars: { file } };
    renderSettingsScreen();
  });
}

async function restore(): Promise<void> {
  if (!window.confirm(t(state.lang, "set.restoreConfirm"))) return;
  await act(async () => {
    const file = await api.restoreDb(t(state.lang, "set.restoreTitle"));
    if (!file) return;
    state.setDataMsg = { key: "set.restored", vars: { file } };
    await refreshResults();
  });
}

// audit

async function loadAudit(): Promise<void> {
  state.audit = await api.auditEntries();
  renderAuditScreen();
}

async function verifyAudit(): Promise<void> {
  await act(async () => {
    const broken = await api.auditVerify();
    state.audit = await api.auditEntries();
    state.auditResult =
      broken === null ? { key: "audit.ok", vars: { count: state.audit.length } } : { key: "audit.broken", vars: { id: broken } };
    renderAuditScreen();
  });
}

// common

async function cancel(): Promise<void> {
  el.cancel.disabled = true;
  el.progressText.textContent = t(state.lang, "progress.cancelling");
  try {
    await api.cancelJob();
  } catch (err) {
    showError(err);
  }
}

async function unlock(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const passphrase = el.passphrase.value;
  el.passphrase.value = "";
  try {
    await api.unlockDb(passphrase);
    clearError();
    await refreshResults();
  } catch (err) {
    showError(err);
  }
}

function setLang(lang: Lang): void {
  state.lang = lang;
  saveLang(safeStorage(), state.lang);
  renderAll();
}

function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  const typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
  // Alt+1…9: the screens, in the order of the menu.
  if (event.altKey && /^[1-9]$/.test(event.key)) {
    go(SCREENS[Number(event.key) - 1]!);
    event.preventDefault();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (state.screen === "review") {
    if (event.key === "a" || event.key === "A") {
      event.preventDefault();
      void decide("accept");
    } else if (event.key === "r" || event.key === "R") {
      event.preventDefault();
      void decide("reject");
    }
  }
}

function onGapKey(event: KeyboardEvent): void {
  const page = Math.max(1, Math.floor(el.gapsViewport.clientHeight / ROW_HEIGHT) - 1);
  const pos = selectedPosition();
  const moves: Record<string, number> = {
    ArrowDown: pos + 1,
    ArrowUp: Math.max(0, pos - 1),
    PageDown: pos + page,
    PageUp: Math.max(0, pos - page),
    Home: 0,
    End: state.filtered.length - 1,
  };
  const to = moves[event.key];
  if (to === undefined) return;
  event.preventDefault();
  selectRow(to);
}

// ---- start ----------------------------------------------------------------------------

function wire(): void {
  fillKindOptions(el.kind);
  el.langToggle.addEventListener("click", () => setLang(state.lang === "zh" ? "en" : "zh"));
  for (const s of SCREENS) $<HTMLButtonElement>(`nav-${s}`).addEventListener("click", () => go(s));
  el.analyze.addEventListener("click", () => void analyze());
  el.stale.button.addEventListener("click", () => void analyze());
  el.cancel.addEventListener("click", () => void cancel());
  el.unlockBox.addEventListener("submit", (event) => void unlock(event));
  el.errorDismiss.addEventListener("click", clearError);
  document.addEventListener("keydown", onKey);
  // import
  el.pickImport.addEventListener("click", () => void pickForImport());
  el.importStart.addEventListener("click", () => void startImport());
  el.importClear.addEventListener("click", () => {
    state.previews = [];
    state.imported = null;
    state.importFindings = null;
    renderImportScreen();
  });
  el.previews.addEventListener("change", (e) => {
    const target = e.target;
    if (target instanceof HTMLSelectElement || target instanceof HTMLInputElement) void act(() => changePreview(target));
  });
  el.findings.addEventListener("click", (e) => {
    const link = (e.target as HTMLElement).closest<HTMLElement>("a.finding-link");
    if (!link) return;
    e.preventDefault();
    state.qualityBatch = link.dataset.batch ?? "";
    go("quality");
  });
  // gaps
  const filterInputs: [HTMLSelectElement | HTMLInputElement, keyof GapFilter][] = [
    [el.fCode, "code"],
    [el.fTownship, "township"],
    [el.fVillage, "village"],
    [el.fUnit, "unit"],
    [el.fPriority, "priority"],
    [el.fStatus, "status"],
  ];
  for (const [input, field] of filterInputs) {
    input.addEventListener("change", () => {
      (state.filter as unknown as Record<string, string>)[field] = input.value;
      if (field === "township") state.filter.village = "";
      renderFilters();
      applyFilter();
    });
  }
  let searchTimer = 0;
  el.fSearch.addEventListener("input", () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      state.filter.search = el.fSearch.value;
      applyFilter();
    }, 150);
  });
  el.fClear.addEventListener("click", () => {
    state.filter = { ...NO_FILTER };
    renderFilters();
    applyFilter();
  });
  el.gapsViewport.addEventListener("scroll", () => renderGapRows(false), { passive: true });
  el.gapsViewport.addEventListener("keydown", onGapKey);
  el.gapsRows.addEventListener("click", (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>(".vrow");
    if (!row) return;
    const pos = state.filtered.indexOf(Number(row.dataset.index));
    if (pos >= 0) selectRow(pos);
    el.gapsViewport.focus({ preventScroll: true });
  });
  new ResizeObserver(() => renderGapRows(false)).observe(el.gapsViewport);
  // review
  el.reviewAccept.addEventListener("click", () => void decide("accept"));
  el.reviewReject.addEventListener("click", () => void decide("reject"));
  // worklists
  el.wlMasked.addEventListener("change", () => (el.wlReason.disabled = true));
  el.wlUnmasked.addEventListener("change", () => {
    el.wlReason.disabled = false;
    el.wlReason.focus();
  });
  el.wlExport.addEventListener("click", () => void exportWorklists());
  el.wlOpen.addEventListener("click", () => {
    if (state.exported) void act(() => api.openFolder(state.exported!.dir));
  });
  el.wlFollowup.addEventListener("click", () => void importFollowup());
  // quality
  el.qBatch.addEventListener("change", () => {
    state.qualityBatch = el.qBatch.value;
    state.qualityMsg = null;
    void act(loadQuality);
  });
  el.qExport.addEventListener("click", () => void exportQuality());
  // settings
  el.setForm.addEventListener("submit", (e) => void saveSettings(e));
  el.setBackup.addEventListener("click", () => void backup());
  el.setRestore.addEventListener("click", () => void restore());
  el.asOf.addEventListener("change", () => (el.setAsOf.value = el.asOf.value));
  // audit
  el.auditVerify.addEventListener("click", () => void verifyAudit());
}

async function start(): Promise<void> {
  el.asOf.value = today();
  wire();
  renderAll();
  try {
    state.dbPath = (await api.appInfo()).db_path;
    await refreshResults();
    // The latest analysis's date is the one to carry on with.
    if (state.summary) el.asOf.value = state.summary.as_of;
    renderAll();
  } catch (err) {
    showError(err);
  }
  document.body.dataset.ready = "true";
}

void start();
