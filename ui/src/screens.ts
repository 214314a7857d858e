// DOM builders of the screens, from engine data. No IPC: main.ts calls these with what it
// fetched, and the unit tests call them under happy-dom. Text only via text nodes.

import type {
  AuditEntry,
  BatchInfo,
  CaseChanges,
  ColumnMapping,
  Funnel,
  Gap,
  GapCode,
  ImportPreview,
  ListKind,
  ListVersion,
  Outcome,
  QualityFinding,
  Report,
  ReviewItem,
  ReviewSide,
} from "./bindings";
import { h } from "./dom";
import { baseName } from "./errors";
import { formatNumber, formatPercent, t, type Key, type Lang } from "./i18n";
import {
  barWidth,
  charDiff,
  coverageAxisFloor,
  rateWidth,
  townshipCoverage,
} from "./logic";
import { statusText, type ListAge } from "./list-versions";
import { changesCard } from "./screens/case-changes";
import { listAgeTable } from "./screens/overview-lists";
import { decisionBlock, type DecisionEntry } from "./screens/import-decision";
import { gapLabel, LIST_KINDS, reasonText } from "./view";

/** Every gap code, in the engine's order of precedence. Exhaustive. */
const GAP_CODE_ORDER: Record<GapCode, number> = {
  welfare_not_enrolled: 0,
  newborn_not_enrolled: 1,
  worker_not_enrolled: 2,
  student_not_enrolled: 3,
  lapsed: 4,
  resident_not_enrolled: 5,
  worker_wrong_scheme: 6,
  welfare_not_subsidized: 7,
};
export const GAP_CODES: readonly GapCode[] = (Object.keys(GAP_CODE_ORDER) as GapCode[]).sort(
  (a, b) => GAP_CODE_ORDER[a] - GAP_CODE_ORDER[b],
);

/** Every outcome, in the worklist's order. Exhaustive. */
const OUTCOME_ORDER: Record<Outcome, number> = {
  enrolled: 0,
  mobilised: 1,
  refused: 2,
  unreachable: 3,
  insured_elsewhere: 4,
  deceased: 5,
  unknown: 6,
  other: 7,
};
export const OUTCOMES: readonly Outcome[] = (Object.keys(OUTCOME_ORDER) as Outcome[]).sort(
  (a, b) => OUTCOME_ORDER[a] - OUTCOME_ORDER[b],
);

export function outcomeLabel(lang: Lang, outcome: Outcome | undefined): string {
  return outcome ? t(lang, `outcome.${outcome}`) : t(lang, "status.none");
}

// ---- overview -----------------------------------------------------------------------

function card(doc: Document, id: string, title: string, ...body: (Node | null)[]): HTMLElement {
  return h(doc, "section", { id, class: "card" }, h(doc, "h3", {}, title), ...body);
}

/** A horizontal bar: label, bar of `width`%, value text. */
function bar(
  doc: Document,
  label: string,
  width: number,
  value: string,
  className = "",
): HTMLElement {
  const fill = h(doc, "span", { class: "fill" });
  fill.style.width = `${width.toFixed(1)}%`;
  return h(
    doc,
    "div",
    { class: `bar ${className}`.trim(), attrs: { "data-label": label } },
    h(doc, "span", { class: "label", title: label }, label),
    h(doc, "span", { class: "track" }, fill),
    h(doc, "span", { class: "value" }, value),
  );
}

export function funnelBars(doc: Document, lang: Lang, funnel: Funnel): HTMLElement {
  const steps: [Key, number][] = [
    ["funnel.flagged", funnel.flagged],
    ["funnel.contacted", funnel.contacted],
    ["funnel.mobilised", funnel.mobilised],
    ["funnel.enrolled", funnel.enrolled],
  ];
  const max = Math.max(...steps.map(([, n]) => n));
  return h(
    doc,
    "div",
    { class: "bars funnel" },
    ...steps.map(([key, n]) =>
      bar(doc, t(lang, key), barWidth(n, max), formatNumber(lang, n), key.replace(".", "-")),
    ),
  );
}

