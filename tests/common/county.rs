//! Made-up counties for tests that need names no fixture has: a household list written
//! on the fly, imported and analysed.

use std::path::Path;

use enrolgap::{analyze, import_file, store, ImportOptions, NoProgress};
use rusqlite::Connection;

/// A household list with these (name, ID, township, village) rows, imported and analysed.
pub fn county_of(dir: &Path, people: &[(&str, &str, &str, &str)]) -> Connection {
    let list = dir.join("户籍.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "乡镇", "村(社区)"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in people.iter().enumerate() {
        for (c, v) in [row.0, row.1, row.2, row.3].iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save(&list).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    import_file(&mut conn, &list, &ImportOptions::default(), &NoProgress).unwrap();
    analyze(&mut conn, super::demo_as_of(), &NoProgress).unwrap();
    conn
}

/// IDs with a valid check digit, for made-up people.
pub fn id(serial: u32) -> String {
    let body = format!("44152119800101{serial:03}");
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!(
        "{body}{}",
        ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
    )
}

/// (township, village) pairs whose names break writers: longer than 31 characters and
/// equal in their first 31, apostrophes at either end, a control character, characters
/// Excel and Windows forbid, equal but for case, a 90-character township, a township named
/// like the summary workbook.
pub fn awkward_units() -> Vec<(String, String)> {
    let long_village = "新园村民委员会第一经济合作社东片区第三村民小组居民点（老围）";
    let ninety: String = "海".repeat(88) + "镇";
    vec![
        ("海城镇".into(), format!("{long_village}甲")),
        ("海城镇".into(), format!("{long_village}乙")),
        ("海城镇".into(), "'东村".into()),
        ("海城镇".into(), "西村'".into()),
        ("海城镇".into(), "南村\u{7}".into()),
        ("海城镇".into(), "北[村]:*?/\\".into()),
        ("海城镇".into(), "Village A".into()),
        ("海城镇".into(), "VILLAGE a".into()),
        ("ABC镇".into(), "一村".into()),
        ("abc镇".into(), "一村".into()),
        (ninety, "一村".into()),
        ("汇总".into(), "一村".into()),
    ]
}

/// One person in each of [`awkward_units`], imported and analysed (each one a gap).
pub fn awkward_county(dir: &Path) -> Connection {
    let cases = awkward_units();
    let ids: Vec<String> = (0..cases.len() as u32).map(|i| id(i * 2 + 1)).collect();
    let people: Vec<(&str, &str, &str, &str)> = cases
        .iter()
        .zip(&ids)
        .map(|((t, v), id)| ("张三", id.as_str(), t.as_str(), v.as_str()))
        .collect();
    county_of(dir, &people)
}
