// PROVISIONAL local placeholder (not committed): the engine's ts_bindings test writes the real file.
export type Stage = "reading" | "storing" | "analysing";
export type ProgressUpdate = { stage: Stage, file: string | null, done: number, total: number | null, };
export type ListKind = "household" | "enrolment";
export type ImportSummary = { batch_id: number, file: string, kind: ListKind, sheets: Array<string>, rows_read: number, rows_imported: number, rows_with_problems: number, replaced_batch: number | null, };
export type GapCode = "lapsed" | "resident_not_enrolled";
export type GapCount = { code: GapCode, count: number, };
export type AnalysisSummary = { analysis_id: number, as_of: string, coverage_year: number, residents: number, enrolled_residents: number, coverage_rate: number, gaps_total: number, gaps_by_code: Array<GapCount>, };
export type Gap = { code: GapCode, id_number: string | null, id_masked: string | null, name: string, birth_date: string | null, sex: string | null, township: string | null, village: string | null, reason: string, source_file: string, source_sheet: string, source_row: number, };
export type ErrorKind = { "kind": "file_unreadable", file: string, reason: string, } | { "kind": "not_a_spreadsheet", file: string, reason: string, } | { "kind": "empty_file", file: string, } | { "kind": "missing_column", file: string, column: string, examples: string, } | { "kind": "unknown_kind", file: string, } | { "kind": "already_imported", file: string, batch: number, imported_at: string, } | { "kind": "invalid_argument", message: string, } | { "kind": "not_ready", message: string, } | { "kind": "database", message: string, } | { "kind": "write_failed", file: string, reason: string, } | { "kind": "cancelled" };
