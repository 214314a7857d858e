//! The app: the store, the screens by name, navigation between them (menu, Alt+1…9), and
//! the job runner and data refresh every screen shares. One long job at a time (import,
//! analysis): while it runs, what starts jobs is disabled and the progress bar with 取消
//! shows; the rest stays usable. Each screen lives in `screens/<name>.ts`.

import "./style.css";
import { api } from "./api";
import { today } from "./dates";
import { loadLang, saveLang, t } from "./i18n";
import { AuditScreen } from "./screens/audit";
import { GapsScreen } from "./screens/gaps";
import { ImportScreen } from "./screens/import";
import { ListsScreen } from "./screens/lists";
import { OverviewScreen } from "./screens/overview";
import { QualityScreen } from "./screens/quality";
import { ReviewScreen } from "./screens/review";
import type { Ctx, Screen } from "./screens/screen";
import { SettingsScreen } from "./screens/settings";
import { Shell } from "./screens/shell";
import { WorklistsScreen } from "./screens/worklists";
import { SCREENS, Store, type AppState, type ScreenName } from "./store";

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const store = new Store<AppState>({
  lang: loadLang(safeStorage()),
  screen: "overview",
  busy: false,
  progress: null,
  error: null,
  hasError: false,
  dbPath: null,
  asOf: today(),
  summary: null,
  report: null,
  gaps: [],
  outcomes: new Map(),
  review: [],
  batches: [],
  versions: [],
  settings: null,
  freshness: null,
  caseChanges: null,
  officer: "",
});

const showError = (err: unknown) => store.set({ error: err, hasError: true });

async function refreshFreshness(): Promise<void> {
  store.set({ freshness: await api.freshness() });
}

async function runJob(job: () => Promise<void>): Promise<boolean> {
  if (store.state.busy) return false;
  store.set({ error: null, hasError: false, busy: true, progress: null });
  let ok = true;
  try {
    await job();
  } catch (err) {
    ok = false;
    showError(err);
  }
  await refreshFreshness().catch(showError);
  store.set({ busy: false, progress: null });
  return ok;
}

async function act(job: () => Promise<void>): Promise<void> {
  store.set({ error: null, hasError: false });
  try {
    await job();
    await refreshFreshness();
  } catch (err) {
    showError(err);
  }
}

async function refreshResults(): Promise<void> {
  const [summary, batches, settings, freshness, caseChanges, versions] = await Promise.all([
    api.latestSummary(),
    api.batches(),
    api.settingsLoad(),
    api.freshness(),
    api.caseChanges(),
    api.listVersions(),
  ]);
  const [report, gaps, outcomes, review] = summary
    ? await Promise.all([api.report(), api.latestGaps(), api.latestOutcomes(), api.reviewPending()])
    : [null, [], {}, []];
  store.set({ summary, batches, settings, freshness, caseChanges, versions, report, gaps, outcomes: new Map(Object.entries(outcomes)), review });
  document.body.dataset.analysis = String(summary?.analysis_id ?? 0);
}

async function analyze(asOf?: string): Promise<boolean> {
  const date = asOf ?? shell.asOfDate();
  if (date === null) {
    showError({ kind: "invalid_argument", message: t(store.state.lang, "date.invalid") });
    return false;
  }
  return runJob(async () => {
    await api.analyze(date, ctx.onProgress);
    await refreshResults();
  });
}

const ctx: Ctx = {
  store,
  api,
  runJob,
  act,
  showError,
  refreshResults,
  refreshFreshness,
  analyze,
  onProgress: (update) => {
    const seen = Number(document.body.dataset.progressUpdates ?? "0");
    document.body.dataset.progressUpdates = String(seen + 1);
    store.set({ progress: update });
  },
  go,
  confirm: (text) => window.confirm(text),
};

const shell = new Shell(store, {
  analyze: () => void analyze(),
  cancel: () => api.cancelJob().catch(showError),
  unlock: async (passphrase) => {
    try {
      await api.unlockDb(passphrase);
      store.set({ error: null, hasError: false });
      await refreshResults();
    } catch (err) {
      showError(err);
    }
  },
});

const quality = new QualityScreen(ctx);
// The Lists screen predates the store: it loads its own versions and hands them over.
const listsApi = {
  ...api,
  listVersions: async () => {
    const versions = await api.listVersions();
    store.set({ versions });
    return versions;
  },
};
const lists = new ListsScreen(document.getElementById("lists")!, listsApi, {
  lang: () => store.state.lang,
  busy: () => store.state.busy,
  act,
  confirm: ctx.confirm,
  changed: refreshFreshness,
});
const screens: Record<ScreenName, Screen> = {
  overview: new OverviewScreen(ctx),
  import: new ImportScreen(ctx, (batch) => {
    quality.showBatch(batch);
    go("quality");
  }),
  lists: { render: () => lists.render(), enter: () => void act(() => lists.load()) },
  gaps: new GapsScreen(ctx),
  review: new ReviewScreen(ctx),
  worklists: new WorklistsScreen(ctx),
  quality,
  settings: new SettingsScreen(ctx),
  audit: new AuditScreen(ctx),
};

function go(screen: ScreenName): void {
  store.set({ screen });
  screens[screen].enter?.();
}

/**
 * The visible screen re-renders when what screens show changes; the others when opened.
 * Not on progress ticks, nor on the officer's name being typed (that would rebuild the
 * very field being typed in).
 */
const SHOWN: readonly (keyof AppState)[] = [
  "lang", "screen", "busy", "summary", "report", "gaps", "outcomes", "review", "batches", "versions", "settings", "caseChanges", "dbPath",
];
store.subscribe(SHOWN, () => screens[store.state.screen].render());
store.subscribe(["busy", "summary", "review", "gaps"], () => {
  for (const s of Object.values(screens)) s.setBusy?.(store.state.busy);
});
store.subscribe(["lang"], () => saveLang(safeStorage(), store.state.lang));

function onKey(event: KeyboardEvent): void {
  // Alt+1…9: the screens, in the order of the menu.
  if (event.altKey && /^[1-9]$/.test(event.key)) {
    go(SCREENS[Number(event.key) - 1]!);
    event.preventDefault();
    return;
  }
  const target = event.target as HTMLElement | null;
  const typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
  // Ctrl+Z outside a text field is the screen's undo (the review queue's); other Ctrl keys stay the webview's.
  const screenUndo = event.ctrlKey && event.key.toLowerCase() === "z" && !event.shiftKey;
  if (typing || (event.ctrlKey && !screenUndo) || event.metaKey || event.altKey) return;
  if (screens[store.state.screen].key?.(event)) event.preventDefault();
}

async function start(): Promise<void> {
  for (const name of SCREENS) document.getElementById(`nav-${name}`)!.addEventListener("click", () => go(name));
  document.addEventListener("keydown", onKey);
  shell.renderAll();
  screens.overview.render();
  try {
    store.set({ dbPath: (await api.appInfo()).db_path });
    await refreshResults();
    // The latest analysis's date is the one to carry on with.
    const asOf = store.state.summary?.as_of;
    if (asOf) store.set({ asOf });
  } catch (err) {
    showError(err);
  }
  document.body.dataset.ready = "true";
}

void start();
