// Wires the screen to the app's commands.
//
// One job at a time: while an import or analysis runs, its buttons are disabled and the
// progress bar with 取消 (cancel) is shown. Whatever is on screen is kept in `state` so a
// language switch can re-render it in the other language.

import "./style.css";
import { api } from "./api";
import type { AnalysisSummary, Gap, ImportSummary, ListKind, ProgressUpdate } from "./bindings";
import { formatError, needsPassphrase } from "./errors";
import { loadLang, saveLang, t, type Key, type Lang } from "./i18n";
import {
  fillKindOptions,
  importReport,
  progressFraction,
  progressText,
  renderGapTable,
  renderSummary,
} from "./view";

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const el = {
  langToggle: $<HTMLButtonElement>("lang-toggle"),
  kind: $<HTMLSelectElement>("import-kind"),
  pickImport: $<HTMLButtonElement>("pick-import"),
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
  status: $<HTMLElement>("status"),
  summary: $<HTMLElement>("summary"),
  table: $<HTMLTableElement>("gaps-table"),
  empty: $<HTMLElement>("gaps-empty"),
  dbPath: $<HTMLElement>("db-path"),
};

const state: {
  lang: Lang;
  busy: boolean;
  summary: AnalysisSummary | null;
  gaps: Gap[];
  imported: ImportSummary[] | null;
  error: unknown;
  hasError: boolean;
  progress: ProgressUpdate | null;
  dbPath: string | null;
} = {
  lang: loadLang(safeStorage()),
  busy: false,
  summary: null,
  gaps: [],
  imported: null,
  error: null,
  hasError: false,
  progress: null,
  dbPath: null,
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

// ---- rendering ----------------------------------------------------------------------

function renderStatic(): void {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    node.textContent = t(state.lang, node.dataset.i18n as Key);
  }
}

function renderProgress(): void {
  el.progress.hidden = !state.busy;
  const update = state.progress;
  if (!update) {
    el.progressBar.removeAttribute("value"); // indeterminate
    el.progressText.textContent = "";
    return;
  }
  const fraction = progressFraction(update);
  if (fraction === null) el.progressBar.removeAttribute("value");
  else el.progressBar.value = fraction;
  el.progressText.textContent = progressText(state.lang, update);
}

function renderData(): void {
  renderSummary(el.summary, state.lang, state.summary);
  renderGapTable(el.table, state.lang, state.gaps);
  el.empty.hidden = !(state.summary && state.gaps.length === 0);
  const report = state.imported ? importReport(state.lang, state.imported) : null;
  el.status.textContent = report?.text ?? "";
  el.status.title = report?.detail ?? "";
  // No analysis yet: the sentence in #summary says what to do; an empty table would not.
  el.table.hidden = state.summary === null;
  el.table.parentElement?.classList.toggle("no-results", state.summary === null);
  el.errorBox.hidden = !state.hasError;
  el.error.textContent = state.hasError ? formatError(state.lang, state.error) : "";
  const locked = state.hasError && needsPassphrase(state.error);
  el.unlockBox.hidden = !locked;
  // While locked, nothing is known about the data; say only what to do.
  el.summary.hidden = locked;
  el.dbPath.textContent = state.dbPath ? t(state.lang, "footer.db", { path: state.dbPath }) : "";
}

function renderBusy(): void {
  el.pickImport.disabled = state.busy;
  el.analyze.disabled = state.busy;
  el.kind.disabled = state.busy;
  el.asOf.disabled = state.busy;
  el.cancel.disabled = false;
  // For the e2e test: it waits for a job to end by watching this.
  document.body.dataset.busy = String(state.busy);
  renderProgress();
}

function renderAll(): void {
  renderStatic();
  renderData();
  renderBusy();
}

// ---- actions ------------------------------------------------------------------------

function showError(err: unknown): void {
  state.error = err;
  state.hasError = true;
  renderData();
}

function clearError(): void {
  state.error = null;
  state.hasError = false;
}

function onProgress(update: ProgressUpdate): void {
  state.progress = update;
  // For the e2e test: proof that progress crossed the IPC channel.
  const seen = Number(document.body.dataset.progressUpdates ?? "0");
  document.body.dataset.progressUpdates = String(seen + 1);
  renderProgress();
}

async function runJob(job: () => Promise<void>): Promise<void> {
  if (state.busy) return;
  clearError();
  state.busy = true;
  state.progress = null;
  renderData();
  renderBusy();
  try {
    await job();
  } catch (err) {
    showError(err);
  } finally {
    state.busy = false;
    state.progress = null;
    renderBusy();
  }
}

async function refreshResults(): Promise<void> {
  state.summary = await api.latestSummary();
  state.gaps = state.summary ? await api.latestGaps() : [];
  renderData();
}

async function pickAndImport(): Promise<void> {
  if (state.busy) return;
  clearError();
  let paths: string[];
  try {
    paths = await api.pickFiles(t(state.lang, "import.dialogTitle"));
  } catch (err) {
    showError(err);
    return;
  }
  if (paths.length === 0) return;
  const kind = (el.kind.value || null) as ListKind | null;
  await runJob(async () => {
    state.imported = null;
    state.imported = await api.importFiles(paths, kind, onProgress);
    renderData();
  });
}

async function analyze(): Promise<void> {
  const asOf = el.asOf.value;
  await runJob(async () => {
    await api.analyze(asOf, onProgress);
    await refreshResults();
  });
}

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

function toggleLang(): void {
  state.lang = state.lang === "zh" ? "en" : "zh";
  saveLang(safeStorage(), state.lang);
  renderAll();
}

// ---- start --------------------------------------------------------------------------

async function start(): Promise<void> {
  el.asOf.value = today();
  fillKindOptions(el.kind);
  el.langToggle.addEventListener("click", toggleLang);
  el.pickImport.addEventListener("click", () => void pickAndImport());
  el.analyze.addEventListener("click", () => void analyze());
  el.cancel.addEventListener("click", () => void cancel());
  el.unlockBox.addEventListener("submit", (event) => void unlock(event));
  el.errorDismiss.addEventListener("click", () => {
    clearError();
    renderData();
  });
  renderAll();
  try {
    state.dbPath = (await api.appInfo()).db_path;
    // Show the latest analysis, if any, as soon as the window opens.
    await refreshResults();
  } catch (err) {
    showError(err);
  }
  document.body.dataset.ready = "true";
}

void start();
