// Pure view logic of the screens: filtering gaps, differences
// between two records, list ages, chart shares. No DOM, no IPC; unit-tested.

import type { Coverage, Gap, GapCode, Outcome, Priority } from "./bindings";

// ---- gap filters --------------------------------------------------------------------

/** "" means "any" for every field; `status` "none" means "no outcome recorded yet". */
export interface GapFilter {
  code: GapCode | "";
  township: string;
  village: string;
  unit: string;
  priority: Priority | "";
  status: Outcome | "none" | "";
  search: string;
}

export const NO_FILTER: GapFilter = {
  code: "",
  township: "",
  village: "",
  unit: "",
  priority: "",
  status: "",
  search: "",
};

/** Text compared for search: trimmed, lower-case, spaces removed (IDs end in x or X). */
export function searchKey(text: string): string {
  return text.replace(/\s+/g, "").toLowerCase();
}

/**
 * Whether `gap` passes `filter`. Search matches the name, or the masked ID: a typed full
 * ID matches its masked form (first 6 and last 4 digits), since the screen never holds
 * full IDs.
 */
export function gapMatches(
  gap: Gap,
  outcome: Outcome | undefined,
  filter: GapFilter,
): boolean {
  if (filter.code && gap.code !== filter.code) return false;
  if (filter.township && (gap.township ?? "") !== filter.township) return false;
  if (filter.village && (gap.village ?? "") !== filter.village) return false;
  if (filter.unit && gap.route_unit !== filter.unit) return false;
  if (filter.priority && gap.priority !== filter.priority) return false;
  if (filter.status === "none" && outcome !== undefined) return false;
  if (filter.status && filter.status !== "none" && outcome !== filter.status) return false;
  const q = searchKey(filter.search);
  if (q) {
    if (searchKey(gap.name).includes(q)) return true;
    const masked = searchKey(gap.id_masked ?? "");
    if (!masked) return false;
    if (masked.includes(q)) return true;
    // A full 18-digit ID typed in: compare its visible parts with the masked one.
    if (/^\d{17}[\dx]$/.test(q) && masked.length === 18) {
      return masked.slice(0, 6) === q.slice(0, 6) && masked.slice(-4) === q.slice(-4);
    }
    return false;
  }
  return true;
}

/** Indices of the gaps that pass `filter`, in their order. */
export function filterGaps(
  gaps: readonly Gap[],
  outcomes: ReadonlyMap<string, Outcome>,
  filter: GapFilter,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < gaps.length; i++) {
    const gap = gaps[i]!;
    if (gapMatches(gap, outcomes.get(gap.person_key), filter)) out.push(i);
  }
  return out;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v !== "").sort((a, b) => a.localeCompare(b, "zh-CN"));
}

/** Choices for the place and unit menus; villages only of the chosen township, if any. */
export function facets(
  gaps: readonly Gap[],
  township: string,
): { townships: string[]; villages: string[]; units: string[] } {
  return {
    townships: sortedUnique(gaps.map((g) => g.township ?? "")),
    villages: sortedUnique(
      gaps.filter((g) => !township || g.township === township).map((g) => g.village ?? ""),
    ),
    units: sortedUnique(gaps.filter((g) => g.route_type !== "township").map((g) => g.route_unit)),
  };
}

// ---- differences --------------------------------------------------------------------

export interface Segment {
  text: string;
  same: boolean;
}

/**
 * Character differences between `a` and `b` (longest common subsequence): each side as
 * segments, the characters the other side lacks marked `same: false`.
 */
export function charDiff(a: string, b: string): { left: Segment[]; right: Segment[] } {
  const x = [...a];
  const y = [...b];
  const n = x.length;
  const m = y.length;
  // lcs[i][j]: length of the LCS of x[i..] and y[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const left: Segment[] = [];
  const right: Segment[] = [];
  const push = (side: Segment[], ch: string, same: boolean) => {
    const last = side[side.length - 1];
    if (last && last.same === same) last.text += ch;
    else side.push({ text: ch, same });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      push(left, x[i]!, true);
      push(right, y[j]!, true);
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      push(left, x[i]!, false);
      i++;
    } else {
      push(right, y[j]!, false);
      j++;
    }
  }
  return { left, right };
}

// ---- lists and their age ------------------------------------------------------------

/** Whole days from `from` to `to` (both `YYYY-MM-DD…`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  return Math.round((b - a) / 86_400_000);
}

// ---- charts -------------------------------------------------------------------------

/** The county row and the township rows (no villages) of a coverage list. */
export function townshipCoverage(coverage: readonly Coverage[]): {
  county: Coverage | null;
  townships: Coverage[];
} {
  return {
    county: coverage.find((c) => c.township === "" && c.village === "") ?? null,
    townships: coverage.filter((c) => c.township !== "" && c.village === ""),
  };
}

/** A bar's width in percent of the largest value (0 when everything is 0). */
export function barWidth(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(100, (value / max) * 100);
}

/**
 * Where a coverage bar starts showing differences: coverage rates cluster near 100%, so
 * the axis starts at a round floor below the lowest rate (e.g. 80%), never above 90%.
 */
export function coverageAxisFloor(rates: readonly number[]): number {
  if (rates.length === 0) return 0;
  const lowest = Math.min(...rates);
  const floor = Math.floor((lowest * 100 - 5) / 10) * 10;
  return Math.max(0, Math.min(90, floor)) / 100;
}

/** A bar's width in percent on an axis from `floor` to 1. */
export function rateWidth(rate: number, floor: number): number {
  if (floor >= 1) return 100;
  return Math.max(0, Math.min(100, ((rate - floor) / (1 - floor)) * 100));
}

/** The gaps waiting for a first follow-up (no outcome recorded). */
export function notFollowedUp(gaps: readonly Gap[], outcomes: ReadonlyMap<string, Outcome>): number {
  let n = 0;
  for (const g of gaps) if (!outcomes.has(g.person_key)) n++;
  return n;
}
