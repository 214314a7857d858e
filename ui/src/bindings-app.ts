// Generated from src-tauri by `UPDATE_BINDINGS=1 cargo test -p enrolgap-app --test ts_bindings`.
// Do not edit by hand.

export type AppInfo = { 
/**
 * The app's version (from Cargo.toml).
 */
version: string, 
/**
 * Where the database lives on this computer.
 */
db_path: string, };
