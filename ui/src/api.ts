// Typed wrappers over the app's IPC commands (src-tauri/src/commands.rs).
// Rejections carry the engine's ErrorKind; see errors.ts.

import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AnalysisSummary,
  AuditEntry,
  BatchInfo,
  CaseChanges,
  ColumnMapping,
  Decision,
  ExportSummary,
  FollowupSummary,
  Freshness,
  Gap,
  ImportOptions,
  ImportPreview,
  ImportSummary,
  ListKind,
  ListVersion,
  Outcome,
  PersonHistory,
  ProgressUpdate,
  QualityFinding,
  Report,
  ReviewItem,
  Role,
  Settings,
  UnitDispatch,
  WorklistOptions,
} from "./bindings";
import type { AppInfo } from "./bindings-app";

export type OnProgress = (update: ProgressUpdate) => void;

function channel(onProgress: OnProgress): Channel<ProgressUpdate> {
  const ch = new Channel<ProgressUpdate>();
  ch.onmessage = onProgress;
  return ch;
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  pickFiles: (title: string) => invoke<string[]>("pick_files", { title }),
  importFiles: (
    paths: string[],
    kind: ListKind | null,
    options: ImportOptions[] | null,
    onProgress: OnProgress,
  ) =>
    invoke<ImportSummary[]>("import_files", {
      paths,
      kind,
      options,
      channel: channel(onProgress),
    }),
  previewFile: (path: string, kind: ListKind | null, mapping: ColumnMapping[]) =>
    invoke<ImportPreview>("preview_file", { path, kind, mapping }),
  columnRoles: () => invoke<Role[]>("column_roles"),
  batches: () => invoke<BatchInfo[]>("batches"),
  analyze: (asOf: string, onProgress: OnProgress) =>
    invoke<AnalysisSummary>("analyze", { asOf, channel: channel(onProgress) }),
  latestSummary: () => invoke<AnalysisSummary | null>("latest_summary"),
  latestGaps: () => invoke<Gap[]>("latest_gaps"),
  report: () => invoke<Report | null>("report"),
  qualityFindings: (batch: number | null) => invoke<QualityFinding[]>("quality_findings", { batch }),
  saveQuality: (batch: number | null, title: string, fileName: string) =>
    invoke<string | null>("save_quality", { batch, title, fileName }),
  reviewPending: () => invoke<ReviewItem[]>("review_pending"),
  reviewDecide: (itemId: number, decision: Decision) =>
    invoke<void>("review_decide", { itemId, decision }),
  reviewUndo: (itemId: number) => invoke<Decision>("review_undo", { itemId }),
  latestOutcomes: () => invoke<Record<string, Outcome>>("latest_outcomes"),
  recordOutcome: (
    personKey: string,
    outcome: Outcome,
    date: string | null,
    officer: string | null,
    note: string | null,
  ) => invoke<void>("record_outcome", { personKey, outcome, date, officer, note }),
  /** One outcome for several people in one call (all or none); how many were recorded. */
  recordOutcomes: (
    personKeys: string[],
    outcome: Outcome,
    date: string | null,
    officer: string | null,
    note: string | null,
  ) => invoke<number>("record_outcomes", { personKeys, outcome, date, officer, note }),
  pickFolder: (title: string) => invoke<string | null>("pick_folder", { title }),
  exportWorklists: (dir: string, options: WorklistOptions) =>
    invoke<ExportSummary>("export_worklists", { dir, options }),
  openFolder: (dir: string) => invoke<void>("open_folder", { dir }),
  pickFollowup: (title: string) => invoke<string[]>("pick_followup", { title }),
  importFollowup: (paths: string[]) => invoke<FollowupSummary[]>("import_followup", { paths }),
  settingsLoad: () => invoke<Settings>("settings_load"),
  settingsSet: (key: string, value: string) => invoke<Settings>("settings_set", { key, value }),
  backupDb: (title: string, fileName: string) =>
    invoke<string | null>("backup_db", { title, fileName }),
  restoreDb: (title: string) => invoke<string | null>("restore_db", { title }),
  auditEntries: () => invoke<AuditEntry[]>("audit_entries"),
  auditVerify: () => invoke<number | null>("audit_verify"),
  listVersions: () => invoke<ListVersion[]>("list_versions"),
  retireList: (batch: number) => invoke<void>("retire_list", { batch }),
  restoreList: (batch: number) => invoke<number[]>("restore_list", { batch }),
  setListDate: (batch: number, date: string) => invoke<void>("set_list_date", { batch, date }),
  freshness: () => invoke<Freshness>("freshness"),
  caseChanges: () => invoke<CaseChanges>("case_changes"),
  dispatch: () => invoke<UnitDispatch[]>("dispatch"),
  /** One person's history, by the reference the gaps carry as `person_key`. */
  personHistory: (person: string) => invoke<PersonHistory>("person_history", { person }),
  cancelJob: () => invoke<void>("cancel_job"),
  unlockDb: (passphrase: string) => invoke<void>("unlock_db", { passphrase }),
};
