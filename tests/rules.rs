//! The gap rules on the demo county's edge people: deadlines and priorities at the grace
//! boundaries, routing to townships, schools and agencies, match tiers, review decisions
//! remembered across analyses, per-county settings, and what the next analysis reports
//! as closed.

mod common;

use chrono::NaiveDate;
use enrolgap::analysis::review::{self, Decision};
use enrolgap::analysis::{campaign, MatchTier, Priority, RouteType};
use enrolgap::{analyze, import_file, latest_gaps, Gap, GapCode, ImportOptions, NoProgress};
use rusqlite::Connection;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn demo() -> Connection {
    common::import_demo()
}

fn analysed() -> (Connection, Vec<Gap>) {
    let mut conn = demo();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    (conn, gaps)
}

fn gap<'a>(gaps: &'a [Gap], name: &str, code: GapCode) -> &'a Gap {
    gaps.iter()
        .find(|g| g.name == name && g.code == code)
        .unwrap_or_else(|| panic!("no {code:?} gap for {name}"))
}

#[test]
fn newborn_deadline_is_birth_plus_grace_and_past_it_is_urgent() {
    let (_, gaps) = analysed();
    let within = gap(&gaps, "陈小宝", GapCode::NewbornNotEnrolled);
    assert_eq!(within.deadline.as_deref(), Some("2026-07-30"));
    assert_eq!(within.priority, Priority::High);
    let past = gap(&gaps, "陈二宝", GapCode::NewbornNotEnrolled);
    assert_eq!(past.deadline.as_deref(), Some("2026-04-15"));
    assert_eq!(past.priority, Priority::Urgent);
    assert!(
        past.reason.contains("出生登记在册") && past.reason.contains("2026-04-15"),
        "{}",
        past.reason
    );
}

#[test]
fn twelve_months_back_is_the_newborn_boundary() {
    let (_, gaps) = analysed();
    assert_eq!(
        gaps.iter()
            .filter(|g| g.name == "罗周岁")
            .map(|g| g.code)
            .collect::<Vec<_>>(),
        [GapCode::NewbornNotEnrolled]
    );
    assert_eq!(
        gaps.iter()
            .filter(|g| g.name == "罗满周")
            .map(|g| g.code)
            .collect::<Vec<_>>(),
        [GapCode::ResidentNotEnrolled]
    );
}

#[test]
fn a_newborn_without_id_or_name_is_found_by_birth_certificate() {
    let (_, gaps) = analysed();
    let unnamed = gap(&gaps, "（未填姓名）", GapCode::NewbornNotEnrolled);
    assert_eq!(unnamed.id_number, None);
    assert_eq!(unnamed.person_key, "cert:Q440010004");
    assert_eq!(unnamed.source_file, "birth.xlsx");
}

#[test]
fn workers_inside_the_30_day_grace_are_not_yet_a_gap_and_late_ones_go_to_their_agency() {
    let (_, gaps) = analysed();
    assert!(
        !gaps.iter().any(|g| g.name == "刘建华"),
        "hired 15 days before the as-of date"
    );
    let late = gap(&gaps, "刘建平", GapCode::WorkerNotEnrolled);
    assert_eq!(
        (late.deadline.as_deref(), late.priority),
        (Some("2026-03-31"), Priority::Urgent)
    );
    assert_eq!(late.route_type, RouteType::Agency);
    assert_eq!(late.route_unit, "汕尾市粤海人力资源有限公司");
    assert_eq!(late.route_detail, "海丰县城建有限公司");
}

#[test]
fn worker_wrong_scheme_and_welfare_not_subsidized_stand_side_by_side() {
    let (_, gaps) = analysed();
    let mut codes: Vec<GapCode> = gaps
        .iter()
        .filter(|g| g.name == "何少梅")
        .map(|g| g.code)
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [GapCode::WorkerWrongScheme, GapCode::WelfareNotSubsidized]
    );
}