export interface OverviewData {
  report: Report | null;
  county: string;
  ages: ListAge[];
  warnDays: number;
  notFollowedUp: number;
  qualityRows: number;
  /** The people new and closed since the analysis before (null until loaded). */
  caseChanges: CaseChanges | null;
  /** The gaps screen's rows, and the people in them. */
  gapRows: number;
  gapPeople: number;
}

/** The next steps, most useful first. */
export function nextSteps(lang: Lang, data: OverviewData): string[] {
  const steps: string[] = [];
  const has = (kind: ListKind) => data.ages.some((a) => a.kind === kind && a.latest);
  if (!has("household") || !has("enrolment")) steps.push(t(lang, "next.import"));
  else if (!data.report) steps.push(t(lang, "next.analyze"));
  const pending = data.report?.summary.review_pending ?? 0;
  if (pending > 0) steps.push(t(lang, "next.review", { count: formatNumber(lang, pending) }));
  if (data.report && data.notFollowedUp > 0) {
    steps.push(t(lang, "next.worklists", { count: formatNumber(lang, data.notFollowedUp) }));
  }
  const old = data.ages.filter((a) => a.old).length;
  if (old > 0) steps.push(t(lang, "next.oldLists", { count: old }));
  if (data.qualityRows > 0) {
    steps.push(t(lang, "next.quality", { count: formatNumber(lang, data.qualityRows) }));
  }
  if (steps.length === 0) steps.push(t(lang, "next.none"));
  return steps;
}

/** The overview's cards. */
export function renderOverview(el: HTMLElement, lang: Lang, data: OverviewData): void {
  const doc = el.ownerDocument;
  const cards: HTMLElement[] = [];
  const report = data.report;
  if (report) {
    const { county, townships } = townshipCoverage(report.coverage);
    const rate = county?.rate ?? report.summary.coverage_rate;
    cards.push(
      card(
        doc,
        "ov-coverage",
        data.county ? t(lang, "ov.coverageOf", { county: data.county }) : t(lang, "ov.coverage"),
        h(doc, "p", { id: "ov-county-rate", class: "big" }, formatPercent(rate)),
        h(
          doc,
          "p",
          { id: "ov-county-counts", class: "muted" },
          t(lang, "ov.residents", {
            residents: formatNumber(lang, county?.residents ?? report.summary.residents),
            enrolled: formatNumber(lang, county?.enrolled ?? report.summary.enrolled_residents),
          }),
        ),
      ),
    );
    const floor = coverageAxisFloor(townships.map((c) => c.rate));
    const chart = h(
      doc,
      "div",
      { id: "ov-townships", class: "bars coverage" },
      ...townships.map((c) =>
        bar(
          doc,
          c.township,
          rateWidth(c.rate, floor),
          formatPercent(c.rate),
          c.rate < rate ? "below" : "",
        ),
      ),
    );
    const axis = h(
      doc,
      "div",
      { class: "axis muted" },
      h(doc, "span", {}, formatPercent(floor).replace(".00", "")),
      h(doc, "span", {}, "100%"),
    );
    cards.push(card(doc, "ov-townships-card", t(lang, "ov.townships"), chart, axis));
    const codes = report.summary.gaps_by_code.filter((c) => c.count > 0);
    const maxCode = Math.max(0, ...codes.map((c) => c.count));
    cards.push(
      card(
        doc,
        "ov-codes-card",
        t(lang, "ov.byCode"),
        h(
          doc,
          "div",
          { id: "ov-codes", class: "bars codes" },
          ...codes.map((c) =>
            bar(doc, gapLabel(lang, c.code), barWidth(c.count, maxCode), formatNumber(lang, c.count), `code-${c.code}`),
          ),
        ),
      ),
    );
    cards.push(card(doc, "ov-funnel-card", t(lang, "ov.funnel"), funnelBars(doc, lang, report.funnel)));
    cards.push(changesCard(doc, lang, { changes: report.changes, cases: data.caseChanges, gapRows: data.gapRows, gapPeople: data.gapPeople }));
  }
  const next = card(
    doc,
    "ov-next-card",
    t(lang, "ov.next"),
    h(doc, "ul", { id: "ov-next" }, ...nextSteps(lang, data).map((s) => h(doc, "li", {}, s))),
  );
  // Next steps where the eye lands: top right once there are results, first without.
  cards.splice(Math.min(2, cards.length), 0, next);
  cards.push(card(doc, "ov-lists-card", t(lang, "ov.lists"), listAgeTable(doc, lang, data.ages, data.warnDays)));
  el.replaceChildren(...cards);
}

