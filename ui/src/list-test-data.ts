// Versions and import summaries for the unit tests of the lists-over-time views.

import type { ImportSummary, ListVersion } from "./bindings";

/** A welfare roll of July 2026 in force, changed by `over`. */
export function version(over: Partial<ListVersion>): ListVersion {
  return {
    batch_id: 1,
    kind: "welfare",
    file: "/d/welfare.xlsx",
    list_date: "2026-07",
    list_date_label: "2026年7月",
    list_date_source: "title",
    source_unit: null,
    scope: { dimension: "county", units: [] },
    scope_label: "全县",
    status: "in_force",
    parts_replaced: [],
    superseded_by: null,
    rows: 578,
    imported_at: "2026-07-05T09:00:00+08:00",
    replaced: [],
    ...over,
  };
}

/** A dry run of an August welfare roll that replaces nothing, changed by `over`. */
export function summary(over: Partial<ImportSummary>): ImportSummary {
  return {
    batch_id: 9,
    file: "/d/welfare-08.xlsx",
    kind: "welfare",
    sheets: ["Sheet1"],
    rows_read: 548,
    rows_imported: 548,
    rows_with_problems: 0,
    replaced_batch: null,
    used_saved_mapping: false,
    list_date: "2026-08",
    list_date_label: "2026年8月",
    list_date_source: "title",
    source_unit: null,
    settled: { scope: { dimension: "county", units: [] }, replacements: [], events: null, older_than: null },
    dry_run: true,
    ...over,
  };
}
