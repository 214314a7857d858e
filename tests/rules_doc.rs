//! docs/rules.md stays true to the code: every link points to a file that exists, and
//! every "[file: test_name]" link names a test function that exists in that file, so a
//! renamed or deleted test cannot leave a rule claiming a test that holds nothing.

use std::path::Path;

#[test]
fn every_link_in_the_rules_resolves_and_every_named_test_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    let mut broken = Vec::new();
    let mut named = 0;
    // Links look like [label](../path) with label either `path` or "path: test_name".
    for (i, _) in doc.match_indices("](../") {
        let rest = &doc[i + 5..];
        let Some(end) = rest.find(')') else { continue };
        let target = rest[..end].split('#').next().unwrap();
        let path = root.join(target);
        if !path.exists() {
            broken.push(format!("missing file: {target}"));
            continue;
        }
        let label_start = doc[..i].rfind('[').unwrap();
        let label = &doc[label_start + 1..i];
        if let Some((_, test)) = label.split_once(": ") {
            named += 1;
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !text.contains(&format!("fn {test}(")) {
                broken.push(format!("{target} has no fn {test}"));
            }
        }
    }
    assert!(named > 100, "the rules name their tests ({named} found)");
    assert!(broken.is_empty(), "docs/rules.md:\n{}", broken.join("\n"));
}
