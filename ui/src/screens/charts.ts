//! Horizontal bar charts (coverage by township, gaps by code, the campaign funnel) drawn
//! as plain elements: a few dozen bars at most, each with its number as text, so a chart
//! library would add weight without adding anything an officer reads.

import type { Funnel } from "../bindings";
import { h } from "../dom";
import { formatNumber, t, type Key, type Lang } from "../i18n";
import { barWidth } from "../logic";

/** A horizontal bar: label, bar of `width`%, value text. */
export function bar(doc: Document, label: string, width: number, value: string, className = ""): HTMLElement {
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

/** The funnel: flagged → contacted → mobilised → enrolled, in people. */
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
    ...steps.map(([key, n]) => bar(doc, t(lang, key), barWidth(n, max), formatNumber(lang, n), key.replace(".", "-"))),
  );
}
