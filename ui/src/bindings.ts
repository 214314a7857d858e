// Generated from the engine's Rust types by tests/ts_bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test --test ts_bindings` instead.

/**
 * Which department's list a file is.
 */
export type ListKind = "household" | "enrolment" | "birth" | "school" | "welfare" | "roster" | "death" | "exclusion";

/**
 * What a column holds; the stored name is used in saved mappings, on the command line
 * (`--map`) and over IPC.
 */
export type Role = "serial" | "name" | "id_number" | "birth_date" | "sex" | "township" | "village" | "address" | "phone" | "person_status" | "enrol_status" | "status" | "scheme" | "year" | "period_start" | "period_end" | "employer" | "subsidy" | "person_number" | "birth_cert_number" | "mother_name" | "mother_id" | "father_name" | "father_id" | "school" | "grade" | "class" | "student_number" | "agency" | "client_company" | "start_date" | "leave_date" | "welfare_category" | "household_head" | "relation_to_head" | "death_date" | "exclusion_reason";

/**
 * "This column holds this role": `role` by its stable name (`id_number`, `name`, …) over
 * IPC and on the command line, `column` a header text or an Excel column letter (`C`).
 */
export type ColumnMapping = { role: Role, column: string, };

/**
 * How an import treats the versions in force of its kind.
 */
export type ReplaceMode = { "mode": "by_scope" } | { "mode": "adds" } | { "mode": "replaces", "batches": Array<number> };

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
mapping: Array<ColumnMapping>, 
/**
 * What the new version replaces: by scope (the default), nothing, or named batches.
 */
replace_mode: ReplaceMode, 
/**
 * The contribution year of a register that names none (no year column, no year in
 * its sheet names, title or file name).
 */
year: number | null, 
/**
 * The list's own date ("2025-07", "2025-08-31"), overriding what the file says.
 */
list_date: string | null, 
/**
 * Work out what the import would do, report it, and store nothing.
 */
dry_run: boolean, };

/**
 * Where a list's date came from.
 */
export type ListDateSource = "title" | "file_name" | "sheet_name" | "file_modified" | "import_date" | "officer";

/**
 * Along which column a version's scope runs.
 */
export type ScopeDimension = "county" | "events" | "school" | "agency" | "scheme_year" | "category" | "township";

/**
 * What one version covers.
 */
export type Scope = { dimension: ScopeDimension, 
/**
 * The units covered, sorted; empty for the county and for events.
 */
units: Array<string>, };

/**
 * One version (or part of one) a new version took out of force.
 */
export type Replacement = { batch_id: number, file: string, 
/**
 * The replaced version's own date, stored form.
 */
list_date: string | null, 
/**
 * True when the whole version left force; else only `parts` did.
 */
whole: boolean, 
/**
 * The units replaced, in officers' words, when only part was.
 */
parts: Array<string>, 
/**
 * Rows of the replaced version that left force.
 */
rows_replaced: number, 
/**
 * People in the replaced rows and not in the new version.
 */
people_left: number, 
/**
 * People in the new version and not in the replaced rows.
 */
people_joined: number, };

/**
 * For birth and death lists: how many rows are new events and how many were known.
 */
export type EventCount = { new_events: number, known_events: number, };

/**
 * What became of a new version.
 */
export type Settled = { scope: Scope, replacements: Array<Replacement>, events: EventCount | null, 
/**
 * Set when a version in force is newer than this one and covers it: this one was
 * kept as history, not put in force.
 */
older_than: number | null, };

/**
 * Whether a version is used by the rules.
 */
export type VersionStatus = "in_force" | "superseded" | "retired";

/**
 * One version of a list.
 */
export type ListVersion = { batch_id: number, kind: ListKind, file: string, 
/**
 * The list's own date, stored form ("2025-07"); `list_date_label` in words.
 */
list_date: string | null, list_date_label: string, list_date_source: ListDateSource, 
/**
 * The department or unit that sent it, when the file says.
 */
source_unit: string | null, scope: Scope, scope_label: string, status: VersionStatus, 
/**
 * Units of a version in force that newer versions replaced, in words.
 */
parts_replaced: Array<string>, superseded_by: number | null, rows: number, 
/**
 * RFC 3339, local time.
 */
imported_at: string, 
/**
 * What this version replaced when it came.
 */
replaced: Array<Replacement>, };

/**
 * The scheme of an enrolment row.
 */