#[test]
fn welfare_comes_first_and_is_urgent() {
    let (_, gaps) = analysed();
    // A newborn on the welfare list is a welfare gap, not a newborn gap.
    let baby: Vec<GapCode> = gaps
        .iter()
        .filter(|g| g.name == "钟宝儿")
        .map(|g| g.code)
        .collect();
    assert_eq!(baby, [GapCode::WelfareNotEnrolled]);
    assert_eq!(
        gap(&gaps, "钟福来", GapCode::WelfareNotEnrolled).priority,
        Priority::Urgent
    );
    assert!(
        !gaps.iter().any(|g| g.name == "钟志坚"),
        "enrolled with a subsidy: no gap"
    );
}

#[test]
fn students_go_to_their_school_and_class_and_beat_lapsed() {
    let (_, gaps) = analysed();
    let g = gap(&gaps, "吴浩然", GapCode::StudentNotEnrolled);
    assert_eq!(g.route_type, RouteType::School);
    assert_eq!(
        (g.route_unit.as_str(), g.route_detail.as_str()),
        ("海丰县实验中学", "高一 3班")
    );
    assert!(
        g.reason.contains("学籍在册（海丰县实验中学 高一 3班）"),
        "{}",
        g.reason
    );
    let suspended = gap(&gaps, "吴雨桐", GapCode::StudentNotEnrolled);
    assert!(suspended.reason.contains("暂停"), "{}", suspended.reason);
}

#[test]
fn deaths_exclusions_and_residence_permits_are_not_gaps() {
    let (_, gaps) = analysed();
    for name in ["庄德顺", "庄阿婆", "余海洋", "余翠花", "梁家辉"] {
        assert!(
            !gaps.iter().any(|g| g.name == name),
            "{name} must not be flagged"
        );
    }
}

#[test]
fn match_tiers_are_recorded() {
    let (_, gaps) = analysed();
    assert_eq!(
        gap(&gaps, "蔡暂停", GapCode::Lapsed).match_tier,
        MatchTier::IdExact
    );
    assert_eq!(
        gap(&gaps, "陈小宝", GapCode::NewbornNotEnrolled).match_tier,
        MatchTier::None
    );
    assert!(
        !gaps
            .iter()
            .any(|g| g.name == "陳志明" || g.name == "陈志明"),
        "matched by name and birth date across scripts"
    );
    assert!(
        !gaps.iter().any(|g| g.name == "李娜"),
        "the same ID under another name is still the person"
    );
}

#[test]
fn review_decisions_are_remembered_across_analyses() {
    let mut conn = demo();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let pending = review::pending(&conn).unwrap();
    let id_of = |name: &str| pending.iter().find(|i| i.person.name == name).unwrap().id;
    review::decide(&conn, id_of("林晓明"), Decision::Accept).unwrap();
    review::decide(&conn, id_of("陈国强"), Decision::Reject).unwrap();

    for _ in 0..2 {
        let summary = analyze(&mut conn, as_of(), &NoProgress).unwrap();
        assert_eq!(summary.review_pending, 0);
        let gaps = latest_gaps(&conn).unwrap();
        assert!(
            !gaps.iter().any(|g| g.name == "林晓明"),
            "accepted: the enrolment is theirs"
        );
        assert_eq!(
            gap(&gaps, "陈国强", GapCode::ResidentNotEnrolled).match_tier,
            MatchTier::None
        );
    }
}

#[test]
fn grace_periods_are_county_settings() {
    let mut conn = demo();
    enrolgap::settings::set(&conn, "newborn_grace_days", "200").unwrap();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    let g = gap(&gaps, "陈二宝", GapCode::NewbornNotEnrolled);
    assert_eq!(
        (g.deadline.as_deref(), g.priority),
        (Some("2026-08-03"), Priority::High)
    );
}