// ---- gaps ---------------------------------------------------------------------------

/** The gap table's columns: [css class, heading key]. */
export const GAP_COLUMNS: readonly (readonly [string, Key])[] = [
  ["code", "col.code"],
  ["name", "col.name"],
  ["id", "col.id"],
  ["birth", "col.birth"],
  ["place", "col.place"],
  ["unit", "col.unit"],
  ["priority", "col.priority"],
  ["status", "col.status"],
  ["reason", "col.reason"],
];

export function gapHead(el: HTMLElement, lang: Lang): void {
  const doc = el.ownerDocument;
  el.replaceChildren(
    ...GAP_COLUMNS.map(([cls, key]) =>
      h(doc, "span", { class: `c ${cls}`, attrs: { role: "columnheader" } }, t(lang, key)),
    ),
  );
}

/** One virtual row. The ID shown is the masked one; the full one is never in the page. */
export function gapRowEl(
  doc: Document,
  lang: Lang,
  gap: Gap,
  index: number,
  outcome: Outcome | undefined,
  selected: boolean,
): HTMLElement {
  const cells: [string, string][] = [
    ["code", gapLabel(lang, gap.code)],
    ["name", gap.name],
    ["id", gap.id_masked ?? ""],
    ["birth", gap.birth_date ?? ""],
    ["place", [gap.township, gap.village].filter(Boolean).join(" · ")],
    ["unit", gap.route_type === "township" ? "" : gap.route_unit],
    ["priority", t(lang, `priority.${gap.priority}`)],
    ["status", outcomeLabel(lang, outcome)],
    ["reason", reasonText(lang, gap)],
  ];
  return h(
    doc,
    "div",
    {
      class: `vrow gap gap-${gap.code} prio-${gap.priority}${selected ? " selected" : ""}${outcome ? " has-outcome" : ""}`,
      attrs: { role: "row", "data-index": String(index), "aria-selected": String(selected) },
    },
    ...cells.map(([cls, text]) => h(doc, "span", { class: `c ${cls}`, title: text }, text)),
  );
}

/** "file · sheet · row N" */
export function sourceLine(lang: Lang, file: string, sheet: string, row: number): string {
  return [baseName(file), sheet, t(lang, "source.row", { row })].filter(Boolean).join(" · ");
}

