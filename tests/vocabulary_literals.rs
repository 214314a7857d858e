//! No stored vocabulary value is compared as a hand-typed string outside its enum's
//! mapping (`stored_vocabulary!`): a typo in `== "employe"` or `closed_because = 'enroled'`
//! would change who is flagged and nothing would fail to compile.
//!
//! Scans the engine (`src/`) and the app (`src-tauri/src/`) for a stored name of any
//! vocabulary in a comparison: `== "…"`, `!= "…"`, a match arm `"…" =>`, and in SQL
//! `= '…'`, `<> '…'`, `IN ('…', …)`. The enum declarations themselves and unit-test
//! modules are not scanned. Fails naming file:line and what to use instead.

use std::path::{Path, PathBuf};

use regex::Regex;

use enrolgap::analysis::campaign::ClosedBecause;
use enrolgap::analysis::review::Decision;
use enrolgap::analysis::{MatchTier, Priority, RouteType};
use enrolgap::identity::IdStatus;
use enrolgap::import::roles::Role;
use enrolgap::lists::VersionStatus;
use enrolgap::outcome::Outcome;
use enrolgap::vocabulary::{EnrolStatus, PersonStatus, Scheme, Sex};
use enrolgap::{GapCode, ListKind};

/// Every stored name of the vocabularies whose values the rules and stores compare.
fn stored_names() -> Vec<(&'static str, &'static str)> {
    let mut names = Vec::new();
    let mut add = |vocabulary: &'static str, values: Vec<&'static str>| {
        names.extend(values.into_iter().map(|v| (v, vocabulary)));
    };
    add("Scheme", Scheme::names());
    add("EnrolStatus", EnrolStatus::names());
    add("PersonStatus", PersonStatus::names());
    add("IdStatus", IdStatus::names());
    add("Sex", Sex::names());
    add("Outcome", Outcome::names());
    add("Role", Role::names());
    add("ListKind", ListKind::names());
    add("VersionStatus", VersionStatus::names());
    add("ClosedBecause", ClosedBecause::names());
    add("GapCode", GapCode::names());
    add("Priority", Priority::names());
    add("RouteType", RouteType::names());
    add("MatchTier", MatchTier::names());
    add("Decision", Decision::names());
    add("ExportKind", enrolgap::worklist::ExportKind::names());
    names
}

/// Literals that spell a stored name but are something else, with why.
const NOT_VOCABULARY: &[(&str, &str, &str)] = &[(
    "src/import/merges.rs",
    "name",
    "the `name` attribute of a sheet in workbook.xml, not the column role",
)];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The file's lines with `stored_vocabulary! { … }` blocks blanked (the mapping itself),
/// comment lines dropped and the unit-test module cut off.
fn scanned_lines(text: &str) -> Vec<(usize, String)> {
    let mut blanked = text.to_string();
    let mut from = 0;
    while let Some(at) = blanked[from..].find("stored_vocabulary! {") {
        let start = from + at;
        let mut depth = 0;
        let mut end = start;
        for (i, c) in blanked[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let spaces: String = blanked[start..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        blanked.replace_range(start..end, &spaces);
        from = start + spaces.len();
    }
    let mut out = Vec::new();
    let mut lines = blanked.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|(_, next)| next.trim().starts_with("mod "))
        {
            break;
        }
        if !trimmed.starts_with("//") {
            out.push((i + 1, line.to_string()));
        }
    }
    out
}

fn offences(root: &Path) -> Vec<String> {
    let names = stored_names();
    let comparisons = Regex::new(concat!(
        r#"(?:==|!=)\s*"([^"\\]*)"|"([^"\\]*)"\s*(?:==|!=)"#,
        r#"|^\s*"([^"\\]*)"\s*(?:\||=>)"#,
        r#"|(?:=|<>|!=)\s*'([^']*)'"#,
    ))
    .unwrap();
    let sql_in = Regex::new(r"(?i)\bIN\s*\(([^)]*)\)").unwrap();
    let quoted = Regex::new(r"'([^']*)'").unwrap();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("src-tauri/src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (number, line) in scanned_lines(&text) {
            let mut literals: Vec<String> = comparisons
                .captures_iter(&line)
                .filter_map(|c| {
                    (1..=4)
                        .find_map(|g| c.get(g))
                        .map(|m| m.as_str().to_string())
                })
                .collect();
            for list in sql_in.captures_iter(&line) {
                literals.extend(quoted.captures_iter(&list[1]).map(|q| q[1].to_string()));
            }
            literals.dedup();
            for literal in literals {
                let vocabularies: Vec<&str> = names
                    .iter()
                    .filter(|(n, _)| *n == literal)
                    .map(|(_, v)| *v)
                    .collect();
                let excepted = NOT_VOCABULARY
                    .iter()
                    .any(|(f, l, _)| *f == shown && *l == literal);
                if !vocabularies.is_empty() && !excepted {
                    found.push(format!(
                        "{}:{number}: \"{literal}\" compared as text; use {} (the enum, its \
                         from_stored, or the value bound in SQL)",
                        shown,
                        vocabularies.join(" or ")
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn no_stored_vocabulary_is_compared_as_a_string_literal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = offences(root);
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_each_kind_of_comparison() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::create_dir_all(dir.path().join("src-tauri/src")).unwrap();
    std::fs::write(
        dir.path().join("src/bad.rs"),
        concat!(
            "fn a(s: &str) -> bool { s == \"employee\" }\n",
            "fn b(s: &str) -> u8 { match s {\n    \"upgraded_legacy\" => 1,\n    _ => 0 } }\n",
            "const C: &str = \"SELECT 1 FROM closed_gap WHERE closed_because = 'enrolled'\";\n",
            "const D: &str = \"WHERE outcome IN ('refused', 'x')\";\n",
            "// a comment may say == \"active\"\n",
            "stored_vocabulary! { enum E { Active = \"active\" } }\n",
            "#[cfg(test)]\nmod tests { fn t(s: &str) -> bool { s == \"resident\" } }\n",
        ),
    )
    .unwrap();
    let found = offences(dir.path());
    let lines: Vec<&str> = found
        .iter()
        .map(|f| f.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "src/bad.rs:1",
            "src/bad.rs:3",
            "src/bad.rs:5",
            "src/bad.rs:6"
        ],
        "{found:#?}"
    );
}