export type Scheme = "employee" | "resident" | "other";

/**
 * The status of an enrolment row. Only [`EnrolStatus::Active`] counts as enrolled.
 */
export type EnrolStatus = "active" | "suspended" | "terminated" | "other";

/**
 * The state a list row gives its person.
 */
export type PersonStatus = "current" | "moved_out" | "deregistered" | "deceased" | "off_roll" | "left_job";

/**
 * A person's sex, stored (and shown) as 男 / 女: the form lists and the database use.
 */
export type Sex = "男" | "女";

/**
 * A subsidy category an enrolment row names.
 */
export type Subsidy = "none" | "destitute" | "minimum_living" | "near_minimum_living" | "poverty_risk" | "severe_disability" | "orphan" | "other_category";

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
used_saved_mapping: boolean, 
/**
 * The list's own date: stored form, in words, and where it was read.
 */
list_date: string, list_date_label: string, list_date_source: ListDateSource, 
/**
 * The department or unit the title names (填报单位), if any.
 */
source_unit: string | null, 
/**
 * The scope found and what the new version replaced (or, for events, added).
 */
settled: Settled, 
/**
 * True when nothing was stored: the summary says what the import would do.
 */
dry_run: boolean, };

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
 * The stable machine code of a gap rule (docs/rules.md, "The gap rules"), in the order the
 * not-enrolled codes take precedence (docs/rules.md, "Precedence").
 */
export type GapCode = "welfare_not_enrolled" | "newborn_not_enrolled" | "worker_not_enrolled" | "student_not_enrolled" | "lapsed" | "resident_not_enrolled" | "worker_wrong_scheme" | "welfare_not_subsidized";

/**
 * How urgent a gap is.
 */
export type Priority = "urgent" | "high" | "normal";

/**
 * Who follows a gap up: a township (and village), a school, or a staffing agency.
 */
export type RouteType = "township" | "school" | "agency";

/**
 * How the person's enrolment record was found (or not), strongest first.
 */
export type MatchTier = "id_exact" | "id_repaired" | "name_birth" | "none";

/**
 * A list row that contributed to a gap.
 */
export type SourceRow = { kind: ListKind, file: string, sheet: string, row: number, };

/**
 * One flagged person in an analysis.
 */
export type Gap = { code: GapCode, 
/**
 * The normalised 18-digit ID, absent when no list had a usable one.
 */
id_number: string | null, 
/**
 * The ID for display: first 6 and last 4 characters, the rest masked.
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
 * The same reason in English, for the app's English mode; empty for analyses stored
 * before it was kept (show `reason` then).
 */
reason_en: string, 
/**
 * The first list row the person came from (also first in `sources`).
 */
source_file: string, source_sheet: string, 
/**
 * The row number as Excel shows it (1-based).
 */
source_row: number, 
/**
 * Stable across analyses: the ID, or name key and birth date.
 */
person_key: string, 
/**
 * YYYY-MM-DD by which the enrolment should be made, where a rule sets one.
 */
deadline: string | null, priority: Priority, route_type: RouteType, 
/**
 * The township, school or agency that follows the gap up.
 */
route_unit: string, 
/**
 * The village, grade and class, or client company, within the unit.
 */
route_detail: string, match_tier: MatchTier, 
/**
 * Every list row that contributed.
 */
sources: Array<SourceRow>, 
/**
 * The person's phone number from a list, normalised (full; mask before showing).
 */
phone: string | null, };

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
gaps_by_code: Array<GapCount>, 
/**
 * Possible matches waiting for a decision.
 */
review_pending: number, };

/**
 * Coverage of one area.
 */
export type Coverage = { 
/**
 * The township; empty for the whole county.
 */
township: string, 
/**
 * The village; empty for a township's or the county's total.
 */
village: string, residents: number, enrolled: number, 
/**
 * enrolled ÷ residents; 0 when there are no residents.
 */
rate: number, };

/**
 * What changed between the latest analysis and the one before.
 */
export type Changes = { 
/**
 * The analysis compared with, if there was one.
 */
previous_analysis: number | null, 
/**
 * People flagged now and not before.
 */
new_gaps: number, 
/**
 * People flagged both times.
 */
still_open: number, 
/**
 * People flagged before and not now, by why.
 */
closed_enrolled: number, closed_deceased: number, closed_excluded: number, 
/**
 * Settled by a field outcome (insured elsewhere, deceased).
 */
closed_settled: number, 
/**
 * Moved to the review queue.
 */
moved_to_review: number, 
/**
 * No longer on any list.
 */
closed_not_listed: number, };