/** The detail panel of one gap, with the outcome form (ids `d-*`). */
export function renderDetail(
  el: HTMLElement,
  lang: Lang,
  gap: Gap | null,
  outcome: Outcome | undefined,
  today: string,
): void {
  const doc = el.ownerDocument;
  if (!gap) {
    el.replaceChildren(h(doc, "p", { class: "muted" }, t(lang, "detail.pick")));
    return;
  }
  const dl = h(doc, "dl", {});
  const item = (key: Key, value: string | Node, cls = "") => {
    dl.append(h(doc, "dt", {}, t(lang, key)), h(doc, "dd", { class: cls }, value));
  };
  item("col.code", gapLabel(lang, gap.code));
  item("detail.reason", reasonText(lang, gap), "reason");
  item("detail.tier", t(lang, `tier.${gap.match_tier}`), "tier");
  item("col.priority", t(lang, `priority.${gap.priority}`));
  if (gap.deadline) item("detail.deadline", gap.deadline);
  item(
    "detail.route",
    [t(lang, `route.${gap.route_type}`), gap.route_unit, gap.route_detail].filter(Boolean).join(" · "),
  );
  if (gap.phone) item("detail.phone", gap.phone);
  item("col.status", outcomeLabel(lang, outcome), "status");
  const sources = h(
    doc,
    "ul",
    { class: "sources" },
    ...gap.sources.map((s) =>
      h(
        doc,
        "li",
        { attrs: { "data-kind": s.kind } },
        h(doc, "strong", {}, t(lang, `import.kind.${s.kind}`)),
        " ",
        sourceLine(lang, s.file, s.sheet, s.row),
      ),
    ),
  );
  item("detail.sources", sources);

  const select = h(doc, "select", { id: "d-outcome" });
  for (const o of OUTCOMES) {
    const opt = h(doc, "option", { attrs: { value: o } }, t(lang, `outcome.${o}`));
    select.append(opt);
  }
  select.value = outcome ?? "mobilised";
  const date = h(doc, "input", { id: "d-date", attrs: { type: "date" } });
  date.value = today;
  const officer = h(doc, "input", { id: "d-officer", attrs: { type: "text", autocomplete: "off" } });
  const note = h(doc, "input", { id: "d-note", attrs: { type: "text", autocomplete: "off" } });
  const form = h(
    doc,
    "form",
    { id: "d-form", class: "form" },
    h(doc, "h4", {}, t(lang, "detail.outcome")),
    h(doc, "label", {}, h(doc, "span", {}, t(lang, "col.status")), select),
    h(doc, "label", {}, h(doc, "span", {}, t(lang, "detail.outcomeDate")), date),
    h(doc, "label", {}, h(doc, "span", {}, t(lang, "detail.officer")), officer),
    h(doc, "label", {}, h(doc, "span", {}, t(lang, "detail.note")), note),
    h(doc, "button", { id: "d-save", class: "primary", attrs: { type: "submit" } }, t(lang, "detail.save")),
    h(doc, "span", { id: "d-msg", class: "status" }),
  );
  el.replaceChildren(
    h(doc, "h3", { id: "d-name" }, gap.name, " ", h(doc, "span", { class: "muted id" }, gap.id_masked ?? "")),
    h(
      doc,
      "p",
      { class: "muted" },
      [gap.birth_date, gap.sex, gap.township, gap.village].filter(Boolean).join(" · "),
    ),
    dl,
    form,
  );
}

// ---- review -------------------------------------------------------------------------

/** Text with the characters missing on the other side wrapped in `<mark>`. */
function diffText(doc: Document, mine: string, theirs: string): HTMLElement {
  const { left } = charDiff(mine, theirs);
  return h(
    doc,
    "span",
    {},
    ...left.map((seg) => (seg.same ? seg.text : h(doc, "mark", {}, seg.text))),
  );
}

