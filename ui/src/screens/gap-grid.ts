//! The gaps table as an Excel user expects it, on Tabulator (MIT; only the modules used are
//! registered): virtual rows, sort by any header, a filter under every header, resizable
//! columns, a column chooser, a frozen name column and horizontal scroll when the window
//! is narrow. The rows arrive most pressing first (urgent, then the nearest deadline);
//! reasons wrap to two lines in their cell and show whole as a tooltip. Only masked IDs are ever given
//! to the grid.

import {
  EditModule,
  FilterModule,
  FormatModule,
  FrozenColumnsModule,
  InteractionModule,
  ResizeColumnsModule,
  ResizeTableModule,
  SortModule,
  Tabulator,
  TooltipModule,
  type ColumnDefinition,
  type RowComponent,
} from "tabulator-tables";
import "tabulator-tables/dist/css/tabulator_simple.min.css";
import type { Gap, Outcome } from "../bindings";
import { t, type Key, type Lang } from "../i18n";
import {
  GAP_CODES,
  gapLabel,
  OUTCOMES,
  outcomeLabel,
  PRIORITIES,
  PRIORITY_RANK,
  priorityLabel,
  reasonText,
} from "../vocabulary";

Tabulator.registerModule([
  EditModule,
  FilterModule,
  FormatModule,
  FrozenColumnsModule,
  InteractionModule,
  ResizeColumnsModule,
  ResizeTableModule,
  SortModule,
  TooltipModule,
]);

/** One row as the grid holds it: words, not codes, so sorting and filtering go by what is shown. */
export interface GridRow {
  /** Index into the gaps array. */
  index: number;
  key: string;
  selected: boolean;
  code: string;
  name: string;
  id: string;
  birth: string;
  township: string;
  village: string;
  unit: string;
  priority: string;
  priorityRank: number;
  deadline: string;
  status: string;
  reason: string;
}

/** The columns the officer can show or hide, in order, with their heading. */
export const GRID_COLUMNS: readonly (readonly [keyof GridRow, Key])[] = [
  ["name", "col.name"],
  ["code", "col.code"],
  ["id", "col.id"],
  ["birth", "col.birth"],
  ["township", "col.township"],
  ["village", "col.village"],
  ["unit", "col.unit"],
  ["priority", "col.priority"],
  ["deadline", "col.deadline"],
  ["status", "col.status"],
  ["reason", "col.reason"],
];

export function gridRow(lang: Lang, gap: Gap, index: number, outcome: Outcome | undefined, selected: boolean): GridRow {
  return {
    index,
    key: gap.person_key,
    selected,
    code: gapLabel(lang, gap.code),
    name: gap.name,
    id: gap.id_masked ?? "",
    birth: gap.birth_date ?? "",
    township: gap.township ?? "",
    village: gap.village ?? "",
    unit: gap.route_type === "township" ? "" : gap.route_unit,
    priority: priorityLabel(lang, gap.priority),
    priorityRank: PRIORITY_RANK[gap.priority],
    deadline: gap.deadline ?? "",
    status: outcomeLabel(lang, outcome),
    reason: reasonText(lang, gap),
  };
}

/** The default order: urgent first, then the nearest deadline (none last), then by name. */
export function byUrgency(a: GridRow, b: GridRow): number {
  if (a.priorityRank !== b.priorityRank) return a.priorityRank - b.priorityRank;
  if (a.deadline !== b.deadline) {
    if (!a.deadline) return 1;
    if (!b.deadline) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  }
  return a.name.localeCompare(b.name, "zh-CN") || a.index - b.index;
}

const WIDTHS: Partial<Record<keyof GridRow, number>> = {
  code: 150,
  name: 96,
  id: 160,
  birth: 104,
  township: 96,
  village: 110,
  unit: 130,
  priority: 76,
  deadline: 104,
  status: 110,
  reason: 420,
};

/** Word lists for the columns whose values are a fixed vocabulary: a menu, not a text box. */
function vocabularyFilter(lang: Lang, field: keyof GridRow): Partial<ColumnDefinition> {
  const values =
    field === "code"
      ? GAP_CODES.map((c) => gapLabel(lang, c))
      : field === "priority"
        ? PRIORITIES.map((p) => priorityLabel(lang, p))
        : field === "status"
          ? [outcomeLabel(lang, undefined), ...OUTCOMES.map((o) => outcomeLabel(lang, o))]
          : null;
  if (!values) return { headerFilter: "input", headerFilterPlaceholder: t(lang, "grid.filter") };
  return { headerFilter: "list", headerFilterParams: { values, clearable: true }, headerFilterFunc: "=" };
}

/** A cell's text in a block that CSS clamps to two lines (the cell itself stays inline-block). */
function clampedText(cell: { getValue(): unknown }): HTMLElement {
  const block = document.createElement("div");
  block.className = "clamp";
  block.textContent = String(cell.getValue() ?? "");
  return block;
}

