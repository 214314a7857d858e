// A small DOM builder. Text always goes in as text nodes (never parsed as HTML), so data
// from spreadsheets cannot become markup.

type Child = Node | string | null | undefined | false;

export interface Attrs {
  id?: string;
  class?: string;
  title?: string;
  /** Extra attributes (aria-*, data-*, type, …), set with setAttribute. */
  attrs?: Record<string, string>;
}

/** `<tag>` with `attrs` and `children` (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (attrs.id) el.id = attrs.id;
  if (attrs.class) el.className = attrs.class;
  if (attrs.title) el.title = attrs.title;
  for (const [name, value] of Object.entries(attrs.attrs ?? {})) el.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return el;
}

/** Replaces the options of `select` with `options` ([value, label]) and keeps `value` if offered. */
export function setOptions(
  select: HTMLSelectElement,
  options: readonly (readonly [string, string])[],
  value: string,
): void {
  const doc = select.ownerDocument;
  select.replaceChildren(
    ...options.map(([v, label]) => {
      const o = doc.createElement("option");
      o.value = v;
      o.textContent = label;
      return o;
    }),
  );
  select.value = options.some(([v]) => v === value) ? value : (options[0]?.[0] ?? "");
}