/**
 * The flagged → contacted → mobilised → enrolled funnel over all analyses.
 */
export type Funnel = { 
/**
 * People flagged in any analysis.
 */
flagged: number, 
/**
 * Of those, people with a field outcome recorded.
 */
contacted: number, 
/**
 * Of those, people mobilised (已动员待缴费) or reported enrolled (已参保).
 */
mobilised: number, 
/**
 * People flagged once and later found enrolled in the enrolment data.
 */
enrolled: number, };

/**
 * Why a person flagged by the analysis before is not flagged now.
 */
export type ClosedBecause = "enrolled" | "deceased" | "excluded" | "settled" | "in_review" | "not_listed";

/**
 * One person who became a case, or stopped being one, since the analysis before.
 */
export type CaseChange = { name: string, id_masked: string | null, 
/**
 * The gap code now (new cases) or before (closed cases).
 */
code: GapCode, 
/**
 * For closed cases: why.
 */
closed_because: ClosedBecause | null, };

/**
 * The people new since the analysis before and those closed, with why: the lists
 * behind [`Changes`]'s counts.
 */
export type CaseChanges = { new_cases: Array<CaseChange>, closed_cases: Array<CaseChange>, };

/**
 * The latest analysis and whether it is current.
 */
export type Freshness = { analysis_id: number | null, 
/**
 * True when the data changed after the latest analysis (or nothing was analysed
 * while lists are imported).
 */
stale: boolean, 
/**
 * The list versions (batch ids) the latest analysis read.
 */
batches_used: Array<number>, };

/**
 * What a person decided about a possible match.
 */
export type Decision = "accept" | "reject";

/**
 * A field of a list row shown beside the two records, in the order shown.
 */
export type ReviewField = "township" | "village" | "school" | "grade" | "class" | "agency" | "client_company" | "welfare_category";

/**
 * One field's value, as the list wrote it.
 */
export type ReviewFact = { field: ReviewField, value: string, };

/**
 * One side of a possible match, as shown to the reviewer (ID masked).
 */
export type ReviewSide = { name: string, id_masked: string | null, birth_date: string | null, sex: string | null, 
/**
 * Which lists name the person, or the enrolment's scheme, status and year.
 */
detail: string, 
/**
 * `detail` in English (empty for items stored before schema 010).
 */
detail_en: string, 
/**
 * What the rows say that helps decide (school, class, agency, category, place).
 */
facts: Array<ReviewFact>, file: string, sheet: string, row: number, };

/**
 * A possible match waiting for a decision.
 */
export type ReviewItem = { 
/**
 * The item's id in the latest analysis (0 before it is stored).
 */
id: number, person: ReviewSide, candidate: ReviewSide, 
/**
 * Why they may be the same person.
 */
why: string, 
/**
 * `why` in English (empty for items stored before schema 010).
 */
why_en: string, };

/**
 * The settings the rules read.
 */
export type Settings = { 
/**
 * The county's name, for titles and reports.
 */
county: string, 
/**
 * Days after birth within which a newborn's enrolment is back-dated to birth.
 */
newborn_grace_days: number, 
/**
 * Days after hiring within which an employer must register a worker.
 */
worker_grace_days: number, 
/**
 * Days after which a list is old enough to warn about.
 */
list_age_warning_days: number, 
/**
 * Days a unit has to return a worklist after it was sent (`dispatch`).
 */
worklist_return_days: number, };

/**
 * Gaps of one code followed up by one unit.
 */
export type UnitCount = { route_type: RouteType, unit: string, code: GapCode, count: number, };

/**
 * Everything `enrolgap report` shows.
 */
export type Report = { summary: AnalysisSummary, 
/**
 * The county first, then each township followed by its villages.
 */
coverage: Array<Coverage>, gaps_by_unit: Array<UnitCount>, changes: Changes, funnel: Funnel, };

/**
 * How worklists are split into files.
 */
export type SplitBy = "township" | "village" | "school" | "agency";

/**
 * What to export.
 */
