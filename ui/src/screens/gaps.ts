//! The gaps screen: the menus that narrow the list (type, township → village, unit,
//! priority, follow-up status, name or ID), the grid, a column chooser, the export of what
//! is shown (always masked), the detail panel of the row clicked, and one outcome for the
//! rows picked. Arrow keys, Page Up/Down, Home and End move the open row.

import type { Outcome } from "../bindings";
import { today } from "../dates";
import { h, setOptions } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { facets, filterGaps, NO_FILTER, type GapFilter } from "../logic";
import { GAP_CODES, gapLabel, OUTCOMES, PRIORITIES, priorityLabel } from "../vocabulary";
import { checkOutcome, readOutcome, renderBatchBar, renderDetail } from "./gap-detail";
import { renderHistory } from "./person-history";
import { byUrgency, GapGrid, GRID_COLUMNS, gridRow, type GridRow } from "./gap-grid";
import { byId, msgText, type Ctx, type Msg, type Screen } from "./screen";

const FILTERS: readonly [string, keyof GapFilter, Key][] = [
  ["f-code", "code", "gaps.filter.code"],
  ["f-township", "township", "gaps.filter.township"],
  ["f-village", "village", "gaps.filter.village"],
  ["f-unit", "unit", "gaps.filter.unit"],
  ["f-priority", "priority", "gaps.filter.priority"],
  ["f-status", "status", "gaps.filter.status"],
];

export class GapsScreen implements Screen {
  private readonly search = byId<HTMLInputElement>("f-search");
  private readonly shownEl = byId<HTMLElement>("gaps-shown");
  private readonly detail = byId<HTMLElement>("gap-detail");
  private readonly batch = byId<HTMLFormElement>("gaps-batch");
  private readonly chooser = byId<HTMLElement>("gaps-columns");
  private readonly exportButton = byId<HTMLButtonElement>("gaps-export");
  private readonly grid: GapGrid;
  private filter: GapFilter = { ...NO_FILTER };
  private open: number | null = null;
  private readonly picked = new Set<number>();
  private readonly hidden = new Set<string>();
  private detailMsg: Msg = null;
  private batchMsg: Msg = null;
  private exportMsg: Msg = null;
  private gridLang: Lang;
  /** The gap indices the menus keep, in the grid's default order. */
  private rows: GridRow[] = [];

