//! Worklists: export the field sheets (codes, split, masked or with a stated reason), read
//! the filled sheets back (each unapplied row named by sheet and row), and the funnel.

import type { ExportSummary, FollowupSummary, Gap, SplitBy, UnitDispatch } from "../bindings";
import { h, setOptions } from "../dom";
import { baseName } from "../errors";
import { formatNumber, t } from "../i18n";
import { GAP_CODES, gapLabel } from "../vocabulary";
import { funnelBars } from "./charts";
import { renderDispatch } from "./dispatch";
import { byId, type Ctx, type Screen } from "./screen";

const SPLITS: readonly SplitBy[] = ["township", "village", "school", "agency"];

export class WorklistsScreen implements Screen {
  private readonly codes = byId<HTMLElement>("wl-codes");
  private readonly split = byId<HTMLSelectElement>("wl-split");
  private readonly masked = byId<HTMLInputElement>("wl-masked");
  private readonly unmasked = byId<HTMLInputElement>("wl-unmasked");
  private readonly reason = byId<HTMLInputElement>("wl-reason");
  private readonly exportButton = byId<HTMLButtonElement>("wl-export");
  private readonly open = byId<HTMLButtonElement>("wl-open");
  private readonly result = byId<HTMLElement>("wl-result");
  private readonly followup = byId<HTMLButtonElement>("wl-followup");
  private readonly followupResult = byId<HTMLElement>("wl-followup-result");
  private readonly funnel = byId<HTMLElement>("wl-funnel");
  private readonly dispatch = byId<HTMLElement>("wl-dispatch");
  private units: UnitDispatch[] = [];
  private exported: ExportSummary | null = null;
  private followups: FollowupSummary[] | null = null;

  constructor(private readonly ctx: Ctx) {
    this.masked.addEventListener("change", () => (this.reason.disabled = true));
    this.unmasked.addEventListener("change", () => {
      this.reason.disabled = false;
      this.reason.focus();
    });
    this.exportButton.addEventListener("click", () => void this.exportWorklists());
    this.open.addEventListener("click", () => {
      const dir = this.exported?.dir;
      if (dir) void ctx.act(() => ctx.api.openFolder(dir));
    });
    this.followup.addEventListener("click", () => void this.importFollowup());
  }

  enter(): void {
    void this.loadDispatch();
  }

  /** Each unit's sheet: reloaded on opening the screen and after an export or a return. */
  private async loadDispatch(): Promise<void> {
    await this.ctx.act(async () => {
      this.units = await this.ctx.api.dispatch();
      this.render();
    });
  }

  render(): void {
    const { lang: L, summary, report } = this.ctx.store.state;
    const doc = document;
    const checked = new Set([...this.codes.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value));
    const first = this.codes.childElementCount === 0;
    const counts = new Map(summary?.gaps_by_code.map((c) => [c.code, c.count]) ?? []);
    this.codes.replaceChildren(
      ...GAP_CODES.map((code) => {
        const box = h(doc, "input", { id: `wl-code-${code}`, attrs: { type: "checkbox", value: code } });
        box.checked = first || checked.has(code);
        return h(doc, "label", {}, box, ` ${gapLabel(L, code)} `, h(doc, "span", { class: "muted" }, formatNumber(L, counts.get(code) ?? 0)));
      }),
    );
    setOptions(this.split, [["", t(L, "wl.split.natural")], ...SPLITS.map((s) => [s, t(L, `wl.split.${s}`)] as [string, string])], this.split.value);
    this.reason.disabled = !this.unmasked.checked;
    const ex = this.exported;
    this.open.hidden = !ex;
    this.result.replaceChildren();
    if (ex) {
      const masked = t(L, ex.masked ? "wl.doneMasked" : "wl.doneUnmasked");
      this.result.append(
        h(doc, "p", { id: "wl-done" }, t(L, "wl.done", { files: formatNumber(L, ex.files.length), rows: formatNumber(L, ex.rows), masked, dir: ex.dir })),
        h(doc, "ul", { id: "wl-files", class: "files" }, ...ex.files.map((f) => h(doc, "li", {}, `${baseName(f.file)} · ${formatNumber(L, f.rows)}`))),
      );
    }
    this.followupResult.replaceChildren(
      ...(this.followups ?? []).map((s) => {
        const line = t(L, "wl.followupDone", {
          file: baseName(s.file),
          read: formatNumber(L, s.rows_read),
          applied: formatNumber(L, s.applied),
          updated: formatNumber(L, s.updated),
          unchanged: formatNumber(L, s.unchanged),
          problems: formatNumber(L, s.problems.length),
        });
        // Row 0: the whole sheet (no token or case-code column, not a worklist).
        const problems = s.problems.map((p) =>
          h(doc, "li", {}, t(L, p.row === 0 ? "wl.sheetProblem" : "wl.problem", { sheet: p.sheet, row: p.row, message: L === "en" ? p.message_en : p.message })),
        );
        return h(doc, "div", { class: "followup" }, h(doc, "p", {}, line), h(doc, "ul", { class: "problems" }, ...problems));
      }),
    );
    this.funnel.replaceChildren(report ? funnelBars(doc, L, report.funnel) : doc.createTextNode(""));
    renderDispatch(this.dispatch, L, this.units);
    this.setBusy(this.ctx.store.state.busy);
  }

  setBusy(busy: boolean): void {
    this.exportButton.disabled = busy || !this.ctx.store.state.summary;
    this.followup.disabled = busy;
  }

  private async exportWorklists(): Promise<void> {
    const { ctx } = this;
    const lang = ctx.store.state.lang;
    const codes = [...this.codes.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value) as Gap["code"][];
    const unmasked = this.unmasked.checked;
    const reason = this.reason.value.trim();
    if (unmasked && !reason) {
      ctx.showError({ kind: "invalid_argument", message: t(lang, "wl.reasonNeeded") });
      this.reason.focus();
      return;
    }
    await ctx.act(async () => {
      const dir = await ctx.api.pickFolder(t(lang, "wl.folderTitle"));
      if (!dir) return;
      this.exported = await ctx.api.exportWorklists(dir, {
        split_by: (this.split.value || null) as SplitBy | null,
        codes: codes.length === GAP_CODES.length ? [] : codes,
        unmasked_reason: unmasked ? reason : null,
        unit: null,
        only_not_followed_up: false,
        only_urgent: false,
        detail_sheet: false,
        target_rate: null,
        person_keys: [],
      });
      this.units = await ctx.api.dispatch();
      this.render();
    });
  }

  private async importFollowup(): Promise<void> {
    const { ctx } = this;
    await ctx.act(async () => {
      const paths = await ctx.api.pickFollowup(t(ctx.store.state.lang, "wl.followupTitle"));
      if (paths.length === 0) return;
      this.followups = await ctx.api.importFollowup(paths);
      await ctx.refreshResults();
      this.units = await ctx.api.dispatch();
      this.render();
    });
  }
}
