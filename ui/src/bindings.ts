// Generated from the engine's Rust types by tests/ts_bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test --test ts_bindings` instead.

/**
 * Which department's list a file is.
 */
export type ListKind = "household" | "enrolment" | "birth" | "school" | "welfare" | "roster" | "death" | "exclusion";

/**
 * "This column holds this role": `role` is a role's stable name (`id_number`, `name`, …),
 * `column` a header text or an Excel column letter (`C`).
 */
export type ColumnMapping = { role: string, column: string, };

/**
 * Choices the user makes for one import.
 */
export type ImportOptions = { 
/**
 * The list kind; guessed from the headers and file name when absent.
 */
kind: ListKind | null, 
/**
 * Replace an earlier batch with the same content instead of refusing it.
 */
replace: boolean, 
/**
 * Columns the user assigned to roles, overriding the guess. A confirmed mapping is
 * saved and reused for later files with the same header.
 */
mapping: Array<ColumnMapping>, };

/**
 * The outcome of importing one file.
 */
export type ImportSummary = { 
/**
 * The new batch's id in the database.
 */
batch_id: number, 
/**
 * File name, without directories.
 */
file: string, kind: ListKind, 
/**
 * Sheets the rows came from, in workbook order.
 */
sheets: Array<string>, 
/**
 * Data rows seen (header, title, blank and totals rows excluded).
 */
rows_read: number, 
/**
 * Rows stored as people.
 */
rows_imported: number, 
/**
 * Stored rows with at least one quality finding (e.g. an unusable ID).
 */
rows_with_problems: number, 
/**
 * The earlier batch this one replaced, when `replace` was asked for.
 */
replaced_batch: number | null, 
/**
 * True when a mapping saved for this header layout was applied.
 */
used_saved_mapping: boolean, };

/**
 * The step a long job is in.
 */
export type Stage = "reading" | "storing" | "analysing";

/**
 * One progress report.
 */
export type ProgressUpdate = { stage: Stage, 
/**
 * File being worked on, by name only (no directories), when there is one.
 */
file: string | null, 
/**
 * Units done so far (rows, usually).
 */
done: number, 
/**
 * Units in all, when known.
 */
total: number | null, };

/**
 * The stable machine code of a gap rule (DOMAIN.md, "The gap rules").
 */
export type GapCode = "lapsed" | "resident_not_enrolled";

/**
 * One flagged person in the latest analysis.
 */
export type Gap = { code: GapCode, 
/**
 * The normalised 18-digit ID, absent when the list had no usable ID.
 */
id_number: string | null, 
/**
 * The ID for display: first 6 and last 4 digits, the rest masked.
 */
id_masked: string | null, 
/**
 * The name as the list wrote it.
 */
name: string, 
/**
 * YYYY-MM-DD.
 */
birth_date: string | null, 
/**
 * 男 or 女.
 */
sex: string | null, township: string | null, village: string | null, 
/**
 * Why this person is flagged, in Chinese an officer can check.
 */
reason: string, 
/**
 * The list row the person came from.
 */
source_file: string, source_sheet: string, 
/**
 * The row number as Excel shows it (1-based).
 */
source_row: number, };

/**
 * How many gaps one code produced.
 */
export type GapCount = { code: GapCode, count: number, };

/**
 * Counts for one analysis (one as-of date).
 */
export type AnalysisSummary = { analysis_id: number, 
/**
 * YYYY-MM-DD.
 */
as_of: string, coverage_year: number, 
/**
 * Living household residents considered.
 */
residents: number, 
/**
 * Of those, residents with an active enrolment for the coverage year.
 */
enrolled_residents: number, 
/**
 * enrolled_residents ÷ residents, 0 when there are no residents.
 */
coverage_rate: number, gaps_total: number, 
/**
 * Gaps per code, in code order, codes with no gap left out.
 */
gaps_by_code: Array<GapCount>, };

/**
 * How usable an ID from a list is.
 */
export type IdStatus = "valid" | "upgraded_legacy" | "residence_permit" | "missing" | "lost_precision" | "bad_checksum" | "bad_birth_date" | "bad_region" | "malformed";

/**
 * One problem in one cell of one list.
 */
export type QualityFinding = { batch_id: number, file: string, sheet: string, 
/**
 * The row as Excel shows it.
 */
row: number, 
/**
 * The column's header text.
 */
column: string, 
/**
 * A stable code (`id_lost_precision`, `duplicate_in_list`, `id_name_conflict`, …).
 */
code: string, 
/**
 * What is wrong and what to do, in Chinese.
 */
message: string, };

/**
 * What went wrong, with enough context for the user to act on it.
 */
export type ErrorKind = { "kind": "file_unreadable", file: string, reason: string, } | { "kind": "not_a_spreadsheet", file: string, reason: string, } | { "kind": "password_protected", file: string, } | { "kind": "empty_file", file: string, } | { "kind": "missing_column", file: string, column: string, examples: string, } | { "kind": "unknown_kind", file: string, } | { "kind": "already_imported", file: string, batch: number, imported_at: string, } | { "kind": "invalid_argument", message: string, } | { "kind": "not_ready", message: string, } | { "kind": "database", message: string, } | { "kind": "write_failed", file: string, reason: string, } | { "kind": "cancelled" };
