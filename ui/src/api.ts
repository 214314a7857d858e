// Typed wrappers over the app's IPC commands (src-tauri/src/commands.rs).
// Rejections carry the engine's ErrorKind; see errors.ts.

import { Channel, invoke } from "@tauri-apps/api/core";
import type { AnalysisSummary, Gap, ImportSummary, ListKind, ProgressUpdate } from "./bindings";
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
  importFiles: (paths: string[], kind: ListKind | null, onProgress: OnProgress) =>
    invoke<ImportSummary[]>("import_files", { paths, kind, channel: channel(onProgress) }),
  analyze: (asOf: string, onProgress: OnProgress) =>
    invoke<AnalysisSummary>("analyze", { asOf, channel: channel(onProgress) }),
  latestSummary: () => invoke<AnalysisSummary | null>("latest_summary"),
  latestGaps: () => invoke<Gap[]>("latest_gaps"),
  cancelJob: () => invoke<void>("cancel_job"),
  unlockDb: (passphrase: string) => invoke<void>("unlock_db", { passphrase }),
};