export type WorklistOptions = { 
/**
 * `None`: every gap, each to its natural unit (township, school, agency).
 */
split_by: SplitBy | null, 
/**
 * Only these codes; empty for all.
 */
codes: Array<GapCode>, 
/**
 * Full IDs and phone numbers, for this stated reason. `None` exports masked.
 */
unmasked_reason: string | null, 
/**
 * Only this unit: a township, school or agency as the analysis names it.
 */
unit: string | null, 
/**
 * Only people with no follow-up outcome recorded yet (未跟进).
 */
only_not_followed_up: boolean, 
/**
 * Only people of urgent or high priority.
 */
only_urgent: boolean, 
/**
 * Add a sheet with every person's detailed reason and source rows.
 */
detail_sheet: boolean, 
/**
 * The coverage rate the county aims at, for the summary (0.95 when `None`).
 */
target_rate: number | null, 
/**
 * Only these people (their `person_key`): the rows an officer filtered on the gaps
 * screen. Empty for everyone the other choices keep.
 */
person_keys: Array<string>, };

/**
 * One written workbook.
 */
export type ExportedFile = { file: string, unit: string, rows: number, };

/**
 * What an export wrote.
 */
export type ExportSummary = { dir: string, 
/**
 * The worklists, then the summary workbook.
 */
files: Array<ExportedFile>, rows: number, masked: boolean, };

/**
 * What came of a follow-up visit or call.
 */
export type Outcome = "enrolled" | "mobilised" | "refused" | "unreachable" | "insured_elsewhere" | "deceased" | "unknown" | "other";

/**
 * A row that could not be applied, and why. `row` 0 stands for the whole sheet.
 */
export type FollowupProblem = { sheet: string, row: number, 
/**
 * What is wrong and what to do, in Chinese (the sheet's own column names quoted).
 */
message: string, 
/**
 * The same in English, for the app's English mode.
 */
message_en: string, };

/**
 * What importing one filled worklist did.
 */
export type FollowupSummary = { file: string, 
/**
 * Non-blank data rows read.
 */
rows_read: number, 
/**
 * Outcomes recorded for the first time.
 */
applied: number, 
/**
 * Outcomes that replaced an earlier one with a later follow-up date.
 */
updated: number, 
/**
 * Rows already imported before, or left blank: nothing to do.
 */
unchanged: number, problems: Array<FollowupProblem>, };

/**
 * One audit entry.
 */
export type AuditEntry = { id: number, 
/**
 * RFC 3339, local time.
 */
at: string, 
/**
 * `import`, `export`, `followup`, …
 */
action: string, 
/**
 * What, in words, in Chinese; never an ID or phone number.
 */
detail: string, 
/**
 * The same in English; the Chinese for entries written before schema 010.
 */
detail_en: string, rows: number, 
/**
 * For exports: whether IDs and phones were masked.
 */
masked: boolean | null, };

/**
 * How far a unit's latest worklist has come back.
 */
export type DispatchStatus = "sent" | "partly_returned" | "completed";

/**
 * One unit's latest worklist and its funnel.
 */
export type UnitDispatch = { route_type: RouteType, 
/**
 * The township, school or agency.
 */
unit: string, 
/**
 * The export the round was sent in.
 */
export_id: number, 
/**
 * The day it was sent, YYYY-MM-DD.
 */
sent_on: string, 
/**
 * The day it should be back by, YYYY-MM-DD.
 */
return_by: string, status: DispatchStatus, 
/**
 * Not completed and the return date has passed.
 */
overdue: boolean, 
/**
 * Cases (people) on the sheet.
 */
sent: number, 
/**
 * Of those, people with an outcome recorded since.
 */
contacted: number, 
/**
 * Of those, people whose latest outcome is mobilised or enrolled.
 */
mobilised: number, 
/**
 * Of those sent, people a later analysis found enrolled.
 */
enrolled: number, 
/**
 * Returned files their outcomes came from.
 */
returned_files: number, 
/**
 * When the latest outcome for the round was recorded (RFC 3339).
 */
last_returned_at: string | null, };

/**
 * One analysis that flagged the person.
 */
export type FlaggedIn = { analysis_id: number, 
/**
 * The analysis's as-of date, YYYY-MM-DD.
 */
as_of: string, code: GapCode, 
/**
 * The reason as that analysis wrote it (digit runs masked).
 */
reason: string, 
/**
 * The same in English (empty for analyses stored before it was kept).
 */
reason_en: string, 
/**
 * Township, school or agency that followed it up.
 */
unit: string, };

/**
 * One analysis in which a case of the person closed.
 */
export type ClosedIn = { analysis_id: number, as_of: string, 
/**
 * The code the case had before it closed.
 */
code: GapCode, closed_because: ClosedBecause | null, };

