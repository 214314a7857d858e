//! Gap rules at their edges, on small made-up counties imported as officers' files:
//! a register whose 资助类别 says 无 leaves a welfare recipient unsubsidised, a register
//! that does not say the scheme cannot show the wrong one, a worker inside the grace
//! period is judged by the remaining rules, and the repaired-ID and name-and-birth match
//! tiers are what a gap records.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use enrolgap::analysis::MatchTier;
use enrolgap::{analyze, import_file, latest_gaps, store, Gap, GapCode, ImportOptions, NoProgress};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()
}

/// A valid ID of someone born 1980-01-01, sequence `seq`.
fn id(seq: u32) -> String {
    common::with_check_digit(&format!("44152119800101{seq:03}"))
}

/// Writes a one-sheet workbook of these rows (the first is the header; empty cells stay
/// empty).
fn list(dir: &Path, file: &str, rows: &[Vec<&str>]) -> PathBuf {
    let path = dir.join(file);
    let rows = rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    common::sheets::write(&path, &[("Sheet1".to_string(), rows)]);
    path
}

/// Imports every file (kinds guessed), analyses on [`as_of`], and returns the gaps.
fn gaps_of(files: &[PathBuf]) -> Vec<Gap> {
    let mut conn = store::open_in_memory().unwrap();
    for f in files {
        import_file(&mut conn, f, &ImportOptions::default(), &NoProgress).unwrap();
    }
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    latest_gaps(&conn).unwrap()
}

/// The codes of one person's gaps, in the order the rules list them.
fn codes_of(gaps: &[Gap], name: &str) -> Vec<GapCode> {
    let mut codes: Vec<GapCode> = gaps
        .iter()
        .filter(|g| g.name == name)
        .map(|g| g.code)
        .collect();
    codes.sort();
    codes
}

fn register_header() -> Vec<&'static str> {
    vec![
        "姓名",
        "证件号码",
        "险种",
        "参保状态",
        "缴费年度",
        "资助类别",
    ]
}

#[test]
fn a_register_saying_no_subsidy_leaves_a_welfare_recipient_unsubsidised() {
    let dir = tempfile::tempdir().unwrap();
    let (none, empty, subsidised) = (id(11), id(12), id(13));
    let welfare = list(
        dir.path(),
        "困难人员.xlsx",
        &[
            vec!["救助对象姓名", "身份证号码", "救助类别"],
            vec!["钟无助", &none, "低保"],
            vec!["钟空白", &empty, "特困"],
            vec!["钟有助", &subsidised, "低保"],
        ],
    );
    let register = list(
        dir.path(),
        "参保名单.xlsx",
        &[
            register_header(),
            vec!["钟无助", &none, "城乡居民医保", "参保缴费", "2026", "无"],
            vec!["钟空白", &empty, "城乡居民医保", "参保缴费", "2026", ""],
            vec![
                "钟有助",
                &subsidised,
                "城乡居民医保",
                "参保缴费",
                "2026",
                "低保",
            ],
        ],
    );
    let gaps = gaps_of(&[welfare, register]);
    assert_eq!(
        codes_of(&gaps, "钟无助"),
        [GapCode::WelfareNotSubsidized],
        "资助类别 无 is not a subsidy"
    );
    assert_eq!(
        codes_of(&gaps, "钟空白"),
        [GapCode::WelfareNotSubsidized],
        "an empty 资助类别 is not a subsidy"
    );
    assert_eq!(codes_of(&gaps, "钟有助"), [], "enrolled with a subsidy");
}

#[test]
fn a_register_that_does_not_say_the_scheme_cannot_show_the_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let (blank, unknown, resident, employee) = (id(21), id(22), id(23), id(24));
    let roster = list(
        dir.path(),
        "派遣名单.xlsx",
        &[
            vec!["派遣单位", "用工单位", "员工姓名", "证件号码", "入职日期"],
            vec!["甲派遣公司", "乙公司", "周无险", &blank, "2026-01-05"],
            vec!["甲派遣公司", "乙公司", "周生育", &unknown, "2026-01-05"],
            vec!["甲派遣公司", "乙公司", "周居民", &resident, "2026-01-05"],
            vec!["甲派遣公司", "乙公司", "周职工", &employee, "2026-01-05"],
        ],
    );
    let register = list(
        dir.path(),
        "参保名单.xlsx",
        &[
            register_header(),
            vec!["周无险", &blank, "", "参保缴费", "2026"],
            vec!["周生育", &unknown, "生育保险", "参保缴费", "2026"],
            vec!["周居民", &resident, "城乡居民医保", "参保缴费", "2026"],
            vec!["周职工", &employee, "职工医保", "参保缴费", "2026"],
        ],
    );
    let gaps = gaps_of(&[roster, register]);
    assert_eq!(codes_of(&gaps, "周无险"), [], "no scheme written");
    assert_eq!(codes_of(&gaps, "周生育"), [], "a scheme no table knows");
    assert_eq!(codes_of(&gaps, "周职工"), [], "the employee scheme");
    assert_eq!(
        codes_of(&gaps, "周居民"),
        [GapCode::WorkerWrongScheme],
        "the resident scheme is the wrong one for a worker"
    );
}

