// The Lists screen: per kind, the versions in force and the superseded and retired ones,
// each with its own date (editable), scope, rows and what it replaced, and buttons to
// retire or restore it. Owns its element, its data and its handlers; main.ts only gives
// it the place, the language and what to do after a change.

import type { ListVersion } from "../bindings";
import { h } from "../dom";
import { baseName } from "../errors";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import {
  canRestore,
  listDateText,
  scopeText,
  statusText,
  versionsByKind,
  type KindVersions,
} from "../list-versions";
import { LIST_KINDS } from "../vocabulary";

/** The commands this screen calls (the app's `api`, or a fake in tests). */
export interface ListsApi {
  listVersions(): Promise<ListVersion[]>;
  retireList(batch: number): Promise<void>;
  restoreList(batch: number): Promise<number[]>;
  setListDate(batch: number, date: string): Promise<void>;
}

export interface ListsDeps {
  lang(): Lang;
  busy(): boolean;
  /** Runs a short action, showing its error if it fails. */
  act(job: () => Promise<void>): Promise<void>;
  /** Asks the officer to confirm (window.confirm in the app). */
  confirm(text: string): boolean;
  /** After what is in force changed: refresh the banner and the overview. */
  changed(): Promise<void>;
}

type Msg = { key: Key; vars?: Record<string, string | number> };

const COLUMNS: readonly Key[] = [
  "lists.col.batch",
  "lists.col.date",
  "lists.col.status",
  "lists.col.scope",
  "lists.col.rows",
  "lists.col.file",
  "lists.col.changes",
  "lists.col.actions",
];

/** Under the date field: the date in words when they differ from the field, and its source. */
function dateNote(lang: Lang, v: ListVersion): string {
  const words = listDateText(lang, v.list_date);
  const from = t(lang, "lists.dateFrom", { source: t(lang, `lists.source.${v.list_date_source}`) });
  return words === (v.list_date ?? "") ? from : `${words} · ${from}`;
}

export class ListsScreen {
  /** Every version, as last loaded; the overview reads it too. */
  versions: ListVersion[] = [];
  private messages: Msg[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ListsApi,
    private readonly deps: ListsDeps,
  ) {
    root.addEventListener("click", (e) => this.onClick(e));
    root.addEventListener("change", (e) => this.onChange(e));
  }

  async load(): Promise<void> {
    this.versions = await this.api.listVersions();
    this.render();
  }

  render(): void {
    const lang = this.deps.lang();
    const doc = this.root.ownerDocument;
    const groups = versionsByKind(LIST_KINDS, this.versions);
    this.root.replaceChildren(
      h(doc, "p", { class: "hint" }, t(lang, "lists.hint")),
      h(doc, "p", { id: "lists-msg", class: "status" }, this.messages.map((m) => t(lang, m.key, m.vars)).join(" ")),
      ...(groups.length === 0 ? [h(doc, "p", { class: "muted", id: "lists-none" }, t(lang, "lists.none"))] : []),
      ...groups.map((g) => this.kindCard(doc, lang, g)),
    );
  }

  private kindCard(doc: Document, lang: Lang, g: KindVersions): HTMLElement {
    return h(
      doc,
      "section",
      { class: "card lists-kind", attrs: { "data-kind": g.kind } },
      h(
        doc,
        "h3",
        {},
        t(lang, `import.kind.${g.kind}`),
        " ",
        h(doc, "span", { class: "muted" }, t(lang, "lists.kindCount", { inForce: g.inForce.length, history: g.history.length })),
      ),
      h(
        doc,
        "div",
        { class: "scroll-x" },
        h(
          doc,
          "table",
          { class: "plain versions" },
          h(doc, "thead", {}, h(doc, "tr", {}, ...COLUMNS.map((k) => h(doc, "th", {}, t(lang, k))))),
          h(doc, "tbody", {}, ...[...g.inForce, ...g.history].map((v) => this.versionRow(doc, lang, v))),
        ),
      ),
    );
  }

