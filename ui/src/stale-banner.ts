// The banner shown on every screen while the latest analysis no longer describes the data
// (after an import, a retirement or restoration, a review decision or a follow-up), with
// the button that runs the analysis again.

import type { Freshness } from "./bindings";
import { t, type Lang } from "./i18n";

export interface StaleBanner {
  box: HTMLElement;
  text: HTMLElement;
  button: HTMLButtonElement;
}

export function renderStaleBanner(banner: StaleBanner, lang: Lang, freshness: Freshness | null, busy: boolean): void {
  const stale = freshness?.stale ?? false;
  banner.box.hidden = !stale;
  banner.text.textContent = stale ? t(lang, freshness?.analysis_id === null ? "stale.never" : "stale.text") : "";
  banner.button.textContent = t(lang, "stale.button");
  banner.button.disabled = busy;
  banner.box.ownerDocument.body.dataset.stale = String(stale);
}
