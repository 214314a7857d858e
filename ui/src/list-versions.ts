// Lists over time, in words and in groups: a version's own date, scope and status, what
// an import replaces (the same sentence as the command line's), the versions of each kind
// and how old the ones in force are. No DOM, no IPC; unit-tested.

import type {
  ClosedBecause,
  ImportSummary,
  ListKind,
  ListVersion,
  ReplaceMode,
  Replacement,
  Scheme,
  Scope,
  VersionStatus,
} from "./bindings";
import { formatNumber, t, type Lang } from "./i18n";
import { daysBetween } from "./logic";

/** Every version status, in the order the screens list them. Exhaustive. */
const STATUS_ORDER: Record<VersionStatus, number> = { in_force: 0, superseded: 1, retired: 2 };

/** Every reason a case closes, in the order the overview lists them. Exhaustive. */
const CLOSED_ORDER: Record<ClosedBecause, number> = {
  enrolled: 0,
  deceased: 1,
  excluded: 2,
  settled: 3,
  not_listed: 4,
  in_review: 5,
};
export const CLOSED_REASONS: readonly ClosedBecause[] = (Object.keys(CLOSED_ORDER) as ClosedBecause[]).sort(
  (a, b) => CLOSED_ORDER[a] - CLOSED_ORDER[b],
);

const SCHEMES: Record<Scheme, true> = { employee: true, resident: true, other: true };

/**
 * A list's own date from its stored form: a month as 2026年7月 (2026-07 in English), a
 * year as 2026年度 (2026), a day as 2026-07-31; `null` as "no date".
 */
export function listDateText(lang: Lang, stored: string | null): string {
  if (!stored) return t(lang, "lists.noDate");
  const month = /^(\d{4})-(\d{2})$/.exec(stored);
  if (month) return lang === "zh" ? `${month[1]}年${Number(month[2])}月` : stored;
  if (/^\d{4}$/.test(stored)) return lang === "zh" ? `${stored}年度` : stored;
  return stored;
}

/** One unit of a scope in words: a school's name as written, 职工医保 2026年度 … */
export function unitText(lang: Lang, dimension: Scope["dimension"], unit: string): string {
  if (dimension !== "scheme_year") return unit || t(lang, "scope.blank");
  const [scheme = "", year = "*"] = unit.split("|");
  const name = scheme in SCHEMES ? t(lang, `scope.scheme.${scheme as Scheme}`) : scheme;
  return year === "*" ? t(lang, "scope.allYears", { scheme: name }) : t(lang, "scope.year", { scheme: name, year });
}

