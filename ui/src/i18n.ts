// The UI's words in Simplified Chinese (default) and English.
//
// Every key must exist in both languages: `en` is typed against `zh`'s keys, and a unit
// test checks that no text is empty. Placeholders are `{name}`; `t()` fills them in.

export type Lang = "zh" | "en";

import { en } from "./i18n/en";
import { zh, type Key } from "./i18n/zh";

export type { Key };

export const messages: Record<Lang, Record<Key, string>> = { zh, en };

export const LANG_STORAGE_KEY = "enrolgap.lang";

/** The text for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** The saved language, or Chinese. */
export function loadLang(storage: Pick<Storage, "getItem"> | undefined): Lang {
  try {
    return storage?.getItem(LANG_STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

export function saveLang(storage: Pick<Storage, "setItem"> | undefined, lang: Lang): void {
  try {
    storage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
}

/**
 * The one formatter of counts on screen: digits grouped by threes with a comma in both
 * languages (as Chinese official statistics print them), never the OS locale's habit.
 */
const COUNT_FORMAT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatNumber(_lang: Lang, n: number): string {
  return COUNT_FORMAT.format(n);
}

/** A fraction (0..1) as a percentage with two decimals. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