#[test]
fn a_register_without_a_scheme_column_gives_no_wrong_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let (worker, unenrolled) = (id(31), id(32));
    // 周未保, on the roster and not in the register, shows the roster is read.
    let roster = list(
        dir.path(),
        "派遣名单.xlsx",
        &[
            vec!["派遣单位", "用工单位", "员工姓名", "证件号码", "入职日期"],
            vec!["甲派遣公司", "乙公司", "周无列", &worker, "2026-01-05"],
            vec!["甲派遣公司", "乙公司", "周未保", &unenrolled, "2026-01-05"],
        ],
    );
    let register = list(
        dir.path(),
        "参保名单.xlsx",
        &[
            vec!["姓名", "证件号码", "参保状态", "缴费年度"],
            vec!["周无列", &worker, "参保缴费", "2026"],
        ],
    );
    let gaps = gaps_of(&[roster, register]);
    assert_eq!(codes_of(&gaps, "周无列"), [], "enrolled, scheme not said");
    assert_eq!(codes_of(&gaps, "周未保"), [GapCode::WorkerNotEnrolled]);
}

#[test]
fn a_worker_inside_the_grace_is_judged_by_the_remaining_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (student, lapsed, resident, due) = (id(41), id(42), id(43), id(44));
    // Hired eleven days before the as-of date: inside the 30-day grace. 孙到期 was hired
    // two months before and is a worker gap, so the roster itself is read.
    let roster = list(
        dir.path(),
        "派遣名单.xlsx",
        &[
            vec!["派遣单位", "用工单位", "员工姓名", "证件号码", "入职日期"],
            vec!["甲派遣公司", "乙公司", "孙学生", &student, "2026-08-20"],
            vec!["甲派遣公司", "乙公司", "孙断保", &lapsed, "2026-08-20"],
            vec!["甲派遣公司", "乙公司", "孙居民", &resident, "2026-08-20"],
            vec!["甲派遣公司", "乙公司", "孙到期", &due, "2026-07-01"],
        ],
    );
    let school = list(
        dir.path(),
        "学籍.xlsx",
        &[
            vec!["学校", "年级", "班级", "学生姓名", "身份证号"],
            vec!["海丰县职业技术学校", "高三", "2班", "孙学生", &student],
        ],
    );
    let household = list(
        dir.path(),
        "户籍.xlsx",
        &[
            vec!["姓名", "身份证号", "乡镇", "村(社区)"],
            vec!["孙断保", &lapsed, "海城镇", "东门社区"],
            vec!["孙居民", &resident, "海城镇", "东门社区"],
            vec!["孙到期", &due, "海城镇", "东门社区"],
        ],
    );
    let register = list(
        dir.path(),
        "参保名单.xlsx",
        &[
            register_header(),
            vec!["孙断保", &lapsed, "城乡居民医保", "参保缴费", "2025"],
        ],
    );
    let gaps = gaps_of(&[roster, school, household, register]);
    assert_eq!(codes_of(&gaps, "孙学生"), [GapCode::StudentNotEnrolled]);
    assert_eq!(codes_of(&gaps, "孙断保"), [GapCode::Lapsed]);
    assert_eq!(codes_of(&gaps, "孙居民"), [GapCode::ResidentNotEnrolled]);
    assert_eq!(codes_of(&gaps, "孙到期"), [GapCode::WorkerNotEnrolled]);
}

#[test]
fn a_gap_records_the_repaired_id_and_name_and_birth_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let exact = id(51);
    // The household list still writes 李老号's 15-digit legacy ID (no century, no check
    // digit); the register writes the 18-digit one.
    let legacy = "441521800101052";
    let upgraded = common::with_check_digit("44152119800101052");
    let unwritten = id(53);
    let household = list(
        dir.path(),
        "户籍.xlsx",
        &[
            vec!["姓名", "身份证号", "出生日期", "乡镇", "村(社区)"],
            vec!["王正号", &exact, "", "海城镇", "东门社区"],
            vec!["李老号", legacy, "", "海城镇", "东门社区"],
            vec!["陈无号", "", "1980-01-01", "海城镇", "东门社区"],
        ],
    );
    // Each insured in 2025 only, so each is a lapsed gap that names how it was matched.
    let register = list(
        dir.path(),
        "参保名单.xlsx",
        &[
            register_header(),
            vec!["王正号", &exact, "城乡居民医保", "参保缴费", "2025"],
            vec!["李老号", &upgraded, "城乡居民医保", "参保缴费", "2025"],
            vec!["陈无号", &unwritten, "城乡居民医保", "参保缴费", "2025"],
        ],
    );
    let gaps = gaps_of(&[household, register]);
    let tier_of = |name: &str| {
        let g = gaps
            .iter()
            .find(|g| g.name == name)
            .unwrap_or_else(|| panic!("no gap for {name}"));
        assert_eq!(g.code, GapCode::Lapsed, "{name}");
        (g.match_tier, g.reason.clone())
    };
    assert_eq!(tier_of("王正号").0, MatchTier::IdExact);
    let (tier, reason) = tier_of("李老号");
    assert_eq!(tier, MatchTier::IdRepaired);
    assert!(reason.contains("按 15 位老身份证号升位后比对"), "{reason}");
    let (tier, reason) = tier_of("陈无号");
    assert_eq!(tier, MatchTier::NameBirth);
    assert!(reason.contains("已按姓名和出生日期比对"), "{reason}");
}
