//! The app's shared state: what the engine last told us (analysis, gaps, outcomes, lists,
//! settings) and what every screen reads (language, the running job, the visible screen).
//! A change names the fields it touches; each screen subscribes to the fields it renders,
//! so saving an outcome re-renders the gaps table and the overview, not the audit log.
//! State that only one screen uses (its filter, its messages) stays in that screen.

import type {
  AnalysisSummary,
  BatchInfo,
  CaseChanges,
  Freshness,
  Gap,
  ListVersion,
  Outcome,
  ProgressUpdate,
  Report,
  ReviewItem,
  Settings,
} from "./bindings";
import type { Lang } from "./i18n";

/** The screens, in the order of the menu (Alt+1…9). */
export const SCREENS = ["overview", "import", "lists", "gaps", "review", "worklists", "quality", "settings", "audit"] as const;
export type ScreenName = (typeof SCREENS)[number];

export interface AppState {
  lang: Lang;
  screen: ScreenName;
  /** A long job (import, analysis) is running. */
  busy: boolean;
  progress: ProgressUpdate | null;
  /** The error shown in the error box, if `hasError`. */
  error: unknown;
  hasError: boolean;
  dbPath: string | null;
  /** The as-of date in the top bar, YYYY-MM-DD (maybe being typed, so maybe invalid). */
  asOf: string;
  summary: AnalysisSummary | null;
  report: Report | null;
  gaps: Gap[];
  outcomes: Map<string, Outcome>;
  review: ReviewItem[];
  batches: BatchInfo[];
  versions: ListVersion[];
  settings: Settings | null;
  freshness: Freshness | null;
  caseChanges: CaseChanges | null;
  /** 经办人 as last typed: kept for the session, never cleared by a save. */
  officer: string;
}

type Listener = () => void;

export class Store<S extends object> {
  private readonly listeners: { keys: ReadonlySet<keyof S> | null; fn: Listener }[] = [];

  constructor(private current: S) {}

  get state(): Readonly<S> {
    return this.current;
  }

  /** Applies `patch`, then calls once each listener subscribed to a field it names. */
  set(patch: Partial<S>): void {
    this.current = { ...this.current, ...patch };
    const changed = Object.keys(patch) as (keyof S)[];
    for (const { keys, fn } of [...this.listeners]) {
      if (keys === null || changed.some((k) => keys.has(k))) fn();
    }
  }

  /** Calls `fn` after every change to one of `keys` (every change when `keys` is "*"). */
  subscribe(keys: readonly (keyof S)[] | "*", fn: Listener): () => void {
    const entry = { keys: keys === "*" ? null : new Set(keys), fn };
    this.listeners.push(entry);
    return () => {
      const i = this.listeners.indexOf(entry);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
