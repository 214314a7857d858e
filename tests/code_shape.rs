//! The shape a newcomer can take over (issue 17, docs/rules.md's companion): no engine
//! or app source file over 450 lines, no UI source file over 400, so each reads in one
//! sitting. Generated files (the TypeScript bindings, marked as generated in their first
//! line) are exempt: nobody edits them by hand.

use std::path::{Path, PathBuf};

fn files_under(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "node_modules" || n == "target")
            {
                continue;
            }
            files_under(&path, extensions, out);
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

/// Files under `dirs` (relative to the workspace root) longer than `limit` lines.
fn too_long(dirs: &[&str], extensions: &[&str], limit: usize) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in dirs {
        files_under(&root.join(dir), extensions, &mut files);
    }
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        if text
            .lines()
            .next()
            .is_some_and(|l| l.to_lowercase().contains("generated"))
        {
            continue;
        }
        let lines = text.lines().count();
        if lines > limit {
            long.push(format!(
                "{}: {lines} lines",
                file.strip_prefix(root).unwrap().display()
            ));
        }
    }
    long.sort();
    long
}

#[test]
fn no_engine_or_app_source_file_is_over_450_lines() {
    let long = too_long(&["src", "src-tauri/src"], &["rs"], 450);
    assert!(
        long.is_empty(),
        "split these by concept:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_ui_source_file_is_over_400_lines() {
    let long = too_long(&["ui/src"], &["ts"], 400);
    assert!(
        long.is_empty(),
        "split these by screen or concept:\n{}",
        long.join("\n")
    );
}
