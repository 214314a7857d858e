//! Every quality finding and every audit entry of a typical run over the demo county
//! (imports, a replacing import, analysis, worklist exports masked and not, a filled
//! worklist read back, an outcome recorded by hand, a review decision, list-version
//! changes, a deleted batch) has an English text saying what its Chinese text says: the
//! same numbers, and no Chinese but the lists' and the officer's own words.

mod common;

use std::collections::BTreeSet;

use common::sheets::{self, column, data_rows};
use enrolgap::analysis::review::{self, Decision};
use enrolgap::import::history::delete_batch;
use enrolgap::lists::versions::{restore, retire, set_list_date};
use enrolgap::worklist::{self, columns, followup, Outcome, SplitBy, WorklistOptions};
use enrolgap::{analyze, audit, import_file, latest_gaps, quality, ImportOptions, NoProgress};

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The numbers a text states, in order ("2026年7月" and "2026-07" both state 2026, 7).
fn numbers(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .map(|d| d.parse().unwrap())
        .collect()
}

/// `text` without what lies between “ and ” (values quoted from a list) and without
/// `own_words`.
fn without_quotes_and(text: &str, own_words: &BTreeSet<String>) -> String {
    let mut rest = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            _ if !quoted => rest.push(c),
            _ => {}
        }
    }
    own_words
        .iter()
        .fold(rest, |rest, word| rest.replace(word.as_str(), ""))
}

#[test]
fn every_finding_and_audit_entry_of_a_typical_run_reads_in_english() {
    let mut conn = common::import_demo();
    let dir = tempfile::tempdir().unwrap();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    let township = gaps.iter().find_map(|g| g.township.clone()).unwrap();

    let masked = dir.path().join("masked");
    let full = dir.path().join("full");
    worklist::export(
        &mut conn,
        &masked,
        &WorklistOptions {
            split_by: Some(SplitBy::Township),
            only_urgent: true,
            ..Default::default()
        },
    )
    .unwrap();
    let reason = "县医保局核查 电话 13812345678";
    worklist::export(
        &mut conn,
        &full,
        &WorklistOptions {
            split_by: Some(SplitBy::Township),
            unmasked_reason: Some(reason.into()),
            unit: Some(township.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    // One worklist filled in and read back.
    let book_path = sheets::worklists(&full).into_iter().next().unwrap();
    let mut book = sheets::read(&book_path);
    let (_, rows) = &mut book[0];
    let (outcome, date, officer) = (
        column(rows, columns::OUTCOME),
        column(rows, columns::OUTCOME_DATE),
        column(rows, columns::OFFICER),
    );
    let first = data_rows(rows).start;
    rows[first][outcome] = Outcome::Mobilised.label().into();
    rows[first][date] = "2026-07-02".into();
    rows[first][officer] = "张三".into();
    let returned = dir.path().join("回收-海城镇.xlsx");
    sheets::write(&returned, &book);
    followup::import(&mut conn, &returned).unwrap();
    followup::record(
        &mut conn,
        &gaps.last().unwrap().person_key,
        Outcome::Refused,
        Some("2026-07-03"),
        Some("李四"),
        None,
    )
    .unwrap();
    let item = review::pending(&conn).unwrap()[0].id;
    review::decide(&conn, item, Decision::Accept).unwrap();
    // A new household list of the county, under a Chinese file name: it replaces the
    // demo's, so its import entry names the replaced batch.
    let household = dir.path().join("户籍人口-12月.xlsx");
    let list = vec![
        vec!["海丰县2026年12月户籍人口".to_string()],
        ["姓名", "身份证号", "乡镇", "村(社区)"]
            .map(String::from)
            .to_vec(),
        [
            "陈新户".to_string(),
            common::county::id(901),
            "海城镇".into(),
            "东门社区".into(),
        ]
        .to_vec(),
    ];
    sheets::write(&household, &[("户籍".to_string(), list)]);
    let replacing = import_file(
        &mut conn,
        &household,
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap()
    .batch_id;
    set_list_date(&mut conn, replacing, "2026-07").unwrap();
    retire(&mut conn, replacing).unwrap();
    restore(&mut conn, replacing).unwrap();
    delete_batch(&mut conn, replacing).unwrap();

    let findings = quality::findings(&conn, None).unwrap();
    assert!(findings.len() >= 5, "the demo has findings to read");
    let no_words = BTreeSet::new();
    for f in &findings {
        assert_ne!(f.message_en, f.message, "{}: no English", f.code);
        let rest = without_quotes_and(&f.message_en, &no_words);
        assert!(
            !rest.chars().any(is_chinese),
            "{}: untranslated Chinese in “{}”",
            f.code,
            f.message_en
        );
        assert_eq!(
            numbers(&f.message),
            numbers(&f.message_en),
            "{} / {}",
            f.message,
            f.message_en
        );
    }

    let entries = audit::entries(&conn).unwrap();
    let actions: BTreeSet<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "import",
        "export",
        "followup",
        "review",
        "list_date",
        "retire",
        "restore_list",
        "delete",
    ] {
        assert!(actions.contains(action), "the run wrote a {action} entry");
    }
    // The lists' and the officer's own words: file names, the township, names, the reason.
    let file_name = |p: &std::path::Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let mut own_words: BTreeSet<String> = common::DEMO_LISTS
        .iter()
        .map(|(file, _)| file.to_string())
        .collect();
    own_words.extend([
        file_name(&household),
        file_name(&returned),
        township,
        "张三".into(),
        "李四".into(),
        enrolgap::identity::mask_numbers(reason),
    ]);
    for e in &entries {
        assert_ne!(e.detail_en, e.detail, "{}: no English", e.action);
        let rest = without_quotes_and(&e.detail_en, &own_words);
        assert!(
            !rest.chars().any(is_chinese),
            "{}: untranslated Chinese in “{}”",
            e.action,
            e.detail_en
        );
        assert_eq!(
            numbers(&e.detail),
            numbers(&e.detail_en),
            "{} / {}",
            e.detail,
            e.detail_en
        );
        assert!(!e.detail_en.contains("13812345678"), "{}", e.detail_en);
    }
    assert_eq!(audit::check(&conn).unwrap(), None, "the log checks out");
}

#[test]
fn findings_stored_before_the_english_was_kept_get_it_rebuilt_from_their_code() {
    let conn = common::import_demo();
    let stored = |conn: &rusqlite::Connection| -> Vec<(String, String, String)> {
        quality::findings(conn, None)
            .unwrap()
            .into_iter()
            .map(|f| (f.code, f.message, f.message_en))
            .collect()
    };
    let as_imported = stored(&conn);
    assert!(as_imported.iter().any(|(code, ..)| code == "id_missing"));
    // As a database migrated from schema 009 has them: Chinese only.
    conn.execute("UPDATE finding SET message_en = ''", [])
        .unwrap();
    assert_eq!(stored(&conn), as_imported);
    // A Chinese text this build never wrote under its code is shown as it is.
    conn.execute(
        "UPDATE finding SET message = '身份证号有误' WHERE code = 'id_missing'",
        [],
    )
    .unwrap();
    for (code, message, message_en) in stored(&conn) {
        if code == "id_missing" {
            assert_eq!(
                (message.as_str(), message_en.as_str()),
                ("身份证号有误", "身份证号有误")
            );
        }
    }
}
