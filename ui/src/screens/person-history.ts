//! A person's history in the gap's detail panel: every analysis that flagged them and
//! why, the analyses that closed a case, every outcome recorded (from which returned
//! sheet and row, or by hand) and their enrolment rows in force. IDs arrive masked.

import type { EnrolmentInForce, PersonHistory } from "../bindings";
import { h } from "../dom";
import { t, type Lang } from "../i18n";
import { gapLabel, outcomeLabel } from "../vocabulary";

function enrolmentLine(lang: Lang, e: EnrolmentInForce): string {
  return t(lang, "history.enrolment", {
    year: e.year ?? "?",
    scheme: t(lang, `history.scheme.${e.scheme ?? "other"}`),
    status: t(lang, `history.status.${e.status ?? "other"}`),
    file: e.file,
    row: e.row_number,
  });
}

/** The lines of the history, oldest first within each part. */
export function historyLines(lang: Lang, history: PersonHistory): string[] {
  const lines: string[] = [];
  for (const f of history.flagged) {
    lines.push(t(lang, "history.flagged", { asOf: f.as_of, code: gapLabel(lang, f.code), unit: f.unit }));
  }
  for (const c of history.closed) {
    const why = c.closed_because ? t(lang, `closed.${c.closed_because}`) : "?";
    lines.push(t(lang, "history.closed", { asOf: c.as_of, why }));
  }
  for (const o of history.outcomes) {
    const where =
      o.file && o.row_number ? t(lang, "history.fromFile", { file: o.file, row: o.row_number }) : t(lang, "history.byHand");
    lines.push(
      t(lang, "history.outcome", {
        date: o.outcome_date ?? o.recorded_at.slice(0, 10),
        outcome: outcomeLabel(lang, o.outcome ?? undefined),
        officer: o.officer ? ` · ${o.officer}` : "",
      }) + where,
    );
  }
  if (history.enrolments.length === 0) lines.push(t(lang, "history.noEnrolment"));
  for (const e of history.enrolments) lines.push(enrolmentLine(lang, e));
  return lines;
}

/** Renders the history into `el` (`#d-history`). */
export function renderHistory(el: HTMLElement, lang: Lang, history: PersonHistory): void {
  const doc = el.ownerDocument;
  el.replaceChildren(
    h(doc, "h4", {}, t(lang, "history.head")),
    h(doc, "ul", { class: "history" }, ...historyLines(lang, history).map((line) => h(doc, "li", {}, line))),
  );
}
