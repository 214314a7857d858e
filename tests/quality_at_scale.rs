//! Cross-row findings on pathological lists: one ID repeated on every row. Each message
//! names a few other rows and a count, not every other row (which made the report
//! quadratic in size and time).

use enrolgap::{import_file, quality, store, ImportOptions, ListKind, NoProgress};

#[test]
fn an_id_repeated_on_every_row_gives_short_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("户籍人口.csv");
    let mut csv = String::from("姓名,身份证号,乡镇\n");
    for i in 0..20_000 {
        // The same ID under two names, alternately: duplicates and a conflict at once.
        let name = if i % 2 == 0 { "陈大文" } else { "陈达文" };
        csv.push_str(&format!("{name},11010519491231002X,海城镇{i}\n"));
    }
    std::fs::write(&path, csv).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    let options = ImportOptions {
        kind: Some(ListKind::Household),
        ..Default::default()
    };
    import_file(&mut conn, &path, &options, &NoProgress).unwrap();
    let findings = quality::findings(&conn, None).unwrap();
    let duplicates = findings
        .iter()
        .filter(|f| f.code == "duplicate_in_list")
        .count();
    let conflicts = findings
        .iter()
        .filter(|f| f.code == "id_name_conflict")
        .count();
    assert_eq!((duplicates, conflicts), (20_000, 20_000));
    for f in &findings {
        assert!(f.message.chars().count() < 120, "{}", f.message);
    }
    assert!(
        findings[0].message.contains("等 19999 处"),
        "{}",
        findings[0].message
    );
}
