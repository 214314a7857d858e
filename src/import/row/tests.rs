//! The row normaliser's tests: classification, IDs, vocabulary, footers and totals.

use super::super::header::Header;
use super::*;

/// A header with `columns` in order: each role at its position, under its title.
fn header_of(columns: &[(Role, &str)]) -> Header {
    let mut header = Header::default();
    for (col, (role, title)) in columns.iter().enumerate() {
        header.assign(*role, col);
        header.titles.insert(col, (*title).into());
    }
    header
}

#[test]
fn a_birth_month_is_compared_by_year_and_month_only() {
    let header = header_of(&[
        (Role::Name, "姓名"),
        (Role::IdNumber, "身份证号"),
        (Role::BirthDate, "出生年月"),
    ]);
    let id = "11010519491231002X";
    let row = |birth: &str| {
        vec![
            Cell::Text("陈一".into()),
            Cell::Text(id.into()),
            Cell::Text(birth.into()),
        ]
    };
    let codes = |birth: &str| match normalise_row(&row(birth), &header, ListKind::Household, None) {
        RowOutcome::Person(p, problems) => (
            p.birth_date,
            problems.iter().map(|p| p.code).collect::<Vec<_>>(),
        ),
        _ => panic!("a person"),
    };
    assert_eq!(codes("1949-12"), (Some("1949-12-31".into()), vec![]));
    assert_eq!(codes("1949年12月"), (Some("1949-12-31".into()), vec![]));
    assert_eq!(codes("1949-11").1, vec!["birth_date_contradicts_id"]);
    // Under a 出生年月 header even a full date (Excel's date cell) is a month.
    assert_eq!(codes("1949-12-01").1, Vec::<&str>::new());
}

#[test]
fn an_unknown_sex_is_reported_not_guessed() {
    let header = header_of(&[(Role::Name, "姓名"), (Role::Sex, "性别")]);
    let row = vec![Cell::Text("陈一".into()), Cell::Text("未知".into())];
    let RowOutcome::Person(p, problems) = normalise_row(&row, &header, ListKind::Household, None)
    else {
        panic!()
    };
    assert_eq!(p.sex, None);
    assert!(problems
        .iter()
        .any(|p| p.code == "sex_unknown" && p.column == "性别"));
    // A cell echoed in a message is masked: a shifted column may hold an ID.
    let shifted = vec![
        Cell::Text("陈一".into()),
        Cell::Text("11010519491231002X".into()),
    ];
    let RowOutcome::Person(_, problems) =
        normalise_row(&shifted, &header, ListKind::Household, None)
    else {
        panic!()
    };
    let message = &problems
        .iter()
        .find(|p| p.code == "sex_unknown")
        .unwrap()
        .message;
    assert!(
        !message.contains("11010519491231002X") && message.contains("110105"),
        "{message}"
    );
}

#[test]
fn signature_and_note_lines_are_not_data_and_not_problems() {
    let mut header = Header::default();
    header.assign(Role::Name, 0);
    header.titles.insert(0, "姓名".into());
    for line in [
        vec!["制表人：张三", "审核人：李四", "填报日期：2026-08-01"],
        vec!["审核人（签字）：", "", "日期："],
        vec!["注：本表由村委会填报", "x", "y"],
    ] {
        let row: Vec<Cell> = line.iter().map(|t| Cell::Text((*t).into())).collect();
        assert!(
            matches!(
                normalise_row(&row, &header, ListKind::Household, None),
                RowOutcome::NotAPerson
            ),
            "{line:?}"
        );
    }
}

#[test]
fn reads_years_written_several_ways() {
    assert_eq!(parse_year("2026"), Some(2026));
    assert_eq!(parse_year("2026年"), Some(2026));
    assert_eq!(parse_year("26"), None);
}

#[test]
fn a_header_repeated_inside_the_list_is_not_a_person() {
    let header = header_of(&[(Role::Name, "姓 名"), (Role::IdNumber, "身份证号（18位）")]);
    let layout = Layout::of(&header);
    let text =
        |cells: &[&str]| -> Vec<Cell> { cells.iter().map(|c| Cell::Text((*c).into())).collect() };
    // A printed list repeats its header per page, spaced or bracketed differently.
    let repeated = text(&["姓名", "身份证号(18位)"]);
    assert!(matches!(
        normalise_in(&repeated, &layout, ListKind::Household, None),
        RowOutcome::NotAPerson
    ));
    let person = text(&["陈一", "11010519491231002X"]);
    assert!(matches!(
        normalise_in(&person, &layout, ListKind::Household, None),
        RowOutcome::Person(..)
    ));
}

#[test]
fn the_id_as_written_is_kept_only_when_it_says_more_than_the_normalised_id() {
    let header = header_of(&[(Role::Name, "姓名"), (Role::IdNumber, "身份证号")]);
    let stored = |id: &str| {
        let row = vec![Cell::Text("陈一".into()), Cell::Text(id.into())];
        match normalise_row(&row, &header, ListKind::Household, None) {
            RowOutcome::Person(p, _) => (p.id_raw, p.id_number),
            _ => panic!("a person"),
        }
    };
    let valid = "11010519491231002X";
    assert_eq!(stored(valid), (None, Some(valid.into())));
    // A lower-case check character only folded: nothing more to keep.
    assert_eq!(stored("11010519491231002x"), (None, Some(valid.into())));
    // A 15-digit legacy ID upgraded to 18 digits: the written form is kept.
    let (raw, normalised) = stored("110105491231002");
    assert_eq!(raw.as_deref(), Some("110105491231002"));
    assert_eq!(normalised.as_deref().map(str::len), Some(18));
    // An ID that cannot be used is kept as written, with no normalised ID.
    assert_eq!(
        stored("110105194912310021"),
        (Some("110105194912310021".into()), None)
    );
}
