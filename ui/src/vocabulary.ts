//! The engine's stored vocabulary as the screens list and name it: list kinds, gap codes,
//! outcomes and priorities in their menu order (each table exhaustive, so a value added to
//! the engine fails to compile here until it is placed), and their words per language.

import type { AuditEntry, Gap, GapCode, ListKind, Outcome, Priority, QualityFinding } from "./bindings";
import { baseName } from "./errors";
import { t, type Lang } from "./i18n";

/** Sorts the keys of an exhaustive order table by their rank. */
function ordered<K extends string>(order: Record<K, number>): readonly K[] {
  return (Object.keys(order) as K[]).sort((a, b) => order[a] - order[b]);
}

/** Every list kind, in the order the kind menu shows them. */
export const LIST_KINDS: readonly ListKind[] = ordered<ListKind>({
  household: 0,
  enrolment: 1,
  birth: 2,
  school: 3,
  welfare: 4,
  roster: 5,
  death: 6,
  exclusion: 7,
});

/** Every gap code, in the engine's order of precedence. */
export const GAP_CODES: readonly GapCode[] = ordered<GapCode>({
  welfare_not_enrolled: 0,
  newborn_not_enrolled: 1,
  worker_not_enrolled: 2,
  student_not_enrolled: 3,
  lapsed: 4,
  resident_not_enrolled: 5,
  worker_wrong_scheme: 6,
  welfare_not_subsidized: 7,
});

/** Every outcome, in the worklist's order. */
export const OUTCOMES: readonly Outcome[] = ordered<Outcome>({
  enrolled: 0,
  mobilised: 1,
  refused: 2,
  unreachable: 3,
  insured_elsewhere: 4,
  deceased: 5,
  unknown: 6,
  other: 7,
});

/** Priorities, most pressing first: the rank the gaps table sorts by. */
export const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2 };
export const PRIORITIES: readonly Priority[] = ordered(PRIORITY_RANK);

export function gapLabel(lang: Lang, code: Gap["code"]): string {
  return t(lang, `gap.${code}`);
}

/** The gap's reason in the UI's language: the engine writes both; an analysis stored
 * before it kept the English one has only the Chinese. */
export function reasonText(lang: Lang, gap: Pick<Gap, "reason" | "reason_en">): string {
  return lang === "en" && gap.reason_en ? gap.reason_en : gap.reason;
}

/** A quality finding's message in the UI's language; the engine writes both (the Chinese
 * in the English field for a finding stored before it kept English it cannot rebuild). */
export function findingMessage(lang: Lang, finding: Pick<QualityFinding, "message" | "message_en">): string {
  return lang === "en" && finding.message_en ? finding.message_en : finding.message;
}

/** An audit entry's detail in the UI's language, as {@link findingMessage}. */
export function auditDetail(lang: Lang, entry: Pick<AuditEntry, "detail" | "detail_en">): string {
  return lang === "en" && entry.detail_en ? entry.detail_en : entry.detail;
}

/** The words the worklist prints too (紧急 / 高 / 一般), so app and paper agree. */
export function priorityLabel(lang: Lang, priority: Priority): string {
  return t(lang, `priority.${priority}`);
}

export function outcomeLabel(lang: Lang, outcome: Outcome | undefined): string {
  return outcome ? t(lang, `outcome.${outcome}`) : t(lang, "status.none");
}

/** Adds one `<option>` per list kind after the "detect" option, labelled via i18n. */
export function fillKindOptions(select: HTMLSelectElement): void {
  const doc = select.ownerDocument;
  for (const kind of LIST_KINDS) {
    const option = doc.createElement("option");
    option.value = kind;
    option.dataset.i18n = `import.kind.${kind}`;
    select.append(option);
  }
}

/** "file · sheet · row N" */
export function sourceLine(lang: Lang, file: string, sheet: string, row: number): string {
  return [baseName(file), sheet, t(lang, "source.row", { row })].filter(Boolean).join(" · ");
}

/** A stored sex (男 / 女, as the lists and the database spell it) in the screen's language;
 *  anything else as it was written. */
export function sexText(lang: Lang, sex: string | null | undefined): string {
  if (lang === "en" && (sex === "男" || sex === "女")) return t(lang, sex === "男" ? "sex.male" : "sex.female");
  return sex ?? "";
}