/** The two records side by side; a differing field's row is marked, its characters too. */
export function renderReview(el: HTMLElement, lang: Lang, item: ReviewItem | null): void {
  const doc = el.ownerDocument;
  if (!item) {
    el.replaceChildren(h(doc, "p", { class: "muted", id: "review-none" }, t(lang, "review.none")));
    return;
  }
  const fields: [Key, (s: ReviewSide) => string][] = [
    ["review.field.name", (s) => s.name],
    ["review.field.id", (s) => s.id_masked ?? ""],
    ["review.field.birth", (s) => s.birth_date ?? ""],
    ["review.field.sex", (s) => s.sex ?? ""],
    ["review.field.detail", (s) => s.detail],
    ["review.field.source", (s) => sourceLine(lang, s.file, s.sheet, s.row)],
  ];
  const rows = fields.map(([key, get]) => {
    const a = get(item.person);
    const b = get(item.candidate);
    const differs = a !== b;
    const isSource = key === "review.field.source";
    return h(
      doc,
      "tr",
      { class: differs && !isSource ? "differs" : "", attrs: { "data-field": key.replace("review.field.", "") } },
      h(doc, "th", {}, t(lang, key)),
      h(doc, "td", { class: "person" }, differs && !isSource ? diffText(doc, a, b) : a),
      h(doc, "td", { class: "candidate" }, differs && !isSource ? diffText(doc, b, a) : b),
    );
  });
  el.replaceChildren(
    h(doc, "p", { class: "why" }, h(doc, "strong", {}, t(lang, "review.why")), " ", item.why),
    h(
      doc,
      "table",
      { id: "review-table", class: "plain compare" },
      h(
        doc,
        "thead",
        {},
        h(doc, "tr", {}, h(doc, "th", {}), h(doc, "th", {}, t(lang, "review.person")), h(doc, "th", {}, t(lang, "review.candidate"))),
      ),
      h(doc, "tbody", {}, ...rows),
    ),
  );
}

// ---- import -------------------------------------------------------------------------

/** How a column role is called on screen; unknown roles show their stable name. */
const ROLE_LABELS: Record<string, [string, string]> = {
  serial: ["序号", "Serial no."],
  name: ["姓名", "Name"],
  id_number: ["身份证号", "ID number"],
  birth_date: ["出生日期", "Birth date"],
  sex: ["性别", "Sex"],
  township: ["乡镇", "Township"],
  village: ["村(社区)", "Village"],
  address: ["住址", "Address"],
  phone: ["电话", "Phone"],
  person_status: ["人员状态", "Person status"],
  enrol_status: ["参保状态", "Enrolment status"],
  status: ["状态", "Status"],
  scheme: ["险种", "Scheme"],
  year: ["年度", "Year"],
  period_start: ["参保开始日期", "Period start"],
  period_end: ["参保终止日期", "Period end"],
  employer: ["单位名称", "Employer"],
  subsidy: ["资助类别", "Subsidy"],
  person_number: ["个人编号", "Person number"],
  birth_cert_number: ["出生医学证明编号", "Birth certificate no."],
  mother_name: ["母亲姓名", "Mother's name"],
  mother_id: ["母亲身份证号", "Mother's ID"],
  father_name: ["父亲姓名", "Father's name"],
  father_id: ["父亲身份证号", "Father's ID"],
  school: ["学校", "School"],
  grade: ["年级", "Grade"],
  class: ["班级", "Class"],
  student_number: ["学籍号", "Student number"],
  agency: ["派遣单位", "Agency"],
  client_company: ["用工单位", "Client company"],
  start_date: ["入职日期", "Start date"],
  welfare_category: ["救助类别", "Welfare category"],
  household_head: ["户主", "Household head"],
  death_date: ["死亡日期", "Death date"],
  exclusion_reason: ["排除原因", "Exclusion reason"],
};

export function roleLabel(lang: Lang, role: string): string {
  const labels = ROLE_LABELS[role];
  return labels ? labels[lang === "zh" ? 0 : 1] : role;
}

/**
 * A cell that looks like a full resident ID (15 or 18 digits, maybe ending in X) or a
 * mobile number, masked as exports mask them (first 6 + last 4; 138****1234): the preview only needs to show which column
 * holds IDs.
 */
export function maskIdLike(text: string): string {
  const compact = text.trim();
  if (/^\d{17}[\dXx]$/.test(compact) || /^\d{15}$/.test(compact)) {
    return `${compact.slice(0, 6)}${"*".repeat(compact.length - 10)}${compact.slice(-4)}`;
  }
  if (/^1\d{10}$/.test(compact)) return `${compact.slice(0, 3)}****${compact.slice(-4)}`;
  return text;
}