/** Years as runs: 2024–2026, 2022、2024. */
function yearRuns(lang: Lang, years: number[]): string {
  const runs: [number, number][] = [];
  for (const y of [...years].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && y === last[1] + 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(lang === "zh" ? "、" : ", ");
}

/** A register's scheme-years, one phrase per scheme: 职工医保 2024–2026年度. */
function schemeYearsText(lang: Lang, units: readonly string[]): string[] {
  const years = new Map<string, number[]>();
  const whole: string[] = [];
  for (const unit of units) {
    const [scheme = "", year = "*"] = unit.split("|");
    if (year === "*" || !/^\d{4}$/.test(year)) whole.push(unit);
    else years.set(scheme, [...(years.get(scheme) ?? []), Number(year)]);
  }
  return [
    ...[...years].map(([scheme, ys]) => unitText(lang, "scheme_year", `${scheme}|${yearRuns(lang, ys)}`)),
    ...whole.map((u) => unitText(lang, "scheme_year", u)),
  ];
}

/** What a version covers: 全县, 逐条累加, or its units. */
export function scopeText(lang: Lang, scope: Scope): string {
  if (scope.dimension === "county") return t(lang, "scope.county");
  if (scope.dimension === "events") return t(lang, "scope.events");
  const units =
    scope.dimension === "scheme_year" ? schemeYearsText(lang, scope.units) : scope.units.map((u) => unitText(lang, scope.dimension, u));
  return units.join(lang === "zh" ? "、" : ", ");
}

export function statusText(lang: Lang, status: VersionStatus): string {
  return t(lang, `lists.status.${status}`);
}

export function closedText(lang: Lang, reason: ClosedBecause): string {
  return t(lang, `closed.${reason}`);
}

/** "替换 2026年7月 民政困难人员（批次 5，578 行）→ 本次 548 行：减少 30 人，新增 0 人" */
export function replacementLine(lang: Lang, kind: ListKind, r: Replacement, rowsNow: number): string {
  return t(lang, "dec.replace", {
    date: listDateText(lang, r.list_date),
    kind: t(lang, `import.kind.${kind}`),
    batch: r.batch_id,
    part: r.whole ? "" : t(lang, "dec.part", { parts: r.parts.join(lang === "zh" ? "、" : ", ") }),
    rows: formatNumber(lang, r.rows_replaced),
    now: formatNumber(lang, rowsNow),
    left: formatNumber(lang, r.people_left),
    joined: formatNumber(lang, r.people_joined),
  });
}

/**
 * What an import does (a dry run's summary, or the import's own): its date and scope,
 * then one line per version it replaces, or what it adds, or that it is kept as history.
 * `inForceOfKind` is the number of versions of its kind in force before it.
 */
export function decisionLines(lang: Lang, s: ImportSummary, inForceOfKind: number): string[] {
  const lines = [
    t(lang, "dec.head", {
      date: listDateText(lang, s.list_date),
      source: t(lang, `lists.source.${s.list_date_source}`),
      scope: scopeText(lang, s.settled.scope),
      rows: formatNumber(lang, s.rows_imported),
    }),
  ];
  for (const r of s.settled.replacements) lines.push(replacementLine(lang, s.kind, r, s.rows_imported));
  const events = s.settled.events;
  if (events) {
    lines.push(
      t(lang, "dec.events", { new: formatNumber(lang, events.new_events), known: formatNumber(lang, events.known_events) }),
    );
  }
  if (s.settled.older_than !== null) {
    lines.push(t(lang, "dec.older", { date: listDateText(lang, s.list_date), batch: s.settled.older_than }));
  }
  if (s.settled.replacements.length === 0 && !events && s.settled.older_than === null) {
    lines.push(
      inForceOfKind === 0 ? t(lang, "dec.first") : t(lang, "dec.beside", { kind: t(lang, `import.kind.${s.kind}`) }),
    );
  }
  return lines;
}

/** A replace mode as a menu value ("by_scope", "adds", "replaces:5") and back. */
export function modeValue(mode: ReplaceMode): string {
  return mode.mode === "replaces" ? `replaces:${mode.batches.join(",")}` : mode.mode;
}

export function parseMode(value: string): ReplaceMode {
  if (value === "adds") return { mode: "adds" };
  const replaces = /^replaces:([\d,]+)$/.exec(value);
  if (replaces) return { mode: "replaces", batches: replaces[1]!.split(",").map(Number) };
  return { mode: "by_scope" };
}

/** The versions of one kind: in force first, then superseded and retired, newest first. */
export interface KindVersions {
  kind: ListKind;
  inForce: ListVersion[];
  history: ListVersion[];
}

/** Versions by kind in `kinds` order; kinds without any version are left out. */
export function versionsByKind(kinds: readonly ListKind[], versions: readonly ListVersion[]): KindVersions[] {
  const newestFirst = (a: ListVersion, b: ListVersion) =>
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (b.list_date ?? "").localeCompare(a.list_date ?? "") ||
    b.batch_id - a.batch_id;
  return kinds
    .map((kind) => {
      const of = versions.filter((v) => v.kind === kind).sort(newestFirst);
      return { kind, inForce: of.filter((v) => v.status === "in_force"), history: of.filter((v) => v.status !== "in_force") };
    })
    .filter((k) => k.inForce.length + k.history.length > 0);
}

/** A version that can be put back in force: not in force, or in force without some part. */
export function canRestore(v: ListVersion): boolean {
  return v.status !== "in_force" || v.parts_replaced.length > 0;
}

export interface ListAge {
  kind: ListKind;
  /** The newest version in force of this kind, or null when none is. */
  latest: ListVersion | null;
  /** How many versions of this kind are in force (a roll per school, a roster per agency). */
  inForce: number;
  /** The version imported last, whatever its status: a superseded one shows as such. */
  lastImported: ListVersion | null;
  /** Days from the newest in force's own date (or its import) to the as-of date. */
  days: number;
  /** Older than the warning limit. */
  old: boolean;
}

/** The day a version's age counts from: its own date to the month or day, else its import. */
function ageFrom(v: ListVersion): string {
  if (v.list_date && /^\d{4}-\d{2}(-\d{2})?$/.test(v.list_date)) return v.list_date.length === 7 ? `${v.list_date}-01` : v.list_date;
  return v.imported_at;
}

/** Per kind in `kinds` order: the versions in force, the last import and their age at `asOf`. */
export function listAges(
  kinds: readonly ListKind[],
  versions: readonly ListVersion[],
  asOf: string,
  warnDays: number,
): ListAge[] {
  return kinds.map((kind) => {
    const of = versions.filter((v) => v.kind === kind);
    const inForce = of.filter((v) => v.status === "in_force");
    const newest = (vs: ListVersion[], key: (v: ListVersion) => string) =>
      vs.reduce<ListVersion | null>((best, v) => (!best || key(v) > key(best) ? v : best), null);
    const latest = newest(inForce, ageFrom);
    const lastImported = newest(of, (v) => `${v.imported_at}#${String(v.batch_id).padStart(12, "0")}`);
    const days = latest ? Math.max(0, daysBetween(ageFrom(latest), asOf)) : 0;
    return { kind, latest, inForce: inForce.length, lastImported, days, old: latest !== null && days > warnDays };
  });
}
