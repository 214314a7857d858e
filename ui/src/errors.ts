// Turns what a failed command rejects with into one readable sentence.
//
// Engine errors arrive as the engine's `ErrorKind` (JSON tagged by `kind`); each kind has
// a sentence per language in i18n.ts, filled from the error's fields. Anything else
// (a Tauri error string, a JS exception) becomes "unexpected error: <text>"; raw JSON is
// never shown.

import { formatTimestamp } from "./dates";
import type { ErrorKind } from "./bindings";
import { t, type Key, type Lang } from "./i18n";

type Kind = ErrorKind["kind"];

// Exhaustive: a kind added to the engine fails to compile here until it is listed (and
// then `err.<kind>` must exist in i18n.ts, or `formatError` fails to compile).
const KIND_LIST: Record<Kind, true> = {
  file_unreadable: true,
  not_a_spreadsheet: true,
  password_protected: true,
  too_large: true,
  empty_file: true,
  missing_column: true,
  unknown_kind: true,
  kind_unclear: true,
  year_needed: true,
  already_imported: true,
  invalid_argument: true,
  not_ready: true,
  database: true,
  write_failed: true,
  cancelled: true,
  database_damaged: true,
  database_busy: true,
  database_in_use: true,
  disk_full: true,
  database_io: true,
  database_read_only: true,
  newer_database: true,
  not_our_database: true,
  no_database: true,
  audit_tampered: true,
  not_a_backup: true,
  wrong_passphrase: true,
};
const KINDS: ReadonlySet<string> = new Set(Object.keys(KIND_LIST));

/** True when `value` looks like an engine error. */
export function isEngineError(value: unknown): value is ErrorKind {
  return (
    typeof value === "object" &&
    value !== null &&
    "kind" in value &&
    typeof (value as { kind: unknown }).kind === "string" &&
    KINDS.has((value as { kind: string }).kind)
  );
}

/** Only a file's name, without its folders: messages stay short and paths stay private. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** True when the database needs a (different) passphrase: the UI then asks for one. */
export function needsPassphrase(err: unknown): boolean {
  return isEngineError(err) && err.kind === "wrong_passphrase";
}

/** One sentence in `lang` describing `err`. */
export function formatError(lang: Lang, err: unknown): string {
  if (isEngineError(err)) {
    const vars: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(err)) {
      if (name === "kind") continue;
      if (typeof value === "string" || typeof value === "number") {
        vars[name] = name === "file" && typeof value === "string" ? baseName(value) : value;
      }
    }
    // A list kind is named in the officer's language, never as its code.
    if (err.kind === "kind_unclear") {
      vars.first = t(lang, `import.kind.${err.first}`);
      vars.second = t(lang, `import.kind.${err.second}`);
    }
    // The engine's timestamp, shown as the officer reads dates.
    if (err.kind === "already_imported") vars.imported_at = formatTimestamp(err.imported_at);
    const key: Key =
      err.kind === "wrong_passphrase" && !err.given ? "err.passphrase_needed" : `err.${err.kind}`;
    return t(lang, key, vars);
  }
  return t(lang, "err.unexpected", { message: describeUnknown(err) });
}

function describeUnknown(err: unknown): string {
  if (typeof err === "string") return err;
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && "message" in err) {
    const message = (err as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  return String(err);
}