#[test]
fn the_next_analysis_reports_what_closed_and_what_is_new() {
    let mut conn = demo();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let first = latest_gaps(&conn).unwrap();

    // A month later: two flagged people enrolled, one died.
    let dir = tempfile::tempdir().unwrap();
    let follow_up = dir.path().join("参保新增.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "证件号码", "险种", "参保状态", "缴费年度"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let enrolled = [
        gap(&first, "蔡终止", GapCode::ResidentNotEnrolled),
        gap(&first, "刘建平", GapCode::WorkerNotEnrolled),
    ];
    for (r, g) in enrolled.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &g.name).unwrap();
        ws.write_string(r, 1, g.id_number.as_deref().unwrap())
            .unwrap();
        ws.write_string(r, 2, "职工医保").unwrap();
        ws.write_string(r, 3, "参保缴费").unwrap();
        ws.write_number(r, 4, 2026.0).unwrap();
    }
    wb.save(&follow_up).unwrap();
    let deaths = dir.path().join("死亡人员7月.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let died = gap(&first, "蔡前年", GapCode::ResidentNotEnrolled);
    for (c, v) in ["姓名", "身份证号", "死亡日期"].iter().enumerate() {
        ws.write_string(0, c as u16, *v).unwrap();
    }
    ws.write_string(1, 0, &died.name).unwrap();
    ws.write_string(1, 1, died.id_number.as_deref().unwrap())
        .unwrap();
    ws.write_string(1, 2, "2026-07-10").unwrap();
    wb.save(&deaths).unwrap();
    // A list of new enrolments adds to the register in force: it is not a new register.
    let adds = ImportOptions {
        replace_mode: enrolgap::lists::ReplaceMode::Adds,
        ..Default::default()
    };
    import_file(&mut conn, &follow_up, &adds, &NoProgress).unwrap();
    import_file(&mut conn, &deaths, &ImportOptions::default(), &NoProgress).unwrap();

    analyze(
        &mut conn,
        NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(),
        &NoProgress,
    )
    .unwrap();
    let changes = campaign::latest_changes(&conn).unwrap();
    assert_eq!(changes.closed_enrolled, 2);
    assert_eq!(changes.closed_deceased, 1);
    // 陈小宝 (born 2026-05-01) is still a newborn; the one new case is 刘建华, hired on
    // 2026-06-15 and past the 30-day grace by 2026-07-31.
    assert_eq!(changes.new_gaps, 1);
    let cases = campaign::latest_case_changes(&conn).unwrap();
    assert_eq!(
        cases
            .new_cases
            .iter()
            .map(|c| (c.name.as_str(), c.code))
            .collect::<Vec<_>>(),
        [("刘建华", GapCode::WorkerNotEnrolled)]
    );
    assert_eq!(
        changes.still_open as usize,
        first
            .iter()
            .map(|g| &g.person_key)
            .collect::<std::collections::HashSet<_>>()
            .len()
            - 3
    );
    let funnel = campaign::funnel(&conn).unwrap();
    assert_eq!(funnel.enrolled, 2);
}

#[test]
fn coverage_counts_living_local_household_residents() {
    let (conn, _) = analysed();
    let coverage = enrolgap::analysis::coverage::latest(&conn).unwrap();
    let county = &coverage[0];
    assert_eq!(
        (county.township.as_str(), county.village.as_str()),
        ("", "")
    );
    let townships: u32 = coverage
        .iter()
        .filter(|c| !c.township.is_empty() && c.village.is_empty())
        .map(|c| c.residents)
        .sum();
    assert_eq!(
        townships, county.residents,
        "the townships add up to the county"
    );
    let households: u32 = conn
        .query_row(
            "SELECT COUNT(*) FROM list_row r JOIN batch b ON b.id = r.batch_id
             WHERE b.kind = 'household' AND r.deceased = 0 AND r.id_status <> 'residence_permit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Living local rows, less the people on the death or exclusion list and those waiting for review.
    assert_eq!(county.residents, households - 4 - 2);
}