  private versionRow(doc: Document, lang: Lang, v: ListVersion): HTMLElement {
    const date = h(doc, "input", {
      class: "l-date",
      title: t(lang, "lists.dateHint"),
      attrs: { type: "text", "data-batch": String(v.batch_id), "aria-label": t(lang, "lists.col.date"), size: "10" },
    });
    date.value = v.list_date ?? "";
    date.placeholder = t(lang, "lists.noDate");
    date.disabled = this.deps.busy();
    const state: (Node | string)[] = [h(doc, "span", { class: `badge status-${v.status}` }, statusText(lang, v.status))];
    if (v.superseded_by !== null) state.push(" ", t(lang, "lists.supersededBy", { batch: v.superseded_by }));
    // A version out of force is out whole; the parts matter only while it counts.
    if (v.status === "in_force" && v.parts_replaced.length > 0) {
      state.push(h(doc, "br"), h(doc, "span", { class: "muted" }, t(lang, "lists.partsReplaced", { parts: v.parts_replaced.join("、") })));
    }
    const replaced = v.replaced.map((r) =>
      h(
        doc,
        "div",
        { class: "replaced", attrs: { "data-replaced": String(r.batch_id) } },
        t(lang, "lists.replaced", {
          batch: r.batch_id,
          part: r.whole ? "" : ` · ${r.parts.join("、")}`,
          rows: formatNumber(lang, r.rows_replaced),
          left: formatNumber(lang, r.people_left),
          joined: formatNumber(lang, r.people_joined),
        }),
      ),
    );
    const button = (cls: string, key: Key) =>
      h(doc, "button", { class: cls, attrs: { type: "button", "data-batch": String(v.batch_id) } }, t(lang, key));
    const actions = [
      v.status === "in_force" ? button("l-retire", "lists.retire") : null,
      canRestore(v) ? button("l-restore", "lists.restore") : null,
    ].filter((b): b is HTMLButtonElement => b !== null);
    for (const b of actions) b.disabled = this.deps.busy();
    return h(
      doc,
      "tr",
      { class: `version ${v.status === "in_force" ? "" : "history"}`.trim(), attrs: { "data-batch": String(v.batch_id), "data-status": v.status } },
      h(doc, "td", { class: "num" }, String(v.batch_id)),
      h(
        doc,
        "td",
        { class: "date" },
        date,
        h(doc, "br"),
        h(doc, "span", { class: "muted" }, dateNote(lang, v)),
      ),
      h(doc, "td", { class: "state" }, ...state),
      h(doc, "td", { class: "scope" }, scopeText(lang, v.scope)),
      h(doc, "td", { class: "num" }, formatNumber(lang, v.rows)),
      h(
        doc,
        "td",
        { class: "file", title: v.file },
        baseName(v.file),
        h(doc, "br"),
        h(
          doc,
          "span",
          { class: "muted" },
          [v.imported_at.replace("T", " ").slice(0, 16), v.source_unit ? t(lang, "lists.sourceUnit", { unit: v.source_unit }) : ""]
            .filter(Boolean)
            .join(" · "),
        ),
      ),
      h(doc, "td", { class: "changes" }, ...replaced),
      h(doc, "td", { class: "actions" }, ...actions),
    );
  }

  private onClick(event: Event): void {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button.l-retire, button.l-restore");
    if (!button || this.deps.busy()) return;
    const batch = Number(button.dataset.batch);
    const version = this.versions.find((v) => v.batch_id === batch);
    if (!version) return;
    if (button.classList.contains("l-retire")) void this.retire(version);
    else void this.restore(version);
  }

  private onChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (!input.classList?.contains("l-date")) return;
    const batch = Number(input.dataset.batch);
    const date = input.value.trim();
    void this.run([{ key: "lists.dateSaved", vars: { batch, date: listDateText(this.deps.lang(), date) } }], () =>
      this.api.setListDate(batch, date),
    );
  }

  private async retire(v: ListVersion): Promise<void> {
    if (!this.deps.confirm(t(this.deps.lang(), "lists.retireConfirm", { batch: v.batch_id, file: baseName(v.file) }))) return;
    await this.run([{ key: "lists.retired", vars: { batch: v.batch_id } }], () => this.api.retireList(v.batch_id));
  }

  private async restore(v: ListVersion): Promise<void> {
    let beside: number[] = [];
    const done: Msg[] = [{ key: "lists.restored", vars: { batch: v.batch_id } }];
    await this.run(done, async () => {
      beside = await this.api.restoreList(v.batch_id);
      if (beside.length > 0) done.push({ key: "lists.restoredBeside", vars: { batches: beside.join("、") } });
    });
  }

  /** Runs a change, then reloads the versions and tells the app; `done` shows if it worked. */
  private async run(done: Msg[], change: () => Promise<void>): Promise<void> {
    this.messages = [];
    let ok = false;
    await this.deps.act(async () => {
      await change();
      ok = true;
    });
    if (ok) this.messages = done;
    await this.deps.act(async () => {
      await this.load();
      await this.deps.changed();
    });
    this.render();
  }
}