export interface PreviewEntry extends DecisionEntry {
  path: string;
  kind: ListKind | null;
  mapping: ColumnMapping[];
  preview: ImportPreview | null;
  error: string | null;
}

/**
 * One card per file: kind menu, what the import will replace (against `versions`, the
 * lists now), header row, per-column role menus and the first rows.
 */
export function renderPreviews(
  el: HTMLElement,
  lang: Lang,
  entries: readonly PreviewEntry[],
  roles: readonly string[],
  versions: readonly ListVersion[] = [],
): void {
  const doc = el.ownerDocument;
  el.replaceChildren(
    ...entries.map((entry, i) => {
      const p = entry.preview;
      const kind = h(doc, "select", { class: "p-kind", attrs: { "data-file": String(i) } });
      kind.append(h(doc, "option", { attrs: { value: "" } }, t(lang, "import.kind.auto")));
      for (const k of LIST_KINDS) kind.append(h(doc, "option", { attrs: { value: k } }, t(lang, `import.kind.${k}`)));
      kind.value = entry.kind ?? "";
      const head = h(
        doc,
        "div",
        { class: "p-head" },
        h(doc, "strong", { class: "p-file" }, baseName(entry.path)),
        kind,
        p ? h(doc, "span", { class: "p-detected" }, t(lang, `import.kind.${p.kind}`)) : null,
        p?.uses_saved_mapping ? h(doc, "span", { class: "muted" }, t(lang, "imp.saved")) : null,
        p && p.already_imported !== null
          ? h(doc, "span", { class: "warn" }, t(lang, "imp.already", { batch: p.already_imported }))
          : null,
      );
      const body: HTMLElement[] = [];
      if (entry.error) body.push(h(doc, "p", { class: "error-text" }, entry.error));
      const decision = decisionBlock(doc, lang, entry, i, versions);
      if (decision) body.push(decision);
      for (const sheet of p?.sheets ?? []) {
        const headRow = h(doc, "tr", {});
        const roleRow = h(doc, "tr", { class: "roles" });
        for (const col of sheet.columns) {
          headRow.append(h(doc, "th", { title: col.title }, `${col.letter} ${col.title}`));
          const select = h(doc, "select", {
            class: "p-role",
            attrs: { "data-file": String(i), "data-column": col.letter, "aria-label": `${col.letter} ${col.title}` },
          });
          select.append(h(doc, "option", { attrs: { value: "" } }, t(lang, "imp.role.none")));
          for (const r of roles) select.append(h(doc, "option", { attrs: { value: r } }, roleLabel(lang, r)));
          select.value = col.role ?? "";
          if (col.role) select.classList.add("mapped");
          roleRow.append(h(doc, "td", {}, select));
        }
        const rows = sheet.sample.slice(0, 5).map((cells) =>
          h(doc, "tr", {}, ...cells.map((c) => {
            const shown = maskIdLike(c);
            return h(doc, "td", { title: shown }, shown);
          })),
        );
        body.push(
          h(
            doc,
            "p",
            { class: "muted" },
            [t(lang, "imp.sheet", { sheet: sheet.name }), t(lang, "imp.header", { row: sheet.header_row })].join(" · "),
          ),
          h(
            doc,
            "div",
            { class: "scroll-x" },
            h(doc, "table", { class: "plain sample" }, h(doc, "thead", {}, headRow, roleRow), h(doc, "tbody", {}, ...rows)),
          ),
        );
      }
      return h(doc, "section", { class: "card preview", attrs: { "data-file": String(i) } }, head, ...body);
    }),
  );
}