/**
 * One outcome, as it was recorded.
 */
export type RecordedOutcome = { outcome: Outcome | null, 
/**
 * The date the officer wrote, YYYY-MM-DD, when given.
 */
outcome_date: string | null, officer: string | null, 
/**
 * The note, digit runs masked.
 */
note: string | null, 
/**
 * The returned file it came from; `None` for one recorded by hand in the app.
 */
file: string | null, sheet: string | null, row_number: number | null, 
/**
 * When it was imported or recorded (RFC 3339).
 */
recorded_at: string, };

/**
 * One enrolment row in a register version in force.
 */
export type EnrolmentInForce = { scheme: Scheme | null, status: EnrolStatus | null, year: number | null, period_start: string | null, period_end: string | null, 
/**
 * The register's own date (YYYY-MM-DD), when known.
 */
list_date: string | null, file: string, sheet: string, row_number: number, };

/**
 * Everything the database knows about one person's case, oldest first.
 */
export type PersonHistory = { 
/**
 * The name as the latest gap wrote it.
 */
name: string, 
/**
 * First 6 and last 4 characters of the ID, when the person has one.
 */
id_masked: string | null, 
/**
 * Each analysis that flagged the person.
 */
flagged: Array<FlaggedIn>, 
/**
 * Each analysis in which a case of theirs closed.
 */
closed: Array<ClosedIn>, 
/**
 * Every outcome recorded for them.
 */
outcomes: Array<RecordedOutcome>, 
/**
 * Their rows in the enrolment register versions in force.
 */
enrolments: Array<EnrolmentInForce>, };

/**
 * One column as the import reads it.
 */
export type PreviewColumn = { 
/**
 * Excel's column letter.
 */
letter: string, title: string, 
/**
 * What the column holds, when it holds something the import reads.
 */
role: Role | null, };

/**
 * One sheet that holds (part of) the list.
 */
export type PreviewSheet = { name: string, 
/**
 * The header's row as Excel numbers it.
 */
header_row: number, columns: Array<PreviewColumn>, 
/**
 * The first data rows, as displayed text, one entry per column.
 */
sample: Array<Array<string>>, };

/**
 * What importing a file would do.
 */
export type ImportPreview = { file: string, kind: ListKind, sheets: Array<PreviewSheet>, 
/**
 * True when a mapping saved for this header layout would be applied.
 */
uses_saved_mapping: boolean, 
/**
 * The batch that already holds this exact file, if any.
 */
already_imported: number | null, };

/**
 * One imported file.
 */
export type BatchInfo = { batch_id: number, kind: ListKind, file: string, 
/**
 * RFC 3339, local time.
 */
imported_at: string, rows_imported: number, rows_with_problems: number, };

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
message: string, 
/**
 * The same in English; a finding stored before English was kept, whose text cannot
 * be rebuilt from its code, has the Chinese here.
 */
message_en: string, };

/**
 * What went wrong, with enough context for the user to act on it.
 */
export type ErrorKind = { "kind": "file_unreadable", file: string, reason: string, } | { "kind": "not_a_spreadsheet", file: string, reason: string, } | { "kind": "too_large", file: string, reason: string, } | { "kind": "password_protected", file: string, } | { "kind": "empty_file", file: string, } | { "kind": "missing_column", file: string, column: string, examples: string, } | { "kind": "unknown_kind", file: string, } | { "kind": "kind_unclear", file: string, first: ListKind, second: ListKind, } | { "kind": "already_imported", file: string, batch: number, imported_at: string, } | { "kind": "year_needed", file: string, } | { "kind": "invalid_argument", message: string, } | { "kind": "not_ready", message: string, } | { "kind": "database", message: string, } | { "kind": "wrong_passphrase", given: boolean, } | { "kind": "database_damaged", file: string, } | { "kind": "database_busy", file: string, } | { "kind": "database_in_use", file: string, action: string, } | { "kind": "disk_full", file: string, } | { "kind": "database_io", file: string, } | { "kind": "database_read_only", file: string, } | { "kind": "newer_database", file: string, found: number, supported: number, } | { "kind": "not_our_database", file: string, } | { "kind": "no_database", file: string, } | { "kind": "audit_tampered", entry: number, reason: string, } | { "kind": "not_a_backup", file: string, reason: string, } | { "kind": "write_failed", file: string, reason: string, } | { "kind": "cancelled" };
