//! Dates as the officer reads and types them: always YYYY-MM-DD, whatever the OS locale
//! (a browser's `<input type=date>` shows 07/31/2026 under en-US, so the app uses text
//! fields checked here), and the engine's timestamps shown as "YYYY-MM-DD HH:MM".

/** Today in the local calendar, YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether `text` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * What the officer typed, made YYYY-MM-DD when it is a date written another common way
 * (2026/7/31, 2026.7.31, 20260731, 2026年7月31日); null when it is not a date.
 */
export function normaliseDate(text: string): string | null {
  const trimmed = text.trim();
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(trimmed) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * An engine timestamp (RFC 3339, written in the machine's local time, maybe with an
 * offset or fractions) as "YYYY-MM-DD HH:MM"; the text itself when it is not one.
 */
export function formatTimestamp(stamp: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(stamp);
  if (!m) return stamp;
  // A stamp with a zone is shown in this machine's local time; one without, as written.
  const at = m[3] ? new Date(stamp) : null;
  if (!at || Number.isNaN(at.getTime())) return `${m[1]} ${m[2]}`;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${today(at)} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
