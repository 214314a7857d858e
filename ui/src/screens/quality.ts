//! Data quality: every problem row of one import or all, with the sheet, row and column it
//! is in, and the correction list (数据问题更正清单) to send back to the unit that sent it.

import type { QualityFinding } from "../bindings";
import { h, setOptions } from "../dom";
import { baseName } from "../errors";
import { formatNumber, messages, t, type Key, type Lang } from "../i18n";
import { findingMessage } from "../vocabulary";
import { byId, msgText, type Ctx, type Msg, type Screen } from "./screen";

const COLUMNS: readonly Key[] = ["q.col.file", "q.col.sheet", "q.col.row", "q.col.column", "q.col.code", "q.col.message"];

/** A finding's kind in words; a code this UI has no words for yet is "other problem", never the code. */
export function findingKind(lang: Lang, code: string): string {
  const key = `finding.${code}`;
  return key in messages[lang] ? t(lang, key as Key) : t(lang, "finding.other");
}

export function renderQuality(el: HTMLTableElement, lang: Lang, findings: readonly QualityFinding[]): void {
  const doc = el.ownerDocument;
  const rows = findings.map((f) =>
    h(
      doc,
      "tr",
      { attrs: { "data-row": String(f.row), "data-batch": String(f.batch_id), "data-code": f.code } },
      ...[baseName(f.file), f.sheet, formatNumber(lang, f.row), f.column, findingKind(lang, f.code), findingMessage(lang, f)].map((c) => h(doc, "td", {}, c)),
    ),
  );
  el.replaceChildren(h(doc, "thead", {}, h(doc, "tr", {}, ...COLUMNS.map((k) => h(doc, "th", {}, t(lang, k))))), h(doc, "tbody", {}, ...rows));
}

export class QualityScreen implements Screen {
  private readonly batchSelect = byId<HTMLSelectElement>("q-batch");
  private readonly exportButton = byId<HTMLButtonElement>("q-export");
  private readonly count = byId<HTMLElement>("q-count");
  private readonly msg = byId<HTMLElement>("q-msg");
  private readonly table = byId<HTMLTableElement>("q-table");
  private findings: QualityFinding[] = [];
  private batch = "";
  private message: Msg = null;

  constructor(private readonly ctx: Ctx) {
    this.batchSelect.addEventListener("change", () => {
      this.batch = this.batchSelect.value;
      this.message = null;
      void ctx.act(() => this.load());
    });
    this.exportButton.addEventListener("click", () => void this.exportList());
  }

  /** Opens on one import's findings (a link from the import screen). */
  showBatch(batch: string): void {
    this.batch = batch;
  }

  enter(): void {
    void this.ctx.act(() => this.load());
  }

  render(): void {
    const { lang: L, batches } = this.ctx.store.state;
    const options = batches.map(
      (b) => [String(b.batch_id), `${t(L, `import.kind.${b.kind}`)} · ${baseName(b.file)} (${formatNumber(L, b.rows_with_problems)})`] as [string, string],
    );
    setOptions(this.batchSelect, [["", t(L, "q.all")], ...options], this.batch);
    renderQuality(this.table, L, this.findings);
    this.count.textContent = this.findings.length ? t(L, "q.count", { count: formatNumber(L, this.findings.length) }) : t(L, "q.none");
    this.msg.textContent = msgText(this.ctx, this.message);
    this.exportButton.disabled = this.findings.length === 0;
  }

  private async load(): Promise<void> {
    this.findings = await this.ctx.api.qualityFindings(this.batch ? Number(this.batch) : null);
    this.render();
  }

  private async exportList(): Promise<void> {
    const { ctx } = this;
    await ctx.act(async () => {
      const batch = this.batch ? Number(this.batch) : null;
      const b = ctx.store.state.batches.find((x) => x.batch_id === batch);
      const stem = b ? baseName(b.file).replace(/\.[^.]+$/, "") : "全部名单";
      const file = await ctx.api.saveQuality(batch, t(ctx.store.state.lang, "q.saveTitle"), `${stem}-数据问题更正清单.xlsx`);
      if (file) this.message = { key: "q.saved", vars: { file } };
      this.render();
    });
  }
}
