//! Keeps `ui/src/bindings-app.ts` (the app's own IPC types) in step with the Rust types.
//!
//! Fails when the file is stale; `UPDATE_BINDINGS=1 cargo test -p enrolgap-app --test
//! ts_bindings` rewrites it. The engine's types live in `ui/src/bindings.ts`, kept by the
//! engine's own test of the same name.

use std::path::Path;

use enrolgap_app_lib::AppInfo;
use ts_rs::TS;

fn generate() -> String {
    let cfg = ts_rs::Config::default();
    let mut out = String::from(
        "// Generated from src-tauri by `UPDATE_BINDINGS=1 cargo test -p enrolgap-app --test ts_bindings`.\n\
         // Do not edit by hand.\n\n",
    );
    // One `export type` per app IPC type; list new ones here.
    let decls = [AppInfo::decl(&cfg)];
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[test]
fn app_bindings_are_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings-app.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings-app.ts");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "{} is stale; regenerate with UPDATE_BINDINGS=1 cargo test -p enrolgap-app --test ts_bindings",
        path.display()
    );
}