  constructor(private readonly ctx: Ctx) {
    this.gridLang = ctx.store.state.lang;
    this.grid = new GapGrid(byId("gaps-grid"), this.gridLang, this.hidden, {
      open: (index) => this.openGap(index),
      pick: (index, on) => this.pick([index], on),
      shown: (count) => this.renderShown(count),
    });
    for (const [id, field] of FILTERS) {
      const input = byId<HTMLSelectElement>(id);
      input.addEventListener("change", () => {
        (this.filter as unknown as Record<string, string>)[field] = input.value;
        if (field === "township") this.filter.village = "";
        this.renderFilters();
        this.applyFilter();
      });
    }
    let searchTimer = 0;
    this.search.addEventListener("input", () => {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => {
        this.filter.search = this.search.value;
        this.applyFilter();
      }, 150);
    });
    byId<HTMLButtonElement>("f-clear").addEventListener("click", () => {
      this.filter = { ...NO_FILTER };
      this.grid.clearHeaderFilters();
      this.renderFilters();
      this.applyFilter();
    });
    byId<HTMLButtonElement>("gaps-pick-shown").addEventListener("click", () => this.pick(this.grid.shownRows().map((r) => r.index), true));
    byId<HTMLButtonElement>("gaps-columns-toggle").addEventListener("click", () => (this.chooser.hidden = !this.chooser.hidden));
    this.chooser.addEventListener("change", (e) => {
      const box = e.target as HTMLInputElement;
      const field = box.dataset.field ?? "";
      if (box.checked) this.hidden.delete(field);
      else this.hidden.add(field);
      this.grid.setColumnVisible(field, box.checked);
    });
    this.exportButton.addEventListener("click", () => void this.exportShown());
    this.detail.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveOne();
    });
    this.detail.addEventListener("input", (e) => this.rememberOfficer(e.target, "d-officer"));
    this.detail.addEventListener("click", (e) => {
      if ((e.target as HTMLElement).id === "d-history-btn") void this.showHistory();
    });
    this.batch.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveBatch();
    });
    this.batch.addEventListener("input", (e) => this.rememberOfficer(e.target, "b-officer"));
    this.batch.addEventListener("click", (e) => {
      if ((e.target as HTMLElement).id === "b-clear") this.pick([...this.picked], false);
    });
    ctx.store.subscribe(["gaps", "outcomes"], () => this.refreshRows());
  }

  render(): void {
    const lang = this.ctx.store.state.lang;
    if (lang !== this.gridLang) {
      this.gridLang = lang;
      this.rows = this.buildRows();
      void this.grid.rebuild(lang, this.rows);
    }
    this.renderFilters();
    this.renderChooser();
    this.renderDetailPanel();
    this.renderBatch();
    this.renderExportMsg();
    this.grid.redraw();
  }

  private renderExportMsg(): void {
    byId<HTMLElement>("gaps-export-msg").textContent = msgText(this.ctx, this.exportMsg);
  }

  enter(): void {
    requestAnimationFrame(() => this.grid.redraw());
  }

  setBusy(busy: boolean): void {
    this.exportButton.disabled = busy || this.ctx.store.state.gaps.length === 0;
  }

  key(event: KeyboardEvent): boolean {
    const rows = this.grid.shownRows();
    if (rows.length === 0) return false;
    const pos = rows.findIndex((r) => r.index === this.open);
    const page = 10;
    const moves: Record<string, number> = {
      ArrowDown: pos + 1,
      ArrowUp: Math.max(0, pos - 1),
      PageDown: pos + page,
      PageUp: Math.max(0, pos - page),
      Home: 0,
      End: rows.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return false;
    this.openGap(rows[Math.max(0, Math.min(rows.length - 1, to))]!.index);
    return true;
  }

  /** The rows the menus keep, most pressing first. */
  private buildRows(): GridRow[] {
    const { lang, gaps, outcomes } = this.ctx.store.state;
    return filterGaps(gaps, outcomes, this.filter)
      .map((i) => gridRow(lang, gaps[i]!, i, outcomes.get(gaps[i]!.person_key), this.picked.has(i)))
      .sort(byUrgency);
  }

  /** New analysis or outcomes: rows rebuilt, a pick or open row that no longer exists dropped. */
  private refreshRows(): void {
    const n = this.ctx.store.state.gaps.length;
    for (const i of [...this.picked]) if (i >= n) this.picked.delete(i);
    if (this.open !== null && this.open >= n) this.open = null;
    // The visible screen re-renders on the same change (main.ts); only the rows here.
    this.applyFilter();
  }

  private applyFilter(): void {
    this.rows = this.buildRows();
    void this.grid.show(this.rows).then(() => this.grid.focus(this.open));
  }

  private renderShown(count: number): void {
    const { lang, gaps } = this.ctx.store.state;
    this.shownEl.textContent = t(lang, "gaps.shown", { shown: formatNumber(lang, count), total: formatNumber(lang, gaps.length) });
    this.shownEl.dataset.count = String(count);
  }

  private renderFilters(): void {
    const { lang: L, gaps } = this.ctx.store.state;
    const f = this.filter;
    const allOf = (key: Key): [string, string] => ["", `${t(L, key)}${L === "zh" ? "：" : ": "}${t(L, "gaps.filter.all")}`];
    const fc = facets(gaps, f.township);
    const pairs = (values: readonly string[]) => values.map((v) => [v, v] as [string, string]);
    const options: Record<keyof GapFilter, [string, string][]> = {
      code: GAP_CODES.map((c) => [c, gapLabel(L, c)]),
      township: pairs(fc.townships),
      village: pairs(fc.villages),
      unit: pairs(fc.units),
      priority: PRIORITIES.map((p) => [p, priorityLabel(L, p)]),
      status: [["none", t(L, "status.none")], ...OUTCOMES.map((o) => [o, t(L, `outcome.${o}`)] as [string, string])],
      search: [],
    };
    for (const [id, field, key] of FILTERS) setOptions(byId<HTMLSelectElement>(id), [allOf(key), ...options[field]], f[field]);
    this.search.value = f.search;
  }

  private renderChooser(): void {
    const lang = this.ctx.store.state.lang;
    const doc = this.chooser.ownerDocument;
    this.chooser.replaceChildren(
      ...GRID_COLUMNS.map(([field, key]) => {
        const box = h(doc, "input", { attrs: { type: "checkbox", "data-field": field } });
        box.checked = !this.hidden.has(field);
        return h(doc, "label", {}, box, ` ${t(lang, key)}`);
      }),
    );
  }

  private renderDetailPanel(): void {
    const { lang, gaps, outcomes, officer } = this.ctx.store.state;
    const gap = this.open === null ? null : (gaps[this.open] ?? null);
    renderDetail(this.detail, lang, { gap, outcome: gap ? outcomes.get(gap.person_key) : undefined, officer, today: today() });
    const m = this.detail.querySelector("#d-msg");
    if (m) m.textContent = msgText(this.ctx, this.detailMsg);
  }

  /** Loads the open person's history into the detail panel (on demand: it reads every
   * analysis the person was in). */
  private async showHistory(): Promise<void> {
    const { gaps } = this.ctx.store.state;
    const gap = this.open === null ? null : gaps[this.open];
    if (!gap) return;
    await this.ctx.act(async () => {
      const history = await this.ctx.api.personHistory(gap.person_key);
      const el = this.detail.querySelector<HTMLElement>("#d-history");
      if (!el) return;
      renderHistory(el, this.ctx.store.state.lang, history);
      el.scrollIntoView({ block: "nearest" });
    });
  }

  private renderBatch(): void {
    const { lang, officer } = this.ctx.store.state;
    // Counted by person, as the outcome is recorded: one person can be on two rows.
    renderBatchBar(this.batch, lang, this.pickedKeys().length, officer, today());
    const m = this.batch.querySelector("#b-msg");
    if (m) m.textContent = msgText(this.ctx, this.batchMsg);
  }

  private openGap(index: number): void {
    if (this.open !== index) this.detail.scrollTop = 0;
    this.open = index;
    this.detailMsg = null;
    this.renderDetailPanel();
    void this.grid.focus(index);
  }

  private pick(indices: readonly number[], on: boolean): void {
    for (const i of indices) {
      if (on) this.picked.add(i);
      else this.picked.delete(i);
    }
    this.batchMsg = null;
    for (const row of this.rows) row.selected = this.picked.has(row.index);
    void this.grid.setPicked(indices, on);
    this.renderBatch();
  }

  /** The officer's name is kept for the session as soon as it is typed. */
  private rememberOfficer(target: EventTarget | null, id: string): void {
    if (target instanceof HTMLInputElement && target.id === id) this.ctx.store.set({ officer: target.value });
  }

  private async saveOne(): Promise<void> {
    const gap = this.open === null ? null : this.ctx.store.state.gaps[this.open];
    if (!gap) return;
    if (await this.save([gap.person_key], readOutcome(this.detail, "d"), (m) => (this.detailMsg = m))) {
      this.detailMsg = { key: "detail.saved" };
    }
    this.renderDetailPanel();
  }

  private pickedKeys(): string[] {
    const { gaps } = this.ctx.store.state;
    return [...new Set([...this.picked].flatMap((i) => (gaps[i] ? [gaps[i].person_key] : [])))];
  }

  private async saveBatch(): Promise<void> {
    const keys = this.pickedKeys();
    const count = keys.length;
    if (await this.save(keys, readOutcome(this.batch, "b"), (m) => (this.batchMsg = m))) {
      this.picked.clear();
      this.batchMsg = { key: "batch.saved", vars: { count: formatNumber(this.ctx.store.state.lang, count) } };
      this.applyFilter();
    }
    this.renderBatch();
  }

  /** Checks and records one outcome for `keys` in one command; false (with `say`) when refused. */
  private async save(keys: string[], input: ReturnType<typeof readOutcome>, say: (m: Msg) => void): Promise<boolean> {
    const checked = checkOutcome(input);
    if (checked.error !== null) {
      say({ key: checked.error });
      return false;
    }
    const { ctx } = this;
    let ok = false;
    await ctx.act(async () => {
      await ctx.api.recordOutcomes(keys, input.outcome as Outcome, checked.date, input.officer.trim() || null, input.note.trim() || null);
      ctx.store.set({ officer: input.officer, outcomes: new Map(Object.entries(await ctx.api.latestOutcomes())), report: await ctx.api.report() });
      ok = true;
    });
    return ok;
  }

  /** The rows shown now (menus and header filters), as masked worklists in a chosen folder. */
  private async exportShown(): Promise<void> {
    const { ctx } = this;
    const { lang, gaps } = ctx.store.state;
    const keys = [...new Set(this.grid.shownRows().map((r) => gaps[r.index]!.person_key))];
    if (keys.length === 0) return;
    await ctx.act(async () => {
      const dir = await ctx.api.pickFolder(t(lang, "wl.folderTitle"));
      if (!dir) return;
      const done = await ctx.api.exportWorklists(dir, {
        split_by: null,
        codes: [],
        unmasked_reason: null,
        unit: null,
        only_not_followed_up: false,
        only_urgent: false,
        detail_sheet: false,
        target_rate: null,
        // Everyone shown: an empty list would mean everyone in the analysis.
        person_keys: keys,
      });
      this.exportMsg = { key: "gaps.exported", vars: { files: formatNumber(lang, done.files.length), rows: formatNumber(lang, done.rows), dir: done.dir } };
      this.renderExportMsg();
    });
  }
}
