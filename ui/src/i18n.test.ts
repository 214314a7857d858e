import { describe, expect, it } from "vitest";
import { formatNumber, formatPercent, loadLang, messages, saveLang, t, LANG_STORAGE_KEY } from "./i18n";

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();
}

describe("i18n", () => {
  it("has every key in both languages, none empty", () => {
    const zhKeys = Object.keys(messages.zh).sort();
    const enKeys = Object.keys(messages.en).sort();
    expect(enKeys).toEqual(zhKeys);
    for (const lang of ["zh", "en"] as const) {
      for (const [key, text] of Object.entries(messages[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of Object.keys(messages.zh) as (keyof typeof messages.zh)[]) {
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.zh[key]));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("zh", "source.row", { row: 12 })).toBe("第 12 行");
    expect(t("en", "source.row", { row: 12 })).toBe("row 12");
    expect(t("en", "source.row")).toBe("row {row}");
  });

  it("defaults to Chinese and remembers the choice", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadLang(storage)).toBe("zh");
    saveLang(storage, "en");
    expect(store.get(LANG_STORAGE_KEY)).toBe("en");
    expect(loadLang(storage)).toBe("en");
    store.set(LANG_STORAGE_KEY, "fr");
    expect(loadLang(storage)).toBe("zh");
    expect(loadLang(undefined)).toBe("zh");
  });

  it("formats a coverage fraction as a percentage", () => {
    expect(formatPercent(0.96484)).toBe("96.48%");
    expect(formatPercent(1)).toBe("100.00%");
  });
});

describe("counts", () => {
  it("groups digits the same way in both languages", () => {
    expect(formatNumber("zh", 1407)).toBe("1,407");
    expect(formatNumber("en", 1407)).toBe("1,407");
    expect(formatNumber("zh", 1234567)).toBe("1,234,567");
  });
});