export function renderFindings(
  el: HTMLElement,
  lang: Lang,
  findings: readonly QualityFinding[],
  limit: number,
): void {
  const doc = el.ownerDocument;
  if (findings.length === 0) {
    el.replaceChildren(h(doc, "p", { class: "muted" }, t(lang, "imp.noFindings")));
    return;
  }
  const shown = findings.slice(0, limit);
  el.replaceChildren(
    h(doc, "h3", {}, t(lang, "imp.findings"), " ", h(doc, "span", { class: "muted" }, formatNumber(lang, findings.length))),
    h(
      doc,
      "ul",
      { class: "findings" },
      ...shown.map((f) =>
        h(
          doc,
          "li",
          {},
          h(
            doc,
            "a",
            { class: "finding-link", attrs: { href: "#", "data-batch": String(f.batch_id) } },
            sourceLine(lang, f.file, f.sheet, f.row) + (f.column ? ` · ${f.column}` : ""),
          ),
          " ",
          f.message,
        ),
      ),
    ),
    findings.length > limit
      ? h(doc, "p", { class: "muted" }, t(lang, "imp.more", { count: formatNumber(lang, findings.length - limit) }))
      : "",
  );
}

/** Every import, with its version's status (`versions`), so a superseded one never looks current. */
export function renderHistory(
  el: HTMLTableElement,
  lang: Lang,
  batches: readonly BatchInfo[],
  versions: readonly ListVersion[] = [],
): void {
  const doc = el.ownerDocument;
  const status = new Map(versions.map((v) => [v.batch_id, v.status]));
  el.replaceChildren(
    h(
      doc,
      "tbody",
      {},
      ...batches.map((b) =>
        h(
          doc,
          "tr",
          {},
          h(doc, "td", {}, String(b.batch_id)),
          h(doc, "td", {}, t(lang, `import.kind.${b.kind}`)),
          h(doc, "td", {}, baseName(b.file)),
          h(doc, "td", { class: "muted" }, b.imported_at.replace("T", " ").slice(0, 19)),
          h(doc, "td", { class: "num" }, formatNumber(lang, b.rows_imported)),
          h(doc, "td", { class: "num warn" }, b.rows_with_problems ? formatNumber(lang, b.rows_with_problems) : ""),
          h(doc, "td", {}, status.has(b.batch_id) ? h(doc, "span", { class: `badge status-${status.get(b.batch_id)}` }, statusText(lang, status.get(b.batch_id)!)) : ""),
        ),
      ),
    ),
  );
}

// ---- quality and audit --------------------------------------------------------------

function table(
  el: HTMLTableElement,
  lang: Lang,
  heads: readonly Key[],
  rows: readonly (readonly string[])[],
  rowAttrs: (i: number) => Record<string, string> = () => ({}),
): void {
  const doc = el.ownerDocument;
  el.replaceChildren(
    h(doc, "thead", {}, h(doc, "tr", {}, ...heads.map((k) => h(doc, "th", {}, t(lang, k))))),
    h(
      doc,
      "tbody",
      {},
      ...rows.map((cells, i) => h(doc, "tr", { attrs: rowAttrs(i) }, ...cells.map((c) => h(doc, "td", {}, c)))),
    ),
  );
}

export function renderQuality(el: HTMLTableElement, lang: Lang, findings: readonly QualityFinding[]): void {
  table(
    el,
    lang,
    ["q.col.file", "q.col.sheet", "q.col.row", "q.col.column", "q.col.code", "q.col.message"],
    findings.map((f) => [baseName(f.file), f.sheet, String(f.row), f.column, f.code, f.message]),
    (i) => ({ "data-row": String(findings[i]!.row), "data-batch": String(findings[i]!.batch_id) }),
  );
}

export function renderAudit(el: HTMLTableElement, lang: Lang, entries: readonly AuditEntry[]): void {
  const newest = [...entries].reverse();
  table(
    el,
    lang,
    ["audit.col.at", "audit.col.action", "audit.col.detail", "audit.col.rows", "audit.col.masked"],
    newest.map((e) => [
      e.at.replace("T", " ").slice(0, 19),
      e.action,
      e.detail,
      formatNumber(lang, e.rows),
      e.masked === null ? "" : t(lang, e.masked ? "yes" : "no"),
    ]),
  );
}
