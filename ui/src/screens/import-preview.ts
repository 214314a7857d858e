//! The import preview: one card per chosen file with its kind (detected or forced), what
//! the import will replace, the header row with a role menu per column (the officer fixes
//! a column the reader did not recognise) and the first rows, ID-like cells masked.

import type { ColumnMapping, ImportPreview, ListKind, ListVersion } from "../bindings";
import { h } from "../dom";
import { baseName } from "../errors";
import { t, type Lang } from "../i18n";
import { LIST_KINDS } from "../vocabulary";
import { decisionBlock, type DecisionEntry } from "./import-decision";

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

