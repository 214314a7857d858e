//! What is around every screen: the top bar (as-of date, 分析, language), the menu with its
//! counts, the progress bar with 取消, the error box and the passphrase form, the "results
//! out of date" banner and the footer; and the one-long-job-at-a-time runner the screens
//! start their jobs through.

import type { ProgressUpdate } from "../bindings";
import { normaliseDate } from "../dates";
import { baseName, formatError, needsPassphrase } from "../errors";
import { formatNumber, t, type Key } from "../i18n";
import { renderStaleBanner } from "../stale-banner";
import { SCREENS, type AppState, type Store } from "../store";
import { gapPeople, reviewPeople } from "./overview";
import { byId } from "./screen";

/** Progress as a fraction 0..1, or null when the total is unknown. */
export function progressFraction(update: ProgressUpdate): number | null {
  if (update.total === null || update.total <= 0) return null;
  return Math.min(1, Math.max(0, Number(update.done) / Number(update.total)));
}

/** "读取 household.xlsx：120 / 500 行"; an analysis counts the gaps it has stored. */
export function progressText(lang: AppState["lang"], update: ProgressUpdate): string {
  const stage = t(lang, `stage.${update.stage}`);
  const analysing = update.stage === "analysing";
  if (analysing && Number(update.done) === 0) return `${stage}…`;
  const file = update.file ? ` ${baseName(update.file)}` : "";
  const done = formatNumber(lang, Number(update.done));
  const unit = analysing ? "gaps" : "rows";
  const count =
    update.total === null
      ? t(lang, `progress.${unit}Open`, { done })
      : t(lang, `progress.${unit}`, { done, total: formatNumber(lang, Number(update.total)) });
  return `${stage}${file}${lang === "zh" ? "：" : ": "}${count}`;
}

/**
 * The date typed in `input` as YYYY-MM-DD (2026/7/31 and 2026年7月31日 accepted and
 * rewritten), or null with the field marked invalid.
 */
export function checkedDate(input: HTMLInputElement): string | null {
  const date = normaliseDate(input.value);
  input.classList.toggle("invalid", date === null);
  input.setAttribute("aria-invalid", String(date === null));
  if (date !== null) input.value = date;
  return date;
}

export class Shell {
  private readonly asOf = byId<HTMLInputElement>("as-of");
  private readonly analyzeButton = byId<HTMLButtonElement>("analyze");
  private readonly progress = byId<HTMLElement>("progress");
  private readonly progressBar = byId<HTMLProgressElement>("progress-bar");
  private readonly progressLine = byId<HTMLElement>("progress-text");
  private readonly cancel = byId<HTMLButtonElement>("cancel");
  private readonly errorBox = byId<HTMLElement>("error-box");
  private readonly error = byId<HTMLElement>("error");
  private readonly unlockBox = byId<HTMLFormElement>("unlock-box");
  private readonly passphrase = byId<HTMLInputElement>("passphrase");
  private readonly summary = byId<HTMLElement>("summary");
  private readonly stale = { box: byId("stale-banner"), text: byId("stale-text"), button: byId<HTMLButtonElement>("stale-analyze") };

  constructor(
    private readonly store: Store<AppState>,
    hooks: { analyze(): void; cancel(): Promise<void>; unlock(passphrase: string): Promise<void> },
  ) {
    this.analyzeButton.addEventListener("click", () => hooks.analyze());
    this.stale.button.addEventListener("click", () => hooks.analyze());
    this.cancel.addEventListener("click", () => {
      this.cancel.disabled = true;
      this.progressLine.textContent = t(store.state.lang, "progress.cancelling");
      void hooks.cancel();
    });
    this.unlockBox.addEventListener("submit", (e) => {
      e.preventDefault();
      const passphrase = this.passphrase.value;
      this.passphrase.value = "";
      void hooks.unlock(passphrase);
    });
    byId("error-dismiss").addEventListener("click", () => store.set({ error: null, hasError: false }));
    byId("lang-toggle").addEventListener("click", () => store.set({ lang: store.state.lang === "zh" ? "en" : "zh" }));
    this.asOf.addEventListener("change", () => {
      const date = checkedDate(this.asOf);
      if (date !== null) store.set({ asOf: date });
    });
    store.subscribe(["lang"], () => this.renderStatic());
    store.subscribe(["lang", "summary", "gaps", "review", "screen"], () => this.renderNav());
    store.subscribe(["lang", "error", "hasError", "dbPath"], () => this.renderMessages());
    store.subscribe(["lang", "busy", "progress", "freshness"], () => this.renderBusy());
    store.subscribe(["asOf"], () => {
      if (document.activeElement !== this.asOf) this.asOf.value = store.state.asOf;
    });
  }

