//! The audit log, newest first, with its hash chain checked on request. Actions are named
//! in the officer's language, times as YYYY-MM-DD HH:MM.

import type { AuditEntry } from "../bindings";
import { formatTimestamp } from "../dates";
import { h } from "../dom";
import { formatNumber, messages, t, type Key, type Lang } from "../i18n";
import { auditDetail } from "../vocabulary";
import { byId, msgText, type Ctx, type Msg, type Screen } from "./screen";

const COLUMNS: readonly Key[] = ["audit.col.at", "audit.col.action", "audit.col.detail", "audit.col.rows", "audit.col.masked"];

/** An action's name in words ("import" → 导入名单); one this UI has no words for, as "other". */
export function actionText(lang: Lang, action: string): string {
  const key = `audit.action.${action}`;
  return key in messages[lang] ? t(lang, key as Key) : t(lang, "audit.action.other");
}

export function renderAudit(el: HTMLTableElement, lang: Lang, entries: readonly AuditEntry[]): void {
  const doc = el.ownerDocument;
  if (entries.length === 0) {
    el.replaceChildren(h(doc, "caption", {}, t(lang, "audit.none")));
    return;
  }
  const rows = [...entries].reverse().map((e) =>
    h(
      doc,
      "tr",
      { attrs: { "data-action": e.action } },
      h(doc, "td", { class: "nowrap" }, formatTimestamp(e.at)),
      h(doc, "td", { class: "nowrap" }, actionText(lang, e.action)),
      h(doc, "td", {}, auditDetail(lang, e)),
      h(doc, "td", { class: "num" }, formatNumber(lang, e.rows)),
      h(doc, "td", {}, e.masked === null ? "" : t(lang, e.masked ? "yes" : "no")),
    ),
  );
  el.replaceChildren(h(doc, "thead", {}, h(doc, "tr", {}, ...COLUMNS.map((k) => h(doc, "th", {}, t(lang, k))))), h(doc, "tbody", {}, ...rows));
}

export class AuditScreen implements Screen {
  private readonly table = byId<HTMLTableElement>("audit-table");
  private readonly result = byId<HTMLElement>("audit-result");
  private entries: AuditEntry[] = [];
  private message: Msg = null;

  constructor(private readonly ctx: Ctx) {
    byId<HTMLButtonElement>("audit-verify").addEventListener("click", () => void this.verify());
  }

  enter(): void {
    void this.ctx.act(async () => {
      this.entries = await this.ctx.api.auditEntries();
      this.render();
    });
  }

  render(): void {
    renderAudit(this.table, this.ctx.store.state.lang, this.entries);
    this.result.textContent = msgText(this.ctx, this.message);
    this.result.className = this.message?.key === "audit.broken" ? "warn" : "ok";
  }

  private async verify(): Promise<void> {
    await this.ctx.act(async () => {
      const broken = await this.ctx.api.auditVerify();
      this.entries = await this.ctx.api.auditEntries();
      this.message = broken === null ? { key: "audit.ok", vars: { count: this.entries.length } } : { key: "audit.broken", vars: { id: broken } };
      this.render();
    });
  }
}
