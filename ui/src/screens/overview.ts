//! The overview: the summary sentence (gaps counted as gaps, with the people they concern),
//! county and township coverage, gaps by type, the next steps, the funnel, what changed
//! since the analysis before, and the age of every list in force.

import type { AnalysisSummary, ListKind, Report, CaseChanges } from "../bindings";
import { h } from "../dom";
import { formatNumber, formatPercent, t, type Lang } from "../i18n";
import { listAges, type ListAge } from "../list-versions";
import { barWidth, coverageAxisFloor, notFollowedUp, rateWidth, townshipCoverage } from "../logic";
import type { AppState } from "../store";
import { gapLabel, LIST_KINDS } from "../vocabulary";
import { changesCard } from "./case-changes";
import { bar, funnelBars } from "./charts";
import { listAgeTable } from "./overview-lists";
import { byId, type Ctx, type Screen } from "./screen";

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
  /** People with a possible match waiting (one person may have several candidates). */
  reviewPeople: number;
}

/** The people behind the pending review items: one person may have several candidates. */
export function reviewPeople(review: AppState["review"]): number {
  return new Set(review.map((r) => `${r.person.name}\u0000${r.person.id_masked ?? ""}\u0000${r.person.birth_date ?? ""}`)).size;
}

/** The distinct people among the gaps (one person can have two gaps). */
export function gapPeople(gaps: AppState["gaps"]): number {
  return new Set(gaps.map((g) => g.person_key)).size;
}

function card(doc: Document, id: string, title: string, ...body: (Node | null)[]): HTMLElement {
  return h(doc, "section", { id, class: "card" }, h(doc, "h3", {}, title), ...body);
}

/** The next steps, most useful first. */
export function nextSteps(lang: Lang, data: OverviewData): string[] {
  const steps: string[] = [];
  const has = (kind: ListKind) => data.ages.some((a) => a.kind === kind && a.latest);
  if (!has("household") || !has("enrolment")) steps.push(t(lang, "next.import"));
  else if (!data.report) steps.push(t(lang, "next.analyze"));
  if (data.reviewPeople > 0) steps.push(t(lang, "next.review", { count: formatNumber(lang, data.reviewPeople) }));
  if (data.report && data.notFollowedUp > 0) {
    steps.push(t(lang, "next.worklists", { count: formatNumber(lang, data.notFollowedUp) }));
  }
  const old = data.ages.filter((a) => a.old).length;
  if (old > 0) steps.push(t(lang, "next.oldLists", { count: formatNumber(lang, old) }));
  if (data.qualityRows > 0) steps.push(t(lang, "next.quality", { count: formatNumber(lang, data.qualityRows) }));
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
      ...townships.map((c) => bar(doc, c.township, rateWidth(c.rate, floor), formatPercent(c.rate), c.rate < rate ? "below" : "")),
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
    const codeBars = codes.map((c) =>
      bar(doc, gapLabel(lang, c.code), barWidth(c.count, maxCode), formatNumber(lang, c.count), `code-${c.code}`),
    );
    cards.push(card(doc, "ov-codes-card", t(lang, "ov.byCode"), h(doc, "div", { id: "ov-codes", class: "bars codes" }, ...codeBars)));
    cards.push(card(doc, "ov-funnel-card", t(lang, "ov.funnel"), funnelBars(doc, lang, report.funnel)));
    cards.push(changesCard(doc, lang, { changes: report.changes, cases: data.caseChanges, gapRows: data.gapRows, gapPeople: data.gapPeople }));
  }
  const steps = nextSteps(lang, data).map((s) => h(doc, "li", {}, s));
  const next = card(doc, "ov-next-card", t(lang, "ov.next"), h(doc, "ul", { id: "ov-next" }, ...steps));
  // Next steps where the eye lands: top right once there are results, first without.
  cards.splice(Math.min(2, cards.length), 0, next);
  cards.push(card(doc, "ov-lists-card", t(lang, "ov.lists"), listAgeTable(doc, lang, data.ages, data.warnDays)));
  el.replaceChildren(...cards);
}

/**
 * The summary sentence. The gap total goes in `<strong id="gap-count">` (only the number,
 * formatted like every other count), followed by the people those gaps concern.
 */
export function renderSummary(el: HTMLElement, lang: Lang, summary: AnalysisSummary | null, people: number, inReview: number): void {
  const doc = el.ownerDocument;
  if (!summary) {
    el.replaceChildren(doc.createTextNode(t(lang, "summary.none")));
    return;
  }
  const line = t(lang, "summary.line", {
    asOf: summary.as_of,
    year: summary.coverage_year,
    residents: formatNumber(lang, summary.residents),
    enrolled: formatNumber(lang, summary.enrolled_residents),
    rate: formatPercent(summary.coverage_rate),
  });
  const count = h(doc, "strong", { id: "gap-count", attrs: { "data-count": String(summary.gaps_total) } }, formatNumber(lang, summary.gaps_total));
  const parts = summary.gaps_by_code
    .filter((c) => c.count > 0)
    .map((c) => `${gapLabel(lang, c.code)} ${formatNumber(lang, c.count)}`)
    .join(t(lang, "summary.sep"));
  const tail = " " + t(lang, "summary.people", { people: formatNumber(lang, people) }) + (parts ? t(lang, "summary.byCode", { parts }) : "");
  const review = inReview > 0 ? (lang === "zh" ? "" : " ") + t(lang, "summary.review", { count: formatNumber(lang, inReview) }) : "";
  el.replaceChildren(doc.createTextNode(`${line} `), count, doc.createTextNode(tail + review));
}

export class OverviewScreen implements Screen {
  private readonly summary = byId<HTMLElement>("summary");
  private readonly cards = byId<HTMLElement>("overview");

  constructor(private readonly ctx: Ctx) {}

  data(): OverviewData {
    const s = this.ctx.store.state;
    const asOf = s.summary?.as_of ?? s.asOf;
    const warnDays = s.settings?.list_age_warning_days ?? 90;
    return {
      report: s.report,
      county: s.settings?.county ?? "",
      ages: listAges(LIST_KINDS, s.versions, asOf, warnDays),
      warnDays,
      notFollowedUp: notFollowedUp(s.gaps, s.outcomes),
      qualityRows: s.batches.reduce((n, b) => n + b.rows_with_problems, 0),
      caseChanges: s.caseChanges,
      gapRows: s.gaps.length,
      gapPeople: gapPeople(s.gaps),
      reviewPeople: reviewPeople(s.review),
    };
  }

  render(): void {
    const s = this.ctx.store.state;
    const data = this.data();
    renderSummary(this.summary, s.lang, s.summary, data.gapPeople, data.reviewPeople);
    renderOverview(this.cards, s.lang, data);
  }
}