  /** The as-of date to analyse at, or null (field marked) when it is not a date. */
  asOfDate(): string | null {
    return checkedDate(this.asOf);
  }

  renderAll(): void {
    this.asOf.value = this.store.state.asOf;
    this.renderStatic();
    this.renderNav();
    this.renderMessages();
    this.renderBusy();
  }

  private renderStatic(): void {
    const lang = this.store.state.lang;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    for (const node of document.querySelectorAll<HTMLElement>("[data-i18n]")) node.textContent = t(lang, node.dataset.i18n as Key);
    for (const node of document.querySelectorAll<HTMLElement>("[data-i18n-aria]")) node.setAttribute("aria-label", t(lang, node.dataset.i18nAria as Key));
    for (const node of document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) node.placeholder = t(lang, node.dataset.i18nPlaceholder as Key);
    for (const node of document.querySelectorAll<HTMLElement>("[data-i18n-title]")) node.title = t(lang, node.dataset.i18nTitle as Key);
  }

  private renderNav(): void {
    const s = this.store.state;
    for (const name of SCREENS) {
      const button = byId<HTMLButtonElement>(`nav-${name}`);
      const active = name === s.screen;
      button.classList.toggle("active", active);
      if (active) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
      byId(`screen-${name}`).hidden = !active;
    }
    document.body.dataset.screen = s.screen;
    // Gaps counted as gaps, the review queue by person: as the screens behind them count.
    const gaps = byId("nav-gaps-count");
    gaps.textContent = s.summary ? formatNumber(s.lang, s.summary.gaps_total) : "";
    gaps.title = s.summary ? t(s.lang, "nav.gapsTitle", { gaps: formatNumber(s.lang, s.summary.gaps_total), people: formatNumber(s.lang, gapPeople(s.gaps)) }) : "";
    const people = reviewPeople(s.review);
    const review = byId("nav-review-count");
    review.textContent = people ? formatNumber(s.lang, people) : "";
    review.title = people ? t(s.lang, "nav.reviewTitle", { people: formatNumber(s.lang, people) }) : "";
  }

  private renderMessages(): void {
    const s = this.store.state;
    this.errorBox.hidden = !s.hasError;
    this.error.textContent = s.hasError ? formatError(s.lang, s.error) : "";
    const locked = s.hasError && needsPassphrase(s.error);
    this.unlockBox.hidden = !locked;
    this.summary.hidden = locked;
    byId("db-path").textContent = s.dbPath ? t(s.lang, "footer.db", { path: s.dbPath }) : "";
  }

  private renderBusy(): void {
    const s = this.store.state;
    this.progress.hidden = !s.busy;
    this.analyzeButton.disabled = s.busy;
    this.asOf.disabled = s.busy;
    this.cancel.disabled = false;
    document.body.dataset.busy = String(s.busy);
    renderStaleBanner(this.stale, s.lang, s.freshness, s.busy);
    const update = s.progress;
    if (!update) {
      this.progressBar.removeAttribute("value");
      this.progressLine.textContent = "";
      return;
    }
    const fraction = progressFraction(update);
    if (fraction === null) this.progressBar.removeAttribute("value");
    else this.progressBar.value = fraction;
    this.progressLine.textContent = progressText(s.lang, update);
  }
}