export function columnDefinitions(lang: Lang, hidden: ReadonlySet<string>): ColumnDefinition[] {
  const pick: ColumnDefinition = {
    title: "",
    field: "selected",
    width: 36,
    frozen: true,
    headerSort: false,
    resizable: false,
    hozAlign: "center",
    cssClass: "pick",
    formatter: (cell) => {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "row-pick";
      box.checked = Boolean(cell.getValue());
      box.setAttribute("aria-label", t(lang, "grid.pick"));
      return box;
    },
  };
  return [
    pick,
    ...GRID_COLUMNS.map(([field, key]): ColumnDefinition => ({
      title: t(lang, key),
      field,
      width: WIDTHS[field],
      minWidth: 60,
      visible: !hidden.has(field),
      frozen: field === "name",
      headerWordWrap: true,
      headerTooltip: true,
      tooltip: true,
      cssClass: `c-${field}`,
      // The reason wraps to two lines (styles/gaps.css: .clamp); the tooltip holds it whole.
      formatter: field === "reason" ? clampedText : "plaintext",
      sorter: field === "priority" ? (_a, _b, ra, rb) => ra.getData().priorityRank - rb.getData().priorityRank : "string",
      ...vocabularyFilter(lang, field),
    })),
  ];
}

export interface GridEvents {
  /** A row was clicked (not its check box): show it in the detail panel. */
  open(index: number): void;
  /** A row's check box was toggled. */
  pick(index: number, picked: boolean): void;
  /** The rows the grid shows changed (a header filter or sort). */
  shown(count: number): void;
}

/** The grid, built once; `show` replaces its rows, `rebuild` its columns (language). */
export class GapGrid {
  private table: Tabulator;
  private ready: Promise<void>;
  /** The gap open in the detail panel: its row is marked wherever it scrolls to. */
  private openIndex: number | null = null;

  constructor(
    private readonly el: HTMLElement,
    lang: Lang,
    private readonly hidden: Set<string>,
    private readonly events: GridEvents,
  ) {
    this.table = this.build(lang);
    this.ready = this.built();
  }

  private build(lang: Lang): Tabulator {
    const table = new Tabulator(this.el, {
      height: "100%",
      layout: "fitData",
      index: "index",
      renderVertical: "virtual",
      columns: columnDefinitions(lang, this.hidden),
      placeholder: t(lang, "gaps.none"),
      rowFormatter: (row) => {
        const d = row.getData() as GridRow;
        const el = row.getElement();
        el.dataset.index = String(d.index);
        el.classList.toggle("picked", d.selected);
        el.classList.toggle("open", d.index === this.openIndex);
      },
    });
    table.on("rowClick", (e, row) => {
      const target = e.target as HTMLElement;
      if (target.classList.contains("row-pick")) {
        const box = target as HTMLInputElement;
        this.events.pick((row.getData() as GridRow).index, box.checked);
        return;
      }
      this.events.open((row.getData() as GridRow).index);
    });
    table.on("dataFiltered", (_filters, rows) => this.events.shown(rows.length));
    return table;
  }

  private built(): Promise<void> {
    return new Promise((resolve) => this.table.on("tableBuilt", () => resolve()));
  }

  /** New columns in `lang` (headers and words), same rows, filters cleared. */
  async rebuild(lang: Lang, rows: GridRow[]): Promise<void> {
    await this.ready;
    this.table.destroy();
    this.table = this.build(lang);
    this.ready = this.built();
    await this.show(rows);
  }

  async show(rows: GridRow[]): Promise<void> {
    await this.ready;
    await this.table.replaceData(rows);
    this.events.shown(this.table.getDataCount("active"));
  }

  /** The rows shown now (after header filters), in their order on screen. */
  shownRows(): GridRow[] {
    return this.table.getRows("active").map((r: RowComponent) => r.getData() as GridRow);
  }

  /** Marks the row of gap `index` as the one open in the detail panel, scrolled into view. */
  async focus(index: number | null): Promise<void> {
    await this.ready;
    const before = this.openIndex;
    this.openIndex = index;
    if (before !== null) this.table.getRow(before)?.reformat();
    if (index === null) return;
    const row = this.table.getRow(index);
    if (!row) return;
    row.reformat();
    await row.scrollTo("nearest", false).catch(() => undefined);
  }

  async setPicked(indices: readonly number[], picked: boolean): Promise<void> {
    await this.ready;
    const updates = indices.map((index) => ({ index, selected: picked }));
    await this.table.updateData(updates);
  }

  setColumnVisible(field: string, visible: boolean): void {
    const column = this.table.getColumn(field);
    if (!column) return;
    if (visible) column.show();
    else column.hide();
  }

  clearHeaderFilters(): void {
    this.table.clearHeaderFilter();
  }

  /** Lays the rows out again (after the screen was hidden, or the window resized). */
  redraw(): void {
    this.table.redraw(true);
  }
}
