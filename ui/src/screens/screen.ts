//! What every screen is given and what it gives back. A screen owns its part of the page
//! (`#screen-<name>`), its own state and handlers; shared data comes from the store, and
//! the commands and the job runner from the context, so a screen never reaches into
//! another one.

import type { api } from "../api";
import type { ProgressUpdate } from "../bindings";
import { t, type Key } from "../i18n";
import type { AppState, ScreenName, Store } from "../store";

/** A message shown on one screen, re-phrased on a language switch. */
export type Msg = { key: Key; vars?: Record<string, string | number> } | null;

export interface Ctx {
  store: Store<AppState>;
  api: typeof api;
  /** Runs `job` as the one long job: busy flag, progress bar, errors shown. */
  runJob(job: () => Promise<void>): Promise<boolean>;
  /** Runs a short action: errors shown, nothing else blocked. */
  act(job: () => Promise<void>): Promise<void>;
  showError(err: unknown): void;
  /** Fetches the analysis, gaps, outcomes, lists and settings again into the store. */
  refreshResults(): Promise<void>;
  /** Whether the latest analysis is out of date (the banner). */
  refreshFreshness(): Promise<void>;
  /** Runs the analysis at the top bar's date (or `asOf`). */
  analyze(asOf?: string): Promise<boolean>;
  onProgress(update: ProgressUpdate): void;
  go(screen: ScreenName): void;
  /** Asks the officer to confirm (window.confirm in the app). */
  confirm(text: string): boolean;
}

export interface Screen {
  /** Rebuilds what the screen shows from the store and its own state. */
  render(): void;
  /** Called when the screen is opened (loads what it lists on demand). */
  enter?(): void;
  /** A key pressed outside a text field while the screen is shown; true when handled. */
  key?(event: KeyboardEvent): boolean;
  /** Enables or disables what starts a job. */
  setBusy?(busy: boolean): void;
}

export function byId<T extends HTMLElement>(id: string, doc: Document = document): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

/** The text of `m` in the store's language ("" for none). */
export function msgText(ctx: Ctx, m: Msg): string {
  return m ? t(ctx.store.state.lang, m.key, m.vars) : "";
}
